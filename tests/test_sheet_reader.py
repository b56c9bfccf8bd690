"""The sheet-reader port: the workbook reader and its in-memory fake answer alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from regsync.adapters.documents import ReportlabRenderer
from regsync.adapters.documents.xlsx_read import read_sheet
from regsync.core.documents import Column, Sheet, SheetReader
from regsync.core.errors import SheetUnreadable
from regsync.core.testing import InMemorySheets

SHEET = Sheet("考试成绩", (Column("身份证号", 20), Column("姓名", 10), Column("成绩", 6)))
ROWS = [("110101199003070011", "张三", "合格"), ("110101199003070038", "李四", "不合格")]


def _read(reader: SheetReader, path: str) -> tuple[list[object], list[tuple[object, ...]]]:
    header, rows = reader(path)
    return header, [tuple(r) for r in rows]


def test_the_fake_reads_what_the_workbook_reader_reads(tmp_path: Path) -> None:
    path = str(tmp_path / "exam.xlsx")
    ReportlabRenderer().sheet_xlsx(SHEET, ROWS, path)
    real = _read(read_sheet, path)
    fake = _read(InMemorySheets({path: [[c.header for c in SHEET.columns], *ROWS]}), path)
    assert real == fake == ([c.header for c in SHEET.columns], ROWS)


@pytest.mark.parametrize("reader", [read_sheet, InMemorySheets()], ids=["xlsx", "fake"])
def test_a_missing_file_is_unreadable(reader: SheetReader, tmp_path: Path) -> None:
    with pytest.raises(SheetUnreadable):
        reader(str(tmp_path / "missing.xlsx"))
