"""Issue 18, item 4 in the window: 打印 names an application it cannot print and prints the
others; a dialog refuses what the CLI refuses, with the same words beside the field."""

from __future__ import annotations

import tkinter as tk
from pathlib import Path

from regsync.core.model import Application
from regsync.gui_tk.applications import ApplicationsScreen
from regsync.gui_tk.persons import PersonsScreen
from tests.conftest import Cli
from tests.documents_helpers import (
    LI,
    WANG,
    add_person,
    decode_barcodes,
    init_enterprise,
    new_initial,
    report,
)
from tests.gui.conftest import click_check, no_bugs, pump, services, wait_job, window_for


def test_the_window_prints_the_printable_and_names_the_rest(
    root: tk.Tk, cli: Cli, tmp_path: Path
) -> None:
    home = cli.env["REGSYNC_HOME"]
    init_enterprise(cli, f"sqlite:///{tmp_path / 'n.db'}")
    add_person(cli)
    add_person(cli, WANG, "王芳")
    good, bad = new_initial(cli), new_initial(cli, WANG)
    for number in (good, bad):
        report(cli, number)
    with services(cli, home) as s:
        # As an import from elsewhere writes it: no entry rule ran on this name.
        with s.unit_of_work() as uow:
            app = uow.get(Application, bad)
            assert app is not None
            uow.put(app.replace(person_name="王芳\u202e"))
            uow.commit()
        window = window_for(root, cli, s, home)
        forms = window.open("nav.print_forms")
        assert isinstance(forms, ApplicationsScreen)
        out = tmp_path / "forms.pdf"
        window.ctx.ask_save = lambda _title, _suffix: str(out)
        click_check(forms.table, good)
        click_check(forms.table, bad)
        forms.buttons["btn.print"].invoke()
        wait_job(root, window.ctx.jobs[-1])
        assert window.ctx.jobs[-1].outcome == "done"
        notice = window.notices.log[-1]
        assert notice.kind == "error"
        assert notice.message.startswith(f"已打印 1 份到 {out}")
        assert f"申请 {bad} 无法打印" in notice.message
        assert "U+202E" in notice.message
        assert "person_name" in notice.message
        no_bugs(window)
    decoded = decode_barcodes(out, tmp_path)
    assert len(decoded) == 1
    assert decoded[0].startswith(good)


def test_the_person_dialog_refuses_a_character_the_font_lacks(
    root: tk.Tk, cli: Cli, tmp_path: Path
) -> None:
    home = cli.env["REGSYNC_HOME"]
    init_enterprise(cli, f"sqlite:///{tmp_path / 'n.db'}")
    with services(cli, home) as s:
        window = window_for(root, cli, s, home)
        screen = window.open("nav.enterprise_persons")
        assert isinstance(screen, PersonsScreen)
        screen.new_button.invoke()
        assert screen.dialog is not None
        screen.dialog.set("id_number", LI)
        screen.dialog.set("name", "王\U00020000")
        screen.dialog.button_widgets["保存"].invoke()
        pump(screen.dialog)
        refused = cli("person", "add", "--id-number", LI, "--name", "王\U00020000")
        cli_text = refused.err.strip().removeprefix("regsync: ")
        assert "U+20000" in cli_text
        assert window.notices.log[-1].kind == "error"
        assert window.notices.log[-1].message == cli_text
        assert screen.dialog.message("name") == cli_text  # beside the field
        assert screen.table.row_keys() == []  # nothing written
        no_bugs(window)
