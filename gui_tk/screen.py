"""What every screen shares: the shell, notices, long jobs, and asking for files.

File choosers are reached through :attr:`ScreenContext.ask_open` and
:attr:`ScreenContext.ask_save` so that tests can answer them with a path (the real
ones run a nested event loop); the same holds for the passphrase.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from tkinter import filedialog, ttk
from typing import TypeVar

from regsync.core.catalogue import text
from regsync.core.errors import OperatorForbidden
from regsync.core.operators import Action, Operator
from regsync.core.usecases.operators import require
from regsync.gui_tk.dialogs import Notices, ask_passphrase
from regsync.gui_tk.services import Progress, Shell
from regsync.gui_tk.worker import Job

T = TypeVar("T")
AskPath = Callable[[str, str], str | None]  # (title, suffix) -> path or None


def _ask_open(title: str, suffix: str) -> str | None:
    return filedialog.askopenfilename(title=title, filetypes=[(suffix, "*" + suffix)]) or None


def _ask_save(title: str, suffix: str) -> str | None:
    return filedialog.asksaveasfilename(title=title, defaultextension=suffix) or None


class ScreenContext:
    """Handed to every screen by the window."""

    def __init__(self, root: tk.Misc, shell: Shell, notices: Notices) -> None:
        self.root, self.shell, self.notices = root, shell, notices
        self.lang = shell.lang
        self.ask_open: AskPath = _ask_open
        self.ask_save: AskPath = _ask_save
        self.ask_passphrase: Callable[[Callable[[str], None]], object] = lambda then: (
            ask_passphrase(root, self.lang, then, shell.exchange.secret_prompt)
        )
        self.jobs: list[Job[object]] = []  # tests wait for them
        self.operator: Operator | None = None  # who is logged in (set by gui_tk.chrome)

    def allowed(self, action: Action) -> bool:
        """Whether the logged-in operator's role allows ``action``; says why not.

        Without a login (tests that build the window directly) everything is allowed.
        """
        if self.operator is None:
            return True
        try:
            require(self.operator, action)
        except OperatorForbidden as exc:
            self.notices.error(exc.message(self.lang))
            return False
        return True

    def operator_name(self) -> str:
        """The logged-in operator's name (审查人员, 经办人 defaults), or blank."""
        return self.operator.name if self.operator is not None else ""

    def t(self, key: str, **params: object) -> str:
        """A catalogue text in the window's language."""
        return text(key, self.lang, **params)

    def start(
        self, what: str, work: Callable[[Progress], T], on_done: Callable[[T], object]
    ) -> Job[T]:
        """Run ``work`` off the UI thread with a progress window and Cancel."""
        job = Job(self.root, self.notices, what, work, on_done)
        self.jobs.append(job)  # type: ignore[arg-type]  # kept only to be awaited
        return job

    def with_passphrase(self, then: Callable[[str | None], None]) -> None:
        """Call ``then`` with the key passphrase, asking only when none is configured."""
        if self.shell.exchange.needs_passphrase:
            self.ask_passphrase(then)
        else:
            then(None)

    def sync_now(
        self, title: str, done: Callable[[str], object], server: str | None = None
    ) -> bool:
        """Push and pull with ``server``, by default the one set at ``init --server``
        (the CLI's ``regsync sync``), off the UI thread, asking for the key's passphrase
        when none is configured; ``done`` gets the CLI's summary.  False, doing nothing,
        when no server is configured and none is given (the data then travels by
        数据包导出); a blank ``server`` given is the CLI's own refusal."""
        exchange, sync = self.shell.exchange, self.shell.exchange.sync_now
        target = exchange.server if server is None else server
        if sync is None or target is None or (server is None and not target):
            return False

        def go(passphrase: str | None) -> None:
            def work(progress: Progress) -> str:
                return sync(target, progress, passphrase)

            self.start(title, work, done)

        self.with_passphrase(go)
        return True

    def with_key(self, then: Callable[[], None]) -> None:
        """Call ``then`` once the node's key opens (asking for its passphrase or PIN when
        none is configured); when it does not open, the CLI's message and nothing done.

        Receiving and refusing need the city's key first, as ``regsync receive`` does.
        """
        open_key = self.shell.exchange.open_key

        def go(secret: str | None) -> None:
            if open_key is not None:
                try:
                    open_key(secret)
                except Exception as exc:  # a domain error in the CLI's words, a bug as a bug
                    self.notices.failed(exc)
                    return
            then()

        self.with_passphrase(go)


class Screen(ttk.Frame):
    """A screen on the right of the navigation tree."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, padding=8)
        self.ctx = ctx

    def refresh(self) -> None:
        """Reload what the screen shows (after an action, or when it is opened)."""
