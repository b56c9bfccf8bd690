"""在线上报, the domain half: a checked draft becomes *reported*.

The transports (online and by bundle) are the application layer's (``regsync
report``); this is the gate they share and the one the 申请表 depends on: only a
reported application prints with a barcode.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from regsync.core.checks.application import check_application
from regsync.core.checks.messages import Severity
from regsync.core.china_time import show
from regsync.core.config import RulesConfig
from regsync.core.errors import (
    ClockWrong,
    InvalidState,
    MissingField,
    NotAllowed,
    NotEnrolled,
    ReportRefused,
)
from regsync.core.model import Application, Role
from regsync.core.ports import UnitOfWork
from regsync.core.state import AppState, Stage
from regsync.core.usecases.applications import distinct_numbers, get_application
from regsync.core.usecases.checking import load_facts
from regsync.core.usecases.printed import keep_printed_content
from regsync.core.usecases.wording import both


@dataclasses.dataclass(frozen=True)
class ClockReading:
    """This computer's clock and the newest time an office wrote a change it holds.

    Both in unix milliseconds; ``office`` is 0 when no office change has arrived
    yet (a firm not yet synced with its city: nothing to compare with).
    """

    now: int
    office: int


def check_clock(clock: ClockReading, rules: RulesConfig) -> None:
    """Refuse to report from a computer whose clock is clearly wrong.

    A report is dated by this computer's clock and the offices rely on that date.
    The only reference a firm has is the time of the newest office change it
    holds: its clock may not be more than ``clock_max_ahead_minutes`` behind it
    (the date was set back) nor more than ``clock_max_days_since_office`` days after
    it (the date was set ahead, say by a year).
    """
    if clock.office <= 0:
        return
    behind = clock.office - clock.now
    ahead = clock.now - clock.office
    if behind > rules.clock_max_ahead_minutes * 60_000:
        minutes = behind // 60_000
        detail = both("usecase.reporting.clock_behind", minutes=minutes)
    elif ahead > rules.clock_max_days_since_office * 86_400_000:
        days = ahead // 86_400_000
        detail = both("usecase.reporting.clock_ahead", days=days)
    else:
        return
    raise ClockWrong(
        now=_display(clock.now), office=_display(clock.office),
        detail_zh=detail[0], detail_en=detail[1],
    )  # fmt: skip


def _display(millis: int) -> str:
    # China time (UTC+8, no daylight saving) for the dates in the message.
    return show(dt.datetime.fromtimestamp(millis / 1000, dt.UTC), seconds=False)


def mark_reported(
    uow: UnitOfWork,
    number: str,
    *,
    today: dt.date,
    rules: RulesConfig,
    clock: ClockReading | None = None,
) -> Application:
    """Run the computer check and, if it finds no error, move the draft to *reported*.

    Refused for another edition than the enterprise, for a round that is not a
    draft, and whenever the check has an error (among them an enterprise name on
    the application that differs from the registered name), and on a computer
    whose ``clock`` is clearly wrong (:func:`check_clock`).  The caller commits.
    """
    if uow.node.role is not Role.ENTERPRISE:
        action_zh, action_en = both("usecase.reporting.report")
        raise NotAllowed(role=uow.node.role.value, action_zh=action_zh, action_en=action_en)
    if clock is not None:
        check_clock(clock, rules)
    application = get_application(uow, number)
    state = AppState(application.round, Stage(application.stage))
    if not state.can_move_to(Stage.REPORTED):
        action_zh, action_en = both("usecase.reporting.report_stage")
        raise InvalidState(
            number=application.number,
            stage=state.stage.value,
            action_zh=action_zh,
            action_en=action_en,
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
    keep_printed_content(uow, reported)  # what the 申请表 printed from now on carries
    return reported


def report_applications(
    uow: UnitOfWork,
    numbers: Sequence[str],
    *,
    today: dt.date,
    rules: RulesConfig,
    not_enrolled: tuple[str, str] | None = None,
    clock: ClockReading | None = None,
) -> list[Application]:
    """Report several drafts at once, all or nothing (the caller commits).

    ``not_enrolled`` is why the enterprise is not yet enrolled with its city (in
    Chinese and English), as the application layer found it in the trust store:
    an enterprise its city has not certified cannot report.  ``clock`` is this
    computer's clock against the offices' time (:func:`check_clock`).
    """
    if uow.node.role is not Role.ENTERPRISE:
        action_zh, action_en = both("usecase.reporting.report")
        raise NotAllowed(role=uow.node.role.value, action_zh=action_zh, action_en=action_en)
    if not_enrolled is not None:
        raise NotEnrolled(reason_zh=not_enrolled[0], reason_en=not_enrolled[1])
    if not numbers:
        raise MissingField(field="NUMBER")
    unique = distinct_numbers(numbers)
    return [mark_reported(uow, n, today=today, rules=rules, clock=clock) for n in unique]
