"""``regsync log compact``: drop the part of the log every node that sees it holds.

The rule and the service are :mod:`regsync.sync.compaction`.
"""

from __future__ import annotations

from regsync.app.cli.context import Context
from regsync.app.cli.render import Output, say
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
    data = {
        "dropped": before - after,
        "kept": after,
        "streams": points,
        "dry_run": ctx.args.dry_run,
    }
    key = "cli.compact.dry_run" if ctx.args.dry_run else "cli.compact.done"
    lines = [say(key, dropped=before - after, kept=after)]
    lines += ["  " + say("cli.trust.cutoff", stream=k, seq=v) for k, v in sorted(points.items())]
    return Output(data, "\n".join(lines))
