"""打印汇总表: choose kind, specialty and period, 查询, tick the rows, 打印 or 导出报表.

The seed: "选择“申报专业”和“申报类型”→点击“查询”按钮→在需要汇总记录前的“□”打“√”→
点击“打印”按钮".  查询 lists the batch :func:`regsync.core.usecases.summaries.select`
picks (the firm's reported, the city's forwarded applications of the period; 审核不通过
rounds are no batch); the ticked rows are the 汇总表, built by
:func:`regsync.core.usecases.documents.summary` as ``regsync print summary NUMBER...``
builds it, and rendered off the UI thread.
"""

from __future__ import annotations

import datetime as dt
import tkinter as tk
from tkinter import ttk

from regsync.core.documents import SummaryTable
from regsync.core.errors import CoreError
from regsync.core.model import Application, ApplicationKind, Role
from regsync.core.ports import UnitOfWork
from regsync.core.usecases import documents, summaries
from regsync.gui_tk.labels import kind_choices, specialty_choices, stage_label
from regsync.gui_tk.listview import Column, PagedList, Row
from regsync.gui_tk.screen import Screen, ScreenContext
from regsync.gui_tk.services import Progress

DEFAULT_PERIOD_DAYS = 30
"""查询 lists the last month's batch unless the clerk types another period."""


class SummaryScreen(Screen):
    """The 汇总表 of one kind and specialty: the period's batch, ticked and printed."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        cancellation = ApplicationKind.CANCELLATION.value  # 资格注销 has no 汇总表
        self.choices = {
            "kind": tuple(c for c in kind_choices(ctx.lang) if c[0] != cancellation),
            "specialty": specialty_choices(ctx.lang),
        }
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(0, 6))
        self.boxes: dict[str, ttk.Combobox] = {}
        for name, header in (("kind", "col.kind"), ("specialty", "col.specialty")):
            ttk.Label(bar, text=ctx.t(header)).pack(side="left", padx=(0, 2))
            box = ttk.Combobox(bar, values=[c[1] for c in self.choices[name]], state="readonly")
            box.set(self.choices[name][0][1])
            box.pack(side="left", padx=(0, 8))
            self.boxes[name] = box
        today = ctx.shell.services.today()
        start = today - dt.timedelta(days=DEFAULT_PERIOD_DAYS)
        self.period: dict[str, ttk.Entry] = {}
        for name, label, value in (
            ("from", "field.date_from", start),
            ("to", "field.date_to", today),
        ):
            ttk.Label(bar, text=ctx.t(label)).pack(side="left", padx=(0, 2))
            entry = ttk.Entry(bar, width=11)
            entry.insert(0, value.isoformat())
            entry.pack(side="left", padx=(0, 8))
            self.period[name] = entry
        actions = ttk.Frame(self)
        actions.pack(fill="x", pady=(0, 6))
        self.table = PagedList(self, self._columns(), ctx.lang)
        self.buttons: dict[str, ttk.Button] = {}
        for key, command, where in (
            ("btn.search", self.refresh, bar),
            ("btn.select_all", self.table.check_all, actions),
            ("btn.print", lambda: self._render("pdf"), actions),
            ("btn.export_excel", lambda: self._render("xlsx"), actions),
        ):
            self.buttons[key] = ttk.Button(where, text=ctx.t(key), command=command)
            self.buttons[key].pack(side="left", padx=(0, 4))
        self.table.pack(fill="both", expand=True)
        self.listed = ttk.Label(self, text="")
        self.listed.pack(anchor="w", pady=(6, 0))
        self.table_printed: SummaryTable | None = None

    def _columns(self) -> tuple[Column, ...]:
        firm = self.ctx.shell.services.node.role in (Role.ENTERPRISE, Role.PERSONAL)
        return (
            Column("number", "col.number", 160),
            Column("name", "col.name", 80),
            Column("enterprise", "col.enterprise", 220),
            Column("stage", "col.stage", 110),
            Column("date", "col.step_date" if firm else "col.passed_on", 110, stretch=True),
        )

    def choose(self, name: str, value: str) -> None:
        """Pick a kind or specialty by its value."""
        self.boxes[name].set(dict(self.choices[name])[value])

    def set_period(self, start: str, end: str) -> None:
        """Type the period (YYYY-MM-DD; blank: open)."""
        for name, value in (("from", start), ("to", end)):
            self.period[name].delete(0, "end")
            self.period[name].insert(0, value)

    def _chosen(self, name: str) -> str:
        shown = self.boxes[name].get()
        return next(v for v, label in self.choices[name] if label == shown)

    def _query(self, numbers: tuple[str, ...] = ()) -> summaries.SummaryQuery:
        return summaries.SummaryQuery(
            kind=self._chosen("kind"),
            specialty=self._chosen("specialty"),
            date_from=summaries.parse_day(self.period["from"].get(), self.ctx.t("field.date_from")),
            date_to=summaries.parse_day(self.period["to"].get(), self.ctx.t("field.date_to")),
            numbers=numbers,
        )

    def _row(self, uow: UnitOfWork, app: Application) -> Row:
        day = summaries.step_date(uow, app)
        return Row(app.number, (app.number, app.person_name, app.enterprise_name,
                                stage_label(app.stage, self.ctx.lang),
                                day.isoformat() if day else ""))  # fmt: skip

    def refresh(self) -> None:
        """查询: list the period's batch, nothing ticked."""
        s = self.ctx.shell.services
        try:
            query = self._query()
            with s.unit_of_work() as uow:
                rows = [self._row(uow, app) for app in summaries.select(uow, query)]
        except CoreError as exc:  # a date that is no date, a period backwards
            self.ctx.notices.error(exc.message(self.ctx.lang))
            return

        def page(after: str | None, limit: int) -> list[Row]:
            start = 0 if after is None else [r.key for r in rows].index(after) + 1
            return rows[start : start + limit]

        self.table.load(page)
        self.listed.configure(text=self.ctx.t("msg.summary_listed", count=len(rows)))

    def _summary(self, numbers: list[str]) -> SummaryTable:
        s = self.ctx.shell.services
        with s.unit_of_work() as uow:
            return documents.summary(
                uow,
                kind=self._chosen("kind"),
                specialty=self._chosen("specialty"),
                stage=None,
                operator="",
                today=s.today(),
                rules=s.rules,
                numbers=numbers,
            )

    def _render(self, fmt: str) -> None:
        """打印 / 导出报表: the ticked rows' 汇总表 as a PDF or a workbook, off the UI thread."""
        numbers = self.table.checked()
        if not numbers:
            self.ctx.notices.info(self.ctx.t("msg.none_checked"))
            return
        try:
            table = self._summary(numbers)
        except CoreError as exc:
            self.ctx.notices.error(exc.message(self.ctx.lang))
            return
        path = self.ctx.ask_save(table.title, "." + fmt)
        if not path:
            return
        self.table_printed = table
        renderer = self.ctx.shell.services.renderer

        def work(_progress: Progress) -> int:
            if fmt == "xlsx":
                renderer.summary_xlsx(table, path)
            else:
                renderer.summary_pdf(table, path)
            return len(table.rows)

        def done(count: int) -> None:
            self.ctx.notices.info(self.ctx.t("msg.printed", count=count, path=path))

        self.ctx.start(table.title, work, done)
