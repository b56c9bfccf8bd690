"""The window's chrome: one ttk theme, readable CJK fonts, the menu bar, keyboard
shortcuts and the status bar (operator, node, last sync).

:func:`apply_theme` sets the look once per root (the login form uses it too);
:class:`Chrome` adds the 系统 and 帮助 menus, binds the shortcuts listed in
:data:`SHORTCUTS` (shown by 帮助 → 快捷键 and in the README) and keeps the status bar.
"""

from __future__ import annotations

import datetime as dt
import tkinter as tk
from collections.abc import Callable
from tkinter import font as tkfont
from tkinter import ttk
from typing import TYPE_CHECKING

from regsync.core.catalogue import text
from regsync.core.operators import Action, Operator
from regsync.gui_tk.login import PasswordDialog, SwitchDialog
from regsync.gui_tk.operators import OperatorsDialog

if TYPE_CHECKING:
    from regsync.gui_tk.window import MainWindow

THEME = "clam"
# Point sizes that keep Chinese characters legible on a 1366x768 office screen.
BODY_SIZE = 11
HEADING_SIZE = 12
# Families that render Chinese, best first (Debian's fonts-wqy-zenhei; Windows; macOS).
CJK_FAMILIES = ("WenQuanYi Zen Hei", "Noto Sans CJK SC", "Microsoft YaHei", "SimSun", "PingFang SC")
_NAMED = ("TkDefaultFont", "TkTextFont", "TkMenuFont", "TkHeadingFont", "TkCaptionFont",
          "TkSmallCaptionFont", "TkIconFont", "TkTooltipFont", "TkFixedFont")  # fmt: skip

SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    # (Tk event, as printed, catalogue key of what it does)
    ("<F1>", "F1", "shortcut.help"),
    ("<F5>", "F5", "shortcut.refresh"),
    ("<Control-Next>", "Ctrl+PgDn", "shortcut.next"),
    ("<Control-Prior>", "Ctrl+PgUp", "shortcut.previous"),
    ("<F6>", "F6", "shortcut.navigation"),
    ("<Control-l>", "Ctrl+L", "shortcut.switch"),
    ("<Control-Shift-P>", "Ctrl+Shift+P", "shortcut.passwd"),
    ("<Control-q>", "Ctrl+Q", "shortcut.quit"),
)


def apply_theme(root: tk.Tk) -> str | None:
    """The clam theme, a CJK family at readable sizes, rows tall enough for it."""
    style = ttk.Style(root)
    if THEME in style.theme_names():
        style.theme_use(THEME)
    available = set(tkfont.families(root))
    family = next((f for f in CJK_FAMILIES if f in available), None)
    for name in _NAMED:
        named = tkfont.nametofont(name, root)
        if family is not None:
            named.configure(family=family)
        named.configure(size=HEADING_SIZE if name == "TkHeadingFont" else BODY_SIZE)
    body = tkfont.nametofont("TkDefaultFont", root)
    style.configure("Treeview", rowheight=body.metrics("linespace") + 8)
    style.configure("Treeview.Heading", font="TkHeadingFont")
    style.configure("Heading.TLabel", font="TkHeadingFont")
    style.configure("Error.TLabel", foreground="#b00020")
    style.configure("Hint.TLabel", foreground="#555555")
    style.configure("Status.TLabel", padding=(8, 2))
    return family


def _when(iso: str | None, lang: str) -> str:
    if not iso:
        return text("status.never_synced", lang)
    try:
        moment = dt.datetime.fromisoformat(iso).astimezone(dt.timezone(dt.timedelta(hours=8)))
    except ValueError:
        return text("status.never_synced", lang)
    return text("status.last_sync", lang, when=moment.strftime("%Y-%m-%d %H:%M"))


class Chrome:
    """Menus, shortcuts and the status bar of one main window."""

    def __init__(self, window: MainWindow, operator: Operator | None) -> None:
        self.window, self.operator = window, operator
        window.ctx.operator = operator
        self.lang = lang = window.shell.lang
        root = window.root
        self.logins = window.shell.logins
        bar = ttk.Frame(root)
        bar.pack(fill="x", side="bottom", before=window.status)
        self.operator_label = ttk.Label(bar, style="Status.TLabel", relief="sunken")
        self.operator_label.pack(side="left")
        node = window.shell.services.node
        self.node_label = ttk.Label(
            bar, text=text("status.node", lang, name=node.name), style="Status.TLabel",
            relief="sunken",
        )  # fmt: skip
        self.node_label.pack(side="left")
        self.sync_label = ttk.Label(bar, style="Status.TLabel", relief="sunken")
        self.sync_label.pack(side="left", fill="x", expand=True)
        self.menubar = tk.Menu(root)
        self.system_menu = tk.Menu(self.menubar, tearoff=False)
        self.help_menu = tk.Menu(self.menubar, tearoff=False)
        self._menus()
        root.configure(menu=self.menubar)
        for event, _printed, key in SHORTCUTS:
            root.bind_all(event, self._bound(key))
        window.notices.listeners.append(lambda _n: self.refresh_status())
        self.refresh_status()

    def _menus(self) -> None:
        lang = self.lang
        if self.logins is not None:
            self.system_menu.add_command(
                label=text("menu.passwd", lang), command=self.change_password,
                accelerator="Ctrl+Shift+P",
            )  # fmt: skip
            self.system_menu.add_command(
                label=text("menu.switch", lang), command=self.switch, accelerator="Ctrl+L"
            )
            self.system_menu.add_command(
                label=text("menu.operators", lang), command=self.manage_operators
            )
            self.system_menu.add_separator()
        self.system_menu.add_command(
            label=text("menu.quit", lang), command=self.window.root.destroy, accelerator="Ctrl+Q"
        )
        self.help_menu.add_command(
            label=text("menu.shortcuts", lang), command=self.show_shortcuts, accelerator="F1"
        )
        self.menubar.add_cascade(label=text("menu.system", lang), menu=self.system_menu)
        self.menubar.add_cascade(label=text("menu.help", lang), menu=self.help_menu)

    def _bound(self, key: str) -> Callable[[tk.Event[tk.Misc]], str]:
        actions: dict[str, Callable[[], object]] = {
            "shortcut.help": self.show_shortcuts,
            "shortcut.refresh": self.refresh_screen,
            "shortcut.next": lambda: self.step(1),
            "shortcut.previous": lambda: self.step(-1),
            "shortcut.navigation": self.window.nav.focus_set,
            "shortcut.switch": self.switch,
            "shortcut.passwd": self.change_password,
            "shortcut.quit": self.window.root.destroy,
        }
        action = actions[key]

        def run(_event: tk.Event[tk.Misc]) -> str:
            action()
            return "break"

        return run

    def refresh_status(self) -> None:
        lang = self.lang
        if self.operator is None:
            who = text("status.no_operator", lang)
        else:
            role = text(f"operator.role.{self.operator.role.value}", lang)
            who = text("status.operator", lang, operator=f"{self.operator.label()} {role}")
        self.operator_label.configure(text=who)
        last = self.logins.last_sync() if self.logins is not None else None
        self.sync_label.configure(text=_when(last, lang))

    def set_operator(self, operator: Operator) -> None:
        self.operator = operator
        self.window.operator = operator
        self.window.ctx.operator = operator
        self.refresh_status()

    def refresh_screen(self) -> None:
        if self.window.screen is not None:
            self.window.screen.refresh()
        self.refresh_status()

    def step(self, offset: int) -> None:
        """Open the next (or previous) screen of the navigation tree."""
        from regsync.gui_tk.navigation import leaf_keys  # noqa: PLC0415  # window imports chrome

        keys = leaf_keys(self.window.role)
        current = self.window.screen_key
        index = keys.index(current) if current in keys else 0
        self.window.open(keys[(index + offset) % len(keys)])

    def change_password(self) -> PasswordDialog | None:
        if self.logins is None or self.operator is None:
            return None
        dialog = PasswordDialog(self.window.root, self.logins, self.lang, self.operator)
        dialog.bind("<Destroy>", self._password_closed(dialog), add="+")
        return dialog

    def _password_closed(self, dialog: PasswordDialog) -> Callable[[tk.Event[tk.Misc]], None]:
        def closed(event: tk.Event[tk.Misc]) -> None:
            if event.widget is dialog and dialog.changed is not None:
                self.set_operator(dialog.changed)
                self.window.notices.status(text("passwd.done", self.lang))

        return closed

    def manage_operators(self) -> OperatorsDialog | None:
        """操作员管理: administrators only (a clerk is told why)."""
        if self.logins is None or self.operator is None:
            return None
        if not self.window.ctx.allowed(Action.MANAGE_OPERATORS):
            return None
        self.operators_dialog = OperatorsDialog(
            self.window.root, self.logins, self.lang, self.operator
        )
        return self.operators_dialog

    def switch(self) -> SwitchDialog | None:
        if self.logins is None:
            return None
        return SwitchDialog(self.window.root, self.logins, self.lang, self.set_operator)

    def show_shortcuts(self) -> tk.Toplevel:
        lang = self.lang
        dialog = tk.Toplevel(self.window.root)
        dialog.title(text("shortcuts.title", lang))
        dialog.transient(self.window.root)
        table = ttk.Frame(dialog, padding=16)
        table.pack(fill="both", expand=True)
        for row, (_event, printed, key) in enumerate(SHORTCUTS):
            ttk.Label(table, text=printed, font="TkHeadingFont").grid(
                row=row, column=0, sticky="w", padx=(0, 16), pady=2
            )
            ttk.Label(table, text=text(key, lang)).grid(row=row, column=1, sticky="w", pady=2)
        ttk.Button(dialog, text=text("btn.ok", lang), command=dialog.destroy).pack(pady=(0, 12))
        self.shortcuts_dialog = dialog
        return dialog
