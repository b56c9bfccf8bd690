"""The first-run wizard and trusting an applicant from 注册数据接收, driven under Xvfb.

A new firm is set up in the window against a real province and city served on
loopback: 高级设置 → 自动获取 reads the province directory (the city's address
comes from it), 建立节点 creates the node as ``regsync init --server`` does, and
提交登记申请 / 查询登记状态 enrol it as ``regsync node enrol`` does.  The codes are
checked as they are typed with ``init``'s own messages.  An enterprise receives a
package from an applicant it does not know: the key fingerprint is shown, and
信任并导入 trusts the applicant and takes the package in.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tkinter as tk
from pathlib import Path
from tkinter import ttk

import httpx
import pytest

from regsync.app.bootstrap import open_node
from regsync.app.cli.context import Context
from regsync.app.cli.setup_gui import has_node, setup_for
from regsync.app.home import read_config, write_config
from regsync.core.model import Application, Enterprise
from regsync.core.usecases import enterprise_info
from regsync.gui_tk.dialogs import Notices
from regsync.gui_tk.exchange import PackageImportScreen
from regsync.gui_tk.own_enterprise import EnterpriseInfoScreen
from regsync.gui_tk.wizard import SetupWizard
from regsync.sync.trust.files import fingerprint
from tests.conftest import Cli
from tests.gui.conftest import grab, no_bugs, pump, wait_job, window_for
from tests.http_helpers import live_server
from tests.offices import PERSON, Chain, Office, enrolled_chain

NEW_USCC = "914403001922038216"
CHOSEN = "向导里选的口令 wizard passphrase"


def _wizard(root: tk.Tk, cli: Cli, home: Path) -> tuple[SetupWizard, Notices, list[bool]]:
    ctx = Context(argparse.Namespace(lang="zh"), home, cli.env)
    notices = Notices(root, "zh")
    entered: list[bool] = []
    wizard = SetupWizard(root, setup_for(ctx), notices, lambda: entered.append(True))
    wizard.pack(fill="both", expand=True)
    pump(root)
    return wizard, notices, entered


def _type(wizard: SetupWizard, key: str, value: str) -> None:
    entry = wizard.entries[key]
    entry.delete(0, "end")
    entry.insert(0, value)
    entry.event_generate("<KeyRelease>")
    pump(wizard)


def _problem(wizard: SetupWizard, key: str) -> str:
    return str(wizard.problems[key].cget("text"))


def test_codes_are_checked_as_typed(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    home = tmp_path / "new"
    wizard, notices, _ = _wizard(root, cli, home)
    _type(wizard, "uscc", NEW_USCC[:16])
    assert "应为18位，实为 16 位" in _problem(wizard, "uscc")
    assert "--uscc" not in _problem(wizard, "uscc")  # named by its label
    _type(wizard, "uscc", NEW_USCC[:-1] + "7")  # a wrong check character
    assert f"应为 {NEW_USCC}" in _problem(wizard, "uscc")
    _type(wizard, "uscc", NEW_USCC)
    assert _problem(wizard, "uscc") == "✓ 正确"
    _type(wizard, "org_code", "MA0GRP13X")
    assert "校验码应为 8" in _problem(wizard, "org_code")
    _type(wizard, "org_code", NEW_USCC[8:17])
    assert _problem(wizard, "org_code") == "✓ 正确"
    _type(wizard, "city", "140199")
    assert "不是山西省的地市代码" in _problem(wizard, "city")

    # 建立节点 with a code still wrong: the clerk is told, nothing is written.
    wizard.role.set("企业版")
    _type(wizard, "name", "另一家设计院")
    for key in ("passphrase", "again"):
        _type(wizard, key, CHOSEN)
    wizard.create_button.invoke()
    pump(root)
    assert notices.log[-1].message == "请先改正标红的项目"
    assert not home.exists()
    # The passphrase typed twice must agree.
    _type(wizard, "city", "140100")
    _type(wizard, "again", CHOSEN + "x")
    wizard.create_button.invoke()
    assert notices.log[-1].message == "两次输入的密钥口令不一致"
    assert not has_node(home)


def test_first_run_wizard_to_an_enrolled_firm(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    home = tmp_path / "e2"
    firm2 = Office(cli, home)
    with live_server(chain.city.home, cli.env) as city_url:
        province_home = Path(chain.province.home)
        config = read_config(province_home)
        addresses = {chain.city.node_id: city_url}
        write_config(province_home, dataclasses.replace(config, addresses=addresses))
        with live_server(province_home, cli.env) as url:
            published = httpx.get(url + "/v1/directory").json()["root_fingerprint"]
            wizard, notices, entered = _wizard(root, cli, home)
            wizard.role.set("企业版")
            _type(wizard, "name", "另一家设计院")
            _type(wizard, "city", "140100")
            _type(wizard, "uscc", NEW_USCC)
            for key in ("passphrase", "again"):
                _type(wizard, key, CHOSEN)
            # 高级设置 → 自动获取 from the province's server: the city's address is found.
            wizard.server.insert(0, url)
            wizard.fetch_button.invoke()
            pump(root)
            shown = str(wizard.directory.cget("text"))
            assert published in shown
            assert wizard.server.get() == city_url
            grab(root, "setup-wizard")
            wizard.create_button.invoke()
            pump(root)
            assert notices.unexpected == [], notices.log
            assert read_config(home).server == city_url  # as ``init --server`` records it
            made = firm2.json("node", "show")
            assert isinstance(made, dict)
            assert (made["role"], made["scope"]) == ("enterprise", f"enterprise:{NEW_USCC}")

            # 提交登记申请: pending at the city until its administrator certifies.
            assert wizard.enrol_server.get() == city_url
            wizard.enrol_button.invoke()
            pump(root)
            assert "等待上级管理部门签发节点证书" in str(wizard.status.cget("text"))
            listed = chain.city.json("node", "requests", "-o", str(chain.files))
            assert [r["status"] for r in listed] == ["pending"]  # type: ignore[union-attr]
            card = chain.files / f"{firm2.node_id}.card"
            chain.city("node", "certify", str(card), "-o", str(chain.files / "e2.cert"),
                       "--enterprise-number", "0002")  # fmt: skip
            wizard.enrol_button.invoke()  # 查询登记状态: the certificate is installed
            pump(root)
            assert "已登记（证书已安装）" in str(wizard.status.cget("text"))
            grab(root, "setup-wizard-enrolled")
            wizard.enter_button.invoke()
            pump(root)
            assert entered == [True]
    with open_node(home, cli.env) as s:
        assert s.trust().verify_chain(s.node.public_key or "").certified
        with s.unit_of_work() as uow:
            firm = uow.get(Enterprise, NEW_USCC)
        assert firm is not None
        assert firm.enterprise_number == "0002"
    # The key file is protected by the passphrase chosen in the wizard.
    with open_node(home, {**cli.env, "REGSYNC_PASSPHRASE": CHOSEN}) as s:
        s.require_signer({**cli.env, "REGSYNC_PASSPHRASE": CHOSEN})


def test_trust_and_import_a_personal_package(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    me = Office(cli, tmp_path / "me")
    me("init", "--role", "personal", "--name", "李四", "--city", "140100")
    me("person", "add", "--id-number", PERSON, "--name", "李四")
    draft = me("apply", "new", "--kind", "initial", "--specialty", "architect",
               "--person", PERSON)  # fmt: skip
    package = chain.files / "李四.bpz"
    me("package", "--to", str(chain.files / "e1.card"), "-o", str(package))
    mine = json.loads(cli.ok("--json", "node", "show", "--home", me.home))["fingerprint"]

    with open_node(Path(chain.firm.home), cli.env) as firm:
        window = window_for(root, cli, firm, chain.firm.home)
        screen = window.open("nav.data_receive")
        assert isinstance(screen, PackageImportScreen)
        screen.path.insert(0, str(package))

        # 取消: nothing trusted, nothing imported.
        screen.import_button.invoke()
        pump(root)
        dialog = screen.trust_dialog
        assert dialog is not None
        texts = [str(w.cget("text")) for w in dialog.winfo_children() if isinstance(w, ttk.Label)]
        assert mine in texts  # the fingerprint, in groups of four, to compare
        assert mine == fingerprint(bytes.fromhex(_sender_key(cli, me)))
        grab(dialog, "trust-applicant")
        _button(dialog, "取消").invoke()
        pump(root)
        with firm.unit_of_work() as uow:
            assert uow.find(Application) == []

        # 信任并导入: the card installed as ``node trust`` does, then the import.
        screen.import_button.invoke()
        pump(root)
        assert screen.trust_dialog is not None
        _button(screen.trust_dialog, "信任并导入").invoke()
        pump(root)
        wait_job(root, screen.job)
        assert "已接收" in str(screen.result.cget("text"))
        with firm.unit_of_work() as uow:
            (taken,) = uow.find(Application)
        assert taken.provenance == f"{me.node_id}:{draft}"

        # The next package from the same applicant needs no question.
        screen.trust_dialog = None
        screen.import_button.invoke()
        pump(root)
        assert screen.trust_dialog is None
        wait_job(root, screen.job)
        no_bugs(window)


def _sender_key(cli: Cli, office: Office) -> str:
    shown = json.loads(cli.ok("--json", "node", "show", "--home", office.home))
    return str(shown["public_key"])


def _button(dialog: tk.Misc, label: str) -> tk.Misc:
    for frame in dialog.winfo_children():
        for child in frame.winfo_children():
            if isinstance(child, ttk.Button) and child.cget("text") == label:
                return child
    raise AssertionError(f"no button {label}")


def test_the_province_directory_installed_with_the_program(
    root: tk.Tk, cli: Cli, tmp_path: Path
) -> None:
    """高级设置 → 自动获取 → 山西省 without a server: the directory installed beside the
    program ($REGSYNC_PROVINCES here), as ``init --province shanxi`` reads it."""
    chain = enrolled_chain(cli, tmp_path)
    installed = tmp_path / "provinces"
    installed.mkdir()
    chain.province("node", "directory", "-o", str(installed / "shanxi.json"),
                   "--url", "http://province.example:8443")  # fmt: skip
    published = json.loads((installed / "shanxi.json").read_text("utf-8"))["root_fingerprint"]
    cli.env["REGSYNC_PROVINCES"] = str(installed)
    home = tmp_path / "c2"
    wizard, notices, _ = _wizard(root, cli, home)
    assert wizard.province.get() == "山西省"
    wizard.role.set("地市版")
    _type(wizard, "name", "大同市住建局")
    _type(wizard, "city", "140200")
    for key in ("passphrase", "again"):
        _type(wizard, key, CHOSEN)
    wizard.fetch_button.invoke()
    pump(root)
    assert published in str(wizard.directory.cget("text"))
    assert wizard.server.get() == "http://province.example:8443"  # the province's address
    wizard.create_button.invoke()
    pump(root)
    assert notices.unexpected == [], notices.log
    made = Office(cli, home).json("node", "show")
    assert isinstance(made, dict)
    assert (made["role"], made["scope"]) == ("city", "city:140200")
    assert read_config(home).server == "http://province.example:8443"
    with open_node(home, cli.env) as s:
        assert s.trust().root_key.hex()  # the province root is pinned, as init pins it


def _firm_enrolled_over_http(cli: Cli, chain: Chain, province_url: str, home: Path) -> Office:
    """``init --server`` then ``node enrol`` twice around the city's certificate."""
    firm = Office(cli, home)
    firm("init", "--role", "enterprise", "--name", "另一家设计院", "--uscc", NEW_USCC,
         "--city", "140100", "--server", province_url)  # fmt: skip
    firm("node", "enrol")
    chain.city("node", "requests", "-o", str(chain.files))
    chain.city("node", "certify", str(chain.files / f"{firm.node_id}.card"),
               "-o", str(chain.files / "e2.cert"), "--enterprise-number", "0002")  # fmt: skip
    firm("node", "enrol")
    return firm


@pytest.mark.parametrize(("answer", "phone"), [("是", "0351-1111111"), ("否", "0351-2222222")])
def test_online_update_when_the_city_has_the_enterprise_already(
    root: tk.Tk, cli: Cli, tmp_path: Path, answer: str, phone: str
) -> None:
    """在线注册/更新 at a firm the city registered before: 是 takes the city's record,
    否 keeps the firm's (and the city then has the firm's)."""
    chain = enrolled_chain(cli, tmp_path)
    chain.city("registry", "enterprise", "add", "--uscc", NEW_USCC, "--name", "另一家设计院",
               "--phone", "0351-1111111")  # fmt: skip
    with live_server(chain.city.home, cli.env) as city_url:
        province_home = Path(chain.province.home)
        config = read_config(province_home)
        write_config(province_home, dataclasses.replace(
            config, addresses={chain.city.node_id: city_url}))  # fmt: skip
        with live_server(province_home, cli.env) as url:
            firm = _firm_enrolled_over_http(cli, chain, url, tmp_path / "e2")
        with open_node(Path(firm.home), cli.env) as s:
            window = window_for(root, cli, s, firm.home)
            screen = window.open("nav.enterprise_info")
            assert isinstance(screen, EnterpriseInfoScreen)
            screen.entries["phone"].delete(0, "end")
            screen.entries["phone"].insert(0, "0351-2222222")
            screen.online_button.invoke()
            wait_job(root, window.ctx.jobs[-1])
            assert screen.exists_dialog is not None  # 该企业已存在，是否获取企业的数据？
            grab(screen.exists_dialog, "enterprise-exists")
            _button(screen.exists_dialog, answer).invoke()
            pump(root)
            wait_job(root, window.ctx.jobs[-1])
            with s.unit_of_work() as uow:
                mine = uow.get(Enterprise, NEW_USCC)
                assert enterprise_info.exists_already(uow) == [], window.notices.log
            assert mine is not None
            assert mine.phone == phone  # 是: the city's record, fetched; 否: the firm's
            no_bugs(window)
    with open_node(Path(chain.city.home), cli.env) as city, city.unit_of_work() as uow:
        theirs = uow.get(Enterprise, NEW_USCC)
    assert theirs is not None
    assert theirs.phone == phone  # the settled record went back to the city
