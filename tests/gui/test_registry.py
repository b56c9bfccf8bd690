"""注册信息管理 through the widgets: 企业信息管理 (city, province), 注销登记 and 行为记录.

Real nodes (an enrolled chain, a certificate issued through the CLI); every refusal is
compared with the CLI's own message for the same input, and with the database before.
"""

from __future__ import annotations

import tkinter as tk
from contextlib import ExitStack
from pathlib import Path

from regsync.app.bootstrap import Services, open_node
from regsync.core.model import Certificate, ConductRecord, Enterprise, Person
from regsync.gui_tk.enterprise_registry import EnterprisesScreen
from regsync.gui_tk.forms import FormDialog
from regsync.gui_tk.person_detail import PersonDetailDialog
from regsync.gui_tk.registry_screens import CancellationsScreen, ConductScreen
from regsync.gui_tk.window import MainWindow
from tests.city_helpers import dump, issued, offices
from tests.conftest import Cli
from tests.gui.conftest import double_click, no_bugs, pump, screenshot, window_for
from tests.offices import PERSON, USCC1, Office, enrolled_chain, sync

NEW_USCC = "91140100MA0GRP20X9"  # valid (GB 32100), 太原
NOBODY = "11010519491231002X"  # a valid 身份证号 the province does not know
UNCHECKED_USCC = "91140100MA0GRP306Q"  # the check character fails (…306P is right)


def _refusal(cli: Cli, office: Office, *argv: str) -> str:
    """The CLI's message for a refused command (which must write nothing itself)."""
    result = cli(*argv, "--home", office.home)
    assert result.code != 0, result.out
    return result.err.strip().removeprefix("regsync: ")


def _last(window: MainWindow) -> tuple[str, str]:
    notice = window.notices.log[-1]
    return notice.kind, notice.message


def _form(screen: EnterprisesScreen | ConductScreen) -> FormDialog:
    pump(screen)
    assert isinstance(screen.dialog, FormDialog)
    return screen.dialog


def _save(form: FormDialog) -> None:
    """Press 保存."""
    form.button_widgets["保存"].invoke()


def _enterprise(s: Services, uscc: str) -> Enterprise | None:
    with s.unit_of_work() as uow:
        return uow.get(Enterprise, uscc)


def test_city_adds_and_edits_its_enterprises(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    add = ("registry", "enterprise", "add", "--name", "太原结构工程有限公司")
    with ExitStack() as stack:
        firm, city = (
            stack.enter_context(open_node(Path(o.home), cli.env)) for o in (chain.firm, chain.city)
        )
        sync(firm, chain.firm, city, chain.city, tmp_path)  # the firm's record reaches the city
        window = window_for(root, cli, city, chain.city.home)
        screen = window.open("nav.enterprises")
        assert isinstance(screen, EnterprisesScreen)
        assert screen.table.row_keys() == [USCC1]
        assert screen.buttons["btn.new"].instate(["!disabled"])

        screen.buttons["btn.new"].invoke()
        form = _form(screen)
        form.set("name", "太原结构工程有限公司")
        before = dump(chain.city)
        # A failing check character: beside the USCC, in the CLI's words, nothing written.
        form.set("uscc", UNCHECKED_USCC)
        _save(form)
        expected = _refusal(cli, chain.city, *add, "--uscc", UNCHECKED_USCC)
        assert "--uscc-confirmed" in expected
        assert form.message("uscc") == expected
        assert _last(window) == ("error", expected)
        # A bad phone, beside the phone.
        form.set("uscc", NEW_USCC)
        form.set("phone", "电话号码")
        _save(form)
        expected = _refusal(cli, chain.city, *add, "--uscc", NEW_USCC, "--phone", "电话号码")
        assert form.message("phone") == expected
        assert _last(window) == ("error", expected)
        # An enterprise that exists already, beside the USCC.
        form.set("uscc", USCC1)
        form.set("phone", "")
        _save(form)
        expected = _refusal(cli, chain.city, *add, "--uscc", USCC1)
        assert "已存在" in expected
        assert form.message("uscc") == expected
        assert _last(window) == ("error", expected)
        assert dump(chain.city) == before

        # The code compared with the licence: ticked, it is kept as typed.
        form.set("uscc", UNCHECKED_USCC)
        form.set("phone", "0351-1234567")
        form.set("legal_representative", "赵六")
        assert screen.confirmed is not None
        screen.confirmed.invoke()
        assert screen.confirmed.instate(["selected"])
        _save(form)
        pump(root)
        assert screen.dialog is None
        added = _enterprise(city, UNCHECKED_USCC)
        assert added is not None
        assert (added.name, added.city_code, added.phone, added.legal_representative,
                added.status) == ("太原结构工程有限公司", "140100", "0351-1234567", "赵六",
                                  "approved")  # fmt: skip
        assert _last(window) == ("info", f"已新增企业 太原结构工程有限公司 {UNCHECKED_USCC}"
                                 "（审批通过，已上报：是）")  # fmt: skip
        assert screen.table.row_keys() == sorted([USCC1, UNCHECKED_USCC])
        assert screen.table.cell(UNCHECKED_USCC, "status") == "审批通过"

        # 修改: nothing changed is the CLI's refusal; 更名 is written.
        screen.buttons["btn.edit"].invoke()  # nothing highlighted
        assert _last(window) == ("info", "请选择一条记录")
        screen.table.tree.selection_set(UNCHECKED_USCC)
        screen.buttons["btn.edit"].invoke()
        form = _form(screen)
        before = dump(chain.city)
        _save(form)
        expected = _refusal(cli, chain.city, "registry", "enterprise", "edit", UNCHECKED_USCC)
        assert _last(window) == ("error", expected)
        assert dump(chain.city) == before
        form.set("name", "太原晋阳结构设计有限公司")
        _save(form)
        pump(root)
        edited = _enterprise(city, UNCHECKED_USCC)
        assert edited is not None
        assert edited.name == "太原晋阳结构设计有限公司"
        assert edited.phone == "0351-1234567"  # untouched fields stay
        assert screen.table.cell(UNCHECKED_USCC, "name") == "太原晋阳结构设计有限公司"

        # Search by part of the name, then by part of the USCC; double-click shows one.
        screen.search.insert(0, "晋阳")
        screen.buttons["btn.search"].invoke()
        assert screen.table.row_keys() == [UNCHECKED_USCC]
        screen.search.delete(0, "end")
        screen.search.insert(0, USCC1[-6:].lower())
        screen.buttons["btn.search"].invoke()
        assert screen.table.row_keys() == [USCC1]
        double_click(screen.table, USCC1, "name")
        shown = _form(screen)
        assert shown.values()["name"] == "太原市建筑设计研究院"
        assert shown.values()["city_code"] == "140100"
        assert shown.on_save is None  # read-only
        shown.destroy()
        screen.search.delete(0, "end")
        screen.refresh()
        screenshot(window, "city-enterprises")
        no_bugs(window)
    assert "太原晋阳结构设计有限公司" in chain.city("registry", "enterprise", "list")


def test_province_lists_enterprises_and_may_not_write(
    root: tk.Tk, cli: Cli, tmp_path: Path
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    chain.city(
        "registry", "enterprise", "add", "--uscc", NEW_USCC, "--name", "太原结构工程有限公司"
    )
    with ExitStack() as stack:
        firm, city, province = (
            stack.enter_context(open_node(Path(o.home), cli.env))
            for o in (chain.firm, chain.city, chain.province)
        )
        sync(firm, chain.firm, city, chain.city, tmp_path)
        sync(city, chain.city, province, chain.province, tmp_path)
        window = window_for(root, cli, province, chain.province.home)
        screen = window.open("nav.enterprises")
        assert isinstance(screen, EnterprisesScreen)
        assert screen.table.row_keys() == sorted([USCC1, NEW_USCC])  # every city's
        for key in ("btn.new", "btn.edit"):
            assert screen.buttons[key].instate(["disabled"])
        before = dump(chain.province)
        screen.add()  # invoked anyway: the use case's refusal, no form
        expected = _refusal(cli, chain.province, "registry", "enterprise", "add", "--uscc",
                            "91140100MA0GRP306P", "--name", "x")  # fmt: skip
        assert _last(window) == ("error", expected)
        assert screen.dialog is None
        screen.table.tree.selection_set(NEW_USCC)
        screen.edit()
        expected = _refusal(cli, chain.province, "registry", "enterprise", "edit", NEW_USCC,
                            "--name", "y")  # fmt: skip
        assert _last(window) == ("error", expected)
        assert dump(chain.province) == before
        screenshot(window, "province-enterprises")
        no_bugs(window)


def test_province_cancels_a_registration(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    o = offices(cli, tmp_path)
    issued(o)
    with open_node(Path(o.province.home), cli.env) as province:
        window = window_for(root, cli, province, o.province.home)
        screen = window.open("nav.cancellations")
        assert isinstance(screen, CancellationsScreen)
        assert screen.table.row_keys() == [PERSON]
        assert screen.table.cell(PERSON, "status") == "● 有效"
        assert screen.table.cell(PERSON, "current") == "二级注册建筑师"
        screen.search.insert(0, PERSON[:6])  # part of the 身份证号
        screen.buttons["btn.search"].invoke()
        assert screen.table.row_keys() == [PERSON]

        # Nothing to cancel in 结构: the CLI's refusal, nothing written.
        screen.table.tree.selection_set(PERSON)
        screen.set_specialty("structural")
        screen.buttons["btn.cancel_registration"].invoke()
        dialog = screen.dialog
        assert isinstance(dialog, FormDialog)
        assert "二级注册结构工程师" in str(dialog.general.cget("text"))
        before = dump(o.province)
        dialog.button_widgets["确定注销"].invoke()
        expected = _refusal(cli, o.province, "registry", "cancel", "--person", PERSON,
                            "--specialty", "structural")  # fmt: skip
        assert _last(window) == ("error", expected)
        assert dump(o.province) == before
        dialog.destroy()

        # 建筑: confirmed, the certificate and seal become history, 停止注册 shows.
        screen.set_specialty("architect")
        screen.buttons["btn.cancel_registration"].invoke()
        dialog = screen.dialog
        assert isinstance(dialog, FormDialog)
        dialog.button_widgets["确定注销"].invoke()
        pump(root)
        assert _last(window) == ("info", f"已注销 {PERSON} 的二级注册建筑师注册（2 项转为历史）")
        with province.unit_of_work() as uow:
            person = uow.get(Person, PERSON)
            certificates = uow.find(Certificate, person_id_number=PERSON)
        assert person is not None
        assert person.registration_status == "stopped"
        assert [c.current for c in certificates] == [False]
        assert screen.table.cell(PERSON, "status") == "● 停止注册"
        assert screen.table.cell(PERSON, "current") == ""
        assert screen.table.tree.item(PERSON, "tags") == ("stopped",)

        double_click(screen.table, PERSON, "name")
        detail = screen.dialog
        assert isinstance(detail, PersonDetailDialog)
        [cert] = [r for r in detail.rows("reg.tab_certificates") if r[0].startswith("晋2J2026")]
        assert cert[1:] == ("二级注册建筑师", "2026-11-27", "2028-11-26", "历史")
        detail.destroy()
        screenshot(window, "province-cancellations")
        no_bugs(window)
    assert "停止注册" in o.province("registry", "person", "list")


def test_province_records_conduct(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    o = offices(cli, tmp_path)
    issued(o)
    o.province("registry", "conduct", "add", "--person", PERSON, "--good",
               "--description", "获省优秀设计奖", "--by", "省厅")  # fmt: skip
    with open_node(Path(o.province.home), cli.env) as province:
        window = window_for(root, cli, province, o.province.home)
        screen = window.open("nav.conduct")
        assert isinstance(screen, ConductScreen)
        [first] = screen.table.row_keys()
        assert [screen.table.cell(first, c) for c in ("kind", "name", "description",
                                                      "recorded_by")] == [
            "良好行为", "李四", "获省优秀设计奖", "省厅"]  # fmt: skip

        screen.buttons["btn.new"].invoke()
        form = _form(screen)
        before = dump(o.province)
        form.set("person", PERSON)
        form.set("good", "bad")
        form.set("description", " ")
        _save(form)  # no description: beside the field, the CLI's words
        expected = _refusal(cli, o.province, "registry", "conduct", "add", "--person", PERSON,
                            "--bad", "--description", " ")  # fmt: skip
        assert form.message("description") == expected
        assert _last(window) == ("error", expected)
        form.set("person", NOBODY)
        form.set("description", "违规出借执业印章")
        _save(form)
        expected = _refusal(cli, o.province, "registry", "conduct", "add", "--person", NOBODY,
                            "--bad", "--description", "违规出借执业印章")  # fmt: skip
        assert _last(window) == ("error", expected)
        assert expected.startswith("找不到人员")
        assert dump(o.province) == before

        form.set("person", PERSON)
        form.set("recorded_by", "王科长")
        _save(form)
        pump(root)
        assert screen.dialog is None
        with province.unit_of_work() as uow:
            records = uow.find(ConductRecord, person_id_number=PERSON)
        bad = [r for r in records if not r.good]
        assert [(r.description, r.recorded_by) for r in bad] == [("违规出借执业印章", "王科长")]
        assert _last(window) == ("info", f"已记录不良行为 {bad[0].id}")
        assert screen.table.cell(bad[0].id, "kind") == "不良行为"
        assert screen.table.tree.item(bad[0].id, "tags") == ("bad",)

        double_click(screen.table, bad[0].id, "description")
        detail = screen.dialog
        assert isinstance(detail, PersonDetailDialog)
        conduct = detail.rows("reg.tab_conduct")
        assert ("不良行为", "违规出借执业印章", "2026-11-27", "王科长") in conduct
        assert ("良好行为", "获省优秀设计奖", "2026-11-27", "省厅") in conduct
        [history] = detail.rows("reg.tab_history")
        assert history[1:5] == ("初始注册", "二级注册建筑师", "已发证", "1")
        assert detail.rows("btn.performance")[0][0] == "太原市某住宅小区"
        detail.destroy()
        screenshot(window, "province-conduct")
        no_bugs(window)
