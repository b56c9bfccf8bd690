"""The city's 申报审核 and 申报上报 through the widgets, after a real in-process sync."""

from __future__ import annotations

import tkinter as tk
from contextlib import ExitStack
from pathlib import Path

from regsync.app.bootstrap import open_node
from regsync.core.model import Application, Review
from regsync.gui_tk.city_review import ForwardScreen, ReviewScreen
from regsync.gui_tk.forms import FormDialog
from tests.conftest import Cli
from tests.gui.conftest import (
    click_check,
    dialogs,
    double_click,
    grab,
    no_bugs,
    pump,
    screenshot,
    stage_of,
    wait_job,
    window_for,
)
from tests.gui.test_city import _reported
from tests.offices import enrolled_chain, sync


def test_review_then_forward_to_a_bundle(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    with ExitStack() as stack:
        firm, city = (
            stack.enter_context(open_node(Path(o.home), cli.env)) for o in (chain.firm, chain.city)
        )
        li, elder = _reported(chain, firm)
        sync(firm, chain.firm, city, chain.city, tmp_path)
        chain.city("receive", "accept", li, elder)

        window = window_for(root, cli, city, chain.city.home)
        screen = window.open("nav.review")
        assert isinstance(screen, ReviewScreen)
        assert screen.table.row_keys() == [li, elder]
        assert "70" in screen.table.cell(elder, "messages")  # the age warning, while deciding
        screenshot(window, "city-review")

        # A refusal: no reviewer.  The dialog stays and shows the CLI's own message.
        click_check(screen.table, elder)
        screen.buttons["btn.review"].invoke()
        pump(root)
        assert screen.dialog is not None
        screen.dialog.set("reviewer", "")
        screen.dialog.save()
        refused = cli("review", "pass", elder, "--reviewer", " ", "--home", chain.city.home)
        assert refused.code != 0
        assert window.notices.log[-1].kind == "error"
        assert window.notices.log[-1].message == refused.err.strip().removeprefix("regsync: ")
        assert stage_of(city, elder) == "received"

        # 通过 with a reviewer and an opinion: the warnings are shown with the result.
        screen.dialog.set("result", "passed")
        screen.dialog.set("reviewer", "王五")
        screen.dialog.set("opinion", "同意上报")
        for notice in dialogs(root, tk.Toplevel):  # no window manager: they would cover it
            if notice is not screen.dialog:
                notice.destroy()
        grab(screen.dialog, "city-review-dialog")
        screen.dialog.save()
        pump(root)
        assert screen.dialog is None
        assert stage_of(city, elder) == "city_passed"
        assert "70" in str(screen.result.cget("text"))
        assert screen.table.row_keys() == [li]  # reviewed rows leave the list
        with city.unit_of_work() as uow:
            [review] = uow.find(Review, application_number=elder)
        assert (review.passed, review.reviewer, review.opinion) == (True, "王五", "同意上报")

        # 不通过 for the other one.
        click_check(screen.table, li)
        screen.buttons["btn.review"].invoke()
        pump(root)
        assert screen.dialog is not None
        screen.dialog.set("result", "failed")
        screen.dialog.set("reviewer", "王五")
        screen.dialog.save()
        pump(root)
        assert stage_of(city, li) == "city_failed"

        # 申报上报: only the passed one is offered; 上报 writes the province's bundle.
        forward = window.open("nav.forward")
        assert isinstance(forward, ForwardScreen)
        assert forward.table.row_keys() == [elder]
        forward.buttons["btn.forward"].invoke()  # nothing ticked: told so, nothing done
        pump(root)
        assert window.notices.log[-1].message == "请先在记录前的方框里打“√”"
        bundle = tmp_path / "to-province.bpz"
        window.ctx.ask_save = lambda _title, _suffix: str(bundle)
        click_check(forward.table, elder)
        forward.buttons["btn.forward"].invoke()
        wait_job(root, forward.job)
        assert forward.job is not None
        assert forward.job.outcome == "done"
        assert bundle.exists()
        assert str(forward.result.cget("text")).startswith("已上报省级 1 条；数据包")
        assert stage_of(city, elder) == "forwarded"
        assert forward.table.row_keys() == []
        screenshot(window, "city-forward")
        no_bugs(window)
    # The province reads the file as it reads the CLI's.
    chain.province("bundle", "import", str(bundle))
    assert elder in chain.province("apply", "list")


def test_review_corrects_on_double_click_and_checks_again(
    root: tk.Tk, cli: Cli, tmp_path: Path
) -> None:
    """申报审核: double-click opens 修改 with ``receive correct``'s validation; 计算机核查."""
    chain = enrolled_chain(cli, tmp_path)
    with ExitStack() as stack:
        firm, city = (
            stack.enter_context(open_node(Path(o.home), cli.env)) for o in (chain.firm, chain.city)
        )
        li, elder = _reported(chain, firm)
        sync(firm, chain.firm, city, chain.city, tmp_path)
        chain.city("receive", "accept", li, elder)

        window = window_for(root, cli, city, chain.city.home)
        screen = window.open("nav.review")
        assert isinstance(screen, ReviewScreen)
        assert set(screen.buttons) >= {"btn.check", "btn.review", "btn.edit"}

        double_click(screen.table, li, "name")
        dialog = screen.dialog
        assert isinstance(dialog, FormDialog)
        assert dialog.values()["qualification_cert_no"] == "A-001"
        before = dialog.values()["qualification_date"]

        # A date that is no date: the CLI's own refusal, nothing written.
        dialog.set("qualification_date", "2020-13-45")
        dialog.save()
        refused = cli("receive", "correct", li, "--set", "qualification_date=2020-13-45",
                      "--home", chain.city.home)  # fmt: skip
        assert refused.code != 0
        assert window.notices.log[-1].kind == "error"
        assert window.notices.log[-1].message == refused.err.strip().removeprefix("regsync: ")

        # A good correction is written; the submission stays received (in review).
        dialog.set("qualification_date", before)
        dialog.set("qualification_cert_no", "A-002")
        grab(dialog, "city-review-correct")
        dialog.save()
        pump(root)
        assert window.notices.log[-1].message == f"已保存 {li}"
        with city.unit_of_work() as uow:
            corrected = uow.get(Application, li)
        assert corrected is not None
        assert (corrected.qualification_cert_no, corrected.stage) == ("A-002", "received")
        dialog.destroy()

        # 计算机核查 checks the rows again: still both, the elder's warning kept.
        screen.buttons["btn.check"].invoke()
        pump(root)
        assert screen.table.row_keys() == [li, elder]
        assert "70" in screen.table.cell(elder, "messages")
        no_bugs(window)
