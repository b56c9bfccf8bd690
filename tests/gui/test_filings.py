"""考试成绩 through the widgets, at a city and at the province: 导入 checks the sheet and
lists its bad rows, 全部导入 of a sheet with bad rows writes nothing (the CLI's
message), 只导入正确行 writes the good ones; search by year; 导出报表."""

from __future__ import annotations

import tkinter as tk
from pathlib import Path

import pytest
from openpyxl import Workbook

from regsync.adapters.documents.xlsx_read import read_sheet
from regsync.app.bootstrap import Services, open_node
from regsync.core.errors import InvalidValue
from regsync.core.model import ExamResult
from regsync.core.usecases.filings import EXAM_COLUMNS
from regsync.gui_tk.filings import ExamResultsScreen
from regsync.gui_tk.window import MainWindow
from tests.conftest import Cli
from tests.gui.conftest import no_bugs, screenshot, wait_job, window_for
from tests.offices import PERSON, Office

GOOD = [
    ("李四", PERSON, "二级注册建筑师", 2025, "建筑设计", 72, "合格"),
    ("张三", "11010519491231002X", "二级注册结构工程师", 2024, "结构设计", 55, "不合格"),
]
BAD = [
    ("王五", "14010019800101001", "二级注册建筑师", 2025, "建筑设计", 80, "合格"),  # 17 digits
    ("赵六", PERSON, "一级注册建筑师", 2025, "建筑设计", 80, "合格"),
]


def _sheet(
    path: Path, rows: list[tuple[object, ...]], header: tuple[str, ...] = EXAM_COLUMNS
) -> str:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return str(path)


def _results(s: Services) -> list[tuple[str, int, str]]:
    with s.unit_of_work() as uow:
        found = uow.find(ExamResult)
    return sorted((r.person_id_number, r.year, r.subject) for r in found)


def _check(window: MainWindow, screen: ExamResultsScreen, path: str) -> None:
    """导入: choose the sheet (the file dialog answered) and wait for the check."""
    screen.ctx.ask_open = lambda *_a: path
    screen.buttons["btn.import"].invoke()
    wait_job(window.root, screen.job)


def _import(window: MainWindow, screen: ExamResultsScreen, button: str) -> str | None:
    screen.buttons[button].invoke()
    wait_job(window.root, screen.job)
    assert screen.job is not None
    return screen.job.outcome


def _cli_error(cli: Cli, *argv: str) -> str:
    result = cli(*argv)
    assert result.code != 0
    return result.err.strip().removeprefix("regsync: ")


@pytest.mark.parametrize("role", ["city", "province"])
def test_exam_import(root: tk.Tk, cli: Cli, tmp_path: Path, role: str) -> None:
    office = Office(cli, tmp_path / role)
    if role == "city":
        office("init", "--role", "city", "--name", "太原市住建局", "--city", "140100")
    else:
        office("init", "--role", "province", "--name", "山西省住建厅")
    mixed = _sheet(tmp_path / "mixed.xlsx", [GOOD[0], BAD[0], GOOD[1], BAD[1]])
    with open_node(Path(office.home), cli.env) as s:
        window = window_for(root, cli, s, office.home)
        screen = window.open("nav.exam_results")
        assert isinstance(screen, ExamResultsScreen)
        assert screen.table.row_keys() == []
        assert screen.buttons["btn.import_all"].instate(["disabled"])  # nothing checked yet

        # A wrong header: the CLI's message, nothing to import.
        wrong = _sheet(tmp_path / "wrong.xlsx", GOOD, ("姓名", "身份证号"))
        _check(window, screen, wrong)
        assert screen.job is not None
        assert screen.job.outcome == "failed"
        expected = _cli_error(cli, "filing", "exam-import", wrong, "--home", office.home)
        assert window.notices.log[-1].message == expected
        assert screen.buttons["btn.import_good"].instate(["disabled"])

        # The check lists the bad rows: row number, column, reason.
        _check(window, screen, mixed)
        assert screen.job.outcome == "done"
        rows = screen.error_rows()
        assert [(r[0], r[1]) for r in rows] == [("3", "身份证号"), ("5", "注册专业")]
        assert "一级注册建筑师" in rows[1][2]
        assert "正确 2 行，错误 2 行" in str(screen.summary.cget("text"))
        assert _results(s) == []  # checking writes nothing

        # 全部导入 of a sheet with bad rows: refused with the CLI's text, nothing written.
        assert _import(window, screen, "btn.import_all") == "failed"
        expected = _cli_error(cli, "filing", "exam-import", mixed, "--home", office.home)
        assert window.notices.log[-1].message == expected
        assert _results(s) == []

        # 只导入正确行 (--only-good): the two good rows.
        assert _import(window, screen, "btn.import_good") == "done"
        assert window.notices.log[-1].message == "已导入：新增 2 条，更新 0 条，跳过错误行 2 行"
        assert _results(s) == [("11010519491231002X", 2024, "结构设计"), (PERSON, 2025, "建筑设计")]
        assert len(screen.table.row_keys()) == 2

        # Search by year; a year that is not one is refused as the CLI refuses it.
        screen.set_filter("year", "2025")
        screen.refresh()
        [key] = screen.table.row_keys()
        assert (screen.cell(key, "姓名"), screen.cell(key, "是否合格")) == ("李四", "合格")
        screen.set_filter("year", "去年")
        screen.refresh()
        # (``regsync query --year 去年`` raises this same error from its argument parser.)
        expected = InvalidValue(field="--year", value="去年", expected="a year such as 2025")
        assert window.notices.log[-1].message == expected.message("zh")
        screen.set_filter("year", "")
        screen.refresh()

        # 导出报表 writes what ``regsync export exam-results`` writes, and imports again.
        out = tmp_path / "gui.xlsx"
        screen.ctx.ask_save = lambda *_a: str(out)
        assert _import(window, screen, "btn.export_excel") == "done"
        office("export", "exam-results", "-o", str(tmp_path / "cli.xlsx"))
        header, written = read_sheet(out)
        cli_header, cli_rows = read_sheet(tmp_path / "cli.xlsx")
        assert (header, list(written)) == (cli_header, list(cli_rows))
        _check(window, screen, str(out))
        assert _import(window, screen, "btn.import_all") == "done"
        assert window.notices.log[-1].message == "已导入：新增 0 条，更新 0 条，跳过错误行 0 行"
        assert len(_results(s)) == 2

        _check(window, screen, mixed)  # the bad rows in view for the picture
        screenshot(window, f"{role}-exam")
        no_bugs(window)
