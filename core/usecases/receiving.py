"""申报接收: the city receives a reported application.

Receiving locks the round for the enterprise.  The enterprise may have edited the
application offline while the city was receiving it; those edits must not slip in
afterwards, and every replica must agree on that whatever order the two writes
reach it.  The receipt therefore *claims* the content it received: it writes every
editable field, so an enterprise edit concurrent with it meets it in the field merge,
loses to the city's authority on every node, and is recorded in the conflict ledger
(DESIGN §4; docs/decisions/0004-merge-and-ledger.md).  An edit the city had already
seen when it received is part of what it received and merges plainly.
"""

from __future__ import annotations

from regsync.core.errors import InvalidState, NotAllowed
from regsync.core.model import Application, Role
from regsync.core.ports import UnitOfWork
from regsync.core.state import AppState, Stage
from regsync.core.usecases.applications import EDITABLE_APPLICATION_FIELDS, get_application
from regsync.core.usecases.printed import keep_printed_content
from regsync.core.usecases.wording import both


def receive_application(
    uow: UnitOfWork, number: str, *, read: Application | None = None
) -> Application:
    """Receive one reported application of this city: its round moves to 市级已接收.

    ``read``: the application as the caller has just read it (nothing written since),
    so that a batch does not read each one twice.
    """
    node = uow.node
    if node.role is not Role.CITY:
        action_zh, action_en = both("usecase.receiving.receive")
        raise NotAllowed(role=node.role.value, action_zh=action_zh, action_en=action_en)
    application = read if read is not None else get_application(uow, number)
    state = AppState(application.round, Stage(application.stage))
    if application.city_code != node.city_code or not state.can_move_to(Stage.RECEIVED):
        action_zh, action_en = both("usecase.receiving.not_here")
        raise InvalidState(
            number=application.number,
            stage=state.stage.value,
            action_zh=action_zh,
            action_en=action_en,
        )
    received = application.replace(stage=state.advance(Stage.RECEIVED).stage.value)
    uow.put(received, claim=EDITABLE_APPLICATION_FIELDS)
    keep_printed_content(uow, received)  # what the firm printed and reported
    return received
