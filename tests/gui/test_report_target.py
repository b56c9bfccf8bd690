"""在线上报 → 选择发送目标 (issue 17 item 5): a firm that may report to more than one
city picks one, and the report is written as that city's bundle."""

from __future__ import annotations

import dataclasses
import tkinter as tk
from contextlib import ExitStack
from pathlib import Path

from regsync.app.bootstrap import open_node
from regsync.gui_tk.applications import ApplicationsScreen
from regsync.gui_tk.forms import FormDialog
from tests.conftest import Cli
from tests.gui.conftest import click_check, no_bugs, pump, stage_of, wait_job, window_for
from tests.gui.test_city import drafts
from tests.offices import enrolled_chain


def test_report_to_the_chosen_target(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    li, elder = drafts(chain)
    with ExitStack() as stack:
        firm = stack.enter_context(open_node(Path(chain.firm.home), cli.env))
        window = window_for(root, cli, firm, chain.firm.home)
        exchange = window.ctx.shell.exchange
        assert exchange.report_targets is not None
        cities = exchange.report_targets()
        assert [node for node, _label in cities] == [chain.city.node_id]  # the cities only
        # A firm certified by two offices it may report to (here: its city and, for
        # the test, the province, both real peers of its trust store).
        two = [*cities, (chain.province.node_id, "山西省（省级）")]
        window.ctx.shell = dataclasses.replace(
            window.ctx.shell,
            exchange=dataclasses.replace(exchange, report_targets=lambda: two),
        )
        screen = window.open("nav.applications")
        assert isinstance(screen, ApplicationsScreen)
        for number in (li, elder):
            click_check(screen.table, number)
        screen.buttons["btn.report"].invoke()
        pump(root)
        dialog = screen.dialog
        assert isinstance(dialog, FormDialog)
        assert dialog.values()["target"] == chain.city.node_id  # the first one proposed
        bundle = tmp_path / "report-city.bpz"
        window.ctx.ask_save = lambda _title, _suffix: str(bundle)
        dialog.save()
        wait_job(root, window.ctx.jobs[-1])
        assert window.ctx.jobs[-1].outcome == "done"
        assert (stage_of(firm, li), stage_of(firm, elder)) == ("reported", "reported")
        no_bugs(window)
    chain.city("bundle", "import", str(bundle))
    with open_node(Path(chain.city.home), cli.env) as city:
        assert (stage_of(city, li), stage_of(city, elder)) == ("reported", "reported")
