"""``regsync apply delete`` (删除 a draft): the CLI side of issue 17 item 5."""

from __future__ import annotations

from typing import Any

from regsync.app.cli.context import Context
from regsync.app.cli.render import Output, say
from regsync.core.usecases.drafts import delete_draft


def cmd_apply_delete(ctx: Context) -> Output:
    """删除: a draft never reported, with its 工作业绩 (the delete syncs as a tombstone)."""
    with ctx.services() as s, s.unit_of_work() as uow:
        app = delete_draft(uow, ctx.args.number)
        uow.commit()
    return Output(
        {"deleted": app.number}, say("cli.apply.deleted", number=app.number, name=app.person_name)
    )


def add_apply_commands(apply: Any, add: Any) -> None:
    """Register ``apply delete`` under the ``apply`` group."""
    text = "删除: delete a draft that was never reported (and its 工作业绩)"
    p = add(apply, "delete", cmd_apply_delete, text)
    p.add_argument("number")
