"""The office fields through the widgets: a person's photo from a file, coded choices,
and an application dialog that shows only its kind's fields (issue 16, items 6-7)."""

from __future__ import annotations

import io
import tkinter as tk
from pathlib import Path
from tkinter import filedialog

import pytest
from PIL import Image

from regsync.core.model import Application, Person
from regsync.core.photos import decode_photo
from regsync.gui_tk import office_fields
from regsync.gui_tk.application_dialogs import edit_application_dialog
from regsync.gui_tk.forms import FormDialog
from regsync.gui_tk.persons import PersonsScreen
from tests.conftest import Cli
from tests.gui.conftest import no_bugs, pump, services, window_for
from tests.offices import USCC1, Office

LI = "14010019800101001X"


def _save(dialog: FormDialog) -> None:
    dialog.button_widgets["保存"].invoke()
    pump(dialog)


def _firm(cli: Cli, tmp_path: Path) -> Office:
    firm = Office(cli, tmp_path / "firm")
    firm("init", "--role", "enterprise", "--name", "太原市建筑设计研究院", "--uscc", USCC1,
         "--city", "140100", "--enterprise-number", "0001")  # fmt: skip
    return firm


def test_person_photo_from_a_file_and_coded_choices(
    root: tk.Tk, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    firm = _firm(cli, tmp_path)
    photo = tmp_path / "li.png"
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), (10, 120, 60)).save(buffer, "PNG")
    photo.write_bytes(buffer.getvalue())
    not_image = tmp_path / "li.txt"
    not_image.write_text("不是图片", encoding="utf-8")
    with services(cli, firm.home) as s:
        window = window_for(root, cli, s, firm.home)
        screen = window.open("nav.enterprise_persons")
        assert isinstance(screen, PersonsScreen)
        screen.new_button.invoke()
        dialog = screen.dialog
        assert dialog is not None
        dialog.set("id_number", LI)
        dialog.set("name", "李四")
        dialog.set("qualification_route", "special")
        assert dialog.widgets["qualification_route"].get() == "特许"  # the label is shown
        dialog.set("ethnicity", "满族")
        # 选择照片… puts the chosen path in the field (the file dialog stands in here).
        monkeypatch.setattr(filedialog, "askopenfilename", lambda **_: str(not_image))
        dialog.button_widgets["选择照片…"].invoke()
        assert dialog.values()["photo"] == str(not_image)
        _save(dialog)
        assert "照片不能使用" in dialog.message("photo")  # refused beside the field
        with s.unit_of_work() as uow:
            assert uow.find(Person) == []  # nothing written
        dialog.set("photo", str(photo))
        _save(dialog)
        with s.unit_of_work() as uow:
            stored = uow.get(Person, LI)
        assert stored is not None
        assert stored.qualification_route == "special"
        assert stored.ethnicity == "满族"
        assert stored.photo is not None
        assert decode_photo(stored.photo) == photo.read_bytes()
        no_bugs(window)


def test_each_kind_shows_only_its_own_fields(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    firm = _firm(cli, tmp_path)
    firm("person", "add", "--id-number", LI, "--name", "李四")
    amend = firm("apply", "new", "--kind", "amend_reissue", "--specialty", "architect",
                 "--person", LI)  # fmt: skip
    initial = firm("apply", "new", "--kind", "initial", "--specialty", "architect",
                   "--person", LI)  # fmt: skip
    with services(cli, firm.home) as s:
        window = window_for(root, cli, s, firm.home)
        first = edit_application_dialog(window.ctx, initial, lambda: None)
        assert "amend_mode" not in first.widgets
        assert "previous_employer" not in first.widgets
        assert "qualification_cert_no" in first.widgets
        first.destroy()
        dialog = edit_application_dialog(window.ctx, amend, lambda: None)
        assert "qualification_cert_no" not in dialog.widgets
        dialog.set("registration_cert_no", "晋2J2024140100001")
        dialog.set("amend_mode", "reissue")
        dialog.set("reissue_items", "both")
        dialog.set("loss_newspaper", "山西日报")
        dialog.set("loss_declared_on", "2020-01-05")
        _save(dialog)
        with s.unit_of_work() as uow:
            stored = uow.get(Application, amend)
        assert stored is not None
        assert (stored.amend_mode, stored.reissue_items) == ("reissue", "both")
        dialog.button_widgets["计算机核查"].invoke()
        pump(root)
        assert dialog.message("loss_newspaper") == ""
        dialog.set("loss_newspaper", "")
        _save(dialog)
        dialog.button_widgets["计算机核查"].invoke()
        pump(root)
        assert "遗失声明刊登报纸" in dialog.message("loss_newspaper")  # beside its field
        dialog.destroy()
        no_bugs(window)
    assert office_fields.field_spec(Application, "reason").choices == ()
