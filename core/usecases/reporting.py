"""在线上报, the domain half: a checked draft becomes *reported*.

The transports (online and by bundle) are the application layer's (``regsync
report``); this is the gate they share and the one the 申请表 depends on: only a
reported application prints with a barcode.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from regsync.core.checks.application import check_application
from regsync.core.checks.messages import Severity
from regsync.core.config import RulesConfig
from regsync.core.errors import InvalidState, MissingField, NotAllowed, NotEnrolled, ReportRefused
from regsync.core.model import Application, Role
from regsync.core.ports import UnitOfWork
from regsync.core.state import AppState, Stage
from regsync.core.usecases.applications import distinct_numbers, get_application
from regsync.core.usecases.checking import load_facts


def mark_reported(
    uow: UnitOfWork, number: str, *, today: dt.date, rules: RulesConfig
) -> Application:
    """Run the computer check and, if it finds no error, move the draft to *reported*.

    Refused for another edition than the enterprise, for a round that is not a
    draft, and whenever the check has an error (among them an enterprise name on
    the application that differs from the registered name).  The caller commits.
    """
    if uow.node.role is not Role.ENTERPRISE:
        raise NotAllowed(role=uow.node.role.value, action_zh="上报申请", action_en="report")
    application = get_application(uow, number)
    state = AppState(application.round, Stage(application.stage))
    if not state.can_move_to(Stage.REPORTED):
        raise InvalidState(
            number=application.number,
            stage=state.stage.value,
            action_zh="上报（只有草稿可以上报）",
            action_en="be reported (only a draft can)",
        )
    errors = [
        m
        for m in check_application(load_facts(uow, application, today), rules)
        if m.severity is Severity.ERROR
    ]
    if errors:
        raise ReportRefused(
            number=application.number,
            detail_zh="；".join(m.zh for m in errors),
            detail_en="; ".join(m.en for m in errors),
        )
    reported = application.replace(
        stage=state.advance(Stage.REPORTED).stage.value, reported_on=today
    )
    uow.put(reported)
    return reported


def report_applications(
    uow: UnitOfWork,
    numbers: Sequence[str],
    *,
    today: dt.date,
    rules: RulesConfig,
    not_enrolled: tuple[str, str] | None = None,
) -> list[Application]:
    """Report several drafts at once, all or nothing (the caller commits).

    ``not_enrolled`` is why the enterprise is not yet enrolled with its city (in
    Chinese and English), as the application layer found it in the trust store:
    an enterprise its city has not certified cannot report.
    """
    if uow.node.role is not Role.ENTERPRISE:
        raise NotAllowed(role=uow.node.role.value, action_zh="上报申请", action_en="report")
    if not_enrolled is not None:
        raise NotEnrolled(reason_zh=not_enrolled[0], reason_en=not_enrolled[1])
    if not numbers:
        raise MissingField(field="NUMBER")
    unique = distinct_numbers(numbers)
    return [mark_reported(uow, n, today=today, rules=rules) for n in unique]
