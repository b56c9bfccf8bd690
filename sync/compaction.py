"""Which part of the log may be dropped: causal stability, a pure function.

A logged changeset is needed for two things: to send it to a node that lacks it,
and to merge a later write that did not see it (the merge reads the concurrent
window back from the log, docs/decisions/0004).  Both needs end when every node
that can see the changeset's scope holds it: no node can then lack it or write
without having seen it.  The nodes are those this node knows (the trust store),
and what each holds is what it acknowledged, directly or relayed (bundles carry the
acknowledgements their sender knows of).  A node never heard from holds nothing, so
one silent office keeps its scopes' logs whole; that is the price of safety.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from regsync.sync.changeset import StreamHead


def stable_points(
    streams: Iterable[StreamHead],
    watchers: Callable[[str], Sequence[str]],
    holds: Mapping[str, Mapping[str, int]],
) -> dict[str, int]:
    """Per stream, the sequence up to which every watcher of its scope holds it.

    ``watchers(scope)`` names the nodes that see a scope (this node included);
    ``holds[node]`` is what that node is known to hold.  Streams with nothing
    stable are left out.
    """
    points: dict[str, int] = {}
    for head in streams:
        nodes = watchers(head.scope)
        if not nodes:
            continue
        point = min(holds.get(node, {}).get(head.stream, 0) for node in nodes)
        point = min(point, head.seq)
        if point > 0:
            points[head.stream] = point
    return points


def below_compaction(
    peer_holds: Mapping[str, int], compacted: Mapping[str, int]
) -> dict[str, tuple[int, int]]:
    """Streams a peer lacks changesets of that are no longer logged here.

    Returns ``stream -> (peer's head, compacted through)``: such a peer can only
    catch up from a snapshot.
    """
    return {
        stream: (peer_holds.get(stream, 0), through)
        for stream, through in compacted.items()
        if peer_holds.get(stream, 0) < through
    }
