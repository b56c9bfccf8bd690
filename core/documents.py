"""Printed documents as pure data, and the port that renders them (DESIGN §8).

The core decides *what* a 申请表, 样表, 汇总表 or Excel export says: titles, labels,
values, rows, the barcode text.  An adapter (:mod:`regsync.adapters.documents`)
decides how it looks on A4 or in a workbook.  Tests of the content use
:class:`regsync.core.testing.RecordingRenderer` and never open a PDF.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol

Cell = str | int | dt.date | None
"""One value of a table row: dates stay dates so Excel shows them as dates."""


@dataclasses.dataclass(frozen=True)
class Field:
    """A labelled value on a form (label 姓名, value 李四)."""

    label: str
    value: str


@dataclasses.dataclass(frozen=True)
class Section:
    """A titled block of labelled values (个人信息, 聘用单位 ...)."""

    title: str
    fields: tuple[Field, ...]


@dataclasses.dataclass(frozen=True)
class Table:
    """A titled table inside a form (工作业绩, 继续教育)."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    weights: tuple[int, ...] = ()  # relative column widths; empty: equal


@dataclasses.dataclass(frozen=True)
class OpinionBox:
    """A box left empty for a signature and seal (聘用单位意见 ...)."""

    title: str
    signature: str


@dataclasses.dataclass(frozen=True)
class ApplicationForm:
    """One 申请表, or its 样表 proof when ``sample`` (then ``barcode`` is None)."""

    title: str
    number: str
    barcode: str | None
    sample: bool
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    declaration: str
    opinions: tuple[OpinionBox, ...]
    printed_on: dt.date
    photo_box: bool = False
    """Leave a photo box beside the first section (个人信息)."""
    photo: bytes | None = None
    """The JPEG or PNG drawn in the photo box; None leaves the box for a glued photo."""


@dataclasses.dataclass(frozen=True)
class SummaryTable:
    """One 汇总表: one row per applicant of a kind and specialty, totals and footer."""

    title: str
    unit: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    totals: str
    footer: tuple[Field, ...]
    printed_on: dt.date


@dataclasses.dataclass(frozen=True)
class Column:
    """A column of an Excel export: Chinese header, width in characters, value type."""

    header: str
    width: int
    kind: str = "text"  # text | date | int


@dataclasses.dataclass(frozen=True)
class Sheet:
    """The shape of one exported worksheet; the rows stream separately."""

    title: str
    columns: tuple[Column, ...]


class DocumentRenderer(Protocol):
    """Writes documents to files, each file whole or not at all.

    Every method writes to a temporary file next to ``path`` and renames it, so an
    interrupted or failed render never leaves a half-written file under ``path``.
    """

    def forms_pdf(
        self,
        forms: Sequence[ApplicationForm],
        path: str,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """One PDF with every form, each from a new page; ``progress(done)`` as they are drawn."""
        ...

    def summary_pdf(self, table: SummaryTable, path: str) -> None:
        """The 汇总表 as an A4 landscape PDF."""
        ...

    def summary_xlsx(self, table: SummaryTable, path: str) -> None:
        """The 汇总表 as a workbook."""
        ...

    def sheet_xlsx(self, sheet: Sheet, rows: Iterable[Sequence[Cell]], path: str) -> int:
        """A one-sheet workbook, rows streamed (bounded memory); returns the row count."""
        ...


class SheetReader(Protocol):
    """Reads an imported workbook (考试成绩 sheets): the port beside the renderer.

    Returns the header row of the first sheet and an iterator over its data rows, as
    plain cell values; the rows stream (a large sheet is never held whole).  A file
    that is missing or not a workbook raises
    :class:`~regsync.core.errors.SheetUnreadable`.
    """

    def __call__(self, path: str) -> tuple[list[object], Iterator[Sequence[object]]]: ...
