"""The Excel exports (导出 ... 以EXCEL形式) of every query screen: columns and rows.

Each :class:`ExportQuery` names the records it reads, the Chinese columns it
writes, the filters it accepts and how one record becomes one row.  Rows are made
one at a time from a stream of records, so an export of any size runs in bounded
memory; the few look-ups a row needs (a person's name, an enterprise's name) go
through a :class:`Lookup`, which the use case backs with a small bounded cache.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from typing import Protocol

from regsync.core.documents import Cell, Column, Sheet
from regsync.core.forms import gender_zh
from regsync.core.model import (
    Application,
    ApplicationKind,
    Certificate,
    ContinuingEducation,
    ExamResult,
    LeaveProvinceRecord,
    Person,
    R,
    Record,
    Specialty,
    Value,
)
from regsync.core.registration_status import STATUS_ZH
from regsync.core.state import Stage


class RecordStream(Protocol):
    """Reads committed records one at a time (an export never holds them all)."""

    def iterate(self, record_type: type[R], **equals: Value) -> Iterator[R]:
        """Records whose fields equal the given values, ordered by key, streamed."""
        ...


class Lookup(Protocol):
    """The names an export row shows for keys it holds."""

    def person_name(self, id_number: str) -> str: ...

    def enterprise_name(self, uscc: str) -> str: ...

    def seal_number(self, certificate_number: str) -> str: ...

    def registration_status(self, person: Person) -> str:
        """The person's status on the day of the query (:mod:`regsync.core.registration_status`)."""
        ...


Row = tuple[Cell, ...]


@dataclasses.dataclass(frozen=True)
class ExportQuery:
    """One exportable query: its records, columns, filters (option -> field) and rows."""

    name: str
    title: str
    record_type: type[Record]
    columns: tuple[Column, ...]
    filters: Mapping[str, str]
    row: Callable[[Record, Lookup], Row | None]
    fixed: Mapping[str, Value] = dataclasses.field(default_factory=dict)

    @property
    def sheet(self) -> Sheet:
        return Sheet(self.title, self.columns)


def _zh(enum_type: type[ApplicationKind] | type[Specialty] | type[Stage], value: str) -> str:
    try:
        return enum_type(value).zh
    except ValueError:
        return value


def _application_row(r: Record, _: Lookup) -> Row:
    assert isinstance(r, Application)
    return (
        r.number, r.person_name, r.person_id_number, _zh(ApplicationKind, r.kind),
        _zh(Specialty, r.specialty), r.enterprise_name, r.enterprise_uscc,
        _zh(Stage, r.stage), r.round, r.created_on, r.reported_on,
    )  # fmt: skip


def _certificate_row(r: Record, look: Lookup) -> Row:
    assert isinstance(r, Certificate)
    return (
        r.certificate_number, look.person_name(r.person_id_number), r.person_id_number,
        _zh(Specialty, r.specialty), look.enterprise_name(r.enterprise_uscc), r.issued_on,
        r.valid_until, look.seal_number(r.certificate_number), "当前" if r.current else "历史",
    )  # fmt: skip


def _leave_row(r: Record, look: Lookup) -> Row:
    assert isinstance(r, LeaveProvinceRecord)
    name = look.person_name(r.person_id_number)
    return (name, r.person_id_number, r.left_on, r.destination, r.reason)


def _exam_row(r: Record, _: Lookup) -> Row:
    assert isinstance(r, ExamResult)
    return (
        r.name, r.person_id_number, _zh(Specialty, r.specialty), r.year, r.subject, r.score,
        "合格" if r.passed else "不合格",
    )  # fmt: skip


def _ce_row(r: Record, look: Lookup) -> Row:
    assert isinstance(r, ContinuingEducation)
    return (
        look.person_name(r.person_id_number), r.person_id_number, _zh(Specialty, r.specialty),
        r.period, r.compulsory_hours, r.elective_hours, r.completed_on, r.provider,
    )  # fmt: skip


def _person_row(r: Record, look: Lookup) -> Row | None:
    assert isinstance(r, Person)
    if r.registration_status not in STATUS_ZH:
        return None  # 注册人员 lists registered persons only
    employer = look.enterprise_name(r.employer_uscc) if r.employer_uscc else ""
    return (
        STATUS_ZH[look.registration_status(r)], r.name, gender_zh(r.gender), r.id_number,
        r.birth_date, employer, r.qualification_cert_no, r.title, r.phone,
    )  # fmt: skip


def _filed_row(r: Record, look: Lookup) -> Row | None:
    assert isinstance(r, Certificate)
    if r.application_number is not None:
        return None  # issued by the system, not filed (数据备案 lists the filed register)
    return (
        look.person_name(r.person_id_number), r.person_id_number, _zh(Specialty, r.specialty),
        r.certificate_number, look.seal_number(r.certificate_number), r.issued_on,
        r.valid_until, r.enterprise_uscc,
    )  # fmt: skip


def _cols(*spec: tuple[str, int] | tuple[str, int, str]) -> tuple[Column, ...]:
    return tuple(Column(*s) for s in spec)


_CERT_COLUMNS = _cols(
    ("证书编号", 16), ("姓名", 10), ("身份证号", 21), ("注册专业", 20), ("聘用单位", 30),
    ("发证日期", 12, "date"), ("有效期至", 12, "date"), ("印章号", 16), ("状态", 8),
)  # fmt: skip
_PERSON_FILTERS = {"id_number": "person_id_number"}

QUERIES: dict[str, ExportQuery] = {
    q.name: q
    for q in (
        ExportQuery(
            "applications", "申报查询", Application,
            _cols(("申请编号", 20), ("姓名", 10), ("身份证号", 21), ("申请类别", 12),
                  ("注册专业", 20), ("聘用单位", 30), ("统一社会信用代码", 21), ("状态", 14),
                  ("轮次", 6, "int"), ("创建日期", 12, "date"), ("上报日期", 12, "date")),
            {"kind": "kind", "specialty": "specialty", "stage": "stage", "name": "person_name",
             "id_number": "person_id_number", "uscc": "enterprise_uscc"},
            _application_row,
        ),
        ExportQuery(
            "certificates", "当前证书印章", Certificate, _CERT_COLUMNS,
            {"specialty": "specialty", "uscc": "enterprise_uscc", **_PERSON_FILTERS},
            _certificate_row, {"current": True},
        ),
        ExportQuery(
            "certificate-history", "历史证书印章", Certificate, _CERT_COLUMNS,
            {"specialty": "specialty", "uscc": "enterprise_uscc", **_PERSON_FILTERS},
            _certificate_row,
        ),
        ExportQuery(
            "leave-province", "人员出省", LeaveProvinceRecord,
            _cols(("姓名", 10), ("身份证号", 21), ("出省日期", 12, "date"), ("去向", 20),
                  ("原因", 30)),
            _PERSON_FILTERS, _leave_row,
        ),
        ExportQuery(
            "exam-results", "考试成绩", ExamResult,
            _cols(("姓名", 10), ("身份证号", 21), ("注册专业", 20), ("年度", 8, "int"),
                  ("科目", 24), ("成绩", 8, "int"), ("是否合格", 10)),
            {"specialty": "specialty", "name": "name", "year": "year", **_PERSON_FILTERS},
            _exam_row,
        ),
        ExportQuery(
            "continuing-education", "继续教育", ContinuingEducation,
            _cols(("姓名", 10), ("身份证号", 21), ("注册专业", 20), ("学习周期", 12),
                  ("必修学时", 10, "int"), ("选修学时", 10, "int"), ("完成日期", 12, "date"),
                  ("培训机构", 30)),
            {"specialty": "specialty", **_PERSON_FILTERS}, _ce_row,
        ),
        ExportQuery(
            "registered-persons", "注册人员", Person,
            _cols(("状态", 10), ("姓名", 10), ("性别", 6), ("身份证号", 21),
                  ("出生日期", 12, "date"), ("聘用单位", 30), ("资格证书号", 16), ("职称", 12),
                  ("联系电话", 14)),
            {"name": "name", "id_number": "id_number", "uscc": "employer_uscc"}, _person_row,
        ),
        ExportQuery(
            # 数据备案 → 二级注册人员: the register filed from before go-live; the columns
            # are the import sheet's, so an exported sheet imports again unchanged.
            "filed-registrations", "二级注册人员备案", Certificate,
            _cols(("姓名", 10), ("身份证号", 21), ("注册专业", 20), ("证书编号", 18),
                  ("印章编号", 18), ("发证日期", 12, "date"), ("有效期至", 12, "date"),
                  ("聘用单位统一社会信用代码", 22)),
            {"specialty": "specialty", "uscc": "enterprise_uscc", **_PERSON_FILTERS},
            _filed_row, {"current": True},
        ),
    )
}  # fmt: skip
"""The exports by the name ``regsync export`` takes."""
