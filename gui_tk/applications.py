"""企业版 注册申报管理: the enterprise's applications, and everything done to them.

Search conditions above, the list with a check column, and the seed's buttons:
新增, 修改 (or double-click), 工作业绩, 计算机核查, 在线上报 (the reporting gate of
:mod:`regsync.core.usecases.reporting`, then sent to the configured server), 重新申报
(a refused or failed round opens again as a draft), 样表打印 and 导出报表 (off the UI
thread).
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from tkinter import messagebox, ttk
from typing import TypeVar

from regsync.core.checks.messages import Severity
from regsync.core.errors import CoreError
from regsync.core.exports import QUERIES
from regsync.core.ports import UnitOfWork
from regsync.core.usecases import checking, documents, reporting
from regsync.core.usecases.applications import get_application, is_frozen
from regsync.core.usecases.documents import CachedLookup
from regsync.core.usecases.drafts import delete_draft
from regsync.core.usecases.listing import application_export_rows, application_page
from regsync.core.usecases.resubmission import reopen_application
from regsync.gui_tk.application_dialogs import (
    PerformanceDialog,
    edit_application_dialog,
    new_application_dialog,
)
from regsync.gui_tk.forms import FormDialog
from regsync.gui_tk.labels import application_cells
from regsync.gui_tk.listview import Column, PagedList, Row
from regsync.gui_tk.report_target import choose_target
from regsync.gui_tk.screen import Screen, ScreenContext
from regsync.gui_tk.search import SearchBar
from regsync.gui_tk.services import Progress

T = TypeVar("T")
APPLICATION_COLUMNS = (
    Column("number", "col.number", 170),
    Column("name", "col.name", 90),
    Column("kind", "col.kind", 100),
    Column("specialty", "col.specialty", 150),
    Column("stage", "col.stage", 110),
    Column("round", "col.round", 50),
    Column("enterprise", "col.enterprise", 220),
)


def reporting_each(rows: Iterable[T], progress: Progress) -> Iterator[T]:
    """``rows`` unchanged, reporting each one (the total is unknown: rows stream)."""
    for done, row in enumerate(rows, start=1):
        progress(done, 0)
        yield row


class ApplicationsScreen(Screen):
    """注册申报管理: the list of applications with the seed's buttons.

    The other application screens of the seed are this list with fewer buttons
    (:attr:`ACTIONS`): 注册数据上报, 打印申请表, 上报情况查询, 申报查询.
    """

    ACTIONS: tuple[str, ...] = ("btn.new", "btn.edit", "btn.performance", "btn.check",
                                "btn.report", "btn.reopen", "btn.delete", "btn.sample",
                                "btn.select_all", "btn.export_excel")  # fmt: skip
    KIND: str | None = None  # a kind's own screen (个人版 数据录入) lists and makes only it

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        self.dialog: FormDialog | None = None
        self.search = SearchBar(self, ctx.lang, self.refresh)
        self.search.pack(fill="x", pady=(0, 6))
        if self.KIND is not None:
            self.search.set("kind", self.KIND)
        self.toolbar = ttk.Frame(self)
        self.toolbar.pack(fill="x", pady=(0, 6))
        self.table = PagedList(self, APPLICATION_COLUMNS, ctx.lang)
        commands = {
            "btn.new": self.new,
            "btn.edit": self.edit,
            "btn.performance": self.performance,
            "btn.check": self.check,
            "btn.report": self.report,
            "btn.reopen": self.reopen,
            "btn.delete": self.delete,
            "btn.print": self.print_forms,
            "btn.sample": self.print_sample,
            "btn.select_all": self.table.check_all,
            "btn.export_excel": self.export_excel,
        }
        self.buttons: dict[str, ttk.Button] = {}
        for key in self.ACTIONS:
            button = ttk.Button(self.toolbar, text=ctx.t(key), command=commands[key])
            button.pack(side="left", padx=(0, 4))
            self.buttons[key] = button
        self.table.pack(fill="both", expand=True)
        # 删除 asks first; tests answer through this attribute (the real one is modal).
        self.confirm: Callable[[str, str], bool] = lambda title, message: messagebox.askyesno(
            title, message, parent=self
        )
        # The reported applications shown: frozen at the firm, 修改 is greyed for them.
        self.frozen: set[str] = set()
        if "btn.edit" in self.ACTIONS:
            self.table.on_open = self.edit_number
            self.table.tree.bind("<<TreeviewSelect>>", self._selected, add=True)

    def _page(self, after: str | None, limit: int) -> list[Row]:
        filters = self.search.filters()
        with self.ctx.shell.services.unit_of_work() as uow:
            page = application_page(uow, after=after, limit=limit, filters=filters)
        self.frozen.update(a.number for a in page if is_frozen(a))
        return [Row(a.number, application_cells(a, self.ctx.lang)) for a in page]

    def _selected(self, _event: object = None) -> None:
        """修改 only for a draft: a reported application is read-only at the firm
        (double-clicking it still opens it, read-only, with the reason)."""
        number = self.table.selected()
        frozen = number is not None and number in self.frozen
        self.buttons["btn.edit"].state(["disabled"] if frozen else ["!disabled"])

    def refresh(self) -> None:
        """Search again and show the first page."""
        self.frozen.clear()
        self.table.load(self._page)
        if "btn.edit" in self.ACTIONS:
            self._selected()

    def _one(self) -> str | None:
        key = self.table.selected() or next(iter(self.table.checked()), None)
        if key is None:
            self.ctx.notices.info(self.ctx.t("msg.select_one"))
        return key

    def _ticked(self) -> list[str]:
        keys = self.table.checked()
        if not keys:
            self.ctx.notices.info(self.ctx.t("msg.none_checked"))
        return keys

    def new(self) -> None:
        """新增: the new application opens in the edit dialog once saved."""

        def saved(app: object) -> None:
            self.refresh()
            self.dialog = edit_application_dialog(
                self.ctx, str(getattr(app, "number", "")), self.refresh
            )

        self.dialog = new_application_dialog(self.ctx, saved, self.KIND)

    def edit(self) -> None:
        """修改 the highlighted (or ticked) application."""
        number = self._one()
        if number is not None:
            self.dialog = edit_application_dialog(self.ctx, number, self.refresh)

    def edit_number(self, number: str) -> None:
        """Double-click: 修改 that application."""
        self.dialog = edit_application_dialog(self.ctx, number, self.refresh)

    def performance(self) -> None:
        """工作业绩 of the highlighted (or ticked) application."""
        number = self._one()
        if number is not None:
            self.dialog = PerformanceDialog(self.ctx, number)

    def check(self) -> None:
        """计算机核查 of the ticked applications: one line per application."""
        s, lines = self.ctx.shell.services, []
        for number in self._ticked():
            with s.unit_of_work() as uow:
                found = checking.check(uow, number, today=s.today(), rules=s.rules)
            errors = sum(1 for m in found if m.severity is Severity.ERROR)
            summary = self.ctx.t("msg.check_result", errors=errors, warnings=len(found) - errors)
            details = "".join(
                f"\n    [{self.ctx.t(f'severity.{m.severity}')}] {m.text(self.ctx.lang)}"
                for m in found
            )
            result = summary if found else self.ctx.t("msg.check_passed")
            lines.append(self.ctx.t("gui.check.line", number=number, result=result) + details)
        if lines:
            self.ctx.notices.info("\n".join(lines))

    def report(self) -> None:
        """在线上报 of the ticked drafts; each goes through the reporting gate on its own.

        With a sync server configured (``init --server``) the reported rounds are then
        sent at once, as ``regsync report --via http`` does; without one they wait for
        在线同步 or 数据包导出.  A firm that may report to more than one city
        (选择发送目标) picks one, and the report is written as that city's bundle.
        """
        done, failures = self._each(self._ticked(), self._mark_reported)
        if failures:
            self.ctx.notices.error("\n".join(failures))
        targets_of = self.ctx.shell.exchange.report_targets
        targets = targets_of() if done and targets_of is not None else []
        if len(targets) > 1:  # 选择发送目标 → 确定: the report as the chosen city's bundle
            self.dialog = choose_target(self.ctx, targets, self.refresh)
        elif done:

            def sent(summary: str) -> None:
                self.ctx.notices.info(self.ctx.t("msg.reported", count=done) + "\n" + summary)
                self.refresh()

            if not self.ctx.sync_now(self.ctx.t("btn.report"), sent):
                self.ctx.notices.info(self.ctx.t("msg.reported_offline", count=done))
        self.refresh()

    def _mark_reported(self, uow: UnitOfWork, number: str) -> None:
        s = self.ctx.shell.services
        reporting.mark_reported(
            uow, number, today=s.today(), rules=s.rules, clock=s.clock_reading()
        )

    def _each(
        self, numbers: list[str], action: Callable[[UnitOfWork, str], object]
    ) -> tuple[int, list[str]]:
        """``action`` on each number in its own transaction: (how many done, refusals)."""
        done, failures = 0, []
        for number in numbers:
            try:
                with self.ctx.shell.services.unit_of_work() as uow:
                    action(uow, number)
                    uow.commit()
                done += 1
            except CoreError as exc:
                failures.append(exc.message(self.ctx.lang))
        return done, failures

    def reopen(self) -> None:
        """重新申报: the ticked refused, failed or rejected rounds open again as drafts."""
        done, failures = self._each(self._ticked(), reopen_application)
        if done:
            self.ctx.notices.info(self.ctx.t("msg.reopened", count=done))
        if failures:
            self.ctx.notices.error("\n".join(failures))
        self.refresh()

    def delete(self) -> None:
        """删除: the chosen draft, never reported, with its 工作业绩, after the clerk
        confirms (``regsync apply delete``); the delete syncs as a tombstone."""
        number = self._one()
        if number is None:
            return
        s = self.ctx.shell.services
        try:
            with s.unit_of_work() as uow:
                app = get_application(uow, number)
                if not self.confirm(
                    self.ctx.t("btn.delete"),
                    self.ctx.t("msg.confirm_delete", number=number, name=app.person_name),
                ):
                    return
                delete_draft(uow, number)
                uow.commit()
        except CoreError as exc:  # a reported application: the CLI's refusal
            self.ctx.notices.error(exc.message(self.ctx.lang))
            return
        self.ctx.notices.info(self.ctx.t("msg.deleted", number=number))
        self.refresh()

    def print_sample(self) -> None:
        """样表打印: proofs of the ticked applications (any stage), without a barcode."""
        self._print(sample=True)

    def print_forms(self) -> None:
        """打印: the 申请表 of the ticked applications (refused before reporting)."""
        self._print(sample=False)

    def _print(self, *, sample: bool) -> None:
        """Print the ticked applications into one PDF, off the UI thread."""
        numbers = self._ticked()
        what = self.ctx.t("btn.sample" if sample else "btn.print")
        path = self.ctx.ask_save(what, ".pdf") if numbers else None
        if not path:
            return
        s = self.ctx.shell.services

        refused: list[str] = []

        def work(progress: Progress) -> int:
            # One application that cannot be printed is named; the others print.
            glyphs = s.entry().glyphs
            with s.unit_of_work() as uow:
                batch = documents.application_forms(
                    uow, numbers, today=s.today(), sample=sample, rules=s.rules, glyphs=glyphs
                )
            refused.extend(exc.message(self.ctx.lang) for _, exc in batch.refused)
            total = len(batch.forms)
            return s.renderer.forms_pdf(batch.forms, path, lambda done: progress(done, total))

        def done(count: int) -> None:
            printed = self.ctx.t("msg.printed", count=count, path=path)
            if refused:
                self.ctx.notices.error("\n".join([printed, *refused]))
            else:
                self.ctx.notices.info(printed)

        self.ctx.start(what, work, done)

    def export_excel(self) -> None:
        """导出报表: what the list shows (all pages) into a workbook, off the UI thread."""
        path = self.ctx.ask_save(self.ctx.t("btn.export_excel"), ".xlsx")
        if not path:
            return
        s, filters = self.ctx.shell.services, self.search.filters()
        sheet = QUERIES["applications"].sheet_in(self.ctx.lang)

        def work(progress: Progress) -> int:
            with s.unit_of_work() as uow:
                rows = application_export_rows(uow, CachedLookup(uow, today=s.today()), filters)
                return s.renderer.sheet_xlsx(sheet, reporting_each(rows, progress), str(Path(path)))

        self.ctx.start(
            self.ctx.t("btn.export_excel"),
            work,
            lambda count: self.ctx.notices.info(self.ctx.t("msg.exported", count=count, path=path)),
        )


class ReportScreen(ApplicationsScreen):
    """注册数据上报: tick, 计算机核查, 在线上报."""

    ACTIONS = ("btn.select_all", "btn.check", "btn.report")


class PrintFormsScreen(ApplicationsScreen):
    """打印申请表: tick reported applications and print their forms (or proofs)."""

    ACTIONS = ("btn.select_all", "btn.print", "btn.sample")


class QueryScreen(ApplicationsScreen):
    """上报情况查询 / 申报查询: search, and 导出报表 to Excel."""

    ACTIONS = ("btn.export_excel",)
