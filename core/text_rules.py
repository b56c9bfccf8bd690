"""What typed text and dates may hold, checked at entry and again before printing (issue 18).

One table (:data:`FIELD_LIMITS`) bounds every free-text field by what its box on the
printed 申请表 holds; :func:`clean_text` normalises a value (NFC, trimmed) and refuses
control, zero-width and bidi characters, newlines in one-line fields, too-long values
and characters the embedded font cannot draw, naming the field and the character.

The font's coverage is data (:data:`Glyphs`): the document adapter that embeds the font
reads it and the application passes it in through :class:`Entry`; ``core`` reads no
file.  The printer asks :func:`record_problems` the same questions about the records a
form prints, so what entry accepts prints, and data that arrived by sync and cannot be
printed is named instead of vanishing from the paper.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Iterator, Mapping

from regsync.core import catalogue
from regsync.core.errors import InvalidDate, InvalidText
from regsync.core.model import (
    Application,
    ContinuingEducation,
    Enterprise,
    ExamResult,
    PerformanceRecord,
    Person,
    Record,
    Value,
    field_types,
)

Glyphs = frozenset[int]
"""The code points the embedded font draws (from ``adapters.documents.fonts``)."""


@dataclasses.dataclass(frozen=True)
class Entry:
    """What an entry path knows beyond the values: today, and the font's coverage.

    ``None`` skips the rule that needs it (a unit test without a font); the CLI and the
    window always pass both (``Services.entry()``).
    """

    today: dt.date | None = None
    glyphs: Glyphs | None = None


@dataclasses.dataclass(frozen=True)
class Limit:
    """The longest value a field's box on the form holds, and how many lines it may have
    (1: a one-line field, no newline).  A box is one table row and a row cannot break
    across pages, so lines are bounded as well as characters."""

    chars: int
    lines: int = 1

    @property
    def multiline(self) -> bool:
        return self.lines > 1


DEFAULT_LIMIT = Limit(100)
# Sized by the 申请表's boxes (adapters/documents/pdf_form.py): a value cell of a section
# is 0.32 of 180 mm, about 17 CJK characters a line at 9.5 pt; the person section sits
# in one unsplittable row beside the photo, so its fields stay within a few lines each.
# A 工作业绩 column holds about 20 (项目名称) or 8 (担任角色) characters a line.
FIELD_LIMITS: Mapping[tuple[type[Record], str], Limit] = {
    (Person, "name"): Limit(30),
    (Person, "ethnicity"): Limit(20),
    (Person, "education"): Limit(20),
    (Person, "major"): Limit(40),
    (Person, "school"): Limit(40),
    (Person, "title"): Limit(30),
    (Person, "phone"): Limit(30),
    (Person, "email"): Limit(60),
    (Person, "qualification_cert_no"): Limit(40),
    (Person, "previous_seal_no"): Limit(40),
    (Enterprise, "name"): Limit(60),
    (Enterprise, "address"): Limit(100),
    (Enterprise, "legal_representative"): Limit(30),
    (Enterprise, "contact"): Limit(30),
    (Enterprise, "phone"): Limit(30),
    (Enterprise, "qualification"): Limit(60),
    (Application, "person_name"): Limit(30),
    (Application, "enterprise_name"): Limit(60),
    (Application, "previous_employer"): Limit(60),
    (Application, "reason"): Limit(300, lines=10),
    (Application, "qualification_cert_no"): Limit(40),
    (Application, "registration_cert_no"): Limit(40),
    (Application, "amend_old_value"): Limit(60),
    (Application, "amend_new_value"): Limit(60),
    (Application, "loss_newspaper"): Limit(40),
    (PerformanceRecord, "project_name"): Limit(100),
    (PerformanceRecord, "role"): Limit(30),
    (PerformanceRecord, "scale"): Limit(40),
    (PerformanceRecord, "description"): Limit(500, lines=20),
    (ExamResult, "name"): Limit(30),
    (ExamResult, "subject"): Limit(30),
    (ContinuingEducation, "period"): Limit(20),
    (ContinuingEducation, "provider"): Limit(60),
}
# Not typed text: base64 image data, checked by core.photos.
UNCHECKED = frozenset({(Person, "photo")})

MAX_CE_HOURS = 2000
"""More hours than a three-year period could hold: a typing slip, not a record."""
EARLIEST_BIRTH = dt.date(1900, 1, 1)
EARLIEST_QUALIFICATION = dt.date(1990, 1, 1)  # the first 二级 examinations came after


def limit_of(record_type: type[Record], field: str) -> Limit:
    """The bound of one field (:data:`DEFAULT_LIMIT` when the table does not name it)."""
    return FIELD_LIMITS.get((record_type, field), DEFAULT_LIMIT)


def char_name(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: how a message names a character."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} {name}".rstrip()


# Categories no form field may hold: controls, format characters (zero-width, bidi
# overrides, BOM), surrogates, private use, unassigned, line/paragraph separators.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


@dataclasses.dataclass(frozen=True)
class TextProblem:
    """Why one value cannot be stored or printed: zh and en, naming field and character."""

    field: str
    zh: str
    en: str


def _problem(field: str, key: str, **params: object) -> TextProblem:
    return TextProblem(
        field, catalogue.text(key, "zh", **params), catalogue.text(key, "en", **params)
    )


def _reason(key: str, **params: object) -> dict[str, str]:
    """``reason_zh`` and ``reason_en`` of an input error: the catalogue's ``key``."""
    return {
        "reason_zh": catalogue.text(key, "zh", **params),
        "reason_en": catalogue.text(key, "en", **params),
    }


def text_problem(field: str, text: str, limit: Limit, glyphs: Glyphs | None) -> TextProblem | None:
    """The first thing wrong with an (already normalised) value, or None."""
    for ch in text:
        if ch == "\n":
            if limit.multiline:
                continue
            return _problem(field, "reason.text.line_break")
        if unicodedata.category(ch) in _REFUSED_CATEGORIES:
            return _problem(field, "reason.text.control", named=char_name(ch))
        if glyphs is not None and ord(ch) not in glyphs:
            return _problem(field, "reason.text.glyph", char=ch, named=char_name(ch))
    lines = text.count("\n") + 1
    if lines > limit.lines:
        return _problem(field, "reason.text.lines", lines=lines, limit=limit.lines)
    if len(text) > limit.chars:
        return _problem(field, "reason.text.length", length=len(text), limit=limit.chars)
    return None


def normalise(text: str) -> str:
    """NFC, Windows line ends as newlines, trimmed: the form a value is stored in."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()


def clean_text(
    record_type: type[Record], field: str, text: str, glyphs: Glyphs | None = None
) -> str:
    """``text`` normalised; raises :class:`InvalidText` naming the field and character."""
    cleaned = normalise(text)
    if (record_type, field) in UNCHECKED:
        return cleaned
    problem = text_problem(field, cleaned, limit_of(record_type, field), glyphs)
    if problem is not None:
        raise InvalidText(field=field, reason_zh=problem.zh, reason_en=problem.en)
    return cleaned


def clean_texts(
    record_type: type[Record], values: Mapping[str, Value], glyphs: Glyphs | None = None
) -> dict[str, Value]:
    """``values`` with every text normalised and checked, hours bounded; a bad one raises."""
    out: dict[str, Value] = {}
    for field, given in values.items():
        value = given
        if isinstance(given, str):
            value = clean_text(record_type, field, given, glyphs)
        elif isinstance(given, int) and not isinstance(given, bool) and field.endswith("_hours"):
            check_hours(field, given)
        out[field] = value
    return out


def check_hours(field: str, hours: int) -> None:
    """Continuing-education hours are 0 … :data:`MAX_CE_HOURS`."""
    if hours < 0 or hours > MAX_CE_HOURS:
        raise InvalidText(field=field, **_reason("reason.hours", hours=hours, most=MAX_CE_HOURS))


def _not_after(field: str, value: dt.date | None, today: dt.date | None, what: str) -> None:
    if value is not None and today is not None and value > today:
        key, day = "reason.date.after_today", today.isoformat()
        raise InvalidDate(
            field=field,
            value=value.isoformat(),
            reason_zh=catalogue.text(key, "zh", label=catalogue.text(what, "zh"), today=day),
            reason_en=catalogue.text(key, "en", label=catalogue.text(what, "en"), today=day),
        )


def _not_before(field: str, value: dt.date | None, earliest: dt.date) -> None:
    if value is not None and value < earliest:
        raise InvalidDate(
            field=field,
            value=value.isoformat(),
            **_reason("reason.date.too_early", earliest=earliest.isoformat()),
        )


def check_dates(record: Record, today: dt.date | None) -> None:
    """Dates in plausible ranges: nothing qualified or worked in the future, periods
    ordered (the labour contract's order is :func:`office_fields.check_record`'s)."""
    if isinstance(record, Person):
        _not_before("birth_date", record.birth_date, EARLIEST_BIRTH)
        _not_after("birth_date", record.birth_date, today, "label.birth_date")
    if isinstance(record, (Person, Application)):
        _not_before("qualification_date", record.qualification_date, EARLIEST_QUALIFICATION)
        _not_after(
            "qualification_date", record.qualification_date, today, "label.qualification_date"
        )
    if isinstance(record, Application):
        for field in ("ce_compulsory_hours", "ce_elective_hours"):
            hours = getattr(record, field)
            if hours is not None:
                check_hours(field, hours)
    if isinstance(record, PerformanceRecord):
        start, end = record.start_date, record.end_date
        if start is not None and end is not None and end < start:
            raise InvalidDate(
                field="end_date",
                value=end.isoformat(),
                **_reason("reason.date.performance_order", start=start.isoformat()),
            )
        _not_after("start_date", start, today, "label.performance_start")
        _not_after("end_date", end, today, "label.performance_end")
    if isinstance(record, ContinuingEducation):
        check_hours("compulsory_hours", record.compulsory_hours)
        check_hours("elective_hours", record.elective_hours)


def record_problems(record: Record, glyphs: Glyphs | None) -> Iterator[TextProblem]:
    """Every text field of a stored record that could not be printed (the printer's
    side of the entry check: a record that arrived by sync is named, not refused)."""
    record_type = type(record)
    for field, kind in field_types(record_type).items():
        value = getattr(record, field)
        if kind is not str or not isinstance(value, str) or (record_type, field) in UNCHECKED:
            continue
        problem = text_problem(field, value, limit_of(record_type, field), glyphs)
        if problem is not None:
            yield problem
