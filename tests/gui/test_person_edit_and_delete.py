"""企业人员信息's 修改 and 注册申报管理's 删除 through the widgets (issue 17 item 5)."""

from __future__ import annotations

import tkinter as tk
from pathlib import Path

from regsync.core.model import Application, Person
from regsync.gui_tk.applications import ApplicationsScreen
from regsync.gui_tk.forms import FormDialog
from regsync.gui_tk.persons import PersonsScreen
from tests.conftest import Cli
from tests.gui.conftest import double_click, grab, no_bugs, pump, services, window_for
from tests.gui.test_enterprise import LI, _firm


def test_person_edit_and_draft_delete(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    firm = _firm(cli, tmp_path)
    firm("person", "add", "--id-number", LI, "--name", "李四", "--phone", "13800000001")
    draft = firm("apply", "new", "--kind", "initial", "--specialty", "architect", "--person", LI)
    other = firm("apply", "new", "--kind", "renewal", "--specialty", "architect", "--person", LI)
    with services(cli, firm.home) as s:
        with s.unit_of_work() as uow:  # the second one as reported (frozen at the firm)
            app = uow.get(Application, other)
            assert app is not None
            uow.put(app.replace(stage="reported", reported_on=s.today()))
            uow.commit()
        window = window_for(root, cli, s, firm.home)

        # 修改 a person: double-click, change the phone and the title, 保存.
        screen = window.open("nav.enterprise_persons")
        assert isinstance(screen, PersonsScreen)
        double_click(screen.table, LI, "name")
        dialog = screen.dialog
        assert isinstance(dialog, FormDialog)
        assert dialog.values()["phone"] == "13800000001"
        dialog.set("graduation_date", "2020-02-30")  # no such day: the use case's words
        dialog.save()
        pump(root)
        assert window.notices.log[-1].kind == "error"
        dialog.set("graduation_date", "")
        dialog.set("phone", "13900000002")
        dialog.set("title", "高级工程师")
        grab(dialog, "person-edit")
        dialog.save()
        pump(root)
        with s.unit_of_work() as uow:
            person = uow.get(Person, LI)
        assert person is not None
        assert (person.phone, person.title, person.name) == ("13900000002", "高级工程师", "李四")
        assert screen.table.cell(LI, "phone") == "13900000002"

        # 删除 a draft: asked first (否 keeps it), then deleted; a reported one is refused.
        apps = window.open("nav.applications")
        assert isinstance(apps, ApplicationsScreen)
        asked: list[str] = []
        apps.confirm = lambda _title, message: bool(asked.append(message))  # 否
        apps.table.tree.selection_set(draft)
        apps.buttons["btn.delete"].invoke()
        pump(root)
        assert asked == [f"确定删除草稿 {draft}（李四）吗？删除后不能恢复。"]
        assert draft in apps.table.row_keys()
        apps.confirm = lambda _title, _message: True
        apps.buttons["btn.delete"].invoke()
        pump(root)
        assert window.notices.log[-1].message == f"已删除 {draft}"
        assert draft not in apps.table.row_keys()
        with s.unit_of_work() as uow:
            assert uow.get(Application, draft) is None

        apps.table.tree.selection_set(other)
        apps.buttons["btn.delete"].invoke()
        pump(root)
        assert window.notices.log[-1].kind == "error"
        assert "只有从未上报的草稿可以删除" in window.notices.log[-1].message
        assert other in apps.table.row_keys()
        no_bugs(window)
