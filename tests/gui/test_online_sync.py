"""在线同步 in the enterprise window: a real uvicorn serves the city on loopback.

The firm reports through the gate, syncs from the window, and the city has the
submissions; the city receives them and the firm's next sync brings the receipt
back.  Without a server the clerk sees the CLI's own message and nothing changes.
"""

from __future__ import annotations

import dataclasses
import tkinter as tk
from contextlib import ExitStack
from pathlib import Path

import pytest

from regsync.app.bootstrap import open_node
from regsync.app.home import read_config, write_config
from regsync.core.model import Application, Enterprise
from regsync.gui_tk.applications import ApplicationsScreen
from regsync.gui_tk.exchange import OnlineSyncScreen
from regsync.gui_tk.own_enterprise import EnterpriseInfoScreen
from regsync.gui_tk.worker import Cancelled
from tests.conftest import Cli
from tests.editions_helpers import dump
from tests.gui.conftest import (
    click_check,
    no_bugs,
    pump,
    screenshot,
    stage_of,
    wait_job,
    window_for,
)
from tests.gui.test_city import _reported, drafts
from tests.http_helpers import live_server
from tests.offices import USCC1, enrolled_chain


def _sync(screen: OnlineSyncScreen, server: str) -> None:
    screen.server.delete(0, "end")
    screen.server.insert(0, server)
    screen.sync_button.invoke()
    pump(screen)
    wait_job(screen, screen.ctx.jobs[-1])


def test_sync_with_the_city_server_from_the_window(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    with ExitStack() as stack:
        firm = stack.enter_context(open_node(Path(chain.firm.home), cli.env))
        li, elder = _reported(chain, firm)
        window = window_for(root, cli, firm, chain.firm.home)
        screen = window.open("nav.online_sync")
        assert isinstance(screen, OnlineSyncScreen)

        # No server configured and none typed in: the CLI's message, nothing written.
        before = dump(chain.firm)
        _sync(screen, "")
        assert window.notices.log[-1].kind == "error"
        assert "--server" in window.notices.log[-1].message
        assert dump(chain.firm) == before

        with live_server(chain.city.home, cli.env) as url:
            # Cancelled at the first progress report: the city has nothing, the firm
            # still has everything to send, and the next sync completes.
            def cancel(_done: int, _total: int) -> None:
                raise Cancelled()

            sync_now = window.ctx.shell.exchange.sync_now
            assert sync_now is not None
            with pytest.raises(Cancelled):
                sync_now(url, cancel, None)
            with open_node(Path(chain.city.home), cli.env) as city:
                assert (stage_of(city, li), stage_of(city, elder)) == (None, None)
            assert window.chrome.sync_label.cget("text") == "最近同步：从未"

            _sync(screen, url)
            # The status bar's last sync: REGSYNC_NOW, in Beijing time.
            assert window.chrome.sync_label.cget("text") == "最近同步：2026-11-27 10:00"
            assert "上传 " in screen.result.cget("text")
            with open_node(Path(chain.city.home), cli.env) as city:
                assert (stage_of(city, li), stage_of(city, elder)) == ("reported", "reported")
            chain.city("receive", "accept", li, elder)

            _sync(screen, url)  # the city's receipt comes back to the firm
            assert (stage_of(firm, li), stage_of(firm, elder)) == ("received", "received")
            assert "收到新变更集 " in screen.result.cget("text")
        screenshot(window, "enterprise-online-sync")
        no_bugs(window)


def test_report_sends_to_the_server_and_a_refused_round_is_reapplied(
    root: tk.Tk, cli: Cli, tmp_path: Path
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    li, elder = drafts(chain)
    with live_server(chain.city.home, cli.env) as url:
        home = Path(chain.firm.home)  # as ``init --server URL`` records it
        write_config(home, dataclasses.replace(read_config(home), server=url))
        with open_node(home, cli.env) as firm:
            window = window_for(root, cli, firm, chain.firm.home)
            screen = window.open("nav.applications")
            assert isinstance(screen, ApplicationsScreen)
            for number in (li, elder):
                click_check(screen.table, number)
            screen.buttons["btn.report"].invoke()  # the gate, then sent at once
            wait_job(root, window.ctx.jobs[-1])
            with open_node(Path(chain.city.home), cli.env) as city:
                assert (stage_of(city, li), stage_of(city, elder)) == ("reported", "reported")
            assert window.notices.log[-1].kind == "info"

            # 企业基本信息 → 在线注册/更新: saved, and the city has it at once.
            info = window.open("nav.enterprise_info")
            assert isinstance(info, EnterpriseInfoScreen)
            info.entries["phone"].delete(0, "end")
            info.entries["phone"].insert(0, "0351-7654321")
            info.online_button.invoke()
            wait_job(root, window.ctx.jobs[-1])
            with open_node(Path(chain.city.home), cli.env) as city, city.unit_of_work() as uow:
                mine = uow.get(Enterprise, USCC1)
            assert mine is not None
            assert mine.phone == "0351-7654321"

            chain.city("receive", "refuse", elder, "--reason", "缺少资格证书复印件",
                       "--clerk", "赵六")  # fmt: skip
            sync_screen = window.open("nav.online_sync")
            assert isinstance(sync_screen, OnlineSyncScreen)
            assert sync_screen.server.get() == url  # the configured server, filled in
            _sync(sync_screen, url)
            assert stage_of(firm, elder) == "city_failed"

            # 重新申报 of a round still at the city is refused with the CLI's words.
            screen = window.open("nav.applications")
            assert isinstance(screen, ApplicationsScreen)
            before = dump(chain.firm)
            click_check(screen.table, li)
            screen.buttons["btn.reopen"].invoke()
            pump(root)
            refused = cli("apply", "reopen", li, "--home", chain.firm.home)
            assert refused.code != 0
            assert window.notices.log[-1].kind == "error"
            assert window.notices.log[-1].message == refused.err.strip().removeprefix("regsync: ")
            assert dump(chain.firm) == before

            click_check(screen.table, li)  # untick
            click_check(screen.table, elder)
            screen.buttons["btn.reopen"].invoke()
            pump(root)
            with firm.unit_of_work() as uow:
                reopened = uow.get(Application, elder)
            assert reopened is not None
            assert (reopened.stage, reopened.round) == ("draft", 2)
            no_bugs(window)
