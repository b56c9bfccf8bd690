"""Which part of the log may be dropped (causal stability), and dropping it.

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

from regsync.core.model import Role
from regsync.core.scopes import PROVINCE, city_scope, enterprise_scope, personal_scope
from regsync.sync.authorize import Writer
from regsync.sync.changeset import StreamHead
from regsync.sync.ports import Replica
from regsync.sync.trust.errors import TrustError
from regsync.sync.trust.store import TrustStore
from regsync.sync.visibility import enterprise_city, visible_to


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


def known_nodes(store: TrustStore, me: Writer) -> list[Writer]:
    """This node and every node with a valid (unrevoked) certificate in its trust store."""
    nodes = {me.node_id: me}
    for cert in store.certificates():
        try:
            t = store.verify_chain(cert.subject.public_key)
        except TrustError:
            continue  # revoked or broken: what it writes is refused anyway
        nodes.setdefault(t.node_id, Writer(t.node_id, t.role, t.city_code, t.uscc))
    return list(nodes.values())


def watchers(
    nodes: Sequence[Writer], city: Callable[[str], str | None]
) -> Callable[[str], list[str]]:
    """The nodes that see a scope; none when a node that may write there is unknown here.

    A writer this node has never heard of could still write concurrently with what
    the log holds, so a scope without a known node of every writing role is never
    stable.
    """

    def needed(scope: str) -> list[Callable[[Writer], bool]]:
        is_province: Callable[[Writer], bool] = lambda w: w.role is Role.PROVINCE  # noqa: E731  # a named predicate per role reads best
        if scope.startswith(enterprise_scope("")):
            uscc = scope[len(enterprise_scope("")) :]
            return [
                lambda w: w.role is Role.ENTERPRISE and w.uscc == uscc,
                lambda w: w.role is Role.CITY and w.city_code == city(uscc),
                is_province,
            ]
        if scope.startswith(city_scope("")):
            code = scope[len(city_scope("")) :]
            return [lambda w: w.role is Role.CITY and w.city_code == code, is_province]
        if scope == PROVINCE:
            return [is_province]
        return [lambda w: personal_scope(w.node_id) == scope]

    def of(scope: str) -> list[str]:
        if not all(any(rule(w) for w in nodes) for rule in needed(scope)):
            return []
        return [w.node_id for w in nodes if visible_to(w, scope, city)]

    return of


def compact(uow: Replica, trust: TrustStore) -> dict[str, int]:
    """Drop every changeset all its watchers hold; returns stream -> compacted through.

    ``trust`` is read before ``uow`` begins (on SQLite a second connection would wait
    for the write lock the unit of work holds).
    """
    node = uow.node
    me = Writer(node.node_id, node.role, node.city_code, node.uscc)
    holds: dict[str, Mapping[str, int]] = dict(uow.store.acknowledgements())
    holds[me.node_id] = uow.store.heads()
    points = stable_points(
        uow.store.streams(), watchers(known_nodes(trust, me), enterprise_city(uow.store)), holds
    )
    return uow.store.compact(points)
