"""登记状态 (企业版 and 地市版, under 系统维护): this node's own enrolment with the
office above, outside the first-run wizard.

A clerk who closed the wizard before the office certified the node comes back here:
the screen shows whether the request was handed in, and once the office has signed,
the certificate's issuer and date.  提交登记申请 and 查询登记状态 are the wizard's
buttons and run the same action, ``regsync node enrol`` (the request while no
certificate is waiting, else the certificate installed), off the UI thread as every
network action of the window.  The actions are ``app``'s, handed in through
:class:`~regsync.gui_tk.services.Exchange`; the province, the root, has no office
above and no such screen.
"""

from __future__ import annotations

import functools
import tkinter as tk
from tkinter import ttk

from regsync.core.china_time import show_iso
from regsync.gui_tk.screen import Screen, ScreenContext
from regsync.gui_tk.services import OwnEnrolment, Progress


class EnrolmentStatusScreen(Screen):
    """The node's enrolment state, the server's address and the two buttons."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        t = ctx.t
        ttk.Label(self, text=t("enrolstatus.hint"), wraplength=800, justify="left").pack(
            anchor="w", pady=(0, 8)
        )
        self.status_line = ttk.Label(self, text="", wraplength=800, justify="left")
        self.status_line.pack(anchor="w", pady=(0, 8))
        row = ttk.Frame(self)
        row.pack(anchor="w")
        ttk.Label(row, text=t("setup.server")).pack(side="left")
        self.server = ttk.Entry(row, width=50)
        self.server.insert(0, ctx.shell.exchange.server or "")
        self.server.pack(side="left", padx=6)
        bar = ttk.Frame(self)
        bar.pack(anchor="w", pady=6)
        self.buttons: dict[str, ttk.Button] = {}
        for key in ("setup.enrol", "setup.enrol_status"):
            button = ttk.Button(bar, text=t(key), command=functools.partial(self.enrol, key))
            button.pack(side="left", padx=(0, 6))
            self.buttons[key] = button
        self.result = ttk.Label(self, text="", wraplength=800, justify="left")
        self.result.pack(anchor="w", pady=8)
        self.shown: OwnEnrolment | None = None

    def refresh(self) -> None:
        """Read the node's enrolment again (its trust store, the request it recorded)."""
        read = self.ctx.shell.exchange.own_enrolment
        try:
            found = read() if read is not None else OwnEnrolment("none")
        except Exception as exc:  # the CLI's words for a domain error, a bug as a bug
            self.ctx.notices.failed(exc)
            return
        self.shown = found
        self.status_line.configure(text=self._status_text(found))
        # Before a request only 提交登记申请; after it only 查询登记状态 (both run
        # ``node enrol``, which sends the card again while none is certified).
        submitted = found.state != "none"
        self.buttons["setup.enrol"].state(["disabled" if submitted else "!disabled"])
        self.buttons["setup.enrol_status"].state(["!disabled" if submitted else "disabled"])

    def _status_text(self, found: OwnEnrolment) -> str:
        t = self.ctx.t
        if found.state == "certified":
            return t(
                "enrolstatus.certified",
                issuer=found.issuer or "",
                issued=show_iso(found.issued or ""),
                serial=found.serial or "",
            )
        if found.state == "pending":
            return t("enrolstatus.pending", requested=show_iso(found.requested or ""))
        return t("enrolstatus.none")

    def enrol(self, key: str = "setup.enrol_status") -> None:
        """提交登记申请 / 查询登记状态 (``regsync node enrol``) with the typed server."""
        enrol = self.ctx.shell.exchange.enrol
        if enrol is None:  # a shell without the CLI's actions (tests)
            return
        server = self.server.get().strip()
        if not server:
            self.ctx.notices.error(self.ctx.t("setup.no_server_enrol"))
            return

        def done(outcome: tuple[bool, str]) -> None:
            certified, summary = outcome
            self.result.configure(text=summary)
            self.refresh()
            self.ctx.notices.info(self.status_line.cget("text") if certified else summary)

        def go(passphrase: str | None) -> None:
            def work(_progress: Progress) -> tuple[bool, str]:
                return enrol(server, passphrase)

            self.ctx.start(self.ctx.t(key), work, done)

        self.ctx.with_passphrase(go)
