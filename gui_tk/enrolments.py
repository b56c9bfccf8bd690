"""节点登记申请 (地市版 and 省级版, under 系统维护): the enrolment requests the office's
server received, and 签发节点证书 for one of them.

A node set up with the first-run wizard hands in its key card with 提交登记申请
(``regsync node enrol``); the office's server keeps it.  This screen lists those
requests (``regsync node requests``) and, once the clerk has compared the key
fingerprint with the applicant (by telephone), certifies one (``regsync node
certify``); a city gives a firm its 4-digit 企业编号 here.  The certificate stays in
the office's trust store, and the node installs it at its next 查询登记状态.  The
actions are ``app``'s, handed in through :class:`~regsync.gui_tk.services.Exchange`.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Sequence
from tkinter import ttk

from regsync.core.china_time import show_iso
from regsync.core.model import Role
from regsync.gui_tk.listview import Column, PagedList, Row
from regsync.gui_tk.screen import Screen, ScreenContext
from regsync.gui_tk.services import NodeRequest

COLUMNS = (
    Column("name", "col.enrol_name", 220),
    Column("role", "col.enrol_role", 80),
    Column("received", "col.enrol_received", 150),
    Column("state", "col.enrol_state", 90),
    Column("fingerprint", "col.enrol_fingerprint", 330, stretch=True),
    Column("node", "col.enrol_node", 200),
)


def _page(rows: Sequence[Row], after: str | None, limit: int) -> list[Row]:
    keys = [row.key for row in rows]
    start = keys.index(after) + 1 if after in keys else 0
    return list(rows[start : start + limit])


class EnrolmentsScreen(Screen):
    """The requests, newest last; double-click or 签发节点证书 certifies the chosen one."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        self.dialog: tk.Toplevel | None = None
        self.number: ttk.Entry | None = None  # 企业编号 in the dialog (a city certifying a firm)
        self.requests: dict[str, NodeRequest] = {}
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(0, 6))
        self.buttons: dict[str, ttk.Button] = {}
        for key, command in (("btn.certify_node", self.certify), ("btn.refresh", self.refresh)):
            button = ttk.Button(bar, text=ctx.t(key), command=command)
            button.pack(side="left", padx=(0, 6))
            self.buttons[key] = button
        ttk.Label(self, text=ctx.t("enrol.hint"), wraplength=800, justify="left").pack(
            anchor="w", pady=(0, 6)
        )
        self.table = PagedList(self, COLUMNS, ctx.lang, checkable=False)
        self.table.pack(fill="both", expand=True)
        self.table.on_open = self.certify
        self.result = ttk.Label(self, text="", wraplength=800, justify="left")
        self.result.pack(anchor="w", pady=8)

    def refresh(self) -> None:
        """刷新: read the requests again (the server keeps receiving them)."""
        listed = self.ctx.shell.exchange.enrolment_requests
        chosen = self.table.selected()
        try:
            found = listed() if listed is not None else []
        except Exception as exc:  # e.g. the office is not enrolled itself: the CLI's words
            self.ctx.notices.failed(exc)
            found = []
        self.requests = {r.node_id: r for r in found}
        rows = [Row(r.node_id, self._cells(r)) for r in found]
        self.table.load(lambda after, limit: _page(rows, after, limit))
        if chosen in self.requests:  # the clerk's row stays chosen
            self.table.tree.selection_set(chosen)

    def _cells(self, r: NodeRequest) -> tuple[str, ...]:
        t = self.ctx.t
        state = t("enrol.certified" if r.certified else "enrol.pending")
        edition = t(f"edition.{r.role}")
        return (r.name, edition, show_iso(r.received), state, r.fingerprint, r.node_id)

    def certify(self, key: str | None = None) -> None:
        """签发节点证书 for the highlighted request: first the fingerprint to compare."""
        chosen = key or self.table.selected()
        if chosen is None or chosen not in self.requests:
            self.ctx.notices.error(self.ctx.t("msg.select_one"))
            return
        request = self.requests[chosen]
        if request.certified:
            self.ctx.notices.info(self.ctx.t("enrol.already", name=request.name))
            return
        self.dialog = self._dialog(request)

    def _dialog(self, r: NodeRequest) -> tk.Toplevel:
        t = self.ctx.t
        dialog = tk.Toplevel(self)
        dialog.title(t("btn.certify_node"))
        dialog.transient(self.winfo_toplevel())
        said = t("enrol.confirm", name=r.name, edition=t(f"edition.{r.role}"), node_id=r.node_id)
        ttk.Label(dialog, text=said, wraplength=520, justify="left").pack(padx=16, pady=(16, 8))
        shown = ttk.Label(dialog, text=r.fingerprint, font=("TkFixedFont", 18, "bold"))
        shown.pack(padx=16, pady=8)
        self.number = None
        if r.role == Role.ENTERPRISE.value and self.ctx.shell.services.node.role is Role.CITY:
            row = ttk.Frame(dialog)
            row.pack(padx=16, pady=4, anchor="w")
            ttk.Label(row, text=t("field.enterprise_number")).pack(side="left")
            self.number = ttk.Entry(row, width=8)
            self.number.pack(side="left", padx=6)
        buttons = ttk.Frame(dialog)
        buttons.pack(pady=(4, 12))
        ttk.Button(
            buttons, text=t("btn.certify_node"), command=lambda: self._certify(r, dialog)
        ).pack(side="left", padx=6)
        ttk.Button(buttons, text=t("btn.cancel"), command=dialog.destroy).pack(side="left")
        return dialog

    def _certify(self, r: NodeRequest, dialog: tk.Toplevel) -> None:
        certify = self.ctx.shell.exchange.certify_request
        if certify is None:  # a shell without the CLI's actions (tests)
            return
        number = self.number.get().strip() if self.number is not None else ""

        def go(passphrase: str | None) -> None:
            try:
                summary = certify(r.node_id, number or None, passphrase)
            except Exception as exc:  # the CLI's refusal (企业编号, the key ...): dialog stays
                self.ctx.notices.failed(exc)
                return
            dialog.destroy()
            self.dialog = None
            self.result.configure(text=summary)
            self.ctx.notices.info(summary)
            self.refresh()

        self.ctx.with_passphrase(go)
