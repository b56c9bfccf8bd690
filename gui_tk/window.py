"""The main window: the edition's navigation tree on the left, a screen on the right.

:func:`open_window` builds it for the node's role (``regsync gui`` then runs the
event loop); tests build it the same way under Xvfb and drive its widgets.
"""

from __future__ import annotations

import tkinter as tk
from tkinter import ttk

from regsync.core.catalogue import text
from regsync.core.operators import Operator
from regsync.gui_tk.chrome import Chrome, apply_theme
from regsync.gui_tk.dialogs import Notice, Notices
from regsync.gui_tk.login import start
from regsync.gui_tk.menu_screens import register_all
from regsync.gui_tk.navigation import MENUS, MenuItem, leaf_keys, screen_for
from regsync.gui_tk.screen import Screen, ScreenContext
from regsync.gui_tk.services import Shell


class MainWindow:
    """The window of one node: navigation, the current screen, a status line."""

    def __init__(self, root: tk.Tk, shell: Shell, operator: Operator | None = None) -> None:
        self.root, self.shell, self.operator = root, shell, operator
        self.role = shell.services.node.role
        self.notices = Notices(root, shell.lang, shell.explain)
        self.ctx = ScreenContext(root, shell, self.notices)
        self.font_family = apply_theme(root)  # clam, CJK font sizes (gui_tk.chrome)
        # An exception in a callback is a bug: show it and keep it for the tests.
        root.report_callback_exception = lambda _t, exc, _tb: self.notices.failed(exc)
        node = shell.services.node
        edition = text(f"edition.{self.role.value}", shell.lang)
        root.title(text("app.title", shell.lang, edition=edition))
        # The preferred size where the screen has room (a clerk's 1366x768 laptop has
        # less), resizable and never smaller than the screens can be used at.
        width = min(1200, root.winfo_screenwidth() - 40)
        height = min(720, root.winfo_screenheight() - 80)
        root.geometry(f"{width}x{height}")
        root.minsize(min(900, width), min(560, height))
        root.resizable(True, True)
        panes = ttk.PanedWindow(root, orient="horizontal")
        panes.pack(fill="both", expand=True)
        self.nav = ttk.Treeview(panes, show="tree", selectmode="browse")
        self.nav.column("#0", width=210)
        panes.add(self.nav, weight=0)
        self.content = ttk.Frame(panes)
        panes.add(self.content, weight=1)
        self.status = ttk.Label(
            root,
            text=text("app.node", shell.lang, name=node.name, node_id=node.node_id),
            anchor="w",
            relief="sunken",
        )
        self.status.pack(fill="x", side="bottom")
        self.chrome = Chrome(self, operator)  # menus, shortcuts, operator/node/sync bar
        self.notices.listeners.append(self._noticed)
        for item in MENUS[self.role]:
            self._add_item("", item)
        self.nav.bind("<<TreeviewSelect>>", lambda _e: self._selected())
        self.screen: Screen | None = None
        self.screen_key: str | None = None
        self.open(leaf_keys(self.role)[0])

    def _add_item(self, parent: str, item: MenuItem) -> None:
        self.nav.insert(
            parent, "end", iid=item.key, text=text(item.key, self.shell.lang), open=True
        )
        for child in item.children:
            self._add_item(item.key, child)

    def _selected(self) -> None:
        selection = self.nav.selection()
        if (
            selection
            and not self.nav.get_children(selection[0])
            and selection[0] != self.screen_key
        ):
            self.open(selection[0])

    def _noticed(self, notice: Notice) -> None:
        self.status.configure(text=notice.message.splitlines()[0] if notice.message else "")

    def open(self, key: str) -> Screen:
        """Show the screen of the menu item ``key``."""
        if self.screen is not None:
            self.screen.destroy()
        factory = screen_for(self.role, key)
        if factory is None:  # a menu item without its screen is a bug (tests check all)
            raise LookupError(f"no screen is registered for {key} of {self.role.value}")
        screen = factory(self.content, self.ctx)
        screen.pack(fill="both", expand=True)
        self.screen, self.screen_key = screen, key
        if tuple(self.nav.selection()) != (key,):
            self.nav.selection_set(key)
            self.nav.see(key)
        screen.refresh()
        return screen


def open_window(
    shell: Shell, root: tk.Tk | None = None, operator: Operator | None = None
) -> MainWindow:
    """Build the window of the node's edition (the caller runs ``mainloop``)."""
    register_all()
    return MainWindow(root or tk.Tk(className="regsync"), shell, operator)


def run(shell: Shell) -> None:
    """Open the window (after the login, when the node has operators) and run until closed."""
    if shell.logins is None:
        open_window(shell).root.mainloop()
        return
    root = tk.Tk(className="regsync")
    start(shell, root)
    root.mainloop()
