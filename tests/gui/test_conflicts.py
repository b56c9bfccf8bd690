"""冲突处理 in the city window: the ledger entries a concurrent edit leaves, settled
through the widgets, refusals in the CLI's words, and the settlement travelling back
to the firm."""

from __future__ import annotations

import tkinter as tk
from pathlib import Path

from regsync.app.bootstrap import open_node
from regsync.gui_tk.conflicts import ConflictsScreen
from tests.city_helpers import carry, dump, late_firm_edit, offices, reported_at_city
from tests.conftest import Cli
from tests.gui.conftest import click_check, no_bugs, pump, screenshot, window_for


def test_settle_conflicts_in_the_window(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    o = offices(cli, tmp_path)
    number = reported_at_city(o)
    late_firm_edit(o.firm, number, qualification_cert_no="JZ-LATE")
    late_firm_edit(o.firm, number, qualification_date="2025-07-01")
    o.city("receive", "accept", number)  # the receipt claims what the city holds
    carry(o, o.firm, o.city)
    ids = {c["field"]: c["id"] for c in o.city.json("conflicts", "list")}
    cert, date = ids["qualification_cert_no"], ids["qualification_date"]

    with open_node(Path(o.city.home), cli.env) as city:
        window = window_for(root, cli, city, o.city.home)
        screen = window.open("nav.conflicts")
        assert isinstance(screen, ConflictsScreen)
        assert sorted(screen.table.row_keys()) == sorted([cert, date])
        assert "JZ-LATE" in screen.table.cell(cert, "lost")
        assert "太原市住建局" in screen.table.cell(cert, "kept")  # by name, not node id
        assert screen.table.cell(cert, "field") == "资格证书号"
        screenshot(window, "city-conflicts")

        # 手工设定: a date that is no date is refused in the dialog; nothing is written.
        screen.table.tree.selection_set(date)
        screen.buttons["btn.set_value"].invoke()
        pump(root)
        dialog = screen.dialog
        assert dialog is not None
        assert dialog.values()["lost"] == "2025-07-01"
        before = dump(o.city)
        dialog.set("value", "2025-13-40")
        dialog.save()
        pump(root)
        assert window.notices.log[-1].kind == "error"
        assert dump(o.city) == before
        dialog.set("value", "2025-07-15")
        dialog.save()
        pump(root)
        assert screen.dialog is None

        # 采用落选值 of the ticked entry: the record takes the firm's value.
        click_check(screen.table, cert)
        screen.buttons["btn.take_remote"].invoke()
        pump(root)
        assert screen.table.row_keys() == []  # only open entries are listed by default
        app = o.city.json("apply", "show", number)["application"]
        assert (app["qualification_cert_no"], app["qualification_date"]) == (
            "JZ-LATE",
            "2025-07-15",
        )

        # Settling a settled entry again is refused with the CLI's own words.
        screen.include_resolved.set(True)
        screen.refresh()
        click_check(screen.table, cert)
        before = dump(o.city)
        screen.buttons["btn.keep_local"].invoke()
        pump(root)
        again = cli("conflicts", "resolve", cert, "--take", "local", "--home", o.city.home)
        assert again.code != 0
        assert window.notices.log[-1].kind == "error"
        assert window.notices.log[-1].message == again.err.strip().removeprefix("regsync: ")
        assert dump(o.city) == before
        no_bugs(window)

    carry(o, o.city, o.firm)
    assert [c["resolved"] for c in o.firm.json("conflicts", "list", "--all")] == [True, True]
    app = o.firm.json("apply", "show", number)["application"]
    assert app["qualification_date"] == "2025-07-15"
