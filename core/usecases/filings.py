"""数据备案管理 → 考试成绩: importing an exam-result sheet, row by row.

The sheet has the columns of the 考试成绩 export (姓名, 身份证号, 注册专业, 年度, 科目,
成绩, 是否合格), so an exported sheet imports again.  Every row is checked first; a
sheet with bad rows imports nothing unless the user asks for the good rows only.
A result already on file (same person, specialty, year and subject) is updated, so
importing a sheet twice adds nothing.

At the province the results are published: they live in the province's scope and
reach every city.  A city's own filing stays in the city's scope (and the province's).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from regsync.core import catalogue
from regsync.core.checks.identity import parse_id_number
from regsync.core.errors import CoreError, InvalidText, NotAllowed, SheetColumns, SheetRejected
from regsync.core.exports import QUERIES, column_label
from regsync.core.model import ExamResult, Role, Specialty
from regsync.core.ports import IdGenerator, UnitOfWork
from regsync.core.text_rules import clean_text
from regsync.core.usecases.register_sheet import cell_refusal
from regsync.core.usecases.wording import both, what

EXAM_COLUMNS = tuple(c.header for c in QUERIES["exam-results"].columns)
_SPECIALTY = {s.zh: s.value for s in Specialty} | {s.value: s.value for s in Specialty}
_PASSED = {"合格": True, "是": True, "yes": True, "不合格": False, "否": False, "no": False}


@dataclasses.dataclass(frozen=True)
class RowError:
    """One bad row: its number in the sheet (the header is row 1) and what is wrong."""

    row: int
    message: str
    column: str = ""  # the sheet column at fault (the window shows it in its own column)
    message_en: str = ""

    def __str__(self) -> str:
        return self.text("zh")

    def text(self, lang: str = "zh") -> str:
        """The row and what is wrong with it, in ``lang``."""
        message = self.message_en if lang == "en" and self.message_en else self.message
        return catalogue.text("usecase.sheet.row_problem", lang, row=self.row, message=message)


@dataclasses.dataclass(frozen=True)
class ExamLine:
    """A checked row, not yet written."""

    row: int
    id_number: str
    name: str
    specialty: str
    year: int
    subject: str
    score: int
    passed: bool


@dataclasses.dataclass(frozen=True)
class ExamImport:
    """What an import did (or, with ``dry_run``, would do)."""

    added: int
    updated: int
    errors: tuple[RowError, ...]
    total: int


def check_header(header: Sequence[object]) -> None:
    found = tuple("" if h is None else str(h).strip() for h in header)
    while found and not found[-1]:
        found = found[:-1]
    if found != EXAM_COLUMNS:
        raise SheetColumns(
            **what("usecase.filings.sheet"),
            expected="、".join(EXAM_COLUMNS),
            found="、".join(found) or "-",
        )


def parse_rows(
    rows: Iterable[Sequence[object]], *, today: dt.date
) -> tuple[list[ExamLine], list[RowError]]:
    """Check every data row (the first data row is sheet row 2); blank rows are skipped."""
    good: list[ExamLine] = []
    bad: list[RowError] = []
    for index, row in enumerate(rows, start=2):
        cells = ["" if c is None else str(c).strip() for c in row]
        if not any(cells):
            continue
        cells += [""] * (len(EXAM_COLUMNS) - len(cells))
        try:
            good.append(_line(index, cells, today))
        except _BadCell as exc:
            bad.append(RowError(index, exc.zh, exc.column, exc.en))
        except CoreError as exc:  # the only domain check of a row is the 身份证号
            refusal = cell_refusal("身份证号", exc)
            bad.append(RowError(index, refusal.zh, refusal.column, refusal.en))
    return good, bad


class _BadCell(Exception):
    """A bad cell: its column and why, in zh and en (each naming the column)."""

    def __init__(
        self, column: str, key: str, en: Mapping[str, object] | None = None, **params: object
    ) -> None:
        self.column = column
        self.zh = catalogue.text(key, "zh", column=column, **params)
        english = {**params, **(en or {}), "column": column_label(column, "en")}
        self.en = catalogue.text(key, "en", **english)
        super().__init__(self.zh)


def _int(text: str, column: str) -> int:
    try:
        return int(float(text)) if text else _missing(column)
    except ValueError:
        raise _BadCell(column, "usecase.filings.not_a_number", text=text) from None


def _missing(column: str) -> int:
    raise _BadCell(column, "usecase.filings.empty")


def _line(row: int, cells: list[str], today: dt.date) -> ExamLine:
    name, id_text, spec, year, subject, score, passed = cells[: len(EXAM_COLUMNS)]
    for column, value in (("姓名", name), ("身份证号", id_text), ("科目", subject)):
        if not value:
            raise _BadCell(column, "usecase.filings.empty")
    try:  # the same text rules as every entry path (control/bidi characters, lengths)
        name = clean_text(ExamResult, "name", name)
        subject = clean_text(ExamResult, "subject", subject)
    except InvalidText as exc:
        column = "姓名" if exc.params["field"] == "name" else "科目"
        reason, reason_en = exc.params["reason_zh"], {"reason": exc.params["reason_en"]}
        raise _BadCell(column, "usecase.filings.bad_text", reason_en, reason=reason) from None
    number = parse_id_number(id_text, today=today, field="身份证号").number
    if spec not in _SPECIALTY:
        choices = "、".join(s.zh for s in Specialty)
        en = {"choices": " or ".join(s.value for s in Specialty)}
        raise _BadCell("注册专业", "usecase.filings.bad_specialty", en, value=spec, choices=choices)
    if passed not in _PASSED:
        raise _BadCell("是否合格", "usecase.filings.bad_passed", value=passed)
    year_ = _int(year, "年度")
    if not 1990 <= year_ <= today.year:
        raise _BadCell("年度", "usecase.filings.bad_year", year=year_, last=today.year)
    return ExamLine(
        row, number, name, _SPECIALTY[spec], year_, subject, _int(score, "成绩"), _PASSED[passed]
    )


def import_exam_results(
    uow: UnitOfWork,
    ids: IdGenerator,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    only_good: bool,
    today: dt.date,
) -> ExamImport:
    """Check the sheet, then write all rows, or only the good ones when ``only_good``.

    Refused whole for a wrong header, and for any bad row unless ``only_good``.
    """
    if uow.node.role not in (Role.CITY, Role.PROVINCE):
        action_zh, action_en = both("usecase.filings.import")
        raise NotAllowed(role=uow.node.role.value, action_zh=action_zh, action_en=action_en)
    check_header(header)
    good, bad = parse_rows(rows, today=today)
    if bad and not only_good:
        shown = "；".join(str(e) for e in bad[:10]) + ("……" if len(bad) > 10 else "")
        raise SheetRejected(
            **what("usecase.filings.sheet"), count=len(bad), detail=shown, good=len(good)
        )
    added = updated = 0
    for line in good:
        same = [
            r
            for r in uow.find(ExamResult, person_id_number=line.id_number, year=line.year)
            if r.specialty == line.specialty and r.subject == line.subject
        ]
        record = ExamResult(
            id=same[0].id if same else ids.new_id(),
            person_id_number=line.id_number,
            name=line.name,
            specialty=line.specialty,
            year=line.year,
            subject=line.subject,
            score=line.score,
            passed=line.passed,
        )
        if same and same[0] == record:
            continue
        uow.put(record)
        added, updated = (added, updated + 1) if same else (added + 1, updated)
    return ExamImport(added, updated, tuple(bad), len(good) + len(bad))
