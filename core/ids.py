"""ULIDs made from an injected clock and random source (no global state)."""

from __future__ import annotations

import random
from collections.abc import Callable

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def encode_ulid(millis: int, randomness: int) -> str:
    """The 26-character Crockford base-32 text of a ULID (48-bit time, 80-bit random)."""
    if not 0 <= millis < 1 << 48 or not 0 <= randomness < 1 << 80:
        raise ValueError("ULID parts out of range")
    value = (millis << 80) | randomness
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


class UlidFactory:
    """Makes ULIDs from ``millis()`` and ``rng``; sortable by creation time."""

    def __init__(self, millis: Callable[[], int], rng: random.Random) -> None:
        self._millis = millis
        self._rng = rng

    def new_id(self) -> str:
        return encode_ulid(self._millis(), self._rng.getrandbits(80))
