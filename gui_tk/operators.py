"""操作员管理 (系统 → 操作员管理…): an administrator adds, disables and re-passwords
the node's operators in the window, with the rules of ``regsync user``."""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from regsync.core.catalogue import text
from regsync.core.errors import CoreError
from regsync.core.operators import Operator, OperatorRole
from regsync.gui_tk.login import _Form
from regsync.gui_tk.services import Logins

COLUMNS = ("name", "role", "status")


class OperatorForm(tk.Toplevel):
    """新增 (user name, name, role, password twice) or 重设密码 (password twice)."""

    def __init__(
        self,
        master: tk.Misc,
        lang: str,
        title: str,
        save: Callable[[dict[str, str]], object],
        *,
        new: bool,
    ) -> None:
        super().__init__(master)
        self.title(title)
        self.transient(master.winfo_toplevel())
        self.saved = save
        self.form = _Form(self, lang, title)
        if new:
            self.form.entry("username", "login.username")
            self.form.entry("name", "setup.name")
            ttk.Label(self.form, text=text("operators.role", lang)).grid(
                row=self.form.next_row, column=0, sticky="e", padx=(0, 8), pady=4
            )
            labels = [text(f"operator.role.{r.value}", lang) for r in OperatorRole]
            self.role = ttk.Combobox(self.form, values=labels, state="readonly", width=26)
            self.role.set(labels[0])
            self.role.grid(row=self.form.next_row, column=1, sticky="we", pady=4)
            self.form.next_row += 1
        self.form.entry("password", "passwd.new", secret=True)
        self.form.entry("again", "passwd.again", secret=True)
        self.form.finish("setup.ok", self.submit, self.destroy)
        self.form.cancel.configure(text=text("operators.close", lang))
        self.form.pack(fill="both", expand=True)

    def values(self) -> dict[str, str]:
        found = {key: entry.get() for key, entry in self.form.entries.items()}
        if hasattr(self, "role"):
            found["role"] = self.role.get()  # a Chinese role name: parse_role takes it
        return found

    def submit(self) -> None:
        try:
            self.saved(self.values())
        except CoreError as exc:
            self.form.refuse(exc, ("password", "again"))
            return
        self.destroy()


class OperatorsDialog(tk.Toplevel):
    """The list of operators and the administrator's actions on them."""

    def __init__(self, master: tk.Misc, logins: Logins, lang: str, acting: Operator) -> None:
        super().__init__(master)
        self.logins, self.lang, self.acting = logins, lang, acting
        self.title(text("operators.title", lang))
        self.transient(master.winfo_toplevel())
        frame = ttk.Frame(self, padding=12)
        frame.pack(fill="both", expand=True)
        self.tree = ttk.Treeview(frame, columns=COLUMNS, height=8, selectmode="browse")
        self.tree.heading("#0", text=text("login.username", lang))
        for column, label in zip(
            COLUMNS, ("setup.name", "operators.role", "operators.status"), strict=True
        ):
            self.tree.heading(column, text=text(label, lang))
        self.tree.pack(fill="both", expand=True)
        self.message = ttk.Label(frame, text="", style="Error.TLabel", wraplength=760)
        self.message.pack(fill="x", pady=(6, 0))
        buttons = ttk.Frame(frame)
        buttons.pack(fill="x", pady=(8, 0))
        self.buttons: dict[str, ttk.Button] = {}
        for key, command in (
            ("operators.add", self.add),
            ("operators.disable", lambda: self.activate(False)),
            ("operators.enable", lambda: self.activate(True)),
            ("operators.reset", self.reset),
            ("operators.close", self.destroy),
        ):
            button = ttk.Button(buttons, text=text(key, lang), command=command)
            button.pack(side="left", padx=(0, 6))
            self.buttons[key] = button
        self.form: OperatorForm | None = None
        self.refresh()

    def refresh(self) -> None:
        self.tree.delete(*self.tree.get_children())
        for o in self.logins.operators():
            status = text("operator.active" if o.active else "operator.disabled", self.lang)
            role = text(f"operator.role.{o.role.value}", self.lang)
            self.tree.insert("", "end", iid=o.username, text=o.username,
                             values=(o.name, role, status))  # fmt: skip

    def row(self, username: str) -> tuple[str, ...]:
        """The shown cells of ``username`` (tests read the list through this)."""
        return tuple(str(v) for v in self.tree.item(username, "values"))

    def _selected(self) -> str | None:
        chosen = self.tree.selection()
        if not chosen:
            self.message.configure(text=text("operators.pick", self.lang))
            return None
        return chosen[0]

    def _run(self, action: Callable[[], object]) -> None:
        try:
            action()
        except CoreError as exc:
            self.message.configure(text=exc.message(self.lang))
            return
        self.message.configure(text="")
        self.refresh()

    def add(self) -> OperatorForm | None:
        adding = self.logins.add_operator
        if adding is None:
            return None

        def save(v: dict[str, str]) -> None:
            adding(self.acting, v)
            self.refresh()

        self.form = OperatorForm(self, self.lang, text("operators.add", self.lang), save, new=True)
        return self.form

    def activate(self, active: bool) -> None:
        username, change = self._selected(), self.logins.set_active
        if username is not None and change is not None:
            self._run(lambda: change(self.acting, username, active))

    def reset(self) -> OperatorForm | None:
        username, resetting = self._selected(), self.logins.reset_password
        if username is None or resetting is None:
            return None

        def save(v: dict[str, str]) -> None:
            resetting(self.acting, username, v["password"], v["again"])

        title = text("operators.reset_title", self.lang, username=username)
        self.form = OperatorForm(self, self.lang, title, save, new=False)
        return self.form
