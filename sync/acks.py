"""Acknowledgements: what each node is known to hold, learned directly or relayed.

A bundle's header says what its sender holds; its ``acks`` items relay what other
nodes hold (gossip), so that every node can tell when a change is everywhere
(:mod:`regsync.sync.compaction`).  Signed stream heads are kept to relay streams on.

Export sends a peer only what the peer has not acknowledged, and compaction drops
what every node has acknowledged, so an acknowledgement is believed only from the
node itself (the header of a bundle whose sender is its signer's certified identity,
or a live answer signed by the peer) or from an office that relays for that node
(:meth:`~regsync.sync.inbox.SignedWriters.speaks_for`); what a firm says about
others is ignored (docs/decisions/0015).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from regsync.packages_bpz import BundleHeader, Item
from regsync.sync.changeset import Chained
from regsync.sync.ports import PeerState
from regsync.sync.ranges import SignedHead
from regsync.sync.vector import merge

ACKS = "acks"
"""Payload item: ``{"node": id, "heads": {stream: seq}}``, what another node holds."""


def gossip_for(state: PeerState, peer: str, sees: Callable[[str], bool]) -> list[Item]:
    """What other nodes are known to hold, of the streams ``peer`` sees."""
    items: list[Item] = []
    for node, known in sorted(state.acknowledgements().items()):
        heads = {stream: seq for stream, seq in known.items() if sees(stream)}
        if heads and node != peer:
            items.append((ACKS, {"node": node, "heads": heads}))
    return items


def learn_gossip(
    state: PeerState,
    me: str,
    gossip: Sequence[dict[str, Any]],
    speaks_for: Callable[[str], bool],
) -> None:
    """Merge relayed acknowledgements about the nodes the sender ``speaks_for``.

    Malformed ones, ones about ``me``, and ones about nodes the sender does not
    relay for are ignored.
    """
    for item in gossip:
        node, heads = item.get("node"), item.get("heads")
        if not isinstance(node, str) or not isinstance(heads, dict) or node == me:
            continue
        if not speaks_for(node):
            continue
        clean = {k: v for k, v in heads.items() if isinstance(k, str) and type(v) is int and v >= 0}
        state.set_acknowledged(node, merge(state.acknowledged(node), clean))


def relayed_heads(state: PeerState, batch: Sequence[Chained], me: str) -> dict[str, SignedHead]:
    """The origins' signed heads of the streams of ``batch`` this node relays."""
    found = {}
    for stream in {cs.stream for cs in batch if cs.origin != me}:
        head = state.signed_head(stream)
        if head is not None:
            found[stream] = head
    return found


def remember(state: PeerState, header: BundleHeader) -> None:
    """Keep the newest signed head of every stream (to relay it) and what the sender has.

    ``header`` is verified, and its sender is its signer's certified identity
    (:func:`~regsync.sync.inbox.trusted_sender`).
    """
    for r in header.ranges:
        old = state.signed_head(r.stream)
        if old is None or old.seq < r.last_seq:
            state.keep_signed_head(SignedHead.of_range(r))
    sender = header.sender
    own = sender + "/"
    theirs = {k: v for k, v in header.acks.items() if k.startswith(own)}
    others = {k: v for k, v in header.acks.items() if not k.startswith(own)}
    acked = merge(state.acknowledged(sender), others)
    # Of its own streams the sender's word is final, even when it holds less than it
    # once said: a node restored from a backup (regsync.sync.restore) then gets back
    # what it had sent.  An older bundle imported late only costs a resend.
    acked.update(theirs)
    state.set_acknowledged(sender, acked)
