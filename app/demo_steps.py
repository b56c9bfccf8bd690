"""The enterprise steps of the demo whose commands come with issue 6.

在线上报 (``regsync report``) and 重新申报 have no command on this branch yet; the demo
calls the same core use cases those commands will call.  When issue 6 lands, these
two functions become ``world.run(firm, "report", number)`` and its re-apply command,
and nothing else in the demo changes.
"""

from __future__ import annotations

from regsync.app.bootstrap import open_node
from regsync.app.demo_world import Office, World
from regsync.core.usecases.reporting import mark_reported
from regsync.core.usecases.resubmission import reopen_application


def report(world: World, firm: Office, numbers: list[str]) -> None:
    """在线上报 of checked drafts (the computer check gates it)."""
    with open_node(firm.home, world.env) as s, s.unit_of_work() as uow:
        for number in numbers:
            mark_reported(uow, number, today=s.today(), rules=s.rules)
        uow.commit()
    world.commands += 1


def reopen(world: World, firm: Office, number: str) -> None:
    """重新申报: the refused round is closed, the next one starts as a draft."""
    with open_node(firm.home, world.env) as s, s.unit_of_work() as uow:
        reopen_application(uow, number)
        uow.commit()
    world.commands += 1
