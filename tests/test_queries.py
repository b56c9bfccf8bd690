"""The export queries a page at a time (``core.usecases.queries``), on both backends,
and the column an exam-sheet row error names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from regsync.adapters.documents.xlsx_read import read_sheet
from regsync.app.bootstrap import open_node
from regsync.core.errors import InvalidValue
from regsync.core.exports import QUERIES
from regsync.core.usecases.filings import EXAM_COLUMNS, parse_rows
from regsync.core.usecases.queries import query_filters, query_page, query_rows
from tests.conftest import Cli
from tests.offices import Office

IDS = ["14010019800101001X", "11010519491231002X"]
SUBJECTS = ["建筑设计", "建筑构造", "场地设计"]


def _sheet(path: Path) -> str:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(EXAM_COLUMNS))
    for year in (2024, 2025):
        for person in IDS:
            for subject in SUBJECTS:
                sheet.append(["某某", person, "二级注册建筑师", year, subject, 70, "合格"])
    book.save(path)
    return str(path)


def test_pages_follow_each_other_and_match_the_export(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    city = Office(cli, tmp_path / "city")
    city("init", "--role", "city", "--name", "太原市住建局", "--city", "140100", "--db", db_url)
    city("filing", "exam-import", _sheet(tmp_path / "exam.xlsx"))
    query = QUERIES["exam-results"]
    with open_node(Path(city.home), cli.env) as s:
        equals = query_filters(query, {"year": " 2025 ", "id_number": "", "specialty": ""})
        assert equals == {"year": 2025}
        seen, after = [], None
        while True:
            with s.unit_of_work() as uow:
                page = query_page(uow, query, equals, today=s.today(), after=after, limit=4)
            if not page:
                break
            seen += page
            after = page[-1].key
        assert len(seen) == 6
        assert len({row.key for row in seen}) == 6  # no repeats across pages
        assert [row.key for row in seen] == sorted(row.key for row in seen)
        assert {row.cells[3] for row in seen} == {2025}
        with s.unit_of_work() as uow:
            rows = list(query_rows(uow, query, equals, today=s.today()))
        assert rows == [row.cells for row in seen]

    city("export", "exam-results", "--year", "2025", "-o", str(tmp_path / "cli.xlsx"))
    _, exported = read_sheet(tmp_path / "cli.xlsx")
    assert [tuple(r) for r in exported] == [tuple(r) for r in rows]


def test_filters_refuse_as_the_cli_does() -> None:
    certificates = QUERIES["certificates"]
    assert query_filters(certificates, {"specialty": "structural", "uscc": " "}) == {
        "current": True,  # 当前证书印章 keeps its fixed condition
        "specialty": "structural",
    }
    with pytest.raises(InvalidValue) as year:
        query_filters(QUERIES["exam-results"], {"year": "去年"})
    assert year.value.message("zh") == "--year 的值 “去年” 无效：应为 a year such as 2025"
    with pytest.raises(InvalidValue):  # a filter this query has not
        query_filters(QUERIES["leave-province"], {"specialty": "architect"})
    with pytest.raises(InvalidValue):  # a code that is not one
        query_filters(certificates, {"specialty": "建筑"})


def test_row_errors_name_their_column() -> None:
    rows = [
        ("李四", "14010019800101001", "二级注册建筑师", 2025, "建筑设计", 70, "合格"),
        ("", IDS[0], "二级注册建筑师", 2025, "建筑设计", 70, "合格"),
        ("李四", IDS[0], "一级", 2025, "建筑设计", 70, "合格"),
        ("李四", IDS[0], "二级注册建筑师", 2025, "建筑设计", "七十", "合格"),
        ("李四", IDS[0], "二级注册建筑师", 1980, "建筑设计", 70, "合格"),
        ("李四", IDS[0], "二级注册建筑师", 2025, "建筑设计", 70, "也许"),
    ]
    good, bad = parse_rows(rows, today=dt.date(2026, 11, 27))
    assert good == []
    assert [(e.row, e.column) for e in bad] == [
        (2, "身份证号"), (3, "姓名"), (4, "注册专业"), (5, "成绩"), (6, "年度"), (7, "是否合格"),
    ]  # fmt: skip
    assert str(bad[3]) == "第5行 成绩“七十”不是数字"  # the CLI's text is unchanged
