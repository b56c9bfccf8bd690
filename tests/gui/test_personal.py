"""个人版 数据录入 (per kind) and 申报管理 (生成 the package) through the widgets."""

from __future__ import annotations

import tkinter as tk
from pathlib import Path

from regsync.core.model import Application
from regsync.gui_tk.forms import FormDialog
from regsync.gui_tk.personal import (
    ChangeEntryScreen,
    DeclareScreen,
    InitialEntryScreen,
    SampleScreen,
)
from tests.conftest import Cli
from tests.gui.conftest import (
    click_check,
    no_bugs,
    pump,
    screenshot,
    services,
    wait_job,
    window_for,
)
from tests.offices import PERSON, Office, enrolled_chain

FIRM = "太原市建筑设计研究院"


def test_enter_a_draft_and_package_it_for_the_firm(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)  # the firm, enrolled: it can trust applicants
    firm, firm_card = chain.firm, chain.files / "e1.card"
    me = Office(cli, tmp_path / "me")
    me("init", "--role", "personal", "--name", "李四", "--city", "140100")
    me("person", "add", "--id-number", PERSON, "--name", "李四",
       "--qualification-cert", "JZ2025-0001", "--qualification-date", "2025-06-30")  # fmt: skip
    me("node", "card", "-o", str(tmp_path / "me.card"))

    with services(cli, me.home) as s:
        window = window_for(root, cli, s, me.home)

        # 初始注册申请 → 新增: only this kind is offered; saved, the edit dialog follows.
        entry = window.open("nav.entry_initial")
        assert isinstance(entry, InitialEntryScreen)
        entry.buttons["btn.new"].invoke()
        pump(root)
        dialog = entry.dialog
        assert isinstance(dialog, FormDialog)
        assert list(dialog.widgets["kind"].cget("values")) == ["初始注册"]
        dialog.set("specialty", "architect")
        dialog.set("person_id_number", PERSON)
        dialog.save()
        pump(root)
        with s.unit_of_work() as uow:
            [draft] = uow.find(Application)
        assert (draft.kind, draft.stage, draft.person_id_number) == ("initial", "draft", PERSON)
        assert entry.table.row_keys() == [draft.number]
        edit = entry.dialog
        assert isinstance(edit, FormDialog)
        assert edit is not dialog
        edit.set("enterprise_name", FIRM)
        edit.save()
        pump(root)
        with s.unit_of_work() as uow:
            saved = uow.get(Application, draft.number)
        assert saved is not None
        assert saved.enterprise_name == FIRM
        screenshot(window, "personal-entry")

        # 样表打印: a proof of the draft, written off the UI thread.
        sample = window.open("nav.sample_print")
        assert isinstance(sample, SampleScreen)
        window.ctx.ask_save = lambda _title, suffix: str(tmp_path / f"样表{suffix}")
        click_check(sample.table, draft.number)
        sample.buttons["btn.sample"].invoke()
        wait_job(root, window.ctx.jobs[-1])
        assert (tmp_path / "样表.pdf").read_bytes().startswith(b"%PDF")
        assert window.notices.log[-1].message == f"已打印 1 份到 {tmp_path / '样表.pdf'}"

        change = window.open("nav.entry_change")  # another kind's screen: not listed there
        assert isinstance(change, ChangeEntryScreen)
        assert change.table.row_keys() == []

        # 申报管理 → 生成 with a card that is not an enterprise's: the CLI's refusal.
        declare = window.open("nav.declare")
        assert isinstance(declare, DeclareScreen)
        assert declare.table.row_keys() == [draft.number]
        package = tmp_path / "李四.bpz"
        window.ctx.ask_save = lambda _title, _suffix: str(package)
        window.ctx.ask_open = lambda _title, _suffix: str(tmp_path / "me.card")
        click_check(declare.table, draft.number)
        declare.buttons["btn.package"].invoke()
        wait_job(root, declare.job)
        assert declare.job is not None
        assert declare.job.outcome == "failed"
        refused = cli("package", "--to", str(tmp_path / "me.card"), "-o", str(package),
                      "--home", me.home)  # fmt: skip
        assert refused.code == 1
        assert window.notices.log[-1].kind == "error"
        assert window.notices.log[-1].message == refused.err.strip().removeprefix("regsync: ")
        assert not package.exists()

        # The firm's card: the package is written, and only that firm can take it in.
        window.ctx.ask_open = lambda _title, _suffix: str(firm_card)
        declare.buttons["btn.package"].invoke()
        wait_job(root, declare.job)
        assert declare.job.outcome == "done"
        assert str(declare.result.cget("text")).startswith(f"已生成数据包 {package}（1 份申请）")
        assert package.exists()
        screenshot(window, "personal-declare")
        no_bugs(window)
    firm("node", "trust", str(tmp_path / "me.card"))
    assert "新建草稿" in firm("receive-package", str(package))
