"""删除: a draft that was never reported is deleted, with its 工作业绩.

The delete is a tombstone that replicates like every other write (the firm's peers,
the city, drop the draft too); the authority table lets the data-entry editions
delete applications, and the import check refuses the delete of one its writer had
seen reported (:func:`regsync.sync.authorize.frozen_refusal`).  Here, at write time,
only a draft of round 1 never reported may go: a reported application is corrected
through the city, and a later round's draft was reported before
(docs/decisions/0024-screens-and-batches.md).
"""

from __future__ import annotations

from regsync.core.errors import NotADraft
from regsync.core.model import Application, PerformanceRecord
from regsync.core.ports import UnitOfWork
from regsync.core.state import Stage
from regsync.core.usecases.applications import get_application, require_data_entry
from regsync.core.usecases.wording import both


def deletable(application: Application) -> bool:
    """Whether ``application`` is a draft never reported (the window greys 删除 else)."""
    return (
        application.stage == Stage.DRAFT.value
        and application.round == 1
        and application.reported_on is None
    )


def delete_draft(uow: UnitOfWork, number: str) -> Application:
    """Delete the draft ``number`` and its 工作业绩; returns what was deleted."""
    require_data_entry(uow, *both("usecase.drafts.delete"))
    application = get_application(uow, number)
    if not deletable(application):
        stage = Stage(application.stage)
        raise NotADraft(number=application.number, stage=stage.value, stage_zh=stage.zh)
    for record in uow.find(PerformanceRecord, application_number=application.number):
        uow.delete(PerformanceRecord, record.id)
    uow.delete(Application, application.number)
    return application
