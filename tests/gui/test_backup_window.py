"""系统维护 → 数据备份/恢复 in the window: a backup taken while the window is open, then
restored into a new folder, which holds the same node and waits to catch up."""

from __future__ import annotations

import tkinter as tk
from pathlib import Path

from regsync.app.bootstrap import open_node
from regsync.gui_tk.backup import BackupScreen
from regsync.sync.restore import MARKER
from tests.conftest import Cli
from tests.gui.conftest import no_bugs, pump, screenshot, services, wait_job, window_for
from tests.offices import PERSON, USCC1, Office


def test_back_up_and_restore_from_the_window(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "firm"
    firm = Office(cli, home)
    firm("init", "--role", "enterprise", "--name", "太原市建筑设计研究院",
         "--uscc", USCC1, "--city", "140100")  # fmt: skip
    firm("person", "add", "--id-number", PERSON, "--name", "李四")
    backup, restored = tmp_path / "backup.zip", tmp_path / "restored"
    with services(cli, str(home)) as s:
        window = window_for(root, cli, s, str(home))
        screen = window.open("nav.backup")
        assert isinstance(screen, BackupScreen)
        window.ctx.ask_save = lambda _title, _suffix: str(backup)
        screen.backup_button.invoke()
        wait_job(root, window.ctx.jobs[-1])
        assert window.notices.log[-1].message.startswith("已备份节点 太原市建筑设计研究院")
        screenshot(window, "backup")
        window.ctx.ask_open = lambda _title, _suffix: str(backup)
        window.ctx.ask_save = lambda _title, _suffix: str(restored)
        screen.restore_button.invoke()
        wait_job(root, window.ctx.jobs[-1])
        pump(root)
        assert "恢复到" in window.notices.log[-1].message
        no_bugs(window)
    assert "李四" in Office(cli, restored)("person", "list")
    with open_node(restored, cli.env) as r, r.unit_of_work() as uow:
        assert uow.store.get_local(MARKER)  # waits to hear from its city before writing
