"""打印汇总表: which applications one 汇总表 summarises (the batch the clerk ticks).

The seed summarises a batch: the firm "将已上报的数据按申报专业和申报类型汇总" and
ticks the rows ("在需要汇总记录前的□打√→打印"); the city prints the 汇总表 of what
it sends on to the province.  So by default a 汇总表 lists, of one kind and
specialty, the applications

* at a firm: *reported* in the period (reported, and every later stage but a failed
  one: 市级审核不通过 and 省级不批准 rounds go back to the firm, they are no batch);
* at a city or the province: *forwarded* to the province in the period (forwarded,
  approved, issued): a round the city failed is never in it by default.

The period is read on each application's own date of that step: the firm's
``reported_on``; at a city and the province the date of the city's passing review of
the current round (forwarding follows it and records no date of its own), else
``reported_on``.  ``stage`` picks one stage instead of the default set; ``numbers``
pick exactly the rows the clerk ticked (each must be of the kind and specialty and
reported), whatever their period or stage.  ``regsync print summary`` and the
window's 打印汇总表 both select here (docs/decisions/0024-screens-and-batches.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from regsync.core.errors import InvalidPeriod, InvalidValue, NotInSummary
from regsync.core.model import Application, ApplicationKind, Review, Role, Specialty
from regsync.core.ports import UnitOfWork
from regsync.core.state import Stage
from regsync.core.usecases.applications import (
    distinct_numbers,
    get_application,
    list_applications,
    parse_choice,
)
from regsync.core.usecases.wording import both

_REPORTED = frozenset(
    {Stage.REPORTED, Stage.RECEIVED, Stage.CITY_PASSED, Stage.FORWARDED, Stage.APPROVED,
     Stage.ISSUED}
)  # fmt: skip
_FORWARDED = frozenset({Stage.FORWARDED, Stage.APPROVED, Stage.ISSUED})


def default_stages(role: Role) -> frozenset[Stage]:
    """The stages a 汇总表 lists by default at a node of ``role``."""
    return _REPORTED if role in (Role.ENTERPRISE, Role.PERSONAL) else _FORWARDED


@dataclasses.dataclass(frozen=True)
class SummaryQuery:
    """What one 汇总表 summarises; the strings are as typed (checked by :func:`select`)."""

    kind: str
    specialty: str
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    stage: str | None = None
    numbers: tuple[str, ...] = ()


def parse_day(text: str | None, field: str) -> dt.date | None:
    """A period bound as typed (YYYY-MM-DD; blank: no bound)."""
    if text is None or not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(field=field, value=text, expected="YYYY-MM-DD") from None


def parse_kind(kind: str) -> ApplicationKind:
    """The 申报类型 of a 汇总表 (资格注销 has none)."""
    kind_ = parse_choice(ApplicationKind, kind, "--kind")
    if kind_ is ApplicationKind.CANCELLATION:
        expected = "initial, change, renewal or amend_reissue (cancellation has no summary)"
        raise InvalidValue(field="--kind", value=kind, expected=expected)
    return kind_


def step_date(uow: UnitOfWork, application: Application) -> dt.date | None:
    """The date the period is read on: reported (a firm) or passed to be forwarded."""
    if uow.node.role not in (Role.ENTERPRISE, Role.PERSONAL):
        passes = [
            r
            for r in uow.find(Review, application_number=application.number)
            if r.round == application.round and r.passed
        ]
        if passes:
            return max(r.reviewed_on for r in passes)
    return application.reported_on


def _in_period(day: dt.date | None, query: SummaryQuery) -> bool:
    if query.date_from is None and query.date_to is None:
        return True
    if day is None:
        return False
    return (query.date_from is None or day >= query.date_from) and (
        query.date_to is None or day <= query.date_to
    )


def _named(
    uow: UnitOfWork, numbers: Sequence[str], kind: ApplicationKind, specialty: Specialty
) -> list[Application]:
    chosen = []
    for number in distinct_numbers(numbers):
        app = get_application(uow, number)
        why: tuple[str, str] | None = None
        if app.kind != kind.value or app.specialty != specialty.value:
            why = both("usecase.summaries.other_kind")
        elif app.stage == Stage.DRAFT.value:
            why = both("usecase.summaries.not_reported")
        if why is not None:
            raise NotInSummary(number=app.number, why_zh=why[0], why_en=why[1])
        chosen.append(app)
    return chosen


def select(uow: UnitOfWork, query: SummaryQuery) -> list[Application]:
    """The applications of the 汇总表 ``query`` describes, by application number."""
    kind = parse_kind(query.kind)
    specialty = parse_choice(Specialty, query.specialty, "--specialty")
    if query.date_from and query.date_to and query.date_to < query.date_from:
        label_zh, label_en = both("usecase.summaries.period")
        raise InvalidPeriod(label_zh=label_zh, label_en=label_en,
                            start=query.date_from, end=query.date_to)  # fmt: skip
    if query.numbers:
        return _named(uow, query.numbers, kind, specialty)
    stages: frozenset[Stage]
    if query.stage:
        stage = parse_choice(Stage, query.stage, "--stage")
        if stage is Stage.DRAFT:
            raise InvalidValue(field="--stage", value=query.stage, expected="a reported stage")
        stages = frozenset({stage})
    else:
        stages = default_stages(uow.node.role)
    found = [
        app
        for app in list_applications(uow)
        if app.kind == kind.value
        and app.specialty == specialty.value
        and Stage(app.stage) in stages
        and _in_period(step_date(uow, app), query)
    ]
    return sorted(found, key=lambda a: a.number)
