"""The province's 申报受理, 注册审批 and 证书印章发放 through the widgets.

The firm reports and the city receives, reviews and forwards through the CLI (and a
real in-process sync); the province then does its whole part in the window: it
imports the city's bundle on 申报受理, approves on 注册审批 and issues on 证书印章发放.
"""

from __future__ import annotations

import tkinter as tk
from contextlib import ExitStack
from pathlib import Path

from regsync.app.bootstrap import Services, open_node
from regsync.core.model import Certificate, Decision, Seal
from regsync.gui_tk.forms import FormDialog
from regsync.gui_tk.province import AcceptScreen, ApproveScreen, IssueScreen
from regsync.gui_tk.window import MainWindow
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
from tests.offices import Chain, enrolled_chain, sync


def _decisions(s: Services, number: str) -> list[Decision]:
    with s.unit_of_work() as uow:
        return uow.find(Decision, application_number=number)


def _forwarded_bundle(chain: Chain, cli: Cli, tmp_path: Path) -> tuple[str, str, Path]:
    """Two submissions the firm reported and the city passed, forwarded to a bundle file."""
    with ExitStack() as stack:
        firm, city = (
            stack.enter_context(open_node(Path(o.home), cli.env)) for o in (chain.firm, chain.city)
        )
        li, elder = _reported(chain, firm)
        sync(firm, chain.firm, city, chain.city, tmp_path)
    chain.city("receive", "accept", li, elder)
    chain.city("review", "pass", li, elder, "--reviewer", "王五")
    bundle = tmp_path / "to-province.bpz"
    chain.city("forward", "send", li, elder, "-o", str(bundle))
    return li, elder, bundle


def _cli_refusal(cli: Cli, home: str, *argv: str) -> str:
    """The message the CLI prints when it refuses ``argv`` (it must refuse)."""
    refused = cli(*argv, "--home", home)
    assert refused.code != 0
    return refused.err.strip().removeprefix("regsync: ")


def _close_notices(root: tk.Misc, keep: tk.Misc | None = None) -> None:
    # Xvfb has no window manager: every dialog would sit on top of what is grabbed.
    for notice in dialogs(root, tk.Toplevel):
        if notice is not keep:
            notice.destroy()


def test_accept_approve_and_issue_in_the_window(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    li, elder, bundle = _forwarded_bundle(chain, cli, tmp_path)
    p_home = chain.province.home
    with open_node(Path(p_home), cli.env) as province:
        window = window_for(root, cli, province, p_home)

        # 申报受理 is where the province's window opens; nothing has arrived yet.
        accept = window.screen
        assert isinstance(accept, AcceptScreen)
        assert accept.table.row_keys() == []
        # A file that is no bundle: the CLI's message, nothing imported.
        bogus = tmp_path / "not-a-bundle.bpz"
        bogus.write_bytes(b"not a bundle")
        accept.ctx.ask_open = lambda _title, _suffix: str(bogus)
        accept.buttons["btn.bundle_import"].invoke()
        wait_job(root, accept.job)
        assert accept.job is not None
        assert accept.job.outcome == "failed"
        expected = _cli_refusal(cli, p_home, "bundle", "import", str(bogus))
        assert (window.notices.log[-1].kind, window.notices.log[-1].message) == ("error", expected)
        assert window.notices.unexpected == []
        accept.ctx.ask_open = lambda _title, _suffix: str(bundle)
        accept.buttons["btn.bundle_import"].invoke()
        wait_job(root, accept.job)
        assert accept.job is not None
        assert accept.job.outcome == "done"
        assert str(accept.result.cget("text")) == window.notices.log[-1].message != ""
        assert accept.table.row_keys() == [li, elder]  # refreshed after the import
        assert accept.table.cell(li, "city") == "太原"
        assert "70" in accept.table.cell(elder, "messages")  # the age warning stays in view
        assert stage_of(province, elder) == "forwarded"
        # Double-click: the data, read-only, with the messages.
        double_click(accept.table, elder, "name")
        assert isinstance(accept.dialog, FormDialog)
        assert accept.dialog.values()["number"] == elder
        assert accept.dialog.widgets["person_name"].instate(["readonly"])
        assert accept.dialog.on_save is None
        assert "70" in str(accept.dialog.general.cget("text")) + "".join(
            accept.dialog.message(n) for n in accept.dialog.message_labels
        )
        screenshot(window, "province-accept")

        _approve(window, cli, chain, province, (li, elder))
        _issue(root, window, province, li, elder)
        no_bugs(window)


def _approve(
    window: MainWindow, cli: Cli, chain: Chain, province: Services, numbers: tuple[str, str]
) -> None:
    """注册审批: two refusals that write nothing, then 批准."""
    root, (li, elder) = window.root, numbers
    p_home = chain.province.home
    screen = window.open("nav.approve")
    assert isinstance(screen, ApproveScreen)
    assert screen.table.row_keys() == [li, elder]
    assert screen.table.cell(elder, "city") == "太原"
    assert "70" in screen.table.cell(elder, "messages")
    click_check(screen.table, li)
    screenshot(window, "province-approve")
    click_check(screen.table, li)  # ticked off again
    assert screen.table.checked() == []

    # A refusal: no 审批人.  The CLI's own message, beside the field; nothing written.
    click_check(screen.table, elder)
    screen.buttons["btn.approve"].invoke()
    pump(root)
    assert screen.dialog is not None
    screen.dialog.set("by", " ")
    screen.dialog.save()
    expected = _cli_refusal(cli, p_home, "decision", "approve", elder, "--by", " ")
    assert window.notices.log[-1].kind == "error"
    assert window.notices.log[-1].message == expected
    assert screen.dialog.message("by") == expected
    assert stage_of(province, elder) == "forwarded"
    assert _decisions(province, elder) == []
    screen.dialog.destroy()

    # All or none: another clerk approves 李四 meanwhile; 全选 → 不批准 is refused whole.
    chain.province("decision", "approve", li, "--by", "另一审批人")
    screen.buttons["btn.select_all"].invoke()
    screen.buttons["btn.reject"].invoke()
    pump(root)
    assert screen.dialog is not None
    assert screen.dialog.title() == "不批准（2）"
    screen.dialog.set("by", "省厅审批处")
    screen.dialog.save()
    expected = _cli_refusal(cli, p_home, "decision", "reject", li, elder, "--by", "省厅审批处")
    assert window.notices.log[-1].message == expected
    assert li in expected
    assert stage_of(province, elder) == "forwarded"
    assert _decisions(province, elder) == []
    screen.dialog.destroy()

    # 批准 with an opinion, after reading the list again.
    screen.search.search_button.invoke()
    pump(root)
    assert screen.table.row_keys() == [elder]
    click_check(screen.table, elder)
    screen.buttons["btn.approve"].invoke()
    pump(root)
    assert screen.dialog is not None
    screen.dialog.set("by", "省厅审批处")
    screen.dialog.set("opinion", "同意注册")
    _close_notices(root, keep=screen.dialog)
    grab(screen.dialog, "province-approve-dialog")
    screen.dialog.save()
    pump(root)
    assert screen.dialog is None
    assert stage_of(province, elder) == "approved"
    [decision] = _decisions(province, elder)
    assert (decision.approved, decision.decided_by, decision.opinion) == (
        True,
        "省厅审批处",
        "同意注册",
    )
    assert f"{elder} 批准（省厅审批处）" in str(screen.result.cget("text"))
    assert screen.table.row_keys() == []  # decided rows leave the list


def _issue(root: tk.Tk, window: MainWindow, province: Services, li: str, elder: str) -> None:
    """证书印章发放: nothing ticked is refused; 全选 → 发证 shows what was issued."""
    screen = window.open("nav.issue")
    assert isinstance(screen, IssueScreen)
    assert screen.table.row_keys() == [li, elder]

    # Nothing ticked: told so, nothing issued.
    screen.buttons["btn.issue"].invoke()
    pump(root)
    assert window.notices.log[-1].message == "请先在记录前的方框里打“√”"
    assert screen.job is None
    with province.unit_of_work() as uow:
        assert uow.find(Certificate) == []

    screen.buttons["btn.select_all"].invoke()
    screen.buttons["btn.issue"].invoke()
    wait_job(root, screen.job)
    assert screen.job is not None
    assert screen.job.outcome == "done"
    assert (stage_of(province, li), stage_of(province, elder)) == ("issued", "issued")
    rows = screen.issued_rows()
    assert [r[0] for r in rows] == [li, elder]
    with province.unit_of_work() as uow:
        for number, _name, cert_no, seal_no, valid_until in rows:
            [cert] = uow.find(Certificate, application_number=number)
            [seal] = uow.find(Seal, certificate_number=cert.certificate_number)
            assert (cert.certificate_number, seal.seal_number, str(cert.valid_until)) == (
                cert_no,
                seal_no,
                valid_until,
            )
            assert cert.current
            assert seal.current
    assert str(screen.result.cget("text")) == "已发证 2 条"
    assert screen.table.row_keys() == []
    screenshot(window, "province-issue")
