"""系统维护 → 登记状态 outside the first-run wizard, driven under Xvfb.

A firm set up with the CLI against a city served on loopback opens its window:
登记状态 says it has not asked yet; 提交登记申请 hands the card in (``regsync node
enrol``, off the UI thread) and the screen says 等待签发; the city certifies it
(the CLI's ``node certify``); 查询登记状态 installs the certificate and the screen
says 已登记 with the city as the issuer.  The province, the root, has no such item.
"""

from __future__ import annotations

import dataclasses
import tkinter as tk
from pathlib import Path

from regsync.app.bootstrap import open_node
from regsync.app.home import read_config, write_config
from regsync.core.model import Role
from regsync.gui_tk.enrolment_status import EnrolmentStatusScreen
from regsync.gui_tk.navigation import leaf_keys
from tests.conftest import Cli
from tests.gui.conftest import no_bugs, pump, screenshot, wait_job, window_for
from tests.http_helpers import live_server
from tests.offices import Office, enrolled_chain

NEW_USCC = "914403001922038216"


def _state(screen: EnrolmentStatusScreen) -> str:
    return str(screen.status_line.cget("text"))


def test_enrolment_status_outside_the_wizard(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    """提交登记申请 → 等待签发; the city certifies; 查询登记状态 → 已登记, installed."""
    chain = enrolled_chain(cli, tmp_path)
    with live_server(chain.city.home, cli.env) as city_url:
        province_home = Path(chain.province.home)
        config = read_config(province_home)
        write_config(province_home, dataclasses.replace(
            config, addresses={chain.city.node_id: city_url}))  # fmt: skip
        firm = Office(cli, tmp_path / "e2")
        with live_server(province_home, cli.env) as province_url:
            firm("init", "--role", "enterprise", "--name", "另一家设计院", "--uscc", NEW_USCC,
                 "--city", "140100", "--server", province_url)  # fmt: skip
        assert read_config(Path(firm.home)).server == city_url  # from the directory
        firm_id = firm.node_id
        with open_node(Path(firm.home), cli.env) as s:
            window = window_for(root, cli, s, firm.home)
            screen = window.open("nav.enrol_status")
            assert isinstance(screen, EnrolmentStatusScreen)
            assert "尚未提交" in _state(screen)
            assert screen.server.get() == city_url
            assert screen.buttons["setup.enrol_status"].instate(["disabled"])

            screen.buttons["setup.enrol"].invoke()
            wait_job(root, window.ctx.jobs[-1])
            assert window.ctx.jobs[-1].outcome == "done", window.notices.log
            assert "等待签发" in _state(screen), _state(screen)
            assert screen.buttons["setup.enrol"].instate(["disabled"])
            assert s.trust().current_certificate(firm_id) is None

            # The city, in the terminal: its requests, and the firm's certificate.
            chain.city("node", "requests", "-o", str(chain.files))
            card, cert_file = chain.files / f"{firm_id}.card", chain.files / "e2.cert"
            chain.city("node", "certify", str(card), "-o", str(cert_file),
                       "--enterprise-number", "0002")  # fmt: skip

            screen.buttons["setup.enrol_status"].invoke()
            wait_job(root, window.ctx.jobs[-1])
            assert window.ctx.jobs[-1].outcome == "done", window.notices.log
            pump(root)
            assert "已登记" in _state(screen), _state(screen)
            assert chain.city.node_id in _state(screen)  # the issuer: the city
            no_bugs(window)
            screenshot(window, "enterprise-enrol-status")
    with open_node(Path(firm.home), cli.env) as s:
        cert = s.trust().current_certificate(firm_id)
        assert cert is not None
        assert cert.issuer_node_id == chain.city.node_id
        assert cert.enterprise_number == "0002"
        assert s.trust().verify_chain(s.node.public_key or "").certified


def test_the_province_has_no_enrolment_status() -> None:
    """The province is the root: no office above it, no 登记状态."""
    assert "nav.enrol_status" not in leaf_keys(Role.PROVINCE)
    assert "nav.enrol_status" in leaf_keys(Role.CITY)
    assert "nav.enrol_status" in leaf_keys(Role.ENTERPRISE)
