"""注册申报管理: creating, editing and listing applications."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Collection, Mapping, Sequence
from typing import TypeVar

from regsync.core.application_fields import AMEND_REISSUE_FIELDS
from regsync.core.checks.identity import parse_id_number
from regsync.core.errors import (
    FrozenAfterReport,
    InvalidState,
    InvalidValue,
    MissingField,
    NotAllowed,
    NotFound,
    UnknownField,
)
from regsync.core.model import (
    Application,
    ApplicationKind,
    Enterprise,
    PerformanceRecord,
    Person,
    Role,
    Specialty,
    Value,
)
from regsync.core.numbering import PERSONAL_ENTERPRISE_NUMBER, make_number
from regsync.core.office_fields import NO_ENTRY, check_record, clean_values
from regsync.core.ports import IdGenerator, UnitOfWork
from regsync.core.state import LOCKED_FOR_ENTERPRISE, AppState, Stage
from regsync.core.text_rules import Entry, clean_text
from regsync.core.usecases.wording import both, what

# Fields a clerk may fill in; the rest are keys, copies or owned by the workflow.
EDITABLE_APPLICATION_FIELDS = (
    "person_name",
    "enterprise_name",
    "qualification_cert_no",
    "qualification_date",
    "registration_cert_no",
    "valid_until",
    "previous_employer",
    "reason",
    "ce_compulsory_hours",
    "ce_elective_hours",
    *AMEND_REISSUE_FIELDS,
)

E = TypeVar("E", bound=enum.StrEnum)

# The editions that enter application data: the enterprise (its own drafts) and the
# applicant at home (personal drafts, sent to the enterprise as a sealed package).
_DATA_ENTRY = frozenset({Role.ENTERPRISE, Role.PERSONAL})
# 资格注销 is the enterprise's to file: the personal edition (附件2) has the other four.
_PERSONAL_KINDS = frozenset(k for k in ApplicationKind if k is not ApplicationKind.CANCELLATION)


def parse_choice(enum_type: type[E], value: str, field: str) -> E:
    try:
        return enum_type(value)
    except ValueError:
        expected = "one of " + ", ".join(m.value for m in enum_type)
        raise InvalidValue(field=field, value=value, expected=expected) from None


def require_enterprise(uow: UnitOfWork, action_zh: str, action_en: str) -> Enterprise:
    """This node's enterprise; other editions are refused the action."""
    node = uow.node
    if node.role is not Role.ENTERPRISE:
        raise NotAllowed(role=node.role.value, action_zh=action_zh, action_en=action_en)
    assert node.uscc is not None
    enterprise = uow.get(Enterprise, node.uscc)
    if enterprise is None:
        raise NotFound(**what("usecase.record.enterprise"), key=node.uscc)
    return enterprise


def require_data_entry(uow: UnitOfWork, action_zh: str, action_en: str) -> None:
    """Refuse editions other than the enterprise and the personal one."""
    if uow.node.role not in _DATA_ENTRY:
        raise NotAllowed(role=uow.node.role.value, action_zh=action_zh, action_en=action_en)


def next_number(
    uow: UnitOfWork,
    *,
    city_code: str,
    enterprise_number: str,
    kind: ApplicationKind,
    today: dt.date,
) -> str:
    """The next unused application number of this node for the year and kind.

    The counter is local to the PC; a number the node already holds is skipped: a firm's
    new laptop starts from its city's snapshot with a fresh counter, and must not take
    the number of an application its lost laptop reported (that would overwrite it).
    """
    while True:
        sequence = uow.next_counter(f"application:{today.year}:{kind.value}")
        number = make_number(
            city_code=city_code,
            year=today.year,
            kind=kind,
            enterprise_number=enterprise_number,
            sequence=sequence,
        )
        if uow.get(Application, number) is None:
            return number


def _check_editable(values: Mapping[str, Value]) -> None:
    for field in values:
        if field not in EDITABLE_APPLICATION_FIELDS:
            raise UnknownField(field=field, known=", ".join(EDITABLE_APPLICATION_FIELDS))


def new_application(
    uow: UnitOfWork,
    *,
    today: dt.date,
    kind: str,
    specialty: str,
    person_id_number: str,
    values: Mapping[str, Value],
    entry: Entry = NO_ENTRY,
) -> Application:
    """Create a draft application for one of the node's persons.

    On an enterprise the number is made from the enterprise number the city issued
    at enrolment and the enterprise's own sequence for the year and kind.  On a
    personal node the enterprise number is ``0000`` and the enterprise is left
    open (empty USCC): the draft lives in the applicant's own scope until the
    enterprise receives the package and renumbers it (docs/decisions/0001).
    """
    require_data_entry(uow, *both("usecase.applications.create"))
    kind_ = parse_choice(ApplicationKind, kind, "--kind")
    specialty_ = parse_choice(Specialty, specialty, "--specialty")
    _check_editable(values)
    entry = dataclasses.replace(entry, today=entry.today or today)
    values = clean_values(Application, values, entry)
    person_key = parse_id_number(person_id_number, today=today, field="--person").number
    person = uow.get(Person, person_key)
    if person is None:
        raise NotFound(**what("usecase.record.person"), key=person_key)
    if uow.node.role is Role.PERSONAL:
        base = _personal_draft(uow, kind_, today)
    else:
        base = _enterprise_draft(uow, kind_, today)
    application = base.replace(
        kind=kind_.value,
        specialty=specialty_.value,
        person_id_number=person.id_number,
        person_name=person.name,
        created_on=today,
        qualification_cert_no=person.qualification_cert_no,
        qualification_date=person.qualification_date,
    ).replace(**values)
    check_record(application, entry)
    uow.put(application)
    return application


def _enterprise_draft(uow: UnitOfWork, kind: ApplicationKind, today: dt.date) -> Application:
    enterprise = require_enterprise(uow, *both("usecase.applications.create"))
    if enterprise.enterprise_number is None:
        raise MissingField(field="enterprise_number (regsync init --enterprise-number NNNN)")
    number = next_number(
        uow,
        city_code=enterprise.city_code,
        enterprise_number=enterprise.enterprise_number,
        kind=kind,
        today=today,
    )
    return _blank(number, enterprise.uscc, enterprise.name, enterprise.city_code, today)


def _personal_draft(uow: UnitOfWork, kind: ApplicationKind, today: dt.date) -> Application:
    if kind not in _PERSONAL_KINDS:
        action_zh, action_en = both("usecase.applications.personal_cancellation")
        raise NotAllowed(role=Role.PERSONAL.value, action_zh=action_zh, action_en=action_en)
    city = uow.node.city_code
    if city is None:
        # The field is named alike in both languages: the option and how to set it.
        raise MissingField(field="--city (regsync init --role personal --city CITY_CODE)")
    number = next_number(
        uow, city_code=city, enterprise_number=PERSONAL_ENTERPRISE_NUMBER, kind=kind, today=today
    )
    # The enterprise name is what the applicant types (--set enterprise_name=...):
    # the enterprise's reporting gate compares it with the registered name.
    return _blank(number, "", "", city, today)


def _blank(number: str, uscc: str, name: str, city: str, today: dt.date) -> Application:
    return Application(
        number=number,
        kind="",
        specialty="",
        person_id_number="",
        person_name="",
        enterprise_uscc=uscc,
        enterprise_name=name,
        city_code=city,
        created_on=today,
    )


def get_application(uow: UnitOfWork, number: str) -> Application:
    application = uow.get(Application, number.strip())
    if application is None:
        raise NotFound(**what("usecase.record.application"), key=number)
    return application


def state_in(
    application: Application, allowed: Collection[Stage], action_zh: str, action_en: str
) -> AppState:
    """The application's round and stage, if the stage is one of ``allowed``; otherwise
    the refusal naming the stage and what could not be done (``action_*``)."""
    state = AppState(application.round, Stage(application.stage))
    if state.stage not in allowed:
        raise InvalidState(
            number=application.number,
            stage=state.stage.value,
            action_zh=action_zh,
            action_en=action_en,
        )
    return state


def distinct_numbers(numbers: Sequence[str]) -> list[str]:
    """The numbers as typed, trimmed, each once, in their first order."""
    return list(dict.fromkeys(n.strip() for n in numbers))


def is_frozen(application: Application) -> bool:
    """Whether the firm may no longer change the application or its 工作业绩: it has
    been reported (the window greys its edit buttons with the same rule)."""
    return Stage(application.stage) in LOCKED_FOR_ENTERPRISE


def frozen_reason(
    application: Application,
    action_zh: str | None = None,
    action_en: str | None = None,
) -> FrozenAfterReport | None:
    """Why the firm may not change ``application`` (None: a draft, it may): the
    refusal the use cases raise and the window shows beside its read-only fields."""
    if not is_frozen(application):
        return None
    stage = Stage(application.stage)
    default_zh, default_en = both("usecase.applications.edit_data")
    return FrozenAfterReport(
        number=application.number,
        stage=stage.value,
        stage_zh=stage.zh,
        action_zh=action_zh or default_zh,
        action_en=action_en or default_en,
    )


def editable_application(
    uow: UnitOfWork,
    number: str,
    action_zh: str | None = None,
    action_en: str | None = None,
) -> Application:
    """The application, if the firm may still change it: a draft, not yet reported.

    The seed freezes a reported application at the firm, so that the printed
    申请表's barcode keeps matching the reported data; the refusal says how to
    correct it instead (the city's 修改, or 退回 -> 重新申报).
    """
    application = get_application(uow, number)
    refusal = frozen_reason(application, action_zh, action_en)
    if refusal is not None:
        raise refusal
    return application


def edit_application(
    uow: UnitOfWork, number: str, values: Mapping[str, Value], entry: Entry = NO_ENTRY
) -> Application:
    """Change content fields of a draft; refused once the round is reported."""
    require_data_entry(uow, *both("usecase.applications.edit"))
    _check_editable(values)
    values = clean_values(Application, values, entry)
    application = editable_application(uow, number)
    edited = application.replace(**values)
    check_record(edited, entry)
    uow.put(edited)
    return edited


def list_applications(uow: UnitOfWork) -> list[Application]:
    if uow.node.role is Role.ENTERPRISE:
        return uow.find(Application, enterprise_uscc=uow.node.uscc)
    return uow.find(Application)


def add_performance(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    number: str,
    project_name: str,
    role: str,
    values: Mapping[str, Value],
    entry: Entry = NO_ENTRY,
) -> PerformanceRecord:
    """Add a 工作业绩 to an application (initial registration needs at least one)."""
    action = both("usecase.applications.add_performance")
    require_data_entry(uow, *action)
    application = editable_application(uow, number, *action)
    if not project_name.strip():
        raise MissingField(field="--project")
    if not role.strip():
        raise MissingField(field="--role")
    record = PerformanceRecord(
        id=ids.new_id(),
        application_number=application.number,
        project_name=clean_text(PerformanceRecord, "project_name", project_name, entry.glyphs),
        role=clean_text(PerformanceRecord, "role", role, entry.glyphs),
        **clean_values(PerformanceRecord, values, entry),  # type: ignore[arg-type]  # the CLI passes only the optional date/scale fields
    )
    check_record(record, entry)
    uow.put(record)
    return record
