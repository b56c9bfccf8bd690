"""Each edition's window opens with the seed's menu names, and every screen opens."""

from __future__ import annotations

import tkinter as tk
from pathlib import Path

import pytest

from regsync.core.catalogue import text
from regsync.core.model import Role
from regsync.gui_tk.menu_screens import register_all
from regsync.gui_tk.navigation import MENUS, leaf_keys, screen_for
from tests.conftest import Cli
from tests.gui.conftest import no_bugs, pump, screenshot, services, window_for
from tests.offices import USCC1, Office

INIT = {
    Role.PERSONAL: ["--name", "张三"],
    Role.ENTERPRISE: ["--name", "太原市建筑设计研究院", "--uscc", USCC1, "--city", "140100",
                      "--enterprise-number", "0001"],
    Role.CITY: ["--name", "太原市住建局", "--city", "140100"],
    Role.PROVINCE: ["--name", "山西省住建厅"],
}  # fmt: skip

# Menu names of the seed documents (附件2, 附件3, 附件4) that each window must show.
SEED_NAMES = {
    Role.PERSONAL: {"数据录入", "初始注册申请", "变更注册申请", "延续注册申请", "更改、补办申请",
                    "样表打印", "申报管理"},
    Role.ENTERPRISE: {"企业基本信息", "企业人员信息", "注册申报管理", "注册数据接收",
                      "注册数据上报", "打印申请表", "打印汇总表", "上报情况查询", "注册人员查询"},
    Role.CITY: {"注册申报管理", "申报接收", "申报审核", "申报上报", "申报查询", "打印汇总表",
                "证书印章管理", "当前证书印章", "历史证书印章", "注册信息管理", "企业信息管理",
                "注册人员管理", "人员出省管理", "数据备案管理", "考试成绩", "二级注册人员",
                "继续教育"},
    Role.PROVINCE: {"注册审批管理", "证书印章管理", "注册信息管理", "数据备案管理"},
}  # fmt: skip


def _node(cli: Cli, tmp_path: Path, role: Role) -> Office:
    office = Office(cli, tmp_path / role.value)
    office("init", "--role", role.value, *INIT[role])
    return office


def _nav_texts(tree: object) -> set[str]:
    assert hasattr(tree, "get_children")
    names: set[str] = set()

    def walk(item: str) -> None:
        for child in tree.get_children(item):  # type: ignore[attr-defined]
            names.add(str(tree.item(child, "text")))  # type: ignore[attr-defined]
            walk(child)

    walk("")
    return names


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_window_of_each_edition_opens_every_screen(
    root: tk.Tk, cli: Cli, tmp_path: Path, role: Role
) -> None:
    office = _node(cli, tmp_path, role)
    with services(cli, office.home) as s:
        window = window_for(root, cli, s, office.home)
        assert "（" + text(f"edition.{role.value}") + "）" in root.title()
        assert SEED_NAMES[role] <= _nav_texts(window.nav)
        for key in leaf_keys(role):
            window.nav.selection_set(key)  # a click on the tree item
            pump(root)
            assert window.screen_key == key
            assert screen_for(role, key) is not None
        window.open(leaf_keys(role)[0])
        screenshot(window, f"{role.value}-window")
        no_bugs(window)


def test_english_window(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    office = _node(cli, tmp_path, Role.CITY)
    with services(cli, office.home) as s:
        window = window_for(root, cli, s, office.home, lang="en")
        assert root.title().endswith("(city edition)")
        assert {"Submissions", "Receive submissions", "Review"} <= _nav_texts(window.nav)
        screenshot(window, "city-window-en")
        no_bugs(window)


def test_menus_use_catalogue_keys_and_registered_screens_exist() -> None:
    register_all()
    for role, items in MENUS.items():
        for key in leaf_keys(role):
            assert text(key)  # every menu name is in the catalogue, in both languages
            assert text(key, "en")
        assert items
        missing = [key for key in leaf_keys(role) if screen_for(role, key) is None]
        assert missing == [], f"{role.value} menu items without a screen: {missing}"
