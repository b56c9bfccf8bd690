"""The records of the registration domain and their global keys (DESIGN §3).

Every record is a frozen dataclass.  Its *global key* needs no coordination between
offices: an enterprise is keyed by its USCC, a person by the 身份证号, an application
by its application number, everything else by a ULID made where it was created.

Field values are restricted to ``str | int | bool | datetime.date | None`` so that a
record can be written field by field into a changeset and into any SQL backend.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

Value = str | int | bool | dt.date | None
"""A field value as the domain sees it."""


class Role(enum.StrEnum):
    """The four editions; the role decides scope and authority tier."""

    PERSONAL = "personal"
    ENTERPRISE = "enterprise"
    CITY = "city"
    PROVINCE = "province"

    @property
    def tier(self) -> int:
        """Authority tier used to break write conflicts (higher wins)."""
        return _TIERS[self]


_TIERS = {Role.PERSONAL: 0, Role.ENTERPRISE: 1, Role.CITY: 2, Role.PROVINCE: 3}


class ApplicationKind(enum.StrEnum):
    """The five kinds of application (申请类别)."""

    INITIAL = "initial"
    CHANGE = "change"
    RENEWAL = "renewal"
    AMEND_REISSUE = "amend_reissue"
    CANCELLATION = "cancellation"

    @property
    def zh(self) -> str:
        return _KIND_ZH[self]

    @property
    def digit(self) -> int:
        """The digit that stands for the kind inside an application number."""
        return list(ApplicationKind).index(self) + 1


_KIND_ZH = {
    ApplicationKind.INITIAL: "初始注册",
    ApplicationKind.CHANGE: "变更注册",
    ApplicationKind.RENEWAL: "延续注册",
    ApplicationKind.AMEND_REISSUE: "更改、补办",
    ApplicationKind.CANCELLATION: "资格注销",
}


class Specialty(enum.StrEnum):
    """The two registered specialties (注册专业)."""

    ARCHITECT = "architect"
    STRUCTURAL = "structural"

    @property
    def zh(self) -> str:
        return "二级注册建筑师" if self is Specialty.ARCHITECT else "二级注册结构工程师"


class Gender(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"


class Record:
    """Base of every replicated record.

    Subclasses are frozen dataclasses that name their kind (the table) and the field
    that holds the global key.
    """

    KIND: ClassVar[str]
    KEY: ClassVar[str]

    @property
    def key(self) -> str:
        value = getattr(self, self.KEY)
        assert isinstance(value, str)
        return value

    def fields(self) -> dict[str, Value]:
        """All fields by name, key included, in declaration order."""
        # Records are plain (non-slotted) dataclasses whose __dict__ holds exactly the
        # fields; reading it is several times faster than dataclasses.fields().
        return dict(self.__dict__)

    def replace(self: R, **changes: Any) -> R:
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]  # subclasses are dataclasses


R = TypeVar("R", bound=Record)


@dataclasses.dataclass(frozen=True)
class Enterprise(Record):
    """A design firm (聘用单位), keyed by its 统一社会信用代码."""

    KIND: ClassVar[str] = "enterprise"
    KEY: ClassVar[str] = "uscc"
    uscc: str
    name: str
    city_code: str
    org_code: str | None = None
    enterprise_number: str | None = None
    address: str | None = None
    legal_representative: str | None = None
    contact: str | None = None
    phone: str | None = None
    qualification: str | None = None  # 资质 (free text, kept from before the coded fields)
    status: str = "active"
    qualification_category: str | None = None  # 资质类别 (core.office_codes)
    qualification_grade: str | None = None  # 资质等级 (core.office_codes)


@dataclasses.dataclass(frozen=True)
class Person(Record):
    """A person employed by an enterprise (企业人员), keyed by the 身份证号."""

    KIND: ClassVar[str] = "person"
    KEY: ClassVar[str] = "id_number"
    id_number: str
    name: str
    gender: str
    birth_date: dt.date
    employer_uscc: str | None = None
    phone: str | None = None
    email: str | None = None
    education: str | None = None  # 学历
    major: str | None = None  # 所学专业
    school: str | None = None  # 毕业院校
    graduation_date: dt.date | None = None
    title: str | None = None  # 职称
    qualification_cert_no: str | None = None  # 资格证书号
    qualification_date: dt.date | None = None  # 资格取得日期
    registration_status: str = "none"  # none | active(有效) | stopped(停止注册)
    ethnicity: str | None = None  # 民族 (GB 3304 name, core.office_codes)
    photo: str | None = None  # 照片: JPEG/PNG bytes as base64 text (core.photos)
    qualification_route: str | None = None  # 资格取得方式 (core.office_codes)
    contract_start: dt.date | None = None  # 劳动合同起始日期
    contract_end: dt.date | None = None  # 劳动合同终止日期
    previous_seal_no: str | None = None  # 原印章号


@dataclasses.dataclass(frozen=True)
class Application(Record):
    """An application (申请), keyed by its application number (the barcode)."""

    KIND: ClassVar[str] = "application"
    KEY: ClassVar[str] = "number"
    number: str
    kind: str
    specialty: str
    person_id_number: str
    person_name: str
    enterprise_uscc: str
    enterprise_name: str
    city_code: str
    created_on: dt.date
    round: int = 1
    stage: str = "draft"
    qualification_cert_no: str | None = None
    qualification_date: dt.date | None = None
    registration_cert_no: str | None = None  # current certificate (变更/延续/更改补办/注销)
    valid_until: dt.date | None = None  # expiry of the current registration
    previous_employer: str | None = None  # 变更注册: the unit left
    reason: str | None = None  # 更改、补办 / 资格注销: why
    ce_compulsory_hours: int | None = None  # 继续教育 必修学时 declared for this application
    ce_elective_hours: int | None = None  # 继续教育 选修学时
    reported_on: dt.date | None = None
    provenance: str | None = None  # node that first entered the data (personal package)
    # 更改、补办 (core.checks.amend_reissue): 更改 names an item and its old and new
    # value; 补办 names what is reissued and the loss declaration (登报声明).
    amend_mode: str | None = None  # amend 更改 | reissue 补办
    amend_item: str | None = None  # employer_name | person_name | id_upgrade | other
    amend_old_value: str | None = None
    amend_new_value: str | None = None
    reissue_items: str | None = None  # certificate | seal | both
    loss_newspaper: str | None = None  # 遗失声明刊登报纸
    loss_declared_on: dt.date | None = None  # 声明刊登日期


@dataclasses.dataclass(frozen=True)
class PerformanceRecord(Record):
    """A 工作业绩 attached to an initial-registration application."""

    KIND: ClassVar[str] = "performance"
    KEY: ClassVar[str] = "id"
    id: str
    application_number: str
    project_name: str
    role: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    scale: str | None = None
    description: str | None = None


@dataclasses.dataclass(frozen=True)
class Review(Record):
    """A city's 申报审核 of one round of an application."""

    KIND: ClassVar[str] = "review"
    KEY: ClassVar[str] = "id"
    id: str
    application_number: str
    round: int
    passed: bool
    reviewer: str
    reviewed_on: dt.date
    opinion: str | None = None


@dataclasses.dataclass(frozen=True)
class Decision(Record):
    """The province's approval or rejection of one round of an application."""

    KIND: ClassVar[str] = "decision"
    KEY: ClassVar[str] = "id"
    id: str
    application_number: str
    round: int
    approved: bool
    decided_by: str
    decided_on: dt.date
    opinion: str | None = None


@dataclasses.dataclass(frozen=True)
class Certificate(Record):
    """A registration certificate (注册证书); ``current`` false keeps the history."""

    KIND: ClassVar[str] = "certificate"
    KEY: ClassVar[str] = "id"
    id: str
    certificate_number: str
    person_id_number: str
    specialty: str
    enterprise_uscc: str
    issued_on: dt.date
    valid_until: dt.date
    application_number: str | None = None
    current: bool = True


@dataclasses.dataclass(frozen=True)
class Seal(Record):
    """A registration seal (执业印章); ``current`` false keeps the history."""

    KIND: ClassVar[str] = "seal"
    KEY: ClassVar[str] = "id"
    id: str
    seal_number: str
    person_id_number: str
    specialty: str
    issued_on: dt.date
    certificate_number: str | None = None
    current: bool = True


@dataclasses.dataclass(frozen=True)
class ConductRecord(Record):
    """A good (良好) or bad (不良) conduct record of a registered person."""

    KIND: ClassVar[str] = "conduct"
    KEY: ClassVar[str] = "id"
    id: str
    person_id_number: str
    good: bool
    description: str
    recorded_on: dt.date
    recorded_by: str | None = None


@dataclasses.dataclass(frozen=True)
class LeaveProvinceRecord(Record):
    """A 人员出省 record: the person left the province."""

    KIND: ClassVar[str] = "leave_province"
    KEY: ClassVar[str] = "id"
    id: str
    person_id_number: str
    left_on: dt.date
    destination: str | None = None
    reason: str | None = None


@dataclasses.dataclass(frozen=True)
class ExamResult(Record):
    """A 考试成绩 line."""

    KIND: ClassVar[str] = "exam_result"
    KEY: ClassVar[str] = "id"
    id: str
    person_id_number: str
    name: str
    specialty: str
    year: int
    subject: str
    score: int
    passed: bool


@dataclasses.dataclass(frozen=True)
class ContinuingEducation(Record):
    """A 继续教育 record: hours completed in one period."""

    KIND: ClassVar[str] = "continuing_education"
    KEY: ClassVar[str] = "id"
    id: str
    person_id_number: str
    specialty: str
    period: str
    compulsory_hours: int
    elective_hours: int
    completed_on: dt.date | None = None
    provider: str | None = None


@dataclasses.dataclass(frozen=True)
class Node(Record):
    """An office's installation: its identity, role, scope and public key."""

    KIND: ClassVar[str] = "node"
    KEY: ClassVar[str] = "node_id"
    node_id: str
    role: str
    name: str
    scope: str
    public_key: str | None = None
    certificate: str | None = None
    city_code: str | None = None
    uscc: str | None = None


@dataclasses.dataclass(frozen=True)
class User(Record):
    """An operator of a city or province office."""

    KIND: ClassVar[str] = "user"
    KEY: ClassVar[str] = "id"
    id: str
    username: str
    name: str
    role: str
    city_code: str | None = None
    active: bool = True


@dataclasses.dataclass(frozen=True)
class Conflict(Record):
    """An entry of the conflict ledger: one field written concurrently on two nodes."""

    KIND: ClassVar[str] = "conflict"
    KEY: ClassVar[str] = "id"
    id: str
    record_kind: str
    record_key: str
    field: str
    kept_value: str  # JSON of the value that won
    lost_value: str  # JSON of the value that lost
    kept_origin: str
    lost_origin: str
    kind: str = "data"
    resolved: bool = False
    resolution: str | None = None


RECORD_TYPES: tuple[type[Record], ...] = (
    Enterprise,
    Person,
    Application,
    PerformanceRecord,
    Review,
    Decision,
    Certificate,
    Seal,
    ConductRecord,
    LeaveProvinceRecord,
    ExamResult,
    ContinuingEducation,
    Node,
    User,
    Conflict,
)
RECORD_BY_KIND: Mapping[str, type[Record]] = {t.KIND: t for t in RECORD_TYPES}


def field_types(record_type: type[Record]) -> dict[str, type]:
    """The Python type of each field (``str``, ``int``, ``bool`` or ``date``)."""
    hints = {"str": str, "int": int, "bool": bool, "dt.date": dt.date}
    result: dict[str, type] = {}
    for f in dataclasses.fields(record_type):  # type: ignore[arg-type]  # record types are dataclasses
        base = str(f.type).replace(" | None", "")
        result[f.name] = hints[base]
    return result


def required_fields(record_type: type[Record]) -> tuple[str, ...]:
    """Fields without a default: a record cannot exist without them."""
    return tuple(
        f.name
        for f in dataclasses.fields(record_type)  # type: ignore[arg-type]  # record types are dataclasses
        if f.default is dataclasses.MISSING
    )


def from_fields(record_type: type[R], values: Mapping[str, Value]) -> R:
    """Build a record from a field mapping, ignoring unknown names."""
    names = {f.name for f in dataclasses.fields(record_type)}  # type: ignore[arg-type]  # record types are dataclasses
    return record_type(**{k: v for k, v in values.items() if k in names})
