"""``regsync log compact``: drop the part of the log every node that sees it holds.

The rule and the service are :mod:`regsync.sync.compaction`.
"""

from __future__ import annotations

from regsync.app.cli.context import Context
from regsync.app.cli.render import Output
from regsync.sync.compaction import compact


def cmd_log_compact(ctx: Context) -> Output:
    with ctx.services() as s:
        trust = s.trust()
        with s.unit_of_work() as uow:
            before = uow.store.log_size()
            points = compact(uow, trust)
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
