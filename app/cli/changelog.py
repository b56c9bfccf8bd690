"""``regsync log`` and ``conflicts list|show|resolve``: the change log and its ledger."""

from __future__ import annotations

from collections.abc import Sequence

from regsync.app.audit import operators_of
from regsync.app.cli.context import Context
from regsync.app.cli.render import Output, code_text, record_text, say, table_text
from regsync.core.usecases import conflicts
from regsync.sync.changeset import Change


def _touched(changes: Sequence[Change], limit: int = 3) -> str:
    names = [f"{c.kind}:{c.key}" for c in changes[:limit]]
    more = f" (+{len(changes) - limit})" if len(changes) > limit else ""
    return ", ".join(names) + more


def cmd_log(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        # --limit N reads and parses only the newest N rows, not the whole log (issue 19).
        log = uow.store.changesets(last=ctx.args.limit)
    # Who wrote each changeset here: the audit log's operator (the window's login, or
    # --operator); for a changeset received from a peer, who imported it; blank for one
    # committed before the audit log existed.
    who = operators_of(ctx.home, {cs.hash for cs in log})
    data = [
        {
            "stream": cs.stream,
            "origin": cs.origin,
            "scope": cs.scope,
            "seq": cs.seq,
            "hash": cs.hash,
            "prev_hash": cs.prev_hash,
            "hlc": str(cs.hlc),
            "operator": who.get(cs.hash),
            "records": [f"{c.kind}:{c.key}" for c in cs.changes],
        }
        for cs in log
    ]
    rows = [
        (
            cs.scope,
            cs.seq,
            cs.hash[:12],
            cs.prev_hash[:12],
            cs.hlc.display(),
            who.get(cs.hash, ""),
            _touched(cs.changes),
        )
        for cs in log
    ]
    headers = ["scope", "seq", "hash", "prev", "hlc", "operator", "records"]
    return Output(data, table_text(headers, rows))


def cmd_conflicts_list(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        found = conflicts.list_conflicts(uow, include_resolved=ctx.args.all)
    rows = [
        (
            c.id,
            code_text("record.{}", c.record_kind),
            c.record_key,
            c.field,
            c.kept_value,
            c.lost_value,
            say("cli.yes" if c.resolved else "cli.no"),
        )
        for c in found
    ]
    headers = ["冲突", "记录类型", "记录", "字段",
               "保留值", "落选值", "已处理"]  # fmt: skip
    return Output(found, table_text(headers, rows))


def cmd_conflicts_show(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        conflict = conflicts.get_conflict(uow, ctx.args.id)
    return Output(conflict, record_text(conflict))


def cmd_conflicts_resolve(ctx: Context) -> Output:
    a = ctx.args
    values = dict(item.partition("=")[::2] for item in a.set or [])
    with ctx.services() as s, s.unit_of_work() as uow:
        settled = conflicts.resolve_conflict(
            uow, a.id, take=a.take, values=values, resolved_by=s.node.node_id
        )
        uow.commit()
    return Output(settled, say("cli.conflicts.resolved", id=settled.id, how=settled.resolution))
