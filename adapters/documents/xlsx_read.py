"""Reading an imported workbook (考试成绩 sheets): the first sheet, as plain cell values.

openpyxl's read-only mode streams the rows, so a large sheet is never held whole.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from regsync.core.errors import SheetUnreadable


def read_sheet(path: str | Path) -> tuple[list[object], Iterator[Sequence[object]]]:
    """The header row and an iterator over the data rows of the first sheet."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise SheetUnreadable(
            path=str(path), reason_zh="文件不存在", reason_en="no such file"
        ) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise SheetUnreadable(
            path=str(path),
            reason_zh=f"不是 Excel 工作簿（{exc}）",
            reason_en=f"not an Excel workbook ({exc})",
        ) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header: list[object] = list(next(rows, ()))

    def data() -> Iterator[Sequence[object]]:
        try:
            yield from rows
        finally:
            book.close()

    return header, data()
