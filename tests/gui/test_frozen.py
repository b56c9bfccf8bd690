"""Issue 16 in the window: a reported application is read-only at the firm, and a
registration whose certificate has ended shows the red light without any write."""

from __future__ import annotations

import datetime as dt
import tkinter as tk
from pathlib import Path

import pytest

from regsync.core.model import Application, Certificate
from regsync.gui_tk.application_dialogs import PerformanceDialog
from regsync.gui_tk.applications import ApplicationsScreen
from regsync.gui_tk.person_detail import PersonDetailDialog
from regsync.gui_tk.registered import RegisteredPersonsScreen
from tests.city_helpers import Offices, issued, new_application, offices, report
from tests.conftest import Cli
from tests.gui.conftest import dialogs, double_click, no_bugs, pump, services, window_for
from tests.offices import PERSON, enrolled_chain


def _select(screen: ApplicationsScreen, number: str) -> None:
    """Highlight the row ``number`` (a real click on one of its cells)."""
    pump(screen.table)
    screen.table.tree.see(number)
    pump(screen.table)
    x, y, width, height = screen.table.tree.bbox(number, column="number")  # type: ignore[misc]
    for event in ("<ButtonPress-1>", "<ButtonRelease-1>"):
        screen.table.tree.event_generate(event, x=x + width // 2, y=y + height // 2)
    pump(screen.table)


def test_the_edit_of_a_reported_application_is_disabled(
    root: tk.Tk, cli: Cli, tmp_path: Path
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    o = Offices(chain.province, chain.city, chain.firm, chain.files, cli)
    draft = new_application(o)
    reported = new_application(o)
    report(o, reported)
    with services(cli, o.firm.home) as s:
        window = window_for(root, cli, s, o.firm.home)
        screen = window.open("nav.applications")
        assert isinstance(screen, ApplicationsScreen)
        edit = screen.buttons["btn.edit"]
        _select(screen, draft)
        assert screen.table.selected() == draft
        assert not edit.instate(["disabled"])  # a draft: 修改 is there
        _select(screen, reported)
        assert screen.table.selected() == reported
        assert edit.instate(["disabled"])  # reported: 修改 is greyed

        # Double-clicking it opens it read-only: no 保存, every field read-only, the reason.
        double_click(screen.table, reported, "number")
        dialog = screen.dialog
        assert dialog is not None
        assert dialog.values()["number"] == reported
        assert "保存" not in dialog.button_widgets
        assert dialog.widgets["enterprise_name"].instate(["readonly"])
        assert dialog.widgets["qualification_cert_no"].instate(["readonly"])
        reason = str(dialog.general.cget("text"))
        assert "已上报" in reason
        assert "receive correct" in reason
        dialog.button_widgets["工作业绩"].invoke()
        [perf] = dialogs(root, PerformanceDialog)
        assert "保存" not in perf.button_widgets  # its 工作业绩 cannot be added to either
        assert perf.widgets["project_name"].instate(["readonly"])
        assert len(perf.table.get_children()) == 1  # the record is shown
        perf.destroy()
        dialog.destroy()
        with s.unit_of_work() as uow:
            stored = uow.get(Application, reported)
        assert stored is not None
        assert stored.stage == "reported"
        no_bugs(window)


@pytest.mark.parametrize("case", [(0, "● 有效", "active"), (1, "● 停止注册", "stopped")])
def test_the_light_turns_red_the_day_after_valid_until(
    root: tk.Tk, cli: Cli, tmp_path: Path, case: tuple[int, str, str]
) -> None:
    days_after, light, tag = case  # the last valid day, then the day after
    o = offices(cli, tmp_path)
    issued(o)
    with services(cli, o.province.home) as s, s.unit_of_work() as uow:
        (cert,) = uow.find(Certificate, person_id_number=PERSON, current=True)
    day = cert.valid_until + dt.timedelta(days=days_after)
    cli.env["REGSYNC_NOW"] = f"{day.isoformat()}T10:00:00+08:00"
    with services(cli, o.province.home) as s:
        window = window_for(root, cli, s, o.province.home)
        screen = window.open("nav.registered_persons")
        assert isinstance(screen, RegisteredPersonsScreen)
        pump(root)
        assert screen.table.cell(PERSON, "status") == light
        assert screen.table.tree.item(PERSON, "tags") == (tag,)  # green or red
        double_click(screen.table, PERSON, "name")
        assert isinstance(screen.dialog, PersonDetailDialog)
        basic = dict(screen.dialog.rows("reg.tab_basic"))
        assert basic["人员状态"] == light.removeprefix("● ")
        no_bugs(window)
