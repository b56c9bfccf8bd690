"""打印汇总表 as a batch (issue 17 item 4): the city's forwarded applications of the
period, ticked, printed as a PDF and a workbook that are read back."""

from __future__ import annotations

import tkinter as tk
from contextlib import ExitStack
from pathlib import Path

import openpyxl

from regsync.app.bootstrap import open_node
from regsync.core.usecases import city as city_cases
from regsync.gui_tk.summary import SummaryScreen
from tests.conftest import Cli
from tests.documents_helpers import pdf_text
from tests.gui.conftest import click_check, no_bugs, pump, screenshot, wait_job, window_for
from tests.gui.test_city import _reported
from tests.offices import enrolled_chain, sync


def test_city_summary_lists_the_forwarded_batch_and_prints_the_ticked_rows(
    root: tk.Tk, cli: Cli, tmp_path: Path
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    with ExitStack() as stack:
        firm, city = (
            stack.enter_context(open_node(Path(o.home), cli.env)) for o in (chain.firm, chain.city)
        )
        li, elder = _reported(chain, firm)
        sync(firm, chain.firm, city, chain.city, tmp_path)
        chain.city("receive", "accept", li, elder)
        chain.city("review", "pass", elder, "--reviewer", "王五")
        chain.city("review", "fail", li, "--reviewer", "王五", "--opinion", "缺少业绩证明")
        with city.unit_of_work() as uow:
            city_cases.forward(uow, [elder])
            uow.commit()

        window = window_for(root, cli, city, chain.city.home)
        screen = window.open("nav.print_summary")
        assert isinstance(screen, SummaryScreen)
        screen.choose("kind", "initial")
        screen.choose("specialty", "architect")
        screen.buttons["btn.search"].invoke()
        pump(root)
        # The forwarded one only: the failed review is no part of the batch.
        assert screen.table.row_keys() == [elder]
        assert screen.table.cell(elder, "stage") == "已报省级"
        assert screen.table.cell(elder, "date") == city.today().isoformat()
        assert str(screen.listed.cget("text")).startswith("1 条可汇总")

        # Nothing ticked: told to tick, nothing printed.
        window.ctx.ask_save = lambda _title, suffix: str(tmp_path / f"汇总表{suffix}")
        screen.buttons["btn.print"].invoke()
        pump(root)
        assert window.notices.log[-1].message == "请先在记录前的方框里打“√”"
        assert not (tmp_path / "汇总表.pdf").exists()

        click_check(screen.table, elder)
        screenshot(window, "city-summary-batch")
        screen.buttons["btn.print"].invoke()
        wait_job(root, window.ctx.jobs[-1])
        assert window.ctx.jobs[-1].outcome == "done"
        screen.buttons["btn.export_excel"].invoke()
        wait_job(root, window.ctx.jobs[-1])

        # A period before today: an empty batch; a bad date: the message, no traceback.
        screen.set_period("2020-01-01", "2020-12-31")
        screen.buttons["btn.search"].invoke()
        pump(root)
        assert screen.table.row_keys() == []
        screen.set_period("2020-13-01", "")
        screen.buttons["btn.search"].invoke()
        pump(root)
        assert window.notices.log[-1].kind == "error"
        assert "2020-13-01" in window.notices.log[-1].message
        no_bugs(window)

    text = pdf_text(tmp_path / "汇总表.pdf")
    for expected in ("二级注册建筑师初始注册汇总表", elder, "张三", "合计：1 人"):
        assert expected in text, expected
    assert li not in text
    assert "不通过" not in text
    book = openpyxl.load_workbook(tmp_path / "汇总表.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert [r[1] for r in rows[3:-2]] == [elder]
    # The CLI selects the same batch: by default, and by the ticked number.
    for argv in ((), (elder,)):
        out = tmp_path / f"cli{len(argv)}.pdf"
        chain.city("print", "summary", *argv, "--kind", "initial", "--specialty", "architect",
                   "-o", str(out))  # fmt: skip
        cli_text = pdf_text(out)
        assert elder in cli_text
        assert li not in cli_text
