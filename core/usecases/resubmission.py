"""重新申报: the enterprise corrects a refused, failed or rejected round and reports again.

The failed round stays as history (its review or decision says why); the application
moves to the next round as a draft, which the enterprise may edit and report again.
Issue 6's ``regsync report`` builds on this; the city and province tests and the demo
use it directly.
"""

from __future__ import annotations

from regsync.core.errors import NotAllowed
from regsync.core.model import Application, Role
from regsync.core.ports import UnitOfWork
from regsync.core.state import REOPENABLE
from regsync.core.usecases.applications import get_application, state_in
from regsync.core.usecases.wording import both


def reopen_application(uow: UnitOfWork, number: str) -> Application:
    """Open the next round of a refused, failed or rejected application, as a draft."""
    if uow.node.role is not Role.ENTERPRISE:
        action_zh, action_en = both("usecase.resubmission.reopen")
        raise NotAllowed(role=uow.node.role.value, action_zh=action_zh, action_en=action_en)
    application = get_application(uow, number)
    state = state_in(application, REOPENABLE, *both("usecase.resubmission.reopen_stage"))
    reopened = state.reopen()
    moved = application.replace(round=reopened.round, stage=reopened.stage.value)
    uow.put(moved)
    return moved
