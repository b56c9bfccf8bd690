"""企业版 企业基本信息 and 注册人员查询.

企业基本信息 shows the enterprise's own record and saves the details that are the
enterprise's to keep (:func:`regsync.core.usecases.enterprise_info.update_enterprise`);
the registered name, USCC and city come from enrolment and the city, so they are
read-only here as they are refused by ``regsync enterprise update``.
注册人员查询 shows where each application stands
(:func:`regsync.core.usecases.status.application_status`): the city's review, the
province's decision, the certificate and the seal, all arrived by sync.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from regsync.core.catalogue import text
from regsync.core.fields import parse_value
from regsync.core.model import Enterprise, Value
from regsync.core.usecases import enterprise_info
from regsync.core.usecases.enterprise_info import EDITABLE_ENTERPRISE_FIELDS
from regsync.core.usecases.status import ApplicationStatus, application_status
from regsync.gui_tk.forms import put_text
from regsync.gui_tk.labels import application_cells
from regsync.gui_tk.listview import Column, PagedList, Row
from regsync.gui_tk.screen import Screen, ScreenContext

FIXED_FIELDS = ("uscc", "name", "city_code", "org_code", "enterprise_number", "status")
LABELS = {"name": "field.enterprise_name"}
# The record keeps the code; the clerk reads the word (the field is never saved back).
STATUS_WORDS = {"active": "reg.enterprise_active"}


class EnterpriseInfoScreen(Screen):
    """企业基本信息: the record, with 保存 for the enterprise's own details."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        form = ttk.Frame(self)
        form.pack(anchor="w")
        self.entries: dict[str, ttk.Entry] = {}
        for row, name in enumerate(FIXED_FIELDS + EDITABLE_ENTERPRISE_FIELDS):
            label = ctx.t(LABELS.get(name, f"field.{name}"))
            ttk.Label(form, text=label).grid(row=row, column=0, sticky="e", padx=4, pady=2)
            entry = ttk.Entry(form, width=48)
            entry.grid(row=row, column=1, sticky="w", pady=2)
            self.entries[name] = entry
        self.shown: dict[str, str] = {}
        bar = ttk.Frame(self)
        bar.pack(anchor="w", pady=8)
        self.save_button = ttk.Button(bar, text=ctx.t("btn.save"), command=self.save)
        self.save_button.pack(side="left", padx=(0, 4))
        # The seed's 在线注册/更新: save, then send the record to the city at once.
        self.online_button = ttk.Button(bar, text=ctx.t("btn.online_update"), command=self.online)
        self.online_button.pack(side="left")

    def refresh(self) -> None:
        """Read the enterprise's record again."""
        with self.ctx.shell.services.unit_of_work() as uow:
            enterprise = enterprise_info.own_enterprise(uow)
        self.shown = {k: "" if v is None else str(v) for k, v in enterprise.fields().items()}
        word = STATUS_WORDS.get(enterprise.status)
        self.shown["status"] = self.ctx.t(word) if word else enterprise.status
        for name, entry in self.entries.items():
            entry.state(["!readonly"])
            put_text(entry, self.shown.get(name, ""))
            if name in FIXED_FIELDS:
                entry.state(["readonly"])

    def save(self) -> bool:
        """保存 the changed details (unchanged ones are left alone); False if refused."""
        changed: dict[str, Value] = {
            name: parse_value(Enterprise, name, self.entries[name].get().strip())
            for name in EDITABLE_ENTERPRISE_FIELDS
            if self.entries[name].get().strip() != self.shown.get(name, "")
        }
        try:
            s = self.ctx.shell.services
            with s.unit_of_work() as uow:
                enterprise_info.update_enterprise(uow, changed, s.entry())
                uow.commit()
        except Exception as exc:  # a domain error in the CLI's words, a bug as a bug
            self.ctx.notices.failed(exc)
            return False
        self.ctx.notices.status(self.ctx.t("msg.saved", what=self.ctx.t("nav.enterprise_info")))
        self.refresh()
        return True

    def online(self) -> None:
        """在线注册/更新: 保存, then 在线同步 with the server set at ``init --server``."""
        if not self.save():
            return
        with self.ctx.shell.services.unit_of_work() as uow:  # what 否 keeps
            self.before_sync = enterprise_info.own_enterprise(uow).fields()
        if not self.ctx.sync_now(self.ctx.t("btn.online_update"), self._synced):
            self.ctx.notices.info(self.ctx.t("msg.no_server"))

    exists_dialog: tk.Toplevel | None = None
    before_sync: dict[str, Value] | None = None

    def _synced(self, summary: str) -> None:
        """After 在线注册/更新: when the city had this enterprise already, 是 takes the
        server's record, 否 keeps this computer's (the conflicts it made, settled)."""
        self.ctx.notices.info(summary)
        with self.ctx.shell.services.unit_of_work() as uow:
            clashing = enterprise_info.exists_already(uow)
        if clashing:
            self.exists_dialog = exists_dialog(self, self._take_existing)

    def _take_existing(self, fetch: bool) -> None:
        try:
            with self.ctx.shell.services.unit_of_work() as uow:
                enterprise_info.take_existing(
                    uow, fetch=fetch, resolved_by=uow.node.node_id,
                    mine=self.before_sync, entry=self.ctx.shell.services.entry(),
                )  # fmt: skip
                uow.commit()
        except Exception as exc:  # a domain error in the CLI's words, a bug as a bug
            self.ctx.notices.failed(exc)
            return
        self.refresh()
        # The settled record goes back to the server at once, as 在线注册/更新 does.
        self.ctx.sync_now(self.ctx.t("btn.online_update"), self.ctx.notices.status)


def exists_dialog(screen: Screen, then: Callable[[bool], None]) -> tk.Toplevel:
    """该企业已存在，是否获取企业的数据？ 是 / 否."""
    dialog = tk.Toplevel(screen)
    dialog.title(screen.ctx.t("btn.online_update"))
    dialog.transient(screen.winfo_toplevel())
    ttk.Label(dialog, text=screen.ctx.t("setup.enterprise_exists"), wraplength=480,
              justify="left").pack(padx=16, pady=(16, 8))  # fmt: skip
    row = ttk.Frame(dialog)
    row.pack(pady=(0, 12))
    for label, fetch in (("btn.yes", True), ("btn.no", False)):

        def answer(fetch: bool = fetch) -> None:
            dialog.destroy()
            then(fetch)

        ttk.Button(row, text=screen.ctx.t(label), command=answer).pack(side="left", padx=6)
    return dialog


STATUS_COLUMNS = (
    Column("number", "col.number", 160),
    Column("name", "col.name", 70),
    Column("kind", "col.kind", 80),
    Column("specialty", "col.specialty", 120),
    Column("round", "col.round", 50),
    Column("stage", "col.stage", 110),
    Column("reported_on", "col.reported_on", 90),
    Column("city_review", "col.city_review", 180, stretch=True),
    Column("province_decision", "col.province_decision", 140),
    Column("certificate", "col.certificate", 120),
    Column("seal", "col.seal", 120),
)


def status_cells(st: ApplicationStatus, lang: str) -> tuple[str, ...]:
    """One row of 注册人员查询, the columns of ``regsync status``."""
    number, name, kind, specialty, stage, round_, _unit = application_cells(st.application, lang)
    city = province = ""
    if st.review is not None:
        verdict = "choice.passed" if st.review.passed else "choice.failed"
        city = text(
            "gui.status.city_review", lang, verdict=text(verdict, lang),
            reviewer=st.review.reviewer, opinion=st.review.opinion or "",
        ).strip()  # fmt: skip
    if st.decision is not None:
        verdict = "choice.approved" if st.decision.approved else "choice.rejected"
        province = f"{text(verdict, lang)} {st.decision.opinion or ''}".strip()
    reported = "" if st.reported_on is None else st.reported_on.isoformat()
    certificate = st.certificate.certificate_number if st.certificate else ""
    seal = st.seal.seal_number if st.seal else ""
    return (number, name, kind, specialty, round_, stage, reported, city, province,
            certificate, seal)  # fmt: skip


class StatusScreen(Screen):
    """注册人员查询: a person's applications (part of the name) and where they stand."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(0, 6))
        ttk.Label(bar, text=ctx.t("col.name")).pack(side="left", padx=(0, 2))
        self.name = ttk.Entry(bar, width=14)
        self.name.pack(side="left", padx=(0, 8))
        self.name.bind("<Return>", lambda _e: self.refresh())
        self.search_button = ttk.Button(bar, text=ctx.t("btn.search"), command=self.refresh)
        self.search_button.pack(side="left")
        self.table = PagedList(self, STATUS_COLUMNS, ctx.lang, checkable=False)
        self.table.pack(fill="both", expand=True)
        self.rows: list[Row] = []

    def refresh(self) -> None:
        """查询: the status of the applications whose applicant's name contains the text."""
        with self.ctx.shell.services.unit_of_work() as uow:
            found = application_status(uow, name=self.name.get().strip() or None)
        # Newest first, as ``regsync status`` lists them; paged from this list in memory
        # (an enterprise has its own applications only).
        self.rows = [Row(st.application.number, status_cells(st, self.ctx.lang)) for st in found]
        self.table.load(self._page)

    def _page(self, after: str | None, limit: int) -> list[Row]:
        keys = [r.key for r in self.rows]
        start = keys.index(after) + 1 if after in keys else 0
        return self.rows[start : start + limit]
