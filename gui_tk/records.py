"""证书印章管理, 人员出省管理 and 数据备案管理's lists: one screen over an export query.

:class:`RecordQueryScreen` shows the rows of a :data:`~regsync.core.exports.QUERIES`
entry -- the very query ``regsync query NAME`` prints and ``regsync export NAME``
writes -- with its filters as search fields, a page at a time, and 导出报表 to Excel
off the UI thread.  The screens of the menu are that screen with a query, their
filters and, where the use case allows the office, an action (继续教育 → 新增).
考试成绩, with its sheet import, is in :mod:`regsync.gui_tk.filings`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tkinter as tk
from collections.abc import Callable
from tkinter import ttk
from typing import Any

from regsync.core.catalogue import text
from regsync.core.documents import Cell
from regsync.core.errors import CoreError
from regsync.core.exports import QUERIES, ExportQuery
from regsync.core.model import Gender, Specialty, Value
from regsync.core.registration_status import ACTIVE, STOPPED
from regsync.core.usecases.queries import query_filters, query_page, query_rows
from regsync.gui_tk.applications import reporting_each
from regsync.gui_tk.forms import FormDialog
from regsync.gui_tk.labels import specialty_choices
from regsync.gui_tk.listview import Column, PagedList, Row
from regsync.gui_tk.person_detail import open_person
from regsync.gui_tk.record_dialogs import continuing_education_dialog
from regsync.gui_tk.screen import Screen, ScreenContext
from regsync.gui_tk.services import Progress
from regsync.gui_tk.worker import Job

# The catalogue keys of the queries' column headers: a query names its columns as the
# workbook has them (the key's zh text), and an English window shows the key's en text
# over the same cells.
HEADER_KEYS = (
    "col.certificate", "col.name", "col.id_number", "col.specialty", "rec.col.employer",
    "rec.col.issued_on", "field.valid_until", "rec.col.seal_no", "field.status",
    "rec.col.left_on", "rec.col.destination", "rec.col.leave_reason", "rec.col.year",
    "rec.col.subject", "rec.col.score", "rec.col.passed", "rec.col.period",
    "rec.col.compulsory", "rec.col.elective", "rec.col.completed_on", "rec.col.provider",
    "col.gender", "col.birth_date", "field.qualification_cert_no", "col.title",
    "field.phone", "gui.records.seal_number", "gui.records.employer_uscc",
)  # fmt: skip
HEADERS = {text(key, "zh"): key for key in HEADER_KEYS}
ID_HEADER = text("col.id_number", "zh")


@dataclasses.dataclass(frozen=True)
class Filter:
    """A search field: the query's filter option, its label, and choices if any."""

    option: str
    label: str
    choices: bool = False  # the two specialties (and “（全部）”)
    width: int = 20


ID_FILTER = Filter("id_number", "col.id_number")
SPECIALTY_FILTER = Filter("specialty", "col.specialty", choices=True)


# The coded cells of the queries are the catalogue's Chinese words (as the workbook has
# them); an English window shows the same keys' English words.
CELL_KEYS = (
    "reg.current", "reg.history", "gui.records.passed", "gui.records.failed",
    *(f"gui.registration.{status}" for status in (ACTIVE, STOPPED)),
    *(f"gender.{g.value}" for g in Gender),
    *(f"gui.specialty.{s.value}" for s in Specialty),
)  # fmt: skip
_WORDS = {text(key, "zh"): key for key in CELL_KEYS}


def cell_text(cell: Cell, lang: str = "zh") -> str:
    """How a query cell is shown in the list (as in the workbook, dates ISO)."""
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return cell.isoformat()
    shown = str(cell)
    key = _WORDS.get(shown)
    return shown if key is None else text(key, lang)


class RecordQueryScreen(Screen):
    """The rows of the export query :attr:`QUERY`, its :attr:`FILTERS`, 导出报表."""

    QUERY = ""
    FILTERS: tuple[Filter, ...] = (ID_FILTER,)

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        self.query: ExportQuery = QUERIES[self.QUERY]
        self.equals: dict[str, Value] = dict(self.query.fixed)
        self.job: Job[Any] | None = None  # tests wait for it
        self.search_bar = ttk.Frame(self)
        self.search_bar.pack(fill="x", pady=(0, 6))
        self.filters: dict[str, ttk.Entry | ttk.Combobox] = {}
        for spec in self.FILTERS:
            self._add_filter(spec)
        search = ttk.Button(self.search_bar, text=ctx.t("btn.search"), command=self.refresh)
        search.pack(side="left")
        self.toolbar = ttk.Frame(self)
        self.toolbar.pack(fill="x", pady=(0, 6))
        self.buttons: dict[str, ttk.Button] = {}
        for key, command in self.actions():
            self.buttons[key] = ttk.Button(self.toolbar, text=ctx.t(key), command=command)
            self.buttons[key].pack(side="left", padx=(0, 4))
        self.headers = [c.header for c in self.query.columns]
        columns = [
            Column(f"c{i}", HEADERS.get(c.header, "col.name"), max(60, c.width * 9))
            for i, c in enumerate(self.query.columns)
        ]
        self.table = PagedList(self, columns, ctx.lang, checkable=False)
        for column, header in zip(columns, self.headers, strict=True):
            if header not in HEADERS:  # a header the catalogue lacks shows as written
                self.table.tree.heading(column.name, text=header)
        self.table.pack(fill="both", expand=True)

    def actions(self) -> list[tuple[str, Callable[[], object]]]:
        """The toolbar's buttons (catalogue key, command); subclasses add theirs first."""
        return [("btn.export_excel", self.export_excel)]

    def _add_filter(self, spec: Filter) -> None:
        ttk.Label(self.search_bar, text=self.ctx.t(spec.label)).pack(side="left", padx=(0, 2))
        widget: ttk.Entry | ttk.Combobox
        if spec.choices:
            labels = [label for _, label in specialty_choices(self.ctx.lang, any_=True)]
            widget = ttk.Combobox(self.search_bar, values=labels, state="readonly", width=16)
            widget.set(labels[0])
        else:
            widget = ttk.Entry(self.search_bar, width=spec.width)
            widget.bind("<Return>", lambda _e: self.refresh())
        widget.pack(side="left", padx=(0, 8))
        self.filters[spec.option] = widget

    def set_filter(self, option: str, value: str) -> None:
        """Type a condition (a specialty by its code, "" for any)."""
        widget = self.filters[option]
        if isinstance(widget, ttk.Combobox):
            widget.set(dict(specialty_choices(self.ctx.lang, any_=True))[value])
        else:
            widget.delete(0, "end")
            widget.insert(0, value)

    def filter_texts(self) -> dict[str, str]:
        """The conditions as typed (a specialty as its code)."""
        texts = {}
        for option, widget in self.filters.items():
            shown = widget.get()
            if isinstance(widget, ttk.Combobox):
                choices = specialty_choices(self.ctx.lang, any_=True)
                shown = next((v for v, label in choices if label == shown), "")
            texts[option] = shown
        return texts

    def refresh(self) -> None:
        """查询: the first page under the conditions (a bad one: the CLI's message)."""
        try:
            self.equals = query_filters(self.query, self.filter_texts())
        except CoreError as exc:
            self.ctx.notices.failed(exc)
            return
        self.table.load(self._page)

    def _page(self, after: str | None, limit: int) -> list[Row]:
        services = self.ctx.shell.services
        with services.unit_of_work() as uow:
            page = query_page(
                uow, self.query, self.equals, today=services.today(), after=after, limit=limit
            )
        lang = self.ctx.lang
        return [Row(r.key, tuple(cell_text(c, lang) for c in r.cells)) for r in page]

    def cell(self, key: str, header: str) -> str:
        """The text of the row ``key`` under the query's column ``header`` (e.g. 身份证号)."""
        return self.table.cell(key, f"c{self.headers.index(header)}")

    def export_excel(self) -> None:
        """导出报表: the rows under the conditions shown, to a workbook, off the UI thread."""
        path = self.ctx.ask_save(self.ctx.t("btn.export_excel"), ".xlsx")
        if not path:
            return
        s, query, equals = self.ctx.shell.services, self.query, dict(self.equals)
        sheet = query.sheet_in(self.ctx.lang)  # the headers in the window's language

        def work(progress: Progress) -> int:
            with s.unit_of_work() as uow:
                rows = query_rows(uow, query, equals, today=s.today())
                return s.renderer.sheet_xlsx(sheet, reporting_each(rows, progress), path)

        def done(count: int) -> None:
            self.ctx.notices.info(self.ctx.t("msg.exported", count=count, path=path))

        self.job = self.ctx.start(self.ctx.t("btn.export_excel"), work, done)


class CertificatesScreen(RecordQueryScreen):
    """当前证书印章: search by 身份证号, specialty, enterprise; double-click → the person's
    certificates and seals with history (``regsync certificate show``)."""

    QUERY = "certificates"
    FILTERS = (ID_FILTER, SPECIALTY_FILTER, Filter("uscc", "rec.filter.uscc"))

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        self.dialog: tk.Toplevel | None = None
        ttk.Label(self.toolbar, text=ctx.t("rec.open_hint")).pack(side="left", padx=8)
        self.table.on_open = self.open_person

    def open_person(self, key: str) -> None:
        """双击记录: the person's certificates and seals, current and history."""
        self.dialog = open_person(self.ctx, self.cell(key, ID_HEADER), "reg.tab_certificates")


class CertificateHistoryScreen(CertificatesScreen):
    """历史证书印章: every certificate, current and past, with the same search."""

    QUERY = "certificate-history"


class LeaveProvinceScreen(RecordQueryScreen):
    """人员出省管理 (city): the province records leaving (``registry.add_leave`` is the
    province's alone), the city queries the records by 身份证号 -- so no 新增 here."""

    QUERY = "leave-province"

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        ttk.Label(self.toolbar, text=ctx.t("msg.leave_city")).pack(side="left", padx=8)


class Grade2PersonsScreen(RecordQueryScreen):
    """二级注册人员 (city): the registered-persons query, 导出报表."""

    QUERY = "registered-persons"
    FILTERS = (Filter("name", "col.name", width=10), ID_FILTER, Filter("uscc", "rec.filter.uscc"))


class ContinuingEducationScreen(RecordQueryScreen):
    """继续教育: the filed records, 新增 (``regsync filing ce-add``), 导出报表."""

    QUERY = "continuing-education"
    FILTERS = (ID_FILTER, SPECIALTY_FILTER)

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        self.dialog: FormDialog | None = None
        super().__init__(master, ctx)

    def actions(self) -> list[tuple[str, Callable[[], object]]]:
        """新增 before 导出报表."""
        return [("btn.new", self.new), *super().actions()]

    def new(self) -> None:
        """新增: the CLI's fields; its refusals beside them, nothing written."""
        self.dialog = continuing_education_dialog(self.ctx, self.refresh)
