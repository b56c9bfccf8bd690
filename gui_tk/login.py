"""登录, 设置管理员 and 密码修改: the operator dialogs of the window.

:func:`start` shows, in the root window itself, the login form, or on a node without
any account the form that sets up the administrator; once an operator is in, it builds
the main window.  Wrong passwords and names that must wait are said in the form (the
core's message: it says when to try again); nothing here checks a password itself.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk
from typing import TYPE_CHECKING

from regsync.core.catalogue import text
from regsync.core.errors import CoreError
from regsync.core.operators import Operator
from regsync.gui_tk.services import Logins, Shell

if TYPE_CHECKING:
    from regsync.gui_tk.window import MainWindow

Opened = Callable[[Operator], None]


class _Form(ttk.Frame):
    """A titled form of labelled entries, a message line and its buttons."""

    def __init__(self, master: tk.Misc, lang: str, heading: str) -> None:
        super().__init__(master, padding=24)
        self.lang = lang
        ttk.Label(self, text=heading, style="Heading.TLabel", wraplength=420).grid(
            row=0, column=0, columnspan=2, sticky="w", pady=(0, 12)
        )
        self.entries: dict[str, ttk.Entry] = {}
        self.next_row = 1

    def entry(self, key: str, label: str, *, secret: bool = False) -> ttk.Entry:
        ttk.Label(self, text=text(label, self.lang)).grid(
            row=self.next_row, column=0, sticky="e", padx=(0, 8), pady=4
        )
        widget = ttk.Entry(self, width=28, show="•" if secret else "")
        widget.grid(row=self.next_row, column=1, sticky="we", pady=4)
        self.entries[key] = widget
        self.next_row += 1
        return widget

    def finish(self, ok_label: str, ok: Callable[[], None], cancel: Callable[[], None]) -> None:
        self.message = ttk.Label(self, text="", style="Error.TLabel", wraplength=420)
        self.message.grid(row=self.next_row, column=0, columnspan=2, sticky="w", pady=(8, 4))
        buttons = ttk.Frame(self)
        buttons.grid(row=self.next_row + 1, column=0, columnspan=2, sticky="e", pady=(8, 0))
        self.ok = ttk.Button(buttons, text=text(ok_label, self.lang), command=ok)
        self.ok.pack(side="left", padx=4)
        self.cancel = ttk.Button(buttons, text=text("login.cancel", self.lang), command=cancel)
        self.cancel.pack(side="left", padx=4)
        for widget in self.entries.values():
            widget.bind("<Return>", lambda _e: ok())
        first = next(iter(self.entries.values()))
        self.after_idle(first.focus_set)

    def value(self, key: str) -> str:
        return self.entries[key].get()

    def fill(self, **values: str) -> None:
        """Type ``values`` into the entries (tests, and the user name kept on a retry)."""
        for key, value in values.items():
            self.entries[key].delete(0, "end")
            self.entries[key].insert(0, value)

    def refuse(self, exc: CoreError, clear: tuple[str, ...]) -> None:
        """Say why in the form and clear the password entries."""
        self.message.configure(text=exc.message(self.lang))
        for key in clear:
            self.entries[key].delete(0, "end")
        self.entries[clear[0]].focus_set()


class LoginForm(_Form):
    """登录: user name and password."""

    def __init__(
        self, master: tk.Misc, logins: Logins, lang: str, opened: Opened, cancel: Callable[[], None]
    ) -> None:
        super().__init__(master, lang, text("login.heading", lang))
        self.logins, self.opened = logins, opened
        self.entry("username", "login.username")
        self.entry("password", "login.password", secret=True)
        self.finish("login.ok", self.submit, cancel)

    def submit(self) -> None:
        try:
            operator = self.logins.log_in(self.value("username"), self.value("password"))
        except CoreError as exc:
            self.refuse(exc, ("password",))
            return
        self.opened(operator)


class SetupForm(_Form):
    """设置管理员: the first account of a node, an administrator, then logged in."""

    def __init__(
        self, master: tk.Misc, logins: Logins, lang: str, opened: Opened, cancel: Callable[[], None]
    ) -> None:
        super().__init__(master, lang, text("setup.heading", lang))
        self.logins, self.opened = logins, opened
        self.entry("username", "login.username")
        self.entry("name", "setup.name")
        self.entry("password", "login.password", secret=True)
        self.entry("again", "setup.again", secret=True)
        ttk.Label(self, text=text("setup.rule", lang), style="Hint.TLabel").grid(
            row=self.next_row, column=1, sticky="w"
        )
        self.next_row += 1
        self.finish("setup.ok", self.submit, cancel)

    def submit(self) -> None:
        username, password = self.value("username"), self.value("password")
        try:
            self.logins.setup_administrator(
                username, self.value("name"), password, self.value("again")
            )
            operator = self.logins.log_in(username, password)
        except CoreError as exc:
            self.refuse(exc, ("password", "again"))
            return
        self.opened(operator)


class PasswordDialog(tk.Toplevel):
    """密码修改: the current password, then the new one twice."""

    def __init__(self, master: tk.Misc, logins: Logins, lang: str, operator: Operator) -> None:
        super().__init__(master)
        self.title(text("passwd.title", lang))
        self.transient(master.winfo_toplevel())
        self.logins, self.operator = logins, operator
        self.changed: Operator | None = None
        heading = text("gui.title.about", lang, action=text("passwd.title", lang),
                       what=operator.label())  # fmt: skip
        self.form = _Form(self, lang, heading)
        self.form.entry("old", "passwd.old", secret=True)
        self.form.entry("new", "passwd.new", secret=True)
        self.form.entry("again", "passwd.again", secret=True)
        self.form.finish("setup.ok", self.submit, self.destroy)
        self.form.pack(fill="both", expand=True)

    def submit(self) -> None:
        f = self.form
        try:
            self.changed = self.logins.change_password(
                self.operator.username, f.value("old"), f.value("new"), f.value("again")
            )
        except CoreError as exc:
            f.refuse(exc, ("old", "new", "again"))
            return
        self.destroy()


class SwitchDialog(tk.Toplevel):
    """切换操作员: another operator logs in; the window stays as it is."""

    def __init__(self, master: tk.Misc, logins: Logins, lang: str, opened: Opened) -> None:
        super().__init__(master)
        self.title(text("menu.switch", lang).rstrip("…"))
        self.transient(master.winfo_toplevel())

        def switched(operator: Operator) -> None:
            self.destroy()
            opened(operator)

        self.form = LoginForm(self, logins, lang, switched, self.destroy)
        self.form.pack(fill="both", expand=True)


def start(shell: Shell, root: tk.Tk, on_open: Callable[[MainWindow], None] | None = None) -> _Form:
    """Show the login (or 设置管理员) form in ``root``; the main window follows it."""
    from regsync.gui_tk.chrome import apply_theme  # noqa: PLC0415  # window imports login
    from regsync.gui_tk.window import open_window  # noqa: PLC0415

    logins = shell.logins
    assert logins is not None, "start() needs the shell's logins"
    apply_theme(root)
    edition = text(f"edition.{shell.services.node.role.value}", shell.lang)
    app_title = text("app.title", shell.lang, edition=edition)
    root.title(f"{text('login.title', shell.lang)} — {app_title}")

    def opened(operator: Operator) -> None:
        form.destroy()
        window = open_window(shell, root, operator=operator)
        if on_open is not None:
            on_open(window)

    kind = SetupForm if logins.needs_administrator() else LoginForm
    form: _Form = kind(root, logins, shell.lang, opened, root.destroy)
    form.pack(expand=True)
    return form
