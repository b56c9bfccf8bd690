"""Reading an imported workbook (考试成绩 sheets): the first sheet, as plain cell values.

openpyxl's read-only mode streams the rows, so a large sheet is never held whole.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from regsync.core.catalogue_sync import label
from regsync.core.errors import SheetUnreadable


def read_sheet(path: str | Path) -> tuple[list[object], Iterator[Sequence[object]]]:
    """The header row and an iterator over the data rows of the first sheet."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        zh, en = label("sheet.no_file")
        raise SheetUnreadable(path=str(path), reason_zh=zh, reason_en=en) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        zh, en = label("sheet.not_workbook", error=exc)
        raise SheetUnreadable(path=str(path), reason_zh=zh, reason_en=en) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header: list[object] = list(next(rows, ()))

    def data() -> Iterator[Sequence[object]]:
        try:
            yield from rows
        finally:
            book.close()

    return header, data()
