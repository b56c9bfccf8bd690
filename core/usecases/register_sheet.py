"""The 二级注册人员 filing sheet: its columns and the checks of each row on its own.

Pure: what a row says is checked here (formats, dates, duplicates within the sheet);
what the register on file says against it is checked by
:mod:`regsync.core.usecases.register_filing`, which writes.  The columns are those of
the ``filed-registrations`` export, so an exported sheet imports again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from regsync.core import catalogue
from regsync.core.certificate_numbers import (
    NumberProblem,
    certificate_number_problem,
    seal_number_problem,
)
from regsync.core.checks.identity import parse_id_number
from regsync.core.config import RulesConfig
from regsync.core.errors import CoreError, ValidationError, template_of
from regsync.core.exports import QUERIES, column_label
from regsync.core.i18n import N_
from regsync.core.model import Specialty
from regsync.core.usecases.setup import checked_uscc
from regsync.core.usecases.wording import both

FILING_COLUMNS = tuple(c.header for c in QUERIES["filed-registrations"].columns)
"""姓名, 身份证号, 注册专业, 证书编号, 印章编号, 发证日期, 有效期至, 聘用单位统一社会信用代码."""

OPTIONS = {
    "姓名": "--name", "身份证号": "--person", "注册专业": "--specialty",
    "证书编号": "--certificate", "印章编号": "--seal", "发证日期": "--issued",
    "有效期至": "--valid-until", "聘用单位统一社会信用代码": "--employer",
}  # fmt: skip
"""The CLI option that carries each column (a by-hand filing names the option)."""

SPECIALTIES = {s.zh: s for s in Specialty} | {s.value: s for s in Specialty}


class FilingColumnsMissing(CoreError):
    msgid = N_("error.FilingColumnsMissing")


@dataclasses.dataclass(frozen=True)
class RowProblem:
    """One bad row: its number in the sheet (the header is row 1), the column at fault
    and what is wrong, in Chinese (``message``) and English."""

    row: int
    column: str
    message: str
    message_en: str = ""

    def __str__(self) -> str:
        return self.text("zh")

    def english(self) -> str:
        """The same in English."""
        return self.text("en")

    def text(self, lang: str = "zh") -> str:
        """The problem in ``lang``, naming its row and column."""
        en = lang == "en"
        return catalogue.text(
            "usecase.sheet.row_column_problem",
            lang,
            row=self.row,
            column=column_label(self.column, lang),
            message=self.message_en if en else self.message,
        )


@dataclasses.dataclass(frozen=True)
class FiledLine:
    """A checked registration, not yet written."""

    row: int
    name: str
    id_number: str
    specialty: Specialty
    certificate_number: str
    seal_number: str
    issued_on: dt.date
    valid_until: dt.date
    employer_uscc: str
    gender: str
    birth_date: dt.date


class BadCell(Exception):
    """A cell (or a row, by its column) that cannot be filed: why, in zh and en."""

    def __init__(self, column: str, zh: str, en: str) -> None:
        super().__init__(zh)
        self.column, self.zh, self.en = column, zh, en


def cell_refusal(column: str, exc: CoreError) -> BadCell:
    """A domain refusal of a cell's value, naming the sheet's column in each language."""

    def said(lang: str) -> str:
        if isinstance(exc, ValidationError):
            return exc.message(lang, label=column_label(column, lang))
        params = dict(exc.params)
        if "field" in params:
            params["field"] = column_label(column, lang)
        return template_of(type(exc), lang).format(**params)

    return BadCell(column, said("zh"), said("en"))


def _bad(column: str, key: str, **params: object) -> BadCell:
    return BadCell(column, *both(key, **params))


def column_positions(header: Sequence[object]) -> dict[str, int]:
    """Where each column is (by its header text, in any order); refuses missing ones."""
    found = ["" if h is None else str(h).strip() for h in header]
    positions = {name: found.index(name) for name in FILING_COLUMNS if name in found}
    missing = [name for name in FILING_COLUMNS if name not in positions]
    if missing:
        raise FilingColumnsMissing(missing="、".join(missing), expected="、".join(FILING_COLUMNS))
    return positions


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_rows(
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    today: dt.date,
    rules: RulesConfig,
) -> tuple[list[FiledLine], list[RowProblem]]:
    """Check the header and every data row (sheet row 2 on); blank rows are skipped.

    A certificate number, or a person and specialty, that an earlier row of the same
    sheet has already is refused on the later row.
    """
    positions = column_positions(header)
    good: list[FiledLine] = []
    bad: list[RowProblem] = []
    seen_numbers: dict[str, int] = {}
    seen_seals: dict[str, int] = {}
    seen_persons: dict[tuple[str, Specialty], int] = {}
    for index, row in enumerate(rows, start=2):
        raw = list(row)
        if not any(_text(c) for c in raw):
            continue
        cells = {name: _text(raw[i]) if i < len(raw) else "" for name, i in positions.items()}
        raw_dates = {
            n: raw[positions[n]] if positions[n] < len(raw) else None
            for n in ("发证日期", "有效期至")
        }
        try:
            line = check_line(index, cells, raw_dates, today=today, rules=rules)
            earlier = seen_numbers.get(line.certificate_number)
            if earlier is not None:
                raise _bad("证书编号", "usecase.sheet.same_certificate", row=earlier)
            earlier = seen_seals.get(line.seal_number)
            if earlier is not None:
                raise _bad("印章编号", "usecase.sheet.same_seal", row=earlier)
            earlier = seen_persons.get((line.id_number, line.specialty))
            if earlier is not None:
                key, spec = "usecase.sheet.same_person", line.specialty
                raise BadCell(
                    "身份证号",
                    catalogue.text(key, "zh", row=earlier, specialty=spec.zh),
                    catalogue.text(key, "en", row=earlier, specialty=spec.value),
                )
        except BadCell as exc:
            bad.append(RowProblem(index, exc.column, exc.zh, exc.en))
            continue
        seen_numbers[line.certificate_number] = index
        seen_seals[line.seal_number] = index
        seen_persons[(line.id_number, line.specialty)] = index
        good.append(line)
    return good, bad


def _date(column: str, text: str, raw: object) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if not text:
        raise _bad(column, "usecase.sheet.empty")
    try:
        return dt.date.fromisoformat(text.replace("/", "-").replace(".", "-"))
    except ValueError:
        raise _bad(column, "usecase.sheet.not_a_date", text=text) from None


def _number(column: str, problem: NumberProblem | None) -> None:
    if problem is not None:
        raise BadCell(column, problem.zh, problem.en)


def check_line(
    row: int,
    cells: Mapping[str, str],
    raw_dates: Mapping[str, object],
    *,
    today: dt.date,
    rules: RulesConfig,
) -> FiledLine:
    """One registration checked on its own (raises with the column at fault)."""
    for column in FILING_COLUMNS:
        if not cells.get(column, "") and not raw_dates.get(column):
            raise _bad(column, "usecase.sheet.empty")
    try:
        person = parse_id_number(cells["身份证号"], today=today, field="身份证号")
    except CoreError as exc:
        raise cell_refusal("身份证号", exc) from None
    specialty = SPECIALTIES.get(cells["注册专业"])
    if specialty is None:
        choices = "、".join(s.zh for s in Specialty)
        key, value = "usecase.sheet.bad_specialty", cells["注册专业"]
        raise BadCell(
            "注册专业",
            catalogue.text(key, "zh", value=value, choices=choices),
            catalogue.text(key, "en", value=value, choices="architect or structural"),
        )
    certificate = cells["证书编号"].upper()
    _number("证书编号", certificate_number_problem(certificate, specialty, rules, today=today))
    seal = cells["印章编号"].upper()
    _number("印章编号", seal_number_problem(seal, specialty, rules))
    issued_on = _date("发证日期", cells["发证日期"], raw_dates.get("发证日期"))
    if issued_on > today:
        raise _bad("发证日期", "usecase.sheet.after_today", date=issued_on)
    valid_until = _date("有效期至", cells["有效期至"], raw_dates.get("有效期至"))
    if valid_until <= issued_on:
        raise _bad("有效期至", "usecase.sheet.not_after_issue", end=valid_until, start=issued_on)
    try:
        # An early non-conforming code is filed as the office has it (GB 32100 failures
        # need a person's confirmation, which the filing clerk gives by filing it).
        uscc = checked_uscc(cells["聘用单位统一社会信用代码"], confirmed=True)
    except CoreError as exc:
        raise cell_refusal("聘用单位统一社会信用代码", exc) from None
    return FiledLine(
        row=row,
        name=cells["姓名"],
        id_number=person.number,
        specialty=specialty,
        certificate_number=certificate,
        seal_number=seal,
        issued_on=issued_on,
        valid_until=valid_until,
        employer_uscc=uscc,
        gender=person.gender.value,
        birth_date=person.birth_date,
    )
