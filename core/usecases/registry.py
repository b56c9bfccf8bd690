"""注册信息管理 and 数据备案管理 (附件4 §3, §4) and the province's register entries.

企业信息管理 (add and view enterprises, with format checks), 注册人员管理 (registered
persons: status, certificates and seals, conduct, 业绩, history of applications),
人员出省 records, conduct records and 继续教育 records.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from regsync.core.checks.identity import parse_id_number
from regsync.core.errors import (
    EnterpriseExists,
    InvalidValue,
    MissingField,
    NotAllowed,
    NotFound,
    RegisteredElsewhere,
)
from regsync.core.model import (
    Application,
    Certificate,
    ConductRecord,
    ContinuingEducation,
    Enterprise,
    LeaveProvinceRecord,
    PerformanceRecord,
    Person,
    Role,
    Seal,
    Specialty,
    Value,
)
from regsync.core.office_fields import NO_ENTRY, clean_values
from regsync.core.ports import IdGenerator, UnitOfWork
from regsync.core.registration_status import STATUS_ZH, status_on
from regsync.core.text_rules import Entry, clean_text
from regsync.core.usecases.applications import parse_choice
from regsync.core.usecases.province import end_registration
from regsync.core.usecases.setup import check_enterprise_number, check_org_code, checked_uscc
from regsync.core.usecases.wording import both, each, what

ENTERPRISE_OPTIONS = (
    "address",
    "legal_representative",
    "contact",
    "phone",
    "qualification",
    "qualification_category",
    "qualification_grade",
)
APPROVED = "approved"
"""Status of an enterprise a city adds: 审批通过 (and 已上报: it travels with the next sync)."""


def _require(uow: UnitOfWork, roles: frozenset[Role], action_zh: str, action_en: str) -> None:
    if uow.node.role not in roles:
        raise NotAllowed(role=uow.node.role.value, action_zh=action_zh, action_en=action_en)


_OFFICES = frozenset({Role.CITY, Role.PROVINCE})
ENTERPRISE_WRITERS = frozenset({Role.CITY})
"""Who may add and edit enterprises (企业信息管理 → 新增, 修改): the city, for its own."""
_ENTERPRISE_ACTIONS = {
    "add": "usecase.registry.add_enterprise",
    "edit": "usecase.registry.edit_enterprise",
}


def require_enterprise_writer(uow: UnitOfWork, action: str) -> None:
    """Refuse (the CLI's :class:`NotAllowed`) unless this node may ``action`` ("add" or
    "edit") enterprises; the window asks before opening a form it could not save."""
    _require(uow, ENTERPRISE_WRITERS, *both(_ENTERPRISE_ACTIONS[action]))


def _check_registered_here(uscc: str, city_code: str) -> None:
    """A firm whose licence another city issued (USCC positions 3-8, the 登记管理机关
    行政区划码) is that city's to register: offline, this city cannot see that the
    other already holds it, and the province would refuse this city's bundles.  A
    licence of the province itself (14 00 xx) belongs to no one city."""
    region = uscc[2:8]
    if region[:2] == city_code[:2] and region[2:4] not in {"00", city_code[2:4]}:
        raise RegisteredElsewhere(uscc=uscc, region=region, city=city_code)


def add_enterprise(
    uow: UnitOfWork,
    *,
    uscc: str,
    name: str,
    enterprise_number: str | None,
    org_code: str | None,
    uscc_confirmed: bool,
    values: Mapping[str, str],
    entry: Entry = NO_ENTRY,
) -> Enterprise:
    """企业信息管理 → 新增: a city records an enterprise of its city.

    The USCC (GB 32100), the org code (GB 11714, positions 9-17), the enterprise
    number (0001-9999) and the phone are checked as typed.  An enterprise that
    exists already is not overwritten: the clerk is told to fetch it from the server
    (the next sync with the province).
    """
    require_enterprise_writer(uow, "add")
    if not name.strip():
        raise MissingField(field="--name")
    code = checked_uscc(uscc, confirmed=uscc_confirmed)
    assert uow.node.city_code is not None
    _check_registered_here(code, uow.node.city_code)
    org = check_org_code(org_code, code)
    number = check_enterprise_number(enterprise_number or None)
    found = uow.get(Enterprise, code)
    if found is None:
        found = next(iter(uow.find(Enterprise, org_code=org)), None)
    if found is not None:
        raise EnterpriseExists(key=found.uscc, name=found.name)
    phone = values.get("phone")
    if phone is not None and not _phone_ok(phone):
        raise InvalidValue(field="--phone", value=phone, expected="7-20 digits, - or +")
    assert uow.node.city_code is not None
    given = {k: v.strip() for k, v in values.items() if k in ENTERPRISE_OPTIONS and v.strip()}
    enterprise = Enterprise(
        uscc=code,
        name=clean_text(Enterprise, "name", name, entry.glyphs),
        city_code=uow.node.city_code,
        org_code=org,
        enterprise_number=number,
        status=APPROVED,
        **clean_values(Enterprise, given, entry),  # type: ignore[arg-type]  # names are ENTERPRISE_OPTIONS
    )
    uow.put(enterprise)
    return enterprise


def _phone_ok(text: str) -> bool:
    digits = [c for c in text if c.isdigit()]
    return 7 <= len(digits) <= 20 and all(c.isdigit() or c in "-+ ()" for c in text)


def edit_enterprise(
    uow: UnitOfWork, uscc: str, values: Mapping[str, str], entry: Entry = NO_ENTRY
) -> Enterprise:
    """企业信息管理 → 修改: a city updates an enterprise of its city (e.g. after 更名).

    A renamed firm's pending applications then fail the computer check (the name on
    the application differs from the registered one) until it files 更改、补办.
    """
    require_enterprise_writer(uow, "edit")
    enterprise = get_enterprise(uow, uscc)
    if enterprise.city_code != uow.node.city_code:
        action_zh, action_en = both("usecase.registry.other_city", city=enterprise.city_code)
        raise NotAllowed(role=uow.node.role.value, action_zh=action_zh, action_en=action_en)
    changes = {k: v.strip() for k, v in values.items() if k in ("name", *ENTERPRISE_OPTIONS)}
    if not changes:
        raise MissingField(field="--name / --address / --phone ...")
    if "name" in changes and not changes["name"]:
        raise MissingField(field="--name")
    if "phone" in changes and not _phone_ok(changes["phone"]):
        raise InvalidValue(field="--phone", value=changes["phone"], expected="7-20 digits, - or +")
    edited = enterprise.replace(**clean_values(Enterprise, changes, entry))
    uow.put(edited)
    return edited


def list_enterprises(uow: UnitOfWork) -> list[Enterprise]:
    """The enterprises of this city (all of them at the province)."""
    if uow.node.role is Role.CITY:
        return uow.find(Enterprise, city_code=uow.node.city_code)
    return uow.find(Enterprise)


def get_enterprise(uow: UnitOfWork, uscc: str) -> Enterprise:
    found = uow.get(Enterprise, uscc.strip().upper())
    if found is None:
        raise NotFound(**what("usecase.record.enterprise"), key=uscc)
    return found


@dataclasses.dataclass(frozen=True)
class RegisteredPersonStatus:
    """A registered person and the status on the day of the query (有效 / 停止注册)."""

    person: Person
    status: str


def registered_persons(
    uow: UnitOfWork, *, today: dt.date, status: str | None = None
) -> list[RegisteredPersonStatus]:
    """注册人员管理: persons with a registration (有效 or 停止注册), of this city at a city.

    The status is the one on ``today`` (:mod:`regsync.core.registration_status`): a
    registration whose certificates have all ended shows, and filters as, 停止注册.
    """
    if status is not None and status not in STATUS_ZH:
        raise InvalidValue(field="--status", value=status, expected="active or stopped")
    found = [p for s in STATUS_ZH for p in uow.find(Person, registration_status=s)]
    if uow.node.role is Role.CITY:
        mine = {e.uscc for e in list_enterprises(uow)}
        found = [p for p in found if p.employer_uscc in mine]
    rows = [RegisteredPersonStatus(p, status_on(uow, p, today)) for p in found]
    return sorted(
        (r for r in rows if status is None or r.status == status), key=lambda r: r.person.id_number
    )


@dataclasses.dataclass(frozen=True)
class PersonDetail:
    """双击记录: everything the 注册人员管理 pages show of one person (read only)."""

    person: Person
    certificates: list[Certificate]
    seals: list[Seal]
    conduct: list[ConductRecord]
    performance: list[PerformanceRecord]
    applications: list[Application]
    leave_province: list[LeaveProvinceRecord]
    continuing_education: list[ContinuingEducation]
    employer_name: str = ""  # 聘用单位 by name, when this node holds the enterprise
    status: str = "none"  # the registration status on the day of the query


def person_detail(uow: UnitOfWork, id_number: str, *, today: dt.date) -> PersonDetail:
    """基本信息, 证书印章, 良好/不良行为, 工作业绩 and 历次申报情况 of one person
    (the registration status as on ``today``)."""
    person = uow.get(Person, id_number.strip().upper())
    if person is None:
        raise NotFound(**what("usecase.record.person"), key=id_number)
    key = person.id_number
    applications = sorted(
        uow.find(Application, person_id_number=key), key=lambda a: (a.created_on, a.number)
    )
    performance = [
        p for a in applications for p in uow.find(PerformanceRecord, application_number=a.number)
    ]
    employer = uow.get(Enterprise, person.employer_uscc) if person.employer_uscc else None
    return PersonDetail(
        person=person,
        status=status_on(uow, person, today),
        employer_name=employer.name if employer else "",
        certificates=_newest_first(uow.find(Certificate, person_id_number=key)),
        seals=sorted(uow.find(Seal, person_id_number=key), key=lambda s: s.issued_on),
        conduct=sorted(uow.find(ConductRecord, person_id_number=key), key=lambda c: c.recorded_on),
        performance=performance,
        applications=applications,
        leave_province=uow.find(LeaveProvinceRecord, person_id_number=key),
        continuing_education=uow.find(ContinuingEducation, person_id_number=key),
    )


def _newest_first(certs: list[Certificate]) -> list[Certificate]:
    return sorted(certs, key=lambda c: (not c.current, c.issued_on), reverse=False)


def _person(uow: UnitOfWork, id_number: str, today: dt.date) -> Person:
    key = parse_id_number(id_number, today=today, field="--person").number
    person = uow.get(Person, key)
    if person is None:
        raise NotFound(**what("usecase.record.person"), key=key)
    return person


def add_conduct(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    person_id: str,
    good: bool,
    description: str,
    recorded_by: str,
    today: dt.date,
) -> ConductRecord:
    """A 良好行为 or 不良行为 record (province or city)."""
    _require(uow, _OFFICES, *both("usecase.registry.conduct"))
    if not description.strip():
        raise MissingField(field="--description")
    person = _person(uow, person_id, today)
    record = ConductRecord(
        id=ids.new_id(),
        person_id_number=person.id_number,
        good=good,
        description=description.strip(),
        recorded_on=today,
        recorded_by=recorded_by.strip() or None,
    )
    uow.put(record)
    return record


def add_leave(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    person_id: str,
    left_on: dt.date,
    destination: str | None,
    reason: str | None,
    today: dt.date,
) -> LeaveProvinceRecord:
    """人员出省 (province): the person leaves Shanxi; the registrations here end."""
    _require(uow, frozenset({Role.PROVINCE}), *both("usecase.registry.leave"))
    person = _person(uow, person_id, today)
    record = LeaveProvinceRecord(
        id=ids.new_id(),
        person_id_number=person.id_number,
        left_on=left_on,
        destination=(destination or "").strip() or None,
        reason=(reason or "").strip() or None,
    )
    uow.put(record)
    for specialty in Specialty:
        end_registration(uow, person.id_number, specialty)
    return record


def cancel(uow: UnitOfWork, *, person_id: str, specialty: str, today: dt.date) -> int:
    """资格注销 recorded directly by the province (without an application)."""
    _require(uow, frozenset({Role.PROVINCE}), *both("usecase.registry.cancel"))
    person = _person(uow, person_id, today)
    spec = parse_choice(Specialty, specialty, "--specialty")
    # Only a current registration can end: cancelling twice would "succeed" doing nothing.
    held = uow.find(Certificate, person_id_number=person.id_number, specialty=spec.value)
    if not any(c.current for c in held):
        key = "usecase.registry.current_certificate" if held else "usecase.registry.certificate"
        what_zh, what_en = each(key, {"specialty": spec.zh}, {"specialty": spec.value})
        raise NotFound(what=what_zh, what_en=what_en, key=person.id_number)
    return end_registration(uow, person.id_number, spec)


def add_continuing_education(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    person_id: str,
    specialty: str,
    period: str,
    compulsory: int,
    elective: int,
    values: Mapping[str, Value],
    today: dt.date,
) -> ContinuingEducation:
    """继续教育 filing: hours a person completed in one period (city or province)."""
    _require(uow, _OFFICES, *both("usecase.registry.continuing_education"))
    person = _person(uow, person_id, today)
    spec = parse_choice(Specialty, specialty, "--specialty")
    if not period.strip():
        raise MissingField(field="--period")
    for name, hours in (("--compulsory", compulsory), ("--elective", elective)):
        if hours < 0:
            raise InvalidValue(field=name, value=hours, expected="hours >= 0")
    record = ContinuingEducation(
        id=ids.new_id(),
        person_id_number=person.id_number,
        specialty=spec.value,
        period=period.strip(),
        compulsory_hours=compulsory,
        elective_hours=elective,
        **values,  # type: ignore[arg-type]  # the CLI passes only completed_on / provider
    )
    uow.put(record)
    return record
