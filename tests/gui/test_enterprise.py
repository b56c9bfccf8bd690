"""The enterprise's daily work through the widgets: person, application, check, report, print."""

from __future__ import annotations

import tkinter as tk
from pathlib import Path

import openpyxl

from regsync.core.model import Application
from regsync.gui_tk.application_dialogs import PerformanceDialog
from regsync.gui_tk.applications import ApplicationsScreen
from regsync.gui_tk.forms import FormDialog
from regsync.gui_tk.persons import PersonsScreen
from regsync.gui_tk.summary import SummaryScreen
from tests.conftest import Cli
from tests.gui.conftest import (
    click_check,
    dialogs,
    grab,
    no_bugs,
    pump,
    screenshot,
    services,
    wait_job,
    window_for,
)
from tests.offices import USCC1, Office

LI = "14010019800101001X"
ELDER = "11010519491231002X"


def _firm(cli: Cli, tmp_path: Path) -> Office:
    firm = Office(cli, tmp_path / "firm")
    firm("init", "--role", "enterprise", "--name", "太原市建筑设计研究院", "--uscc", USCC1,
         "--city", "140100", "--enterprise-number", "0001")  # fmt: skip
    return firm


def _save(dialog: FormDialog) -> None:
    dialog.button_widgets["保存"].invoke()
    pump(dialog)


def test_add_person_and_errors_read_as_in_the_cli(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    firm = _firm(cli, tmp_path)
    with services(cli, firm.home) as s:
        window = window_for(root, cli, s, firm.home)
        screen = window.open("nav.enterprise_persons")
        assert isinstance(screen, PersonsScreen)
        screen.new_button.invoke()
        assert screen.dialog is not None
        screen.dialog.set("id_number", "140100198001010011")  # wrong check character
        screen.dialog.set("name", "李四")
        _save(screen.dialog)
        refused = cli("person", "add", "--id-number", "140100198001010011", "--name", "李四",
                      "--home", firm.home)  # fmt: skip
        cli_text = refused.err.strip().removeprefix("regsync: ")
        assert window.notices.log[-1].kind == "error"
        assert window.notices.log[-1].message == cli_text
        assert screen.dialog.message("id_number") == cli_text  # beside the field
        screen.dialog.set("id_number", LI)
        _save(screen.dialog)
        assert screen.table.row_keys() == [LI]
        assert screen.table.cell(LI, "gender") == "男"
        screenshot(window, "enterprise-persons")
        no_bugs(window)


def test_create_check_report_and_print(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    firm = _firm(cli, tmp_path)
    firm("person", "add", "--id-number", LI, "--name", "李四")
    firm("person", "add", "--id-number", ELDER, "--name", "张三")
    other = firm("apply", "new", "--kind", "renewal", "--specialty", "structural",
                 "--person", ELDER)  # fmt: skip
    with services(cli, firm.home) as s:
        window = window_for(root, cli, s, firm.home)
        screen = window.open("nav.applications")
        assert isinstance(screen, ApplicationsScreen)

        # 新增 -> 选择人员 -> 保存: the new application opens for editing.
        screen.buttons["btn.new"].invoke()
        assert screen.dialog is not None
        screen.dialog.set("kind", "initial")
        screen.dialog.set("specialty", "architect")
        screen.dialog.set("person_id_number", LI)
        _save(screen.dialog)
        [number] = [key for key in screen.table.row_keys() if key != other]
        edit = screen.dialog
        assert edit.values()["number"] == number

        # 计算机核查: each message beside its field, the rest under the fields.
        edit.button_widgets["计算机核查"].invoke()
        pump(root)
        assert "资格证书号" in edit.message("qualification_cert_no")
        assert "工作业绩" in str(edit.general.cget("text"))
        grab(edit, "enterprise-check-dialog")

        edit.set("qualification_cert_no", "A-001")
        edit.set("qualification_date", "2025-06-30")
        _save(edit)
        edit.button_widgets["工作业绩"].invoke()
        [perf] = dialogs(root, PerformanceDialog)
        perf.set("project_name", "太原市图书馆")
        perf.set("role", "专业负责人")
        perf.set("start_date", "2024-01-01")
        perf.set("end_date", "2025-01-01")
        _save(perf)
        assert len(perf.table.get_children()) == 1
        perf.destroy()
        edit.button_widgets["计算机核查"].invoke()
        pump(root)
        assert edit.message("qualification_cert_no") == ""
        assert "error" not in [n.kind for n in window.notices.log]
        edit.destroy()

        # Tick the row and 在线上报 through the reporting gate.
        click_check(screen.table, number)
        assert screen.table.checked() == [number]
        screen.buttons["btn.report"].invoke()
        pump(root)
        assert window.notices.log[-1].message.startswith("已上报 1 份申请。未设置同步服务器")
        assert screen.table.cell(number, "stage") == "已上报"
        with s.unit_of_work() as uow:
            stored = uow.get(Application, number)
        assert stored is not None
        assert stored.stage == "reported"
        screenshot(window, "enterprise-applications")

        # 样表打印 and 导出报表 run off the UI thread and write their files.
        window.ctx.ask_save = lambda _title, suffix: str(tmp_path / f"out{suffix}")
        click_check(screen.table, number)
        screen.buttons["btn.sample"].invoke()
        wait_job(root, window.ctx.jobs[-1])
        assert (tmp_path / "out.pdf").stat().st_size > 0
        screen.search.set("stage", "reported")  # 查询条件: what is shown is what is exported
        screen.search.search_button.invoke()
        assert screen.table.row_keys() == [number]
        screen.buttons["btn.export_excel"].invoke()
        wait_job(root, window.ctx.jobs[-1])
        assert window.notices.log[-1].message == f"已导出 1 行到 {tmp_path / 'out.xlsx'}"
        book = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True)
        sheet = book.active
        assert sheet is not None
        assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [number]
        book.close()

        # 打印申请表: the form with its barcode, now that the application is reported.
        forms = window.open("nav.print_forms")
        assert isinstance(forms, ApplicationsScreen)
        window.ctx.ask_save = lambda _title, _suffix: str(tmp_path / "form.pdf")
        click_check(forms.table, number)
        forms.buttons["btn.print"].invoke()
        wait_job(root, window.ctx.jobs[-1])
        assert window.ctx.jobs[-1].outcome == "done"
        assert (tmp_path / "form.pdf").exists()

        # 打印汇总表: choose kind and specialty, 查询 (the month's reported batch), tick, 打印.
        summary = window.open("nav.print_summary")
        assert isinstance(summary, SummaryScreen)
        summary.choose("kind", "initial")
        summary.choose("specialty", "architect")
        summary.buttons["btn.search"].invoke()
        assert summary.table.row_keys() == [number]
        window.ctx.ask_save = lambda _title, _suffix: str(tmp_path / "summary.pdf")
        click_check(summary.table, number)
        summary.buttons["btn.print"].invoke()
        wait_job(root, window.ctx.jobs[-1])
        assert (tmp_path / "summary.pdf").exists()
        no_bugs(window)
