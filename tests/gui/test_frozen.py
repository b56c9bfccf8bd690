"""A reported application is read-only at the firm, in the window too (issue 16)."""

from __future__ import annotations

import tkinter as tk
from pathlib import Path

from regsync.core.model import Application
from regsync.gui_tk.application_dialogs import PerformanceDialog
from regsync.gui_tk.applications import ApplicationsScreen
from tests.city_helpers import Offices, new_application, report
from tests.conftest import Cli
from tests.gui.conftest import dialogs, double_click, no_bugs, pump, services, window_for
from tests.offices import enrolled_chain


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
        assert dialog.widgets["reason"].instate(["readonly"])
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
