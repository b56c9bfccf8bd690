"""The Excel exports (导出 ... 以EXCEL形式) of every query screen: columns and rows.

Each :class:`ExportQuery` names the records it reads, the columns it writes (title
and headers from the catalogue, zh by default, :meth:`ExportQuery.in_lang` for en), the
filters it accepts and how one record becomes one row.  Rows are made one at a time
from a stream of records, so an export of any size runs in bounded memory; the few
look-ups a row needs (a person's name, an enterprise's name) go through a
:class:`Lookup`, which the use case backs with a small bounded cache.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from typing import Protocol

from regsync.core import catalogue, i18n
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
    keys: tuple[str, ...] = ()
    """The catalogue keys of the column headers (``export.column.<name>``)."""
    lang: str = "zh"
    """The language of :attr:`title` and the column headers."""

    @property
    def sheet(self) -> Sheet:
        return Sheet(self.title, self.columns)

    def in_lang(self, lang: str) -> ExportQuery:
        """This query with its sheet title and column headers in ``lang`` (zh or en)."""
        lang = i18n.language(lang)
        if lang == self.lang:
            return self
        title = catalogue.text(f"export.{self.name.replace('-', '_')}.title", lang)
        columns = tuple(
            dataclasses.replace(c, header=catalogue.text(k, lang))
            for c, k in zip(self.columns, self.keys, strict=True)
        )
        return dataclasses.replace(self, title=title, columns=columns, lang=lang)

    def sheet_in(self, lang: str) -> Sheet:
        """The sheet's shape (title and column headers) in ``lang``."""
        return self.in_lang(lang).sheet


def column_label(header: str, lang: str) -> str:
    """An export's Chinese column header (an import sheet's too) in ``lang``."""
    key = _HEADER_KEYS.get(header)
    return catalogue.text(key, lang) if key is not None else header


def _zh(enum_type: type[ApplicationKind] | type[Specialty] | type[Stage], value: str) -> str:
    try:
        return enum_type(value).zh
    except ValueError:
        return value


def _value(name: str) -> str:
    # A cell's value stays Chinese in every export, as the register's other values do.
    return catalogue.text(f"export.value.{name}", "zh")


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
        r.valid_until, look.seal_number(r.certificate_number),
        _value("current" if r.current else "history"),
    )  # fmt: skip


def _leave_row(r: Record, look: Lookup) -> Row:
    assert isinstance(r, LeaveProvinceRecord)
    name = look.person_name(r.person_id_number)
    return (name, r.person_id_number, r.left_on, r.destination, r.reason)


def _exam_row(r: Record, _: Lookup) -> Row:
    assert isinstance(r, ExamResult)
    return (
        r.name, r.person_id_number, _zh(Specialty, r.specialty), r.year, r.subject, r.score,
        _value("passed" if r.passed else "failed"),
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


_Spec = tuple[str, int] | tuple[str, int, str]


def _query(
    name: str,
    record_type: type[Record],
    columns: tuple[_Spec, ...],
    filters: Mapping[str, str],
    row: Callable[[Record, Lookup], Row | None],
    *,
    fixed: Mapping[str, Value] | None = None,
) -> ExportQuery:
    """A query in zh: its title is ``export.<name>.title``, its columns' headers
    ``export.column.<column>`` (the same header in every sheet)."""
    keys = tuple(f"export.column.{c[0]}" for c in columns)
    blank = tuple(Column("", *c[1:]) for c in columns)
    query = ExportQuery(name, "", record_type, blank, filters, row, dict(fixed or {}), keys, "")
    return query.in_lang("zh")


_CERT_COLUMNS: tuple[_Spec, ...] = (
    ("certificate_number", 16), ("name", 10), ("id_number", 21), ("specialty", 20),
    ("employer", 30), ("issued_on", 12, "date"), ("valid_until", 12, "date"), ("seal", 16),
    ("status", 8),
)  # fmt: skip
_PERSON_FILTERS = {"id_number": "person_id_number"}

QUERIES: dict[str, ExportQuery] = {
    q.name: q
    for q in (
        _query(
            "applications", Application,
            (("application_number", 20), ("name", 10), ("id_number", 21), ("kind", 12),
             ("specialty", 20), ("employer", 30), ("uscc", 21), ("status", 14),
             ("round", 6, "int"), ("created_on", 12, "date"), ("reported_on", 12, "date")),
            {"kind": "kind", "specialty": "specialty", "stage": "stage", "name": "person_name",
             "id_number": "person_id_number", "uscc": "enterprise_uscc"},
            _application_row,
        ),
        _query(
            "certificates", Certificate, _CERT_COLUMNS,
            {"specialty": "specialty", "uscc": "enterprise_uscc", **_PERSON_FILTERS},
            _certificate_row, fixed={"current": True},
        ),
        _query(
            "certificate-history", Certificate, _CERT_COLUMNS,
            {"specialty": "specialty", "uscc": "enterprise_uscc", **_PERSON_FILTERS},
            _certificate_row,
        ),
        _query(
            "leave-province", LeaveProvinceRecord,
            (("name", 10), ("id_number", 21), ("left_on", 12, "date"), ("destination", 20),
             ("reason", 30)),
            _PERSON_FILTERS, _leave_row,
        ),
        _query(
            "exam-results", ExamResult,
            (("name", 10), ("id_number", 21), ("specialty", 20), ("year", 8, "int"),
             ("subject", 24), ("score", 8, "int"), ("passed", 10)),
            {"specialty": "specialty", "name": "name", "year": "year", **_PERSON_FILTERS},
            _exam_row,
        ),
        _query(
            "continuing-education", ContinuingEducation,
            (("name", 10), ("id_number", 21), ("specialty", 20), ("period", 12),
             ("compulsory_hours", 10, "int"), ("elective_hours", 10, "int"),
             ("completed_on", 12, "date"), ("provider", 30)),
            {"specialty": "specialty", **_PERSON_FILTERS}, _ce_row,
        ),
        _query(
            "registered-persons", Person,
            (("status", 10), ("name", 10), ("gender", 6), ("id_number", 21),
             ("birth_date", 12, "date"), ("employer", 30), ("qualification_cert_no", 16),
             ("title", 12), ("phone", 14)),
            {"name": "name", "id_number": "id_number", "uscc": "employer_uscc"}, _person_row,
        ),
        _query(
            # 数据备案 → 二级注册人员: the register filed from before go-live; the columns
            # are the import sheet's, so an exported sheet (in zh) imports again unchanged.
            "filed-registrations", Certificate,
            (("name", 10), ("id_number", 21), ("specialty", 20), ("certificate_number", 18),
             ("seal_number", 18), ("issued_on", 12, "date"), ("valid_until", 12, "date"),
             ("employer_uscc", 22)),
            {"specialty": "specialty", "uscc": "enterprise_uscc", **_PERSON_FILTERS},
            _filed_row, fixed={"current": True},
        ),
    )
}  # fmt: skip
"""The exports by the name ``regsync export`` takes, titles and headers in zh
(:meth:`ExportQuery.in_lang` for en)."""

# Chinese header -> catalogue key, for :func:`column_label`.
_HEADER_KEYS: dict[str, str] = {
    c.header: k for q in QUERIES.values() for c, k in zip(q.columns, q.keys, strict=True)
}
