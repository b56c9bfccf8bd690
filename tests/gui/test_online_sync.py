"""在线同步 in the enterprise window: a real uvicorn serves the city on loopback.

The firm reports through the gate, syncs from the window, and the city has the
submissions; the city receives them and the firm's next sync brings the receipt
back.  Without a server the clerk sees the CLI's own message and nothing changes.
"""

from __future__ import annotations

import tkinter as tk
from contextlib import ExitStack
from pathlib import Path

from regsync.app.bootstrap import Services, open_node
from regsync.core.model import Application
from regsync.gui_tk.exchange import OnlineSyncScreen
from tests.conftest import Cli
from tests.editions_helpers import dump
from tests.gui.conftest import no_bugs, pump, screenshot, wait_job, window_for
from tests.gui.test_city import _reported
from tests.http_helpers import live_server
from tests.offices import enrolled_chain


def _stage(s: Services, number: str) -> str | None:
    with s.unit_of_work() as uow:
        found = uow.get(Application, number)
    return None if found is None else str(found.stage)


def _sync(screen: OnlineSyncScreen, server: str) -> None:
    screen.server.delete(0, "end")
    screen.server.insert(0, server)
    screen.sync_button.invoke()
    pump(screen)
    wait_job(screen, screen.job)


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
            _sync(screen, url)
            assert "上传 " in screen.result.cget("text")
            with open_node(Path(chain.city.home), cli.env) as city:
                assert (_stage(city, li), _stage(city, elder)) == ("reported", "reported")
            chain.city("receive", "accept", li, elder)

            _sync(screen, url)  # the city's receipt comes back to the firm
            assert (_stage(firm, li), _stage(firm, elder)) == ("received", "received")
            assert "收到新变更集 " in screen.result.cget("text")
        screenshot(window, "enterprise-online-sync")
        no_bugs(window)
