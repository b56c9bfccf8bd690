"""The window's last line: a failure no screen names is a message, never a traceback.

A bug in a callback is shown as the application's internal-error message naming the
log that holds its traceback (the CLI's words), and kept for the tests."""

from __future__ import annotations

import tkinter as tk
from pathlib import Path

from tests.conftest import Cli
from tests.gui.conftest import pump, services, window_for
from tests.offices import USCC1, Office


def test_a_bug_in_a_callback_names_the_log(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "firm"
    Office(cli, home)("init", "--role", "enterprise", "--name", "太原市建筑设计研究院",
                      "--uscc", USCC1, "--city", "140100")  # fmt: skip
    with services(cli, str(home)) as s:
        window = window_for(root, cli, s, str(home))
        root.after(0, lambda: {}["a missing key"])  # a real bug, raised in a Tk callback
        pump(root, lambda: bool(window.notices.unexpected))
        assert isinstance(window.notices.unexpected[0], KeyError)
        message = window.notices.log[-1].message
        log = home / "logs" / "regsync.log"
        assert str(log) in message
        assert "内部错误" in message
        assert "a missing key" in log.read_text(encoding="utf-8")


def test_the_window_fits_the_screen_and_resizes(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "firm"
    Office(cli, home)("init", "--role", "enterprise", "--name", "太原市建筑设计研究院",
                      "--uscc", USCC1, "--city", "140100")  # fmt: skip
    with services(cli, str(home)) as s:
        window_for(root, cli, s, str(home))
        pump(root)
        assert root.resizable() == (True, True)
        assert root.winfo_width() <= root.winfo_screenwidth()
        assert root.winfo_height() <= root.winfo_screenheight()
        root.geometry("960x600")  # a small laptop's usable area
        pump(root)
        assert (root.winfo_width(), root.winfo_height()) == (960, 600)
