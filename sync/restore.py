"""A node restored from a backup never re-uses a sequence number it already sent.

A backup is a past state: the node may have sent changes after it was taken.  Its own
streams' heads in the backup are then behind what its peers hold, and a new local
write would take a sequence number a peer already holds with other content: a fork,
which every peer refuses for good (:class:`~regsync.sync.errors.ForkError`).  So a
restore leaves a **marker** (decision 0016): while it stands, the node imports but does
not write.  Each commit settles it against the acknowledgements the node holds (what
each peer said it holds, by bundle or live sync):

- a peer holds more of one of the node's own streams than the node does: *behind*;
  the remedy is to get those changes back (live ``regsync sync``, or a bundle the
  peer exports with ``--resend``), which imports them like any relayed change;
- nothing new heard since the restore: *not heard*; the remedy is the same exchange;
- heard, and no peer ahead: the marker is cleared and the node writes again.

Pure functions; the storage adapter reads and clears the marker.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping

from regsync.sync.errors import RestoredBehind, RestoredNotHeard

MARKER = "restored"
"""The ``node_local`` setting that holds the marker (JSON) while it stands."""


@dataclasses.dataclass(frozen=True)
class RestoreMarker:
    """When the backup was taken, and the acknowledgements the node held then."""

    taken: str
    acks: Mapping[str, Mapping[str, int]]

    def to_json(self) -> str:
        return json.dumps({"taken": self.taken, "acks": self.acks}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> RestoreMarker:
        data = json.loads(text)
        return cls(str(data["taken"]), {k: dict(v) for k, v in data["acks"].items()})


@dataclasses.dataclass(frozen=True)
class Behind:
    """``holder`` holds ``stream`` (one of the node's own) up to ``theirs``; the node
    only up to ``mine``."""

    stream: str
    mine: int
    holder: str
    theirs: int


def own_behind(
    node_id: str, heads: Mapping[str, int], acknowledgements: Mapping[str, Mapping[str, int]]
) -> list[Behind]:
    """The node's own streams some peer holds further than the node itself."""
    own = node_id + "/"
    return sorted(
        (
            Behind(stream, heads.get(stream, 0), holder, seq)
            for holder, acked in acknowledgements.items()
            for stream, seq in acked.items()
            if stream.startswith(own) and seq > heads.get(stream, 0)
        ),
        key=lambda b: (b.stream, b.holder),
    )


def settle(
    marker: RestoreMarker,
    node_id: str,
    heads: Mapping[str, int],
    acknowledgements: Mapping[str, Mapping[str, int]],
    *,
    writing: bool,
) -> bool:
    """True when the node has caught up (clear the marker).  Otherwise a local write
    (``writing``) is refused with the remedy; a commit without one keeps the marker."""
    behind = own_behind(node_id, heads, acknowledgements)
    heard = {k: dict(v) for k, v in acknowledgements.items()} != marker.acks
    if heard and not behind:
        return True
    if not writing:
        return False
    if behind:
        first = behind[0]
        raise RestoredBehind(
            taken=marker.taken, holder=first.holder, stream=first.stream,
            theirs=first.theirs, mine=first.mine, node=node_id,
        )  # fmt: skip
    raise RestoredNotHeard(taken=marker.taken, node=node_id)
