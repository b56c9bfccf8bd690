"""重新申报: the enterprise corrects a refused, failed or rejected round and reports again.

The failed round stays as history (its review or decision says why); the application
moves to the next round as a draft, which the enterprise may edit and report again.
Issue 6's ``regsync report`` builds on this; the city and province tests and the demo
use it directly.
"""

from __future__ import annotations

from regsync.core.errors import InvalidState, NotAllowed
from regsync.core.model import Application, Role
from regsync.core.ports import UnitOfWork
from regsync.core.state import REOPENABLE, AppState, Stage
from regsync.core.usecases.applications import get_application


def reopen_application(uow: UnitOfWork, number: str) -> Application:
    """Open the next round of a refused, failed or rejected application, as a draft."""
    if uow.node.role is not Role.ENTERPRISE:
        raise NotAllowed(role=uow.node.role.value, action_zh="重新申报", action_en="re-apply")
    application = get_application(uow, number)
    state = AppState(application.round, Stage(application.stage))
    if state.stage not in REOPENABLE:
        raise InvalidState(
            number=application.number,
            stage=state.stage.value,
            action_zh="重新申报（只有被拒绝、审核不通过或不批准的申请可以）",
            action_en="be re-applied (only a refused, failed or rejected one can)",
        )
    reopened = state.reopen()
    moved = application.replace(round=reopened.round, stage=reopened.stage.value)
    uow.put(moved)
    return moved
