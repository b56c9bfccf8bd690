"""注册人员管理 (地市版, 省级): registered persons with their status light.

The first column is the seed's light: green for 有效, red for 停止注册.  The list
reads a page at a time; 导出报表 writes what it shows to a workbook off the UI thread;
double-click opens the person's record (its pages as the seed lists them).
"""

from __future__ import annotations

import tkinter as tk
from tkinter import ttk

from regsync.core.exports import QUERIES
from regsync.core.usecases.documents import CachedLookup
from regsync.core.usecases.listing import RegisteredPerson, registered_export_rows, registered_page
from regsync.gui_tk.applications import reporting_each
from regsync.gui_tk.labels import gender_label, status_label
from regsync.gui_tk.listview import Column, PagedList, Row
from regsync.gui_tk.person_detail import open_person
from regsync.gui_tk.screen import Screen, ScreenContext
from regsync.gui_tk.services import Progress

LIGHT = "●"
COLUMNS = (
    Column("status", "col.status", 90),
    Column("name", "col.name", 80),
    Column("gender", "col.gender", 50),
    Column("id_number", "col.id_number", 170),
    Column("birth_date", "col.birth_date", 100),
    Column("employer", "col.enterprise", 220),
    Column("qualification", "field.qualification_cert_no", 120),
    Column("title", "field.title", 100),
)


class RegisteredPersonsScreen(Screen):
    """The registered persons, a name search, 导出报表."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(0, 6))
        ttk.Label(bar, text=ctx.t("col.name")).pack(side="left")
        self.name = ttk.Entry(bar, width=12)
        self.name.pack(side="left", padx=4)
        self.buttons = {
            "btn.search": ttk.Button(bar, text=ctx.t("btn.search"), command=self.refresh),
            "btn.export_excel": ttk.Button(
                bar, text=ctx.t("btn.export_excel"), command=self.export_excel
            ),
        }
        for button in self.buttons.values():
            button.pack(side="left", padx=(0, 4))
        self.table = PagedList(self, COLUMNS, ctx.lang, checkable=False)
        self.table.tree.tag_configure("active", foreground="#1b7f1b")
        self.table.tree.tag_configure("stopped", foreground="#b00020")
        self.table.pack(fill="both", expand=True)
        self.dialog: tk.Toplevel | None = None
        self.table.on_open = self.show_person

    def _row(self, item: RegisteredPerson) -> Row:
        p, lang = item.person, self.ctx.lang
        status = f"{LIGHT} {status_label(item.status, lang)}"  # on the day of the query
        gender = gender_label(p.gender, lang)
        cells = (status, p.name, gender, p.id_number, p.birth_date.isoformat(),
                 item.employer_name, p.qualification_cert_no or "", p.title or "")  # fmt: skip
        return Row(p.id_number, cells, (item.status,))

    def _page(self, after: str | None, limit: int) -> list[Row]:
        services = self.ctx.shell.services
        with services.unit_of_work() as uow:
            page = registered_page(
                uow, today=services.today(), after=after, limit=limit, name=self.name.get()
            )
        return [self._row(item) for item in page]

    def show_person(self, id_number: str) -> None:
        """双击记录: 基本信息与证书印章, 良好行为与不良行为, 工作业绩, 历次申报情况."""
        self.dialog = open_person(self.ctx, id_number)

    def refresh(self) -> None:
        """查询."""
        self.table.load(self._page)

    def export_excel(self) -> None:
        """导出报表 of what the list shows."""
        path = self.ctx.ask_save(self.ctx.t("btn.export_excel"), ".xlsx")
        if not path:
            return
        s, name = self.ctx.shell.services, self.name.get()
        sheet = QUERIES["registered-persons"].sheet_in(self.ctx.lang)

        def work(progress: Progress) -> int:
            with s.unit_of_work() as uow:
                rows = registered_export_rows(uow, CachedLookup(uow, today=s.today()), name)
                return s.renderer.sheet_xlsx(sheet, reporting_each(rows, progress), path)

        def done(count: int) -> None:
            self.ctx.notices.info(self.ctx.t("msg.exported", count=count, path=path))

        self.ctx.start(self.ctx.t("btn.export_excel"), work, done)
