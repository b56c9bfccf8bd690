"""The city's 申报接收 through the widgets, on applications that arrived by the real sync."""

from __future__ import annotations

import tkinter as tk
from contextlib import ExitStack
from pathlib import Path

import pytest

from regsync.app.bootstrap import Services, open_node
from regsync.core.model import Application, Person
from regsync.core.usecases import reporting
from regsync.gui_tk.exchange import BundleExportScreen, BundleImportScreen
from regsync.gui_tk.forms import FormDialog
from regsync.gui_tk.person_detail import PersonDetailDialog
from regsync.gui_tk.receiving import ReceiveScreen
from regsync.gui_tk.registered import RegisteredPersonsScreen
from regsync.gui_tk.worker import Cancelled
from tests.conftest import Cli
from tests.gui.conftest import (
    click_check,
    double_click,
    no_bugs,
    pump,
    screenshot,
    wait_job,
    window_for,
)
from tests.offices import PASSPHRASE, PERSON, Chain, enrolled_chain, sync
from tests.seeding import as_received

ELDER = "11010519491231002X"  # born 1949: the check warns about the age


def drafts(chain: Chain) -> list[str]:
    """Two complete initial applications of the firm (李四, and 张三 born 1949), drafts."""
    numbers = []
    for id_number, name in ((PERSON, "李四"), (ELDER, "张三")):
        chain.firm("person", "add", "--id-number", id_number, "--name", name,
                   "--qualification-cert", "A-001",
                   "--qualification-date", "2025-06-30")  # fmt: skip
        number = chain.firm("apply", "new", "--kind", "initial", "--specialty", "architect",
                            "--person", id_number)  # fmt: skip
        chain.firm("perf", "add", number, "--project", "太原市图书馆", "--role", "专业负责人",
                   "--start", "2024-01-01", "--end", "2025-01-01")  # fmt: skip
        numbers.append(number)
    return numbers


def _reported(chain: Chain, firm: Services) -> list[str]:
    """The two :func:`drafts`, reported through the reporting gate."""
    numbers = drafts(chain)
    for number in numbers:
        with firm.unit_of_work() as uow:
            reporting.mark_reported(uow, number, today=firm.today(), rules=firm.rules)
            uow.commit()
    return numbers


def test_receive_what_the_enterprise_reported(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    with ExitStack() as stack:
        firm, city = (
            stack.enter_context(open_node(Path(o.home), cli.env)) for o in (chain.firm, chain.city)
        )
        li, elder = _reported(chain, firm)
        sync(firm, chain.firm, city, chain.city, tmp_path)

        window = window_for(root, cli, city, chain.city.home)
        screen = window.screen
        assert isinstance(screen, ReceiveScreen)  # the city opens on 申报接收
        assert screen.table.row_keys() == [li, elder]
        assert screen.table.cell(li, "messages") == ""
        assert "70" in screen.table.cell(elder, "messages")  # 信息提示: the age warning
        assert screen.table.cell(elder, "messages").startswith("[警告]")
        screenshot(window, "city-receive")

        # Double-click: the data, with the messages beside the fields.
        screen.details(elder)
        assert isinstance(screen.dialog, FormDialog)
        assert "70" in str(screen.dialog.general.cget("text"))
        screen.dialog.destroy()

        click_check(screen.table, li)
        screen.buttons["btn.receive"].invoke()
        pump(root)
        assert window.notices.log[-1].message == "已接收 1 份申报"
        assert screen.table.row_keys() == [elder]  # received rows leave the list
        with city.unit_of_work() as uow:
            received = uow.get(Application, li)
        assert received is not None
        assert received.stage == "received"
        no_bugs(window)


def test_receive_is_all_or_none_as_in_the_cli(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    """One ticked submission that can no longer be received (another clerk took it in
    the CLI meanwhile) receives none of the batch, with the reason (decision 0013)."""
    chain = enrolled_chain(cli, tmp_path)
    with ExitStack() as stack:
        firm, city = (
            stack.enter_context(open_node(Path(o.home), cli.env)) for o in (chain.firm, chain.city)
        )
        li, elder = _reported(chain, firm)
        sync(firm, chain.firm, city, chain.city, tmp_path)

        window = window_for(root, cli, city, chain.city.home)
        screen = window.screen
        assert isinstance(screen, ReceiveScreen)
        click_check(screen.table, li)
        click_check(screen.table, elder)
        cli("receive", "accept", elder, "--home", chain.city.home)  # meanwhile, elsewhere
        screen.buttons["btn.receive"].invoke()
        pump(root)
        notice = window.notices.log[-1]
        assert notice.kind == "error"
        assert elder in notice.message
        with city.unit_of_work() as uow:
            untouched = uow.get(Application, li)
        assert untouched is not None
        assert untouched.stage == "reported"  # none of the batch was received
        assert screen.table.row_keys() == [li]  # the list shows what is still pending


def test_import_a_bundle_in_the_window(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    with ExitStack() as stack:
        firm, city = (
            stack.enter_context(open_node(Path(o.home), cli.env)) for o in (chain.firm, chain.city)
        )
        [li, _elder] = _reported(chain, firm)
        bundle = str(chain.files / "e1-c.bpz")
        chain.firm("bundle", "export", "--to", chain.city.node_id, "-o", bundle)

        window = window_for(root, cli, city, chain.city.home)
        exchange = window.ctx.shell.exchange

        # Cancel at the first progress report: the import rolls back whole.
        def cancel(_done: int, _total: int) -> None:
            raise Cancelled()

        with pytest.raises(Cancelled):
            exchange.import_bundle(Path(bundle), cancel, None)
        with city.unit_of_work() as uow:
            assert uow.get(Application, li) is None

        screen = window.open("nav.bundle_import")
        assert isinstance(screen, BundleImportScreen)
        window.ctx.ask_open = lambda _title, _suffix: bundle
        screen.choose()
        screen.import_button.invoke()
        wait_job(root, screen.job)
        assert screen.job is not None
        assert screen.job.outcome == "done"
        assert str(screen.result.cget("text")).startswith("已导入：新变更集")
        receive = window.open("nav.receive")
        assert isinstance(receive, ReceiveScreen)
        assert li in receive.table.row_keys()
        no_bugs(window)


def test_export_asks_for_the_passphrase_and_the_city_imports(
    root: tk.Tk, cli: Cli, tmp_path: Path
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    cli.env.pop("REGSYNC_PASSPHRASE")  # the window must ask for it
    with open_node(Path(chain.firm.home), cli.env) as firm:
        [li, _elder] = _reported(chain, firm)
        window = window_for(root, cli, firm, chain.firm.home)
        screen = window.open("nav.bundle_export")
        assert isinstance(screen, BundleExportScreen)
        labels = [label for _node, label in screen.peers]
        assert any(label.startswith("太原市住建局（地市版）") for label in labels)
        screen.peer.set(next(label for label in labels if "地市版" in label))
        bundle = tmp_path / "to-city.bpz"
        window.ctx.ask_save = lambda _title, _suffix: str(bundle)

        # A wrong passphrase: the CLI's message in a dialog, no file.
        window.ctx.ask_passphrase = lambda then: then("wrong")
        screen.export_button.invoke()
        wait_job(root, screen.job)
        assert screen.job is not None
        assert screen.job.outcome == "failed"
        assert window.notices.log[-1].kind == "error"
        assert not bundle.exists()
        cli.env["REGSYNC_PASSPHRASE"] = "wrong"
        refused = cli("bundle", "export", "--to", chain.city.node_id, "-o", str(bundle),
                      "--home", chain.firm.home)  # fmt: skip
        del cli.env["REGSYNC_PASSPHRASE"]
        assert window.notices.log[-1].message == refused.err.strip().removeprefix("regsync: ")

        window.ctx.ask_passphrase = lambda then: then(PASSPHRASE)
        screen.export_button.invoke()
        wait_job(root, screen.job)
        assert screen.job.outcome == "done"
        assert str(screen.result.cget("text")).startswith("已导出")
        no_bugs(window)
    cli.env["REGSYNC_PASSPHRASE"] = PASSPHRASE
    chain.city("bundle", "import", str(bundle))
    assert li in chain.city("apply", "list")


def test_registered_persons_show_their_status_light(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    for id_number, name in ((PERSON, "李四"), (ELDER, "张三")):
        chain.firm("person", "add", "--id-number", id_number, "--name", name)
    with ExitStack() as stack:
        firm, city = (
            stack.enter_context(open_node(Path(o.home), cli.env)) for o in (chain.firm, chain.city)
        )
        sync(firm, chain.firm, city, chain.city, tmp_path)
        # The statuses come from the province's decisions (issue 7); set here as data.
        with city.unit_of_work() as uow:
            held = [uow.get(Person, id_number) for id_number in (PERSON, ELDER)]
        changed = [
            p.replace(registration_status=status)
            for p, status in zip(held, ("active", "stopped"), strict=True)
            if p is not None
        ]
        as_received(city, changed)  # as the city receives the province's decisions

        window = window_for(root, cli, city, chain.city.home)
        screen = window.open("nav.registered_persons")
        assert isinstance(screen, RegisteredPersonsScreen)
        assert screen.table.cell(PERSON, "status") == "● 有效"
        assert screen.table.cell(ELDER, "status") == "● 停止注册"
        assert screen.table.tree.item(PERSON, "tags") == ("active",)  # green
        assert screen.table.tree.item(ELDER, "tags") == ("stopped",)  # red
        assert screen.table.cell(PERSON, "employer") == "太原市建筑设计研究院"
        screenshot(window, "city-registered-persons")
        double_click(screen.table, PERSON, "name")  # the person's record, read-only
        assert isinstance(screen.dialog, PersonDetailDialog)
        basic = dict(screen.dialog.rows("reg.tab_basic"))
        assert (basic["姓名"], basic["聘用单位"]) == ("李四", "太原市建筑设计研究院")
        assert set(screen.dialog.tables) >= {"reg.tab_certificates", "reg.tab_history"}
        no_bugs(window)
