"""登录, 设置管理员, 密码修改 and 切换操作员, driven through their widgets under Xvfb;
the window's theme, shortcuts and status bar (operator, node, last sync)."""

from __future__ import annotations

import argparse
import gc
import json
import tkinter as tk
from contextlib import ExitStack
from pathlib import Path
from tkinter import font as tkfont
from tkinter import ttk

import pytest

from regsync.app.audit import audit_path
from regsync.app.bootstrap import Services, open_node
from regsync.app.cli.context import Context
from regsync.app.cli.gui import shell_for
from regsync.app.operators import recorded_operator
from regsync.core.errors import LoginRefused
from regsync.core.model import Review
from regsync.gui_tk.chrome import SHORTCUTS
from regsync.gui_tk.city_review import ReviewScreen
from regsync.gui_tk.login import LoginForm, PasswordDialog, SetupForm, SwitchDialog, start
from regsync.gui_tk.operators import OperatorsDialog
from regsync.gui_tk.window import MainWindow
from tests.conftest import Cli
from tests.gui.conftest import click_check, dialogs, grab, no_bugs, pump, services
from tests.gui.test_city import _reported
from tests.offices import enrolled_chain, sync
from tests.storage_helpers import person

USCC = "91140100MA0GRP138M"
ADMIN_PASSWORD = "管理 2026 办公室"
CLERK_PASSWORD = "经办 2026 clerk"


@pytest.fixture
def home(cli: Cli, tmp_path: Path) -> str:
    cli.ok("init", "--role", "enterprise", "--name", "太原市建筑设计研究院", "--uscc", USCC,
           "--city", "140100", "--enterprise-number", "0001")  # fmt: skip
    return cli.env["REGSYNC_HOME"]


def _start(root: tk.Tk, cli: Cli, s: Services, home: str) -> tuple[object, list[MainWindow]]:
    ctx = Context(argparse.Namespace(lang="zh"), Path(home), cli.env)
    opened: list[MainWindow] = []
    form = start(shell_for(ctx, s), root, on_open=opened.append)
    pump(root)
    return form, opened


def _status(window: MainWindow) -> str:
    c = window.chrome
    return " | ".join(str(w.cget("text")) for w in (c.operator_label, c.node_label, c.sync_label))


def test_first_run_sets_up_the_administrator_then_opens_the_window(
    root: tk.Tk, cli: Cli, home: str
) -> None:
    with services(cli, home) as s:
        form, opened = _start(root, cli, s, home)
        assert isinstance(form, SetupForm)
        grab(root, "login-setup-administrator")
        form.fill(username="admin", name="张管理", password="12345678", again="12345678")
        form.ok.invoke()
        pump(root)
        assert "密码太弱" in form.message.cget("text")
        assert form.value("password") == ""  # cleared for the next try
        assert opened == []
        form.fill(username="admin", name="张管理", password=ADMIN_PASSWORD, again=ADMIN_PASSWORD)
        form.ok.invoke()
        pump(root)
        assert len(opened) == 1
        window = opened[0]
        assert "操作员：张管理（admin） 管理员" in _status(window)
        assert "节点：太原市建筑设计研究院" in _status(window)
        assert "最近同步：从未" in _status(window)
        # The logged-in operator is the one every write records.
        assert recorded_operator(s) == "admin"
        with s.unit_of_work() as uow:
            uow.put(person(7))
            uow.commit()
        lines = audit_path(Path(home)).read_text(encoding="utf-8").splitlines()
        assert json.loads(lines[-1])["operator"] == "admin"
        no_bugs(window)


def _with_accounts(cli: Cli) -> None:
    cli.env["ADMIN_PASSWORD"], cli.env["CLERK_PASSWORD"] = ADMIN_PASSWORD, CLERK_PASSWORD
    cli.ok("user", "add", "admin", "--role", "administrator", "--name", "张管理",
           "--password-env", "ADMIN_PASSWORD")  # fmt: skip
    cli.ok("user", "add", "li", "--role", "clerk", "--name", "李四",
           "--password-env", "CLERK_PASSWORD")  # fmt: skip


def _log_in(root: tk.Tk, form: LoginForm, username: str, password: str) -> None:
    form.fill(username=username, password=password)
    form.ok.invoke()
    pump(root)


def test_wrong_password_refused_right_one_opens_the_window(
    root: tk.Tk, cli: Cli, home: str
) -> None:
    _with_accounts(cli)
    with services(cli, home) as s:
        form, opened = _start(root, cli, s, home)
        assert isinstance(form, LoginForm)
        _log_in(root, form, "li", "not the password")
        assert "用户名或密码错误" in form.message.cget("text")
        assert opened == []
        assert form.value("username") == "li"  # kept; the password is cleared
        assert form.value("password") == ""
        grab(root, "login")
        _log_in(root, form, "li", CLERK_PASSWORD)
        assert len(opened) == 1
        window = opened[0]
        assert "操作员：李四（li） 经办人" in _status(window)
        assert window.operator is not None
        assert window.operator.username == "li"
        assert recorded_operator(s) == "li"
        grab(root, "window-after-login")
        no_bugs(window)


def test_repeated_wrong_passwords_say_when_to_retry(root: tk.Tk, cli: Cli, home: str) -> None:
    _with_accounts(cli)
    with services(cli, home) as s:
        form, opened = _start(root, cli, s, home)
        assert isinstance(form, LoginForm)
        for _ in range(3):
            _log_in(root, form, "li", "wrong guess 1")
        said = form.message.cget("text")
        assert "连续输错密码 3 次" in said
        assert "2026-11-27 10:00:30" in said  # REGSYNC_NOW + 30 s, Beijing time
        _log_in(root, form, "li", CLERK_PASSWORD)  # the right one waits too
        assert opened == []
        assert "后再试" in form.message.cget("text")


def _opened_as_admin(root: tk.Tk, cli: Cli, s: Services, home: str) -> MainWindow:
    form, opened = _start(root, cli, s, home)
    assert isinstance(form, LoginForm)
    _log_in(root, form, "admin", ADMIN_PASSWORD)
    return opened[0]


def test_password_change_from_the_system_menu(root: tk.Tk, cli: Cli, home: str) -> None:
    _with_accounts(cli)
    with services(cli, home) as s:
        window = _opened_as_admin(root, cli, s, home)
        menu = window.chrome.system_menu
        menu.invoke(menu.index("密码修改…"))
        pump(root)
        (dialog,) = dialogs(root, PasswordDialog)
        dialog.form.fill(old="wrong old 1", new="新的 2027 pass", again="新的 2027 pass")
        dialog.form.ok.invoke()
        pump(root)
        assert "用户名或密码错误" in dialog.form.message.cget("text")
        dialog.form.fill(old=ADMIN_PASSWORD, new="新的 2027 pass", again="新的 2027 passX")
        dialog.form.ok.invoke()
        pump(root)
        assert "两次输入的密码不一致" in dialog.form.message.cget("text")
        dialog.form.fill(old=ADMIN_PASSWORD, new="新的 2027 pass", again="新的 2027 pass")
        dialog.form.ok.invoke()
        pump(root)
        assert dialogs(root, PasswordDialog) == []
        assert window.notices.log[-1].message == "密码已修改"
        logins = window.shell.logins
        assert logins is not None
        assert logins.log_in("admin", "新的 2027 pass").username == "admin"
        no_bugs(window)


def test_switch_operator_changes_the_status_bar_and_the_recorded_operator(
    root: tk.Tk, cli: Cli, home: str
) -> None:
    _with_accounts(cli)
    with services(cli, home) as s:
        window = _opened_as_admin(root, cli, s, home)
        window.chrome.switch()
        pump(root)
        (dialog,) = dialogs(root, SwitchDialog)
        _log_in(root, dialog.form, "li", CLERK_PASSWORD)
        assert dialogs(root, SwitchDialog) == []
        assert "操作员：李四（li） 经办人" in _status(window)
        assert recorded_operator(s) == "li"
        no_bugs(window)


def test_theme_fonts_and_shortcuts(root: tk.Tk, cli: Cli, home: str) -> None:
    _with_accounts(cli)
    with services(cli, home) as s:
        window = _opened_as_admin(root, cli, s, home)
        assert ttk.Style(root).theme_use() == "clam"
        body = tkfont.nametofont("TkDefaultFont", root)
        assert body.actual("family") == "WenQuanYi Zen Hei"
        assert body.actual("size") >= 11
        first = window.screen_key
        window.nav.focus_force()
        pump(root)
        window.nav.event_generate("<Control-Next>")
        pump(root)
        assert window.screen_key != first
        window.nav.event_generate("<Control-Prior>")
        pump(root)
        assert window.screen_key == first
        window.nav.event_generate("<F1>")
        pump(root)
        shown = window.chrome.shortcuts_dialog
        labels = [str(w.cget("text")) for w in shown.winfo_children()[0].winfo_children()]
        for _event, printed, _key in SHORTCUTS:
            assert printed in labels
        assert "切换操作员" in labels
        no_bugs(window)


def test_the_review_names_the_logged_in_reviewer(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    cli.env["REVIEWER_PASSWORD"] = "审核 2026 reviewer"
    chain.city("user", "add", "wang", "--role", "reviewer", "--name", "王审核",
               "--password-env", "REVIEWER_PASSWORD")  # fmt: skip
    with ExitStack() as stack:
        firm, city = (
            stack.enter_context(open_node(Path(o.home), cli.env)) for o in (chain.firm, chain.city)
        )
        li, _elder = _reported(chain, firm)
        sync(firm, chain.firm, city, chain.city, tmp_path)
        chain.city("receive", "accept", li)
        form, opened = _start(root, cli, city, chain.city.home)
        assert isinstance(form, LoginForm)
        _log_in(root, form, "wang", "审核 2026 reviewer")
        window = opened[0]
        screen = window.open("nav.review")
        assert isinstance(screen, ReviewScreen)
        click_check(screen.table, li)
        screen.buttons["btn.review"].invoke()
        pump(root)
        assert screen.dialog is not None
        assert screen.dialog.values()["reviewer"] == "王审核"
        screen.dialog.save()
        pump(root)
        with city.unit_of_work() as uow:
            (review,) = uow.find(Review, application_number=li)
        assert review.reviewer == "王审核"
        audit = audit_path(Path(chain.city.home)).read_text(encoding="utf-8").splitlines()
        assert json.loads(audit[-1])["operator"] == "wang"
        no_bugs(window)


@pytest.mark.usefixtures("xdisplay")
def test_regsync_gui_opens_on_the_login_then_the_window(
    cli: Cli, home: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_accounts(cli)
    seen: list[str] = []

    def log_in_then_close(self: tk.Tk, _n: int = 0) -> None:
        # Stands in for the clerk: types the name and password, looks, closes.
        pump(self)
        seen.append(self.title())
        (form,) = [w for w in self.winfo_children() if isinstance(w, LoginForm)]
        _log_in(self, form, "li", CLERK_PASSWORD)
        bars = [w for w in self.winfo_children() if isinstance(w, ttk.Frame)]
        seen.extend(str(label.cget("text")) for bar in bars for label in bar.winfo_children()
                    if isinstance(label, ttk.Label))  # fmt: skip
        seen.append(self.title())
        self.destroy()

    monkeypatch.setattr(tk.Tk, "mainloop", log_in_then_close)
    result = cli("gui", "--home", home)
    gc.collect()  # free the closed window's interpreter on this thread (see conftest.root)
    assert result.code == 0, result.err
    assert seen[0].startswith("登录 — ")
    assert "操作员：李四（li） 经办人" in seen
    assert seen[-1].endswith("（企业版）")


def test_a_clerk_may_not_review(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    cli.env["CLERK_PASSWORD"] = CLERK_PASSWORD
    chain.city("user", "add", "li", "--role", "clerk", "--name", "李四",
               "--password-env", "CLERK_PASSWORD")  # fmt: skip
    with ExitStack() as stack:
        firm, city = (
            stack.enter_context(open_node(Path(o.home), cli.env)) for o in (chain.firm, chain.city)
        )
        li, _elder = _reported(chain, firm)
        sync(firm, chain.firm, city, chain.city, tmp_path)
        chain.city("receive", "accept", li)
        form, opened = _start(root, cli, city, chain.city.home)
        assert isinstance(form, LoginForm)
        _log_in(root, form, "li", CLERK_PASSWORD)
        window = opened[0]
        screen = window.open("nav.review")
        assert isinstance(screen, ReviewScreen)
        click_check(screen.table, li)
        screen.buttons["btn.review"].invoke()
        pump(root)
        assert screen.dialog is None
        assert window.notices.log[-1].kind == "error"
        assert "经办人" in window.notices.log[-1].message
        assert "无权审核" in window.notices.log[-1].message
        no_bugs(window)


def test_an_administrator_manages_operators_in_the_window(root: tk.Tk, cli: Cli, home: str) -> None:
    _with_accounts(cli)
    with services(cli, home) as s:
        window = _opened_as_admin(root, cli, s, home)
        menu = window.chrome.system_menu
        menu.invoke(menu.index("操作员管理…"))
        pump(root)
        (dialog,) = dialogs(root, OperatorsDialog)
        assert dialog.row("li") == ("李四", "经办人", "有效")
        # 新增: a weak password is refused in the form, a good one adds the reviewer.
        form = dialog.add()
        assert form is not None
        form.form.fill(username="wang", name="王五", password="short", again="short")
        form.role.set("审核人")
        form.form.ok.invoke()
        pump(root)
        assert "密码太弱" in form.form.message.cget("text")
        form.form.fill(password="审核 2026 reviewer", again="审核 2026 reviewer")
        form.form.ok.invoke()
        pump(root)
        assert dialog.row("wang") == ("王五", "审核人", "有效")
        # 停用 li: li can no longer log in; the last administrator cannot be disabled.
        dialog.tree.selection_set("li")
        dialog.buttons["operators.disable"].invoke()
        pump(root)
        assert dialog.row("li") == ("李四", "经办人", "已停用")
        dialog.tree.selection_set("admin")
        dialog.buttons["operators.disable"].invoke()
        pump(root)
        assert "最后一个有效的管理员" in dialog.message.cget("text")
        logins = window.shell.logins
        assert logins is not None
        with pytest.raises(LoginRefused):
            logins.log_in("li", CLERK_PASSWORD)
        # 重设密码 for wang, then wang logs in with it.
        dialog.tree.selection_set("wang")
        reset = dialog.reset()
        assert reset is not None
        reset.form.fill(password="新密码 2027 重设", again="新密码 2027 重设")
        reset.form.ok.invoke()
        pump(root)
        assert logins.log_in("wang", "新密码 2027 重设").username == "wang"
        grab(dialog, "operators")
        no_bugs(window)


def test_a_clerk_cannot_open_operator_management(root: tk.Tk, cli: Cli, home: str) -> None:
    _with_accounts(cli)
    with services(cli, home) as s:
        form, opened = _start(root, cli, s, home)
        assert isinstance(form, LoginForm)
        _log_in(root, form, "li", CLERK_PASSWORD)
        window = opened[0]
        assert window.chrome.manage_operators() is None
        assert dialogs(root, OperatorsDialog) == []
        assert "无权管理操作员" in window.notices.log[-1].message


def test_the_readme_lists_every_shortcut() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for _event, printed, _key in SHORTCUTS:
        assert f"| {printed} |" in readme or f"{printed} /" in readme or f"/ {printed} |" in readme


def test_a_clerk_backs_up_but_may_not_restore(root: tk.Tk, cli: Cli, home: str) -> None:
    _with_accounts(cli)
    with services(cli, home) as s:
        form, opened = _start(root, cli, s, home)
        assert isinstance(form, LoginForm)
        _log_in(root, form, "li", CLERK_PASSWORD)
        window = opened[0]
        screen = window.open("nav.backup")
        asked: list[str] = []
        window.ctx.ask_open = lambda title, _ext: asked.append(title) or ""
        screen.restore()  # type: ignore[attr-defined]
        pump(root)
        assert asked == []  # refused before any file is asked for
        assert "无权做系统维护" in window.notices.log[-1].message
