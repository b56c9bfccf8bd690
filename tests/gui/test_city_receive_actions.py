"""申报接收's 修改 and 删除/退回 through the widgets, after a real in-process sync."""

from __future__ import annotations

import tkinter as tk
from contextlib import ExitStack
from pathlib import Path

from regsync.app.bootstrap import open_node
from regsync.core.model import Application, Review
from regsync.gui_tk.forms import FormDialog
from regsync.gui_tk.receiving import ReceiveScreen
from tests.conftest import Cli
from tests.gui.conftest import click_check, grab, no_bugs, pump, screenshot, window_for
from tests.gui.test_city import _reported
from tests.offices import enrolled_chain, sync


def test_correct_and_refuse_before_receiving(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    with ExitStack() as stack:
        firm, city = (
            stack.enter_context(open_node(Path(o.home), cli.env)) for o in (chain.firm, chain.city)
        )
        li, elder = _reported(chain, firm)
        sync(firm, chain.firm, city, chain.city, tmp_path)
        window = window_for(root, cli, city, chain.city.home)
        screen = window.open("nav.receive")
        assert isinstance(screen, ReceiveScreen)

        # 修改 with nothing chosen: told to choose one.
        screen.buttons["btn.edit"].invoke()
        pump(root)
        assert window.notices.log[-1].message == "请选择一条记录"

        # 修改: one field changed, saved; the record is corrected and still waits.
        click_check(screen.table, li)
        screen.buttons["btn.edit"].invoke()
        pump(root)
        dialog = screen.dialog
        assert isinstance(dialog, FormDialog)
        assert dialog.values()["qualification_cert_no"] == "A-001"
        dialog.set("qualification_cert_no", "A-002")
        grab(dialog, "city-receive-correct")
        dialog.save()
        pump(root)
        assert window.notices.log[-1].message == f"已保存 {li}"
        with city.unit_of_work() as uow:
            corrected = uow.get(Application, li)
        assert corrected is not None
        assert (corrected.qualification_cert_no, corrected.stage) == ("A-002", "reported")
        dialog.destroy()

        # 删除/退回 without a reason: the CLI's message, nothing written.
        click_check(screen.table, elder)
        screen.buttons["btn.refuse"].invoke()
        pump(root)
        dialog = screen.dialog
        assert isinstance(dialog, FormDialog)
        dialog.set("clerk", "赵六")
        dialog.save()
        refused = cli("receive", "refuse", elder, "--reason", " ", "--clerk", "赵六",
                      "--home", chain.city.home)  # fmt: skip
        assert refused.code != 0
        assert window.notices.log[-1].kind == "error"
        assert window.notices.log[-1].message == refused.err.strip().removeprefix("regsync: ")
        with city.unit_of_work() as uow:
            assert uow.find(Review, application_number=elder) == []

        # With a reason: the round ends 市级审核不通过 and the reason travels back.
        dialog.set("reason", "年龄超过规定")
        dialog.save()
        pump(root)
        assert window.notices.log[-1].message == f"已拒绝接收 {elder}：拒绝接收：年龄超过规定"
        with city.unit_of_work() as uow:
            app = uow.get(Application, elder)
            [review] = uow.find(Review, application_number=elder)
        assert app is not None
        assert app.stage == "city_failed"
        assert (review.passed, review.reviewer) == (False, "赵六")
        assert screen.table.row_keys() == [li]  # the refused one leaves the list
        screenshot(window, "city-receive-actions")
        no_bugs(window)


def test_receive_and_refuse_need_the_city_key(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    with ExitStack() as stack:
        firm, city = (
            stack.enter_context(open_node(Path(o.home), cli.env)) for o in (chain.firm, chain.city)
        )
        li, _elder = _reported(chain, firm)
        sync(firm, chain.firm, city, chain.city, tmp_path)
        passphrase = cli.env.pop("REGSYNC_PASSPHRASE")  # the window must ask for it
        window = window_for(root, cli, city, chain.city.home)
        screen = window.open("nav.receive")
        assert isinstance(screen, ReceiveScreen)

        # A wrong passphrase: the CLI's message, nothing received, no refusal dialog.
        window.ctx.ask_passphrase = lambda then: then("wrong")
        click_check(screen.table, li)
        screen.buttons["btn.receive"].invoke()
        pump(root)
        cli.env["REGSYNC_PASSPHRASE"] = "wrong"
        refused = cli("receive", "accept", li, "--home", chain.city.home)
        assert refused.code == 1
        assert window.notices.log[-1].kind == "error"
        assert window.notices.log[-1].message == refused.err.strip().removeprefix("regsync: ")
        screen.dialog = None
        screen.buttons["btn.refuse"].invoke()
        pump(root)
        assert screen.dialog is None
        with city.unit_of_work() as uow:
            waiting = uow.get(Application, li)
        assert waiting is not None
        assert waiting.stage == "reported"

        # The right one: received.
        cli.env["REGSYNC_PASSPHRASE"] = passphrase
        window.ctx.ask_passphrase = lambda then: then(passphrase)
        screen.buttons["btn.receive"].invoke()
        pump(root)
        assert window.notices.log[-1].message == "已接收 1 份申报"
        with city.unit_of_work() as uow:
            received = uow.get(Application, li)
        assert received is not None
        assert received.stage == "received"
        no_bugs(window)
