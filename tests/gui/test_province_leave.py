"""省级 人员出省 entry through the widgets (issue 17 item 5)."""

from __future__ import annotations

import tkinter as tk
from pathlib import Path

from regsync.core.model import LeaveProvinceRecord
from regsync.gui_tk.leave_province import ProvinceLeaveScreen
from tests.city_helpers import issued, offices
from tests.conftest import Cli
from tests.gui.conftest import grab, no_bugs, pump, services, window_for
from tests.offices import PERSON


def test_the_province_records_a_person_leaving(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    o = offices(cli, tmp_path)
    issued(o)  # 李四 registered by the province
    with services(cli, o.province.home) as s:
        window = window_for(root, cli, s, o.province.home)
        screen = window.open("nav.leave_province")
        assert isinstance(screen, ProvinceLeaveScreen)
        assert screen.table.row_keys() == []
        screen.buttons["btn.leave_add"].invoke()
        pump(root)
        dialog = screen.dialog
        assert dialog is not None
        assert dialog.values()["left_on"] == s.today().isoformat()

        # An unknown person: the use case's message, nothing written.
        dialog.set("person", "110105194912310021")
        dialog.save()
        pump(root)
        assert window.notices.log[-1].kind == "error"
        with s.unit_of_work() as uow:
            assert uow.find(LeaveProvinceRecord) == []

        dialog.set("person", PERSON)
        dialog.set("destination", "河北省")
        dialog.set("reason", "工作调动")
        grab(dialog, "province-leave")
        dialog.save()
        pump(root)
        assert screen.dialog is None
        assert window.notices.log[-1].message == f"已登记人员出省 {PERSON}，注册状态：停止注册"
        with s.unit_of_work() as uow:
            [record] = uow.find(LeaveProvinceRecord)
        assert (record.person_id_number, record.destination) == (PERSON, "河北省")
        assert len(screen.table.row_keys()) == 1
        no_bugs(window)
    shown = o.province.json("registry", "person", "show", PERSON)
    assert isinstance(shown, dict)
    assert shown["person"]["registration_status"] != "active"
