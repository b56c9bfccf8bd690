"""``regsync gui`` opens the window of the node's edition, in the language asked for."""

from __future__ import annotations

import gc
import tkinter as tk
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.gui.conftest import pump
from tests.offices import USCC1, Office


@pytest.mark.parametrize("case", [("zh", "（企业版）"), ("en", "(enterprise edition)")])
@pytest.mark.usefixtures("xdisplay")
def test_gui_command_opens_the_edition_window(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: tuple[str, str]
) -> None:
    lang, edition = case
    firm = Office(cli, tmp_path / "firm")
    firm("init", "--role", "enterprise", "--name", "太原市建筑设计研究院", "--uscc", USCC1,
         "--city", "140100", "--enterprise-number", "0001")  # fmt: skip
    titles: list[str] = []

    def close_at_once(self: tk.Tk, _n: int = 0) -> None:
        # Stands in for the clerk: look at the window, then close it.
        pump(self)
        titles.append(self.title())
        self.destroy()

    monkeypatch.setattr(tk.Tk, "mainloop", close_at_once)
    result = cli("--lang", lang, "gui", "--home", firm.home)
    gc.collect()  # free the closed window's interpreter on this thread (see conftest.root)
    assert result.code == 0, result.err
    [title] = titles
    assert title.endswith(edition)
