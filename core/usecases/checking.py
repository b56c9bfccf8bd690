"""计算机核查: load what the rules need and run the pure checks."""

from __future__ import annotations

import datetime as dt

from regsync.core.checks.application import ApplicationFacts, check_application
from regsync.core.checks.messages import CheckMessage
from regsync.core.config import RulesConfig
from regsync.core.model import (
    Application,
    Certificate,
    ContinuingEducation,
    Enterprise,
    PerformanceRecord,
    Person,
)
from regsync.core.ports import UnitOfWork
from regsync.core.usecases.applications import get_application


def load_facts(
    uow: UnitOfWork,
    application: Application,
    today: dt.date,
    *,
    enterprises: dict[str, Enterprise | None] | None = None,
) -> ApplicationFacts:
    """The facts of one application: with the register as this node holds it.

    The person's certificates (current and history) and every application of the
    person this node sees, of any enterprise: the register rules compare with them.
    The node's role says whose check this is (a firm's, or an office's review).
    ``enterprises``, when given, keeps the enterprises read so far by a batch that
    writes nothing in between: a firm's ten applications read the firm once.
    """
    person_id = application.person_id_number
    others = uow.find(Application, person_id_number=person_id)
    return ApplicationFacts(
        application=application,
        person=uow.get(Person, person_id),
        enterprise=_enterprise(uow, application.enterprise_uscc, enterprises),
        performance=tuple(uow.find(PerformanceRecord, application_number=application.number)),
        other_applications=tuple(a for a in others if a.number != application.number),
        certificates=tuple(uow.find(Certificate, person_id_number=person_id)),
        continuing_education=tuple(uow.find(ContinuingEducation, person_id_number=person_id)),
        today=today,
        role=uow.node.role,
    )


def _enterprise(
    uow: UnitOfWork, uscc: str, known: dict[str, Enterprise | None] | None
) -> Enterprise | None:
    if known is None:
        return uow.get(Enterprise, uscc)
    if uscc not in known:
        known[uscc] = uow.get(Enterprise, uscc)
    return known[uscc]


def check(
    uow: UnitOfWork, number: str, *, today: dt.date, rules: RulesConfig
) -> list[CheckMessage]:
    """The computer-check messages of one application, errors first."""
    application = get_application(uow, number)
    messages = check_application(load_facts(uow, application, today), rules)
    return sorted(messages, key=lambda m: m.severity.value != "error")
