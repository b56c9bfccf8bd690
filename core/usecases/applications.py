"""注册申报管理: creating, editing and listing applications."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import TypeVar

from regsync.core.checks.identity import parse_id_number
from regsync.core.errors import (
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
from regsync.core.numbering import make_number
from regsync.core.ports import IdGenerator, UnitOfWork
from regsync.core.state import LOCKED_FOR_ENTERPRISE, Stage

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
)

E = TypeVar("E", bound=enum.StrEnum)


def parse_choice(enum_type: type[E], value: str, field: str) -> E:
    try:
        return enum_type(value)
    except ValueError:
        expected = "one of " + ", ".join(m.value for m in enum_type)
        raise InvalidValue(field=field, value=value, expected=expected) from None


def _require_enterprise(uow: UnitOfWork, action_zh: str, action_en: str) -> Enterprise:
    node = uow.node
    if node.role is not Role.ENTERPRISE:
        raise NotAllowed(role=node.role.value, action_zh=action_zh, action_en=action_en)
    assert node.uscc is not None
    enterprise = uow.get(Enterprise, node.uscc)
    if enterprise is None:
        raise NotFound(what="企业", what_en="enterprise", key=node.uscc)
    return enterprise


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
) -> Application:
    """Create a draft application for one of the enterprise's persons.

    The number is made here, from the enterprise number the city issued at
    enrolment and the enterprise's own sequence for the year and kind.
    """
    enterprise = _require_enterprise(uow, "新增申请", "create applications")
    kind_ = parse_choice(ApplicationKind, kind, "--kind")
    specialty_ = parse_choice(Specialty, specialty, "--specialty")
    _check_editable(values)
    person_key = parse_id_number(person_id_number, today=today, field="--person").number
    person = uow.get(Person, person_key)
    if person is None:
        raise NotFound(what="人员", what_en="person", key=person_key)
    if enterprise.enterprise_number is None:
        raise MissingField(field="enterprise_number (regsync init --enterprise-number NNNN)")
    sequence = uow.next_counter(f"application:{today.year}:{kind_.value}")
    number = make_number(
        city_code=enterprise.city_code,
        year=today.year,
        kind=kind_,
        enterprise_number=enterprise.enterprise_number,
        sequence=sequence,
    )
    application = Application(
        number=number,
        kind=kind_.value,
        specialty=specialty_.value,
        person_id_number=person.id_number,
        person_name=person.name,
        enterprise_uscc=enterprise.uscc,
        enterprise_name=enterprise.name,
        city_code=enterprise.city_code,
        created_on=today,
        qualification_cert_no=person.qualification_cert_no,
        qualification_date=person.qualification_date,
    ).replace(**values)
    uow.put(application)
    return application


def get_application(uow: UnitOfWork, number: str) -> Application:
    application = uow.get(Application, number.strip())
    if application is None:
        raise NotFound(what="申请", what_en="application", key=number)
    return application


def _editable_application(uow: UnitOfWork, number: str) -> Application:
    """The application, if the enterprise may still change it (the city has not received it)."""
    application = get_application(uow, number)
    stage = Stage(application.stage)
    if stage in LOCKED_FOR_ENTERPRISE:
        raise InvalidState(
            number=application.number,
            stage=stage.value,
            action_zh="再修改（市级已接收）",
            action_en="be edited (the city has received it)",
        )
    return application


def edit_application(uow: UnitOfWork, number: str, values: Mapping[str, Value]) -> Application:
    """Change content fields of a draft; refused once the city has received the round."""
    _require_enterprise(uow, "修改申请", "edit applications")
    _check_editable(values)
    application = _editable_application(uow, number)
    edited = application.replace(**values)
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
) -> PerformanceRecord:
    """Add a 工作业绩 to an application (initial registration needs at least one)."""
    _require_enterprise(uow, "添加工作业绩", "add performance records")
    application = _editable_application(uow, number)
    if not project_name.strip():
        raise MissingField(field="--project")
    if not role.strip():
        raise MissingField(field="--role")
    record = PerformanceRecord(
        id=ids.new_id(),
        application_number=application.number,
        project_name=project_name.strip(),
        role=role.strip(),
        **values,  # type: ignore[arg-type]  # the CLI passes only the optional date/scale fields
    )
    uow.put(record)
    return record
