"""数据备案管理 → 二级注册人员 through the province's widgets: 导入 checks the sheet and
lists the bad rows with row and column, 全部导入 refuses with the CLI's message and
writes nothing, 只导入正确行 files the good ones; 新增 and 更正 in forms, a refusal beside
the field it names."""

from __future__ import annotations

import datetime as dt
import tkinter as tk
from pathlib import Path

from openpyxl import Workbook

from regsync.app.bootstrap import Services, open_node
from regsync.core.model import Certificate
from regsync.core.usecases.register_filing import FILING_COLUMNS
from regsync.gui_tk.register_filing import FiledRegistrationsScreen
from regsync.gui_tk.window import MainWindow
from tests.city_helpers import carry, offices
from tests.conftest import Cli
from tests.gui.conftest import no_bugs, pump, wait_job, window_for
from tests.offices import PERSON, USCC1
from tests.storage_helpers import id_number

GOOD = ("李四", PERSON, "二级注册建筑师", "晋2J2015000123", "晋2J-201500123",
        "2015-03-01", "2027-02-28", USCC1)  # fmt: skip
BAD = ("王五", id_number(3), "二级注册结构工程师", "晋2J2016000456", "晋2G-201600456",
       "2016-05-01", "2028-04-30", USCC1)  # fmt: skip  # an architect's number


def _sheet(path: Path, rows: list[tuple[object, ...]]) -> str:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(FILING_COLUMNS))
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return str(path)


def _filed(s: Services) -> list[tuple[str, str, dt.date, bool]]:
    with s.unit_of_work() as uow:
        found = uow.find(Certificate)
    return sorted((c.person_id_number, c.certificate_number, c.valid_until, c.current)
                  for c in found)  # fmt: skip


def _run(window: MainWindow, screen: FiledRegistrationsScreen, button: str) -> str | None:
    screen.buttons[button].invoke()
    wait_job(window.root, screen.job)
    assert screen.job is not None
    return screen.job.outcome


def test_file_the_register_in_the_window(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    o = offices(cli, tmp_path)
    carry(o, o.firm, o.city)
    carry(o, o.city, o.province)  # the province holds the firm
    mixed = _sheet(tmp_path / "mixed.xlsx", [GOOD, BAD])
    with open_node(Path(o.province.home), cli.env) as s:
        window = window_for(root, cli, s, o.province.home)
        screen = window.open("nav.grade2_persons")
        assert isinstance(screen, FiledRegistrationsScreen)
        assert screen.buttons["btn.import_all"].instate(["disabled"])

        # 导入: the check lists the bad row with its column, and writes nothing.
        screen.ctx.ask_open = lambda *_a: mixed
        assert _run(window, screen, "btn.import") == "done"
        [(row, column, reason)] = screen.error_rows()
        assert (row, column) == ("3", "证书编号")
        assert "2G" in reason
        assert _filed(s) == []

        # 全部导入: refused with the CLI's text, nothing written.
        assert _run(window, screen, "btn.import_all") == "failed"
        cli_error = cli("filing", "register-import", mixed, "--home", o.province.home).err
        assert window.notices.log[-1].message == cli_error.strip().removeprefix("regsync: ")
        assert _filed(s) == []

        # 只导入正确行: the good row is filed and listed.
        assert _run(window, screen, "btn.import_good") == "done"
        assert window.notices.log[-1].message == "已备案：新增 1 人次，更新 0 人次，跳过错误行 1 行"
        assert _filed(s) == [(PERSON, "晋2J2015000123", dt.date(2027, 2, 28), True)]
        [key] = screen.table.row_keys()
        assert screen.cell(key, "印章编号") == "晋2J-201500123"

        # 新增: a wrong seal number is refused beside 印章编号; corrected, it is filed.
        screen.buttons["btn.new"].invoke()
        dialog = screen.dialog
        assert dialog is not None
        typed = dict(zip(("name", "person", "specialty", "certificate", "seal", "issued",
                          "valid_until", "employer"), BAD, strict=True))  # fmt: skip
        typed["specialty"] = "structural"
        typed["certificate"] = "晋2G2016000456"
        typed["seal"] = "晋2G-16"
        for name, value in typed.items():
            dialog.set(name, value)
        dialog.save()
        assert "印章编号" in dialog.message("seal")
        assert len(_filed(s)) == 1
        dialog.set("seal", "晋2G-201600456")
        dialog.save()
        pump(root)
        assert (id_number(3), "晋2G2016000456", dt.date(2028, 4, 30), True) in _filed(s)
        assert len(screen.table.row_keys()) == 2

        # 更正 (double-click a row): the form comes filled in; a later end date is saved.
        screen.correct_row(key)
        dialog = screen.dialog
        assert dialog is not None
        assert dialog.values()["certificate"] == "晋2J2015000123"
        dialog.set("valid_until", "2015-01-01")  # before the date of issue: refused
        dialog.save()
        assert "有效期至" in dialog.message("valid_until")
        dialog.set("valid_until", "2027-03-31")
        dialog.save()
        pump(root)
        assert (PERSON, "晋2J2015000123", dt.date(2027, 3, 31), True) in _filed(s)
        assert window.notices.log[-1].message == "已更正 " + PERSON + " 证书 晋2J2015000123"
        no_bugs(window)
