"""计算机核查 of dates and hours that cannot be true (issue 18).

Entry refuses them (:mod:`regsync.core.text_rules`), but an application can arrive
by sync from an older version or another office: the check still flags a
qualification date in the future, a 工作业绩 period that ends before it starts or
lies in the future, and negative or implausible continuing-education hours.
"""

from __future__ import annotations

from regsync.core.checks.facts import ApplicationFacts
from regsync.core.checks.facts import error as _error
from regsync.core.checks.messages import CheckMessage
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
            f"资格取得日期 {day.isoformat()} 晚于今天（{today.isoformat()}）；请核对资格证书后更正",
            f"the qualification date {day.isoformat()} is after today ({today.isoformat()}); "
            "check the qualification certificate and correct it",
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
                    f"第 {i} 条工作业绩“{p.project_name}”的结束日期 {end.isoformat()} 早于开始日期 "
                    f"{start.isoformat()}；请更正起止时间",
                    f"工作业绩 {i} '{p.project_name}' ends ({end.isoformat()}) before it starts "
                    f"({start.isoformat()}); correct its period",
                )
            )
        late = [d for d in (start, end) if d is not None and d > today]
        if late:
            messages.append(
                _error(
                    "application.performance_period_future",
                    "end_date" if end in late else "start_date",
                    f"第 {i} 条工作业绩“{p.project_name}”的日期 {late[-1].isoformat()} 晚于今天"
                    f"（{today.isoformat()}）；只能填写已完成的业绩",
                    f"工作业绩 {i} '{p.project_name}' has a date ({late[-1].isoformat()}) after "
                    f"today ({today.isoformat()}); enter only work already done",
                )
            )
    return messages


def check_ce_hours_range(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """Declared and recorded continuing-education hours are 0 … MAX_CE_HOURS."""
    app = facts.application
    found: list[tuple[str, str, str, int | None]] = []
    for field, zh, en in (
        ("ce_compulsory_hours", "必修学时", "compulsory hours"),
        ("ce_elective_hours", "选修学时", "elective hours"),
    ):
        found.append((field, f"申请填报的{zh}", f"the declared {en}", getattr(app, field)))
    for r in facts.continuing_education:
        found += [
            ("compulsory_hours", f"继续教育记录（{r.period}）的必修学时",
             f"the compulsory hours of the record for {r.period}", r.compulsory_hours),
            ("elective_hours", f"继续教育记录（{r.period}）的选修学时",
             f"the elective hours of the record for {r.period}", r.elective_hours),
        ]  # fmt: skip
    return [
        _error(
            "application.ce_hours_range",
            field,
            f"{zh} {hours} 不合理：应为 0 至 {MAX_CE_HOURS}；请核对后更正",
            f"{en} ({hours}) are implausible: expected 0 to {MAX_CE_HOURS}; check and correct them",
        )
        for field, zh, en, hours in found
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
            f"{problem.field}：{problem.zh}",
            f"{problem.field}: {problem.en}",
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
