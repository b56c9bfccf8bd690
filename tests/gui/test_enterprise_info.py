"""企业版 企业基本信息, 注册数据接收 (a personal package) and 注册人员查询 through the widgets."""

from __future__ import annotations

import tkinter as tk
from pathlib import Path

from regsync.core.model import Application, Enterprise
from regsync.gui_tk.exchange import PackageImportScreen
from regsync.gui_tk.own_enterprise import EnterpriseInfoScreen, StatusScreen
from tests.conftest import Cli
from tests.gui.conftest import no_bugs, pump, screenshot, services, wait_job, window_for
from tests.offices import PERSON, USCC1, Office, enrolled_chain

FIRM = "太原市建筑设计研究院"


def _package(cli: Cli, tmp_path: Path, firm_card: Path) -> tuple[Office, Path]:
    """An applicant's draft on the personal edition, packaged for the firm."""
    me = Office(cli, tmp_path / "me")
    me("init", "--role", "personal", "--name", "李四", "--city", "140100")
    me("person", "add", "--id-number", PERSON, "--name", "李四",
       "--qualification-cert", "JZ2025-0001", "--qualification-date", "2025-06-30")  # fmt: skip
    me("apply", "new", "--kind", "initial", "--specialty", "architect", "--person", PERSON,
       "--set", f"enterprise_name={FIRM}")  # fmt: skip
    package = tmp_path / "李四.bpz"
    me("package", "--to", str(firm_card), "-o", str(package))
    return me, package


def test_enterprise_info_package_and_status(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    me, package = _package(cli, tmp_path, chain.files / "e1.card")
    with services(cli, chain.firm.home) as firm:
        window = window_for(root, cli, firm, chain.firm.home)

        # 企业基本信息: the registered name is shown read-only; the address is saved.
        info = window.open("nav.enterprise_info")
        assert isinstance(info, EnterpriseInfoScreen)
        assert info.entries["name"].get() == FIRM
        assert info.entries["name"].instate(["readonly"])
        assert info.entries["status"].get() == "有效"
        assert info.entries["address"].instate(["!readonly"])
        info.entries["address"].insert(0, "太原市迎泽大街1号")
        info.save_button.invoke()
        pump(root)
        with firm.unit_of_work() as uow:
            enterprise = uow.get(Enterprise, USCC1)
        assert enterprise is not None
        assert (enterprise.address, enterprise.name) == ("太原市迎泽大街1号", FIRM)
        assert window.notices.log[-1].message == "已保存 企业基本信息"
        screenshot(window, "enterprise-info")
        # 在线注册/更新 without a sync server: saved, and told how the city gets it.
        info.entries["contact"].insert(0, "王工")
        info.online_button.invoke()
        pump(root)
        assert window.notices.log[-1].message.startswith("已保存。未设置同步服务器")
        with firm.unit_of_work() as uow:
            enterprise = uow.get(Enterprise, USCC1)
        assert enterprise is not None
        assert enterprise.contact == "王工"

        # 注册数据接收 before the applicant's card is installed: the CLI refuses; the
        # window shows the key fingerprint to compare instead (取消: nothing done).
        receive = window.open("nav.data_receive")
        assert isinstance(receive, PackageImportScreen)
        window.ctx.ask_open = lambda _title, _suffix: str(package)
        receive.choose()
        receive.import_button.invoke()
        pump(root)
        refused = cli("receive-package", str(package), "--home", chain.firm.home)
        assert refused.code == 1
        assert receive.trust_dialog is not None
        assert receive.job is None
        receive.trust_dialog.destroy()
        receive.trust_dialog = None
        with firm.unit_of_work() as uow:
            assert uow.find(Application) == []

        # After comparing the fingerprint and trusting the card: the draft is taken in.
        me("node", "card", "-o", str(tmp_path / "me.card"))
        chain.firm("node", "trust", str(tmp_path / "me.card"))
        receive.import_button.invoke()
        wait_job(root, receive.job)
        assert receive.job.outcome == "done"
        assert str(receive.result.cget("text")).startswith(f"已接收 {package}：1 份申请")
        with firm.unit_of_work() as uow:
            [draft] = uow.find(Application)
        assert (draft.enterprise_uscc, draft.stage, draft.person_name) == (USCC1, "draft", "李四")
        screenshot(window, "enterprise-receive-package")

        # 注册人员查询: the application and where it stands, searched by name.
        status = window.open("nav.registered_query")
        assert isinstance(status, StatusScreen)
        assert status.table.row_keys() == [draft.number]
        assert status.table.cell(draft.number, "stage") == "草稿"
        assert status.table.cell(draft.number, "city_review") == ""
        status.name.insert(0, "王")
        status.search_button.invoke()
        pump(root)
        assert status.table.row_keys() == []
        status.name.delete(0, "end")
        status.name.insert(0, "李")
        status.search_button.invoke()
        pump(root)
        assert status.table.row_keys() == [draft.number]
        screenshot(window, "enterprise-registered-query")
        no_bugs(window)
