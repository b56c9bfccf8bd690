"""What the computer checks look at: :class:`ApplicationFacts`, and helpers the rules share.

The rules live in :mod:`.application` (the application's own content) and
:mod:`.register` (the application against the register the node holds); both read the
facts through the helpers here, so they agree on what "current" and "active" mean.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable

from regsync.core.checks.messages import CheckMessage, Severity, Term
from regsync.core.config import RulesConfig
from regsync.core.model import (
    Application,
    ApplicationKind,
    Certificate,
    ContinuingEducation,
    Enterprise,
    PerformanceRecord,
    Person,
    Role,
    Specialty,
)
from regsync.core.state import ACTIVE, Stage


@dataclasses.dataclass(frozen=True)
class ApplicationFacts:
    """Everything the checks of one application look at.

    ``enterprise`` is the enterprise named on the application as registered (None
    when no enterprise has that USCC); ``performance`` the application's 工作业绩;
    ``other_applications`` the same person's other applications (any enterprise the
    node sees); ``certificates`` the person's certificates, current and history (the
    register as far as this node holds it); ``continuing_education`` the person's
    继续教育 records; ``today`` the date of the check (passed in: the core reads no
    clock); ``role`` the edition of the node that checks: an office (city, province)
    holds more of the register than a firm, and what is a warning at the firm can be
    an error at the office's review.
    """

    application: Application
    person: Person | None
    enterprise: Enterprise | None
    performance: tuple[PerformanceRecord, ...]
    other_applications: tuple[Application, ...]
    certificates: tuple[Certificate, ...]
    continuing_education: tuple[ContinuingEducation, ...]
    today: dt.date
    role: Role = Role.ENTERPRISE


Rule = Callable[[ApplicationFacts, RulesConfig], list[CheckMessage]]
"""One rule: the facts and rule parameters in, zero or more messages out."""

OFFICES = frozenset({Role.CITY, Role.PROVINCE})
"""The editions that review applications (their check is the office's, not the firm's)."""


def error(code: str, field: str | None, /, **params: object) -> CheckMessage:
    """An error ``code`` about ``field``; its texts are the catalogue's ``check.<code>``."""
    return CheckMessage.of(code, Severity.ERROR, field, **params)


def warning(code: str, field: str | None, /, **params: object) -> CheckMessage:
    """A warning ``code`` about ``field``; its texts are the catalogue's ``check.<code>``."""
    return CheckMessage.of(code, Severity.WARNING, field, **params)


def kind_term(kind: ApplicationKind | str) -> Term:
    """An application kind as a message parameter (初始注册 / initial)."""
    try:
        known = ApplicationKind(kind)
    except ValueError:
        return Term(str(kind), str(kind))
    return Term(known.zh, known.value)


def stage_term(stage: str) -> Term:
    """A stage as a message parameter (已上报 / reported)."""
    try:
        return Term(Stage(stage).zh, stage)
    except ValueError:
        return Term(stage, stage)


def specialty_term(specialty: Specialty | str) -> Term:
    """A specialty as a message parameter (二级注册建筑师 / architect)."""
    try:
        known = Specialty(specialty)
    except ValueError:
        return Term(str(specialty), str(specialty))
    return Term(known.zh, known.value)


def kind_of(app: Application) -> ApplicationKind | None:
    """The application's kind, None when the value is unknown (another rule says so)."""
    try:
        return ApplicationKind(app.kind)
    except ValueError:
        return None


def specialty_of(app: Application) -> Specialty | None:
    """The application's specialty, None when the value is unknown."""
    try:
        return Specialty(app.specialty)
    except ValueError:
        return None


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (or earlier); 29 Feb falls back to 28 Feb."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def full_years(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def is_active(stage: str) -> bool:
    """Whether an application at ``stage`` occupies its person (reported, not yet closed)."""
    try:
        return Stage(stage) in ACTIVE
    except ValueError:
        return False


def current_certificates(facts: ApplicationFacts) -> list[Certificate]:
    """The person's current certificates of the application's specialty."""
    app = facts.application
    return [c for c in facts.certificates if c.current and c.specialty == app.specialty]


def register_certificate(facts: ApplicationFacts) -> Certificate | None:
    """The current certificate the application refers to, as the register holds it.

    The one the application names when it is current; any current one of the specialty
    otherwise (a person holds at most one per specialty); None when there is none.
    """
    current = current_certificates(facts)
    named = [c for c in current if c.certificate_number == facts.application.registration_cert_no]
    return named[0] if named else current[0] if current else None


def ce_period_start(app: Application, rules: RulesConfig) -> dt.date | None:
    """The start of the registration period a renewal's hours count in (None: unknown)."""
    specialty = specialty_of(app)
    if app.valid_until is None or specialty is None:
        return None
    return add_years(app.valid_until, -rules.validity_years(specialty))


def ce_records(
    records: Iterable[ContinuingEducation], specialty: Specialty, since: dt.date | None
) -> list[ContinuingEducation]:
    """The records of ``specialty`` completed on or after ``since``.

    Hours count per registration period, so older records do not help; a record
    without a completion date is counted (the clerk entered it for this period).
    """
    return [
        r
        for r in records
        if r.specialty == specialty.value
        and (since is None or r.completed_on is None or r.completed_on >= since)
    ]


def ce_totals(
    records: Iterable[ContinuingEducation], specialty: Specialty, since: dt.date | None
) -> tuple[int, int]:
    """(compulsory, elective) hours of ``specialty`` completed on or after ``since``."""
    chosen = ce_records(records, specialty, since)
    return sum(r.compulsory_hours for r in chosen), sum(r.elective_hours for r in chosen)
