"""``regsync log compact``: drop the part of the log every node that sees it holds.

The rule is :func:`regsync.sync.compaction.stable_points`; this module finds the
nodes that see each scope (this node and the certified nodes it knows) and what each
is known to hold (acknowledgements received directly or relayed).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from regsync.adapters.sql.uow import SqlUnitOfWork
from regsync.app.bootstrap import Services
from regsync.app.commands import Context
from regsync.app.render import Output
from regsync.app.replica import PEER_PREFIX, enterprise_city
from regsync.core.model import Role
from regsync.core.scopes import PROVINCE, city_scope, enterprise_scope, personal_scope
from regsync.sync.authorize import Writer
from regsync.sync.bundles import visible_to
from regsync.sync.compaction import stable_points
from regsync.sync.trust_errors import TrustError
from regsync.sync.trust_store import TrustStore


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


def compact(s: Services, uow: SqlUnitOfWork, trust: TrustStore) -> dict[str, int]:
    """Drop every changeset all its watchers hold; returns stream -> compacted through.

    ``trust`` is read before ``uow`` begins (on SQLite a second connection would wait
    for the write lock the unit of work holds).
    """
    node = s.node
    me = Writer(node.node_id, node.role, node.city_code, node.uscc)
    holds = {n: json.loads(v) for n, v in uow.store.locals_with_prefix(PEER_PREFIX).items()}
    holds[me.node_id] = uow.store.heads()
    points = stable_points(
        uow.store.streams(), watchers(known_nodes(trust, me), enterprise_city(uow)), holds
    )
    return uow.store.compact(points)


def cmd_log_compact(ctx: Context) -> Output:
    with ctx.services() as s:
        trust = s.trust()
        with s.unit_of_work() as uow:
            before = uow.store.log_size()
            points = compact(s, uow, trust)
            after = uow.store.log_size()
            if not ctx.args.dry_run:
                uow.commit()
    verb = "可压缩" if ctx.args.dry_run else "已压缩"
    data = {
        "dropped": before - after,
        "kept": after,
        "streams": points,
        "dry_run": ctx.args.dry_run,
    }
    lines = [f"{verb} {before - after} 个变更集，保留 {after} 个"]
    lines += [f"  {stream} 至第 {seq} 号" for stream, seq in sorted(points.items())]
    return Output(data, "\n".join(lines))
