"""数据备案管理 → 考试成绩 (city and province): the results, and importing a sheet.

:class:`SheetImportScreen` is the import every filing screen shares (考试成绩 here,
二级注册人员 in :mod:`regsync.gui_tk.register_filing`):

导入 reads the chosen workbook off the UI thread and checks every row first (as
``regsync filing exam-import --dry-run``); the bad rows are listed in the screen
with their row number, column and reason.  The clerk then chooses 全部导入 (all or
nothing: a sheet with bad rows is refused with the CLI's message and nothing is
written) or 只导入正确行 (the CLI's ``--only-good``).  Each import reads the file
again and is checked again by the use case, so a sheet changed in between cannot
slip past the check.
"""

from __future__ import annotations

import datetime as dt
import tkinter as tk
from collections.abc import Callable, Iterable, Sequence
from tkinter import ttk
from typing import Any, Protocol

from regsync.core.ports import UnitOfWork
from regsync.core.usecases import filings
from regsync.core.usecases.filings import ExamImport, RowError
from regsync.gui_tk.applications import reporting_each
from regsync.gui_tk.records import ID_FILTER, SPECIALTY_FILTER, Filter, RecordQueryScreen
from regsync.gui_tk.screen import ScreenContext
from regsync.gui_tk.services import Progress

ERROR_COLUMNS = (("row", "rec.col.row", 60), ("column", "rec.col.column", 90),
                 ("reason", "rec.col.reason", 600))  # fmt: skip


class BadRow(Protocol):
    """A bad row as the screen lists it."""

    @property
    def row(self) -> int: ...
    @property
    def column(self) -> str: ...
    @property
    def message(self) -> str: ...


class SheetImportScreen(RecordQueryScreen):
    """A filing list with 导入 (check, then 全部导入 or 只导入正确行) before 导出报表.

    Subclasses say how a sheet is checked (:meth:`check_sheet`, which writes nothing)
    and imported (:meth:`import_rows`, the use case the CLI runs).
    """

    CHECKING = "rec.exam_check"  # the progress title while a sheet is checked

    def check_sheet(
        self, header: Sequence[object], rows: Iterable[Sequence[object]], today: dt.date
    ) -> tuple[int, Sequence[BadRow]]:
        """The number of good rows and the bad ones (raises for a wrong header)."""
        raise NotImplementedError

    def import_rows(
        self,
        uow: UnitOfWork,
        header: Sequence[object],
        rows: Iterable[Sequence[object]],
        *,
        only_good: bool,
    ) -> Any:
        """Run the import use case (uncommitted); returns its result."""
        raise NotImplementedError

    def imported_message(self, result: Any) -> str:
        """What the status line says after an import."""
        raise NotImplementedError

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        self.sheet: str | None = None  # the checked workbook
        self.bad: tuple[BadRow, ...] = ()
        super().__init__(master, ctx)
        for key in ("btn.import_all", "btn.import_good"):
            self.buttons[key].state(["disabled"])  # until a sheet has been checked
        self.report = ttk.Frame(self)
        self.report.pack(fill="x", pady=(0, 6), before=self.table)
        self.summary = ttk.Label(self.report, text="", wraplength=900, justify="left")
        self.summary.pack(anchor="w")
        self.errors = ttk.Treeview(
            self.report, columns=[c[0] for c in ERROR_COLUMNS], show="headings", height=5
        )
        for name, header, width in ERROR_COLUMNS:
            self.errors.heading(name, text=ctx.t(header))
            self.errors.column(name, width=width, anchor="w", stretch=name == "reason")
        self.errors.tag_configure("error", foreground="#b00020")

    def actions(self) -> list[tuple[str, Callable[[], object]]]:
        """导入 (choose and check), 全部导入, 只导入正确行, then 导出报表."""
        return [
            ("btn.import", self.choose),
            ("btn.import_all", lambda: self.import_sheet(only_good=False)),
            ("btn.import_good", lambda: self.import_sheet(only_good=True)),
            *super().actions(),
        ]

    def choose(self) -> None:
        """导入: choose a workbook and check every row (nothing is written yet)."""
        path = self.ctx.ask_open(self.ctx.t("btn.import"), ".xlsx")
        if not path:
            return
        # Until this sheet has passed its header check, there is nothing to import.
        self.sheet, self.bad = None, ()
        self._show_errors(())
        self.summary.configure(text="")
        for key in ("btn.import_all", "btn.import_good"):
            self.buttons[key].state(["disabled"])
        today, read_sheet = self.ctx.shell.services.today(), self.ctx.shell.services.read_sheet

        def work(progress: Progress) -> tuple[int, Sequence[BadRow]]:
            header, rows = read_sheet(path)
            # A wrong header raises: the CLI's message, nothing kept.
            return self.check_sheet(header, reporting_each(rows, progress), today)

        def done(result: tuple[int, Sequence[BadRow]]) -> None:
            good, bad = result
            self.sheet, self.bad = path, tuple(bad)
            self._show_errors(bad)
            self.summary.configure(
                text=self.ctx.t("rec.exam_checked", path=path, good=good, bad=len(bad))
            )
            for key in ("btn.import_all", "btn.import_good"):
                self.buttons[key].state(["!disabled"])

        self.job = self.ctx.start(self.ctx.t(self.CHECKING), work, done)

    def _show_errors(self, bad: Sequence[BadRow]) -> None:
        self.errors.delete(*self.errors.get_children())
        for error in bad:
            self.errors.insert(
                "", "end", values=(error.row, error.column, error.message), tags=("error",)
            )
        if bad:
            self.errors.pack(fill="x", pady=(4, 0))
        else:
            self.errors.pack_forget()

    def error_rows(self) -> list[tuple[str, str, str]]:
        """The bad rows shown: (row, column, reason)."""
        return [
            tuple(str(v) for v in self.errors.item(i, "values"))  # type: ignore[misc]
            for i in self.errors.get_children()
        ]

    def import_sheet(self, *, only_good: bool) -> None:
        """全部导入 / 只导入正确行 of the checked sheet, off the UI thread, in one commit."""
        path = self.sheet
        if path is None:
            return
        s = self.ctx.shell.services

        def work(progress: Progress) -> object:
            header, rows = s.read_sheet(path)
            with s.unit_of_work() as uow:
                result = self.import_rows(
                    uow, header, reporting_each(rows, progress), only_good=only_good
                )
                uow.commit()  # only reached when the use case accepted the sheet
            return result

        def done(result: object) -> None:
            message = self.imported_message(result)
            self.summary.configure(text=message)
            self.ctx.notices.info(message)
            self.refresh()

        what = self.ctx.t("btn.import_good" if only_good else "btn.import_all")
        self.job = self.ctx.start(what, work, done)


class ExamResultsScreen(SheetImportScreen):
    """考试成绩: search, 导入 (check, then 全部导入 or 只导入正确行), 导出报表."""

    QUERY = "exam-results"
    FILTERS = (Filter("name", "col.name", width=10), ID_FILTER, SPECIALTY_FILTER,
               Filter("year", "rec.col.year", width=6))  # fmt: skip

    def check_sheet(
        self, header: Sequence[object], rows: Iterable[Sequence[object]], today: dt.date
    ) -> tuple[int, list[RowError]]:
        """``regsync filing exam-import --dry-run``: the header, then every row."""
        filings.check_header(header)
        good, bad = filings.parse_rows(rows, today=today)
        return len(good), bad

    def import_rows(
        self,
        uow: UnitOfWork,
        header: Sequence[object],
        rows: Iterable[Sequence[object]],
        *,
        only_good: bool,
    ) -> ExamImport:
        """``regsync filing exam-import [--only-good]``."""
        s = self.ctx.shell.services
        return filings.import_exam_results(
            uow, s.ids, header, rows, only_good=only_good, today=s.today()
        )

    def imported_message(self, result: Any) -> str:
        """已导入：新增 …, 更新 …, 跳过错误行 …."""
        assert isinstance(result, ExamImport)
        return self.ctx.t(
            "rec.exam_imported",
            added=result.added,
            updated=result.updated,
            skipped=len(result.errors),
        )
