"""Version vectors over streams: ``{stream id: highest sequence number seen}``."""

from __future__ import annotations

from collections.abc import Mapping

VersionVector = Mapping[str, int]


def merge(a: VersionVector, b: VersionVector) -> dict[str, int]:
    """Pointwise maximum: everything either side has seen."""
    out = dict(a)
    for stream, seq in b.items():
        if seq > out.get(stream, 0):
            out[stream] = seq
    return out


def dominates(a: VersionVector, b: VersionVector) -> bool:
    """True when ``a`` has seen everything ``b`` has (``a >= b``)."""
    return all(a.get(stream, 0) >= seq for stream, seq in b.items())


def concurrent(a: VersionVector, b: VersionVector) -> bool:
    """Neither has seen everything the other has."""
    return not dominates(a, b) and not dominates(b, a)
