"""Long work off the UI thread: a progress bar, a Cancel button, errors as dialogs.

Tk may only be touched from the thread that runs its event loop.  The work runs in
a daemon thread and talks to the window through a queue that the UI thread polls
with ``after``; cancelling sets an event that the work's ``progress`` callback
turns into :class:`Cancelled` at its next step.  Every long use case runs inside
one unit of work, so a cancelled import or export writes nothing.
"""

from __future__ import annotations

import gc
import queue
import threading
import tkinter as tk
from collections.abc import Callable
from tkinter import ttk
from typing import Generic, TypeVar

from regsync.core.catalogue import text
from regsync.gui_tk.dialogs import Notices
from regsync.gui_tk.services import Progress

T = TypeVar("T")
POLL_MS = 40  # how often the UI thread looks at the queue


class Cancelled(Exception):
    """Raised inside the work by ``progress`` after the clerk pressed Cancel."""


class Job(Generic[T]):
    """One piece of long work and its progress window.

    ``work(progress)`` runs in a thread; ``on_done(result)`` runs on the UI thread
    when it succeeds.  A domain error shows the CLI's message in a dialog.
    """

    def __init__(
        self,
        parent: tk.Misc,
        notices: Notices,
        what: str,
        work: Callable[[Progress], T],
        on_done: Callable[[T], object],
    ) -> None:
        self.notices, self.what, self.on_done = notices, what, on_done
        self.lang = notices.lang
        self.finished = False
        self.outcome: str | None = None  # done | failed | cancelled
        self._cancel = threading.Event()
        self._events: queue.Queue[tuple[str, object]] = queue.Queue()
        self.window = self._build(parent)
        # Tk objects must be freed on the UI thread: collect what is garbage now, so the
        # worker's own collections do not meet it (Tcl calls from another thread fail).
        gc.collect()
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True)
        self._thread.start()
        self.window.after(POLL_MS, self._poll)

    def _build(self, parent: tk.Misc) -> tk.Toplevel:
        window = tk.Toplevel(parent)
        window.title(text("msg.working", self.lang, what=self.what))
        window.transient(parent.winfo_toplevel())
        self.label = ttk.Label(window, text=text("msg.working", self.lang, what=self.what))
        self.label.pack(padx=16, pady=(16, 6))
        self.bar = ttk.Progressbar(window, length=360, mode="indeterminate")
        self.bar.pack(padx=16)
        self.bar.start(60)
        self.cancel_button = ttk.Button(
            window, text=text("btn.cancel", self.lang), command=self.cancel
        )
        self.cancel_button.pack(pady=12)
        window.protocol("WM_DELETE_WINDOW", self.cancel)
        return window

    def cancel(self) -> None:
        """Ask the work to stop at its next step (it rolls back what it started)."""
        self._cancel.set()
        self.cancel_button.state(["disabled"])

    def _progress(self, done: int, total: int) -> None:
        # Called in the worker thread: only the queue and the event are touched here.
        if self._cancel.is_set():
            raise Cancelled()
        self._events.put(("progress", (done, total)))

    def _run(self, work: Callable[[Progress], T]) -> None:
        try:
            result = work(self._progress)
        except Cancelled:
            self._events.put(("cancelled", None))
        except BaseException as exc:  # reported on the UI thread, never lost
            self._events.put(("failed", exc))
        else:
            self._events.put(("done", result))

    def _poll(self) -> None:
        try:
            while True:
                kind, payload = self._events.get_nowait()
                if kind == "progress":
                    self._show_progress(*payload)  # type: ignore[misc]  # (done, total)
                else:
                    self._finish(kind, payload)
                    return
        except queue.Empty:
            self.window.after(POLL_MS, self._poll)

    def _show_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.stop()
            self.bar.configure(mode="determinate", maximum=total, value=done)
        count = f"{done}/{total}" if total > 0 else str(done)  # total 0: not known yet
        self.label.configure(text=f"{text('msg.working', self.lang, what=self.what)}  {count}")

    def _finish(self, kind: str, payload: object) -> None:
        self.finished, self.outcome = True, kind
        self.bar.stop()
        self.window.destroy()
        if kind == "cancelled":
            self.notices.info(text("msg.cancelled", self.lang, what=self.what))
        elif kind == "failed":
            assert isinstance(payload, BaseException)
            self.notices.failed(payload)
        else:
            try:
                self.on_done(payload)  # type: ignore[arg-type]  # the work's own result
            except Exception as exc:  # a failing follow-up is shown, not swallowed
                self.notices.failed(exc)
