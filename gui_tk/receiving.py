"""地市版 申报接收: the city's reported applications, computer-checked, and 接收.

The 信息提示 column shows the computer-check messages of each row (checked a page
at a time as the rows are fetched); 接收 receives the ticked rows through
:func:`regsync.core.usecases.receiving.receive_application`.  Received rows leave
the list (the seed: they are found under 申报审核 afterwards).  修改 corrects one
submission before it is received, 删除/退回 turns it down with a reason
(:mod:`regsync.gui_tk.city_dialogs`).
"""

from __future__ import annotations

import tkinter as tk
from tkinter import ttk

from regsync.core.errors import CoreError
from regsync.core.state import Stage
from regsync.core.usecases import receiving
from regsync.core.usecases.city import Submission
from regsync.core.usecases.listing import checked_page
from regsync.gui_tk.city_dialogs import correct_dialog, refuse_dialog
from regsync.gui_tk.forms import FieldSpec, FormDialog
from regsync.gui_tk.labels import application_cells, messages_cell, severity_tag
from regsync.gui_tk.listview import Column, PagedList, Row
from regsync.gui_tk.screen import Screen, ScreenContext
from regsync.gui_tk.search import SearchBar

# No stage or round column: every row here is a reported round waiting for receipt.
RECEIVE_COLUMNS = (
    Column("number", "col.number", 160),
    Column("name", "col.name", 70),
    Column("kind", "col.kind", 80),
    Column("specialty", "col.specialty", 130),
    Column("enterprise", "col.enterprise", 190),
    Column("messages", "col.messages", 320, stretch=True),
)
DETAIL_FIELDS = ("number", "person_id_number", "person_name", "enterprise_name",
                 "qualification_cert_no", "qualification_date", "registration_cert_no",
                 "valid_until")  # fmt: skip


class ReceiveScreen(Screen):
    """申报接收: tick, 计算机核查, 接收."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        self.dialog: FormDialog | None = None
        self.receipts: dict[str, Submission] = {}
        self.search = SearchBar(self, ctx.lang, self.refresh, stage=False)
        self.search.pack(fill="x", pady=(0, 6))
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(0, 6))
        self.table = PagedList(self, RECEIVE_COLUMNS, ctx.lang)
        self.buttons: dict[str, ttk.Button] = {}
        for key, command in (
            ("btn.select_all", self.table.check_all),
            ("btn.check", self.refresh),  # the messages are computed as rows are read
            ("btn.receive", self.receive),
            ("btn.edit", self.correct),
            ("btn.refuse", self.refuse),
        ):
            self.buttons[key] = ttk.Button(bar, text=ctx.t(key), command=command)
            self.buttons[key].pack(side="left", padx=(0, 4))
        self.table.pack(fill="both", expand=True)
        self.table.on_open = self.details

    def _page(self, after: str | None, limit: int) -> list[Row]:
        s = self.ctx.shell.services
        with s.unit_of_work() as uow:
            page = checked_page(
                uow,
                Stage.REPORTED,
                after=after,
                limit=limit,
                filters=self.search.filters(),
                today=s.today(),
                rules=s.rules,
            )
        rows = []
        for receipt in page:
            app = receipt.application
            self.receipts[app.number] = receipt
            number, name, kind, specialty, _stage, _round, unit = application_cells(
                app, self.ctx.lang
            )
            cells = (
                number,
                name,
                kind,
                specialty,
                unit,
                messages_cell(receipt.messages, self.ctx.lang),
            )
            rows.append(Row(app.number, cells, severity_tag(receipt.messages)))
        return rows

    def refresh(self) -> None:
        """Read the waiting applications again (and check them again)."""
        self.receipts.clear()
        self.table.load(self._page)

    def details(self, number: str) -> None:
        """Double-click: the application's data with its messages beside the fields."""
        receipt = self.receipts.get(number)
        if receipt is None:
            return
        values = {k: "" if v is None else str(v) for k, v in receipt.application.fields().items()}
        fields = [
            FieldSpec(
                f,
                "col.number"
                if f == "number"
                else "field.person"
                if f == "person_id_number"
                else f"field.{f}",
                readonly=True,
            )
            for f in DETAIL_FIELDS
        ]
        self.dialog = FormDialog(
            self.ctx.root,
            self.ctx.notices,
            receipt.application.number,
            fields,
            values,
            on_save=None,
        )
        self.dialog.show_messages(receipt.messages)

    def _one(self) -> str | None:
        """The submission 修改 and 删除 act on: the single ticked row, else the highlighted one."""
        ticked = self.table.checked()
        number = ticked[0] if len(ticked) == 1 else None if ticked else self.table.selected()
        if number is None:
            self.ctx.notices.info(self.ctx.t("msg.select_one"))
        return number

    def correct(self) -> None:
        """修改: correct one submission before receiving it."""
        number = self._one()
        if number is not None:
            self.dialog = correct_dialog(self.ctx, number, self.refresh)

    def refuse(self) -> None:
        """删除/退回: refuse one submission with a reason the enterprise sees."""
        number = self._one()
        if number is not None:

            def ask() -> None:
                self.dialog = refuse_dialog(self.ctx, number, self.refresh)

            self.ctx.with_key(ask)

    def receive(self) -> None:
        """接收 the ticked applications, each in its own unit of work (the city's key first)."""
        ticked = self.table.checked()
        if not ticked:
            self.ctx.notices.info(self.ctx.t("msg.none_checked"))
            return
        self.ctx.with_key(lambda: self._receive(ticked))

    def _receive(self, ticked: list[str]) -> None:
        done, failures = 0, []
        for number in ticked:
            try:
                with self.ctx.shell.services.unit_of_work() as uow:
                    receiving.receive_application(uow, number)
                    uow.commit()
                done += 1
            except CoreError as exc:
                failures.append(exc.message(self.ctx.lang))
        if done:
            self.ctx.notices.info(self.ctx.t("msg.received", count=done))
        if failures:
            self.ctx.notices.error("\n".join(failures))
        self.refresh()
