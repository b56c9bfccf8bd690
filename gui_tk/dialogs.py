"""Notices: error and information dialogs that do not block the event loop.

``tkinter.messagebox`` runs a nested event loop until the user answers; a test
driving the window could never get past it.  These dialogs are plain toplevels,
and every notice is also kept on the :class:`Notices` log so tests (and the status
bar) can read what the clerk was told.
"""

from __future__ import annotations

import dataclasses
import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from regsync.core.catalogue import text
from regsync.core.errors import CoreError


@dataclasses.dataclass(frozen=True)
class Notice:
    """One thing the clerk was told: ``kind`` is ``error``, ``info`` or ``status``."""

    kind: str
    message: str


class Notices:
    """Shows notices as dialogs and remembers them (newest last)."""

    def __init__(
        self,
        root: tk.Misc,
        lang: str,
        explain: Callable[[BaseException], CoreError | None] = lambda exc: None,
    ) -> None:
        self.root, self.lang, self.explain = root, lang, explain
        self.log: list[Notice] = []
        self.unexpected: list[BaseException] = []  # bugs: tests fail when any appear
        self.listeners: list[Callable[[Notice], None]] = []

    def error(self, message: str) -> tk.Toplevel:
        """An error dialog with ``message`` (the CLI's text for the same error)."""
        return self._show(Notice("error", message))

    def info(self, message: str) -> tk.Toplevel:
        """An information dialog."""
        return self._show(Notice("info", message))

    def status(self, message: str) -> None:
        """A passing notice (已保存 ...): the status line only, no dialog to close."""
        notice = Notice("status", message)
        self.log.append(notice)
        for listener in self.listeners:
            listener(notice)

    def failed(self, exc: BaseException) -> tk.Toplevel:
        """A dialog for an exception: a domain error in the CLI's words, anything else
        in the words of the application's last line (a locked database, a bug and the
        log that holds its traceback), and kept in :attr:`unexpected`."""
        if isinstance(exc, CoreError):
            return self.error(exc.message(self.lang))
        self.unexpected.append(exc)
        known = self.explain(exc)
        return self.error(known.message(self.lang) if known else f"{type(exc).__name__}: {exc}")

    def _show(self, notice: Notice) -> tk.Toplevel:
        self.log.append(notice)
        for listener in self.listeners:
            listener(notice)
        title = text("msg.error_title" if notice.kind == "error" else "msg.info_title", self.lang)
        dialog = tk.Toplevel(self.root)
        dialog.title(title)
        dialog.transient(self.root.winfo_toplevel())
        ttk.Label(dialog, text=notice.message, wraplength=520, justify="left").pack(
            padx=16, pady=(16, 8)
        )
        ttk.Button(dialog, text=text("btn.ok", self.lang), command=dialog.destroy).pack(
            pady=(0, 12)
        )
        return dialog


def ask_passphrase(
    parent: tk.Misc, lang: str, then: Callable[[str], None], prompt: str = "msg.passphrase"
) -> tk.Toplevel:
    """Ask for the node key's passphrase or the lock's PIN (masked), then call ``then``."""
    dialog = tk.Toplevel(parent)
    dialog.title(text(prompt, lang))
    ttk.Label(dialog, text=text(prompt, lang)).pack(padx=16, pady=(16, 4))
    entry = ttk.Entry(dialog, show="*", width=32)
    entry.pack(padx=16)

    def ok() -> None:
        typed = entry.get()
        dialog.destroy()
        then(typed)

    ttk.Button(dialog, text=text("btn.ok", lang), command=ok).pack(pady=12)
    entry.bind("<Return>", lambda _e: ok())
    entry.focus_set()
    return dialog
