"""计算机核查 of dates and hours that cannot be true (issue 18).

Entry refuses them (:mod:`regsync.core.text_rules`), but an application can arrive
by sync from an older version or another office: the check still flags a
qualification date in the future, a 工作业绩 period that ends before it starts or
lies in the future, and negative or implausible continuing-education hours.
"""

from __future__ import annotations

from regsync.core.checks.facts import ApplicationFacts
from regsync.core.checks.facts import error as _error
from regsync.core.checks.messages import CheckMessage, Phrase, Term
from regsync.core.config import RulesConfig
from regsync.core.model import Record
from regsync.core.text_rules import MAX_CE_HOURS, record_problems


def check_qualification_date(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """资格取得日期 is not after the day of the check."""
    app, today = facts.application, facts.today
    day = app.qualification_date
    if day is None or day <= today:
        return []
    return [
        _error(
            "application.qualification_date_future",
            "qualification_date",
            day=day.isoformat(),
            today=today.isoformat(),
        )
    ]


def check_performance_periods(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """Each 工作业绩 starts before it ends, and neither date is after today."""
    today = facts.today
    messages: list[CheckMessage] = []
    for i, p in enumerate(facts.performance, start=1):
        start, end = p.start_date, p.end_date
        if start is not None and end is not None and end < start:
            messages.append(
                _error(
                    "application.performance_period_order",
                    "end_date",
                    index=i,
                    project=p.project_name,
                    end=end.isoformat(),
                    start=start.isoformat(),
                )
            )
        late = [d for d in (start, end) if d is not None and d > today]
        if late:
            messages.append(
                _error(
                    "application.performance_period_future",
                    "end_date" if end in late else "start_date",
                    index=i,
                    project=p.project_name,
                    day=late[-1].isoformat(),
                    today=today.isoformat(),
                )
            )
    return messages


def check_ce_hours_range(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """Declared and recorded continuing-education hours are 0 … MAX_CE_HOURS."""
    app = facts.application
    compulsory, elective = Phrase("check.piece.compulsory"), Phrase("check.piece.elective")
    found: list[tuple[str, Phrase, int | None]] = [
        ("ce_compulsory_hours", Phrase.of("check.piece.declared_hours", hours_kind=compulsory),
         app.ce_compulsory_hours),
        ("ce_elective_hours", Phrase.of("check.piece.declared_hours", hours_kind=elective),
         app.ce_elective_hours),
    ]  # fmt: skip
    for r in facts.continuing_education:
        found += [
            ("compulsory_hours", Phrase.of("check.piece.record_hours", period=r.period,
             hours_kind=compulsory), r.compulsory_hours),
            ("elective_hours", Phrase.of("check.piece.record_hours", period=r.period,
             hours_kind=elective), r.elective_hours),
        ]  # fmt: skip
    return [
        _error("application.ce_hours_range", field, what=what, hours=hours, most=MAX_CE_HOURS)
        for field, what, hours in found
        if hours is not None and not 0 <= hours <= MAX_CE_HOURS
    ]


def check_printable_text(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """Text the 申请表 could not hold (a control or bidi character, a newline in a
    one-line box, too long): entry refuses it, data from elsewhere is named here, before
    the firm reports it or the office passes it.  (The font's coverage is the printer's
    to check: the rules run where no font may be installed.)"""
    records: list[Record | None] = [facts.application, facts.person, facts.enterprise]
    records += facts.performance
    return [
        _error(
            "application.text_unprintable",
            problem.field,
            problem=Term(problem.zh, problem.en),
        )
        for record in records
        if record is not None
        for problem in record_problems(record, None)
    ]


PLAUSIBILITY_RULES = (
    check_qualification_date,
    check_performance_periods,
    check_ce_hours_range,
    check_printable_text,
)
"""The rules of this module, in the order their messages are listed."""
