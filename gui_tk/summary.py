"""打印汇总表: choose kind and specialty, 查询, then 打印 (PDF) or 导出报表 (Excel).

The table is :func:`regsync.core.usecases.documents.summary`, the same one
``regsync print summary`` prints; rendering runs off the UI thread.
"""

from __future__ import annotations

import tkinter as tk
from tkinter import ttk

from regsync.core.documents import SummaryTable
from regsync.core.model import ApplicationKind
from regsync.core.usecases import documents
from regsync.gui_tk.labels import kind_choices, specialty_choices
from regsync.gui_tk.screen import Screen, ScreenContext
from regsync.gui_tk.services import Progress


class SummaryScreen(Screen):
    """The 汇总表 of one kind and specialty, shown and printed."""

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
        self.buttons: dict[str, ttk.Button] = {}
        for key, command in (
            ("btn.search", self.refresh),
            ("btn.print", lambda: self._render("pdf")),
            ("btn.export_excel", lambda: self._render("xlsx")),
        ):
            self.buttons[key] = ttk.Button(bar, text=ctx.t(key), command=command)
            self.buttons[key].pack(side="left", padx=(0, 4))
        self.title_label = ttk.Label(self, text="", font=("TkHeadingFont", 12))
        self.title_label.pack(anchor="w")
        self.tree = ttk.Treeview(self, show="headings")
        self.tree.pack(fill="both", expand=True)
        self.totals = ttk.Label(self, text="")
        self.totals.pack(anchor="w")
        self.table: SummaryTable | None = None

    def choose(self, name: str, value: str) -> None:
        """Pick a kind or specialty by its value."""
        self.boxes[name].set(dict(self.choices[name])[value])

    def _chosen(self, name: str) -> str:
        shown = self.boxes[name].get()
        return next(v for v, label in self.choices[name] if label == shown)

    def _summary(self) -> SummaryTable:
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
            )

    def refresh(self) -> None:
        """查询: build the table and show it."""
        self.table = table = self._summary()
        self.title_label.configure(text=table.title)
        columns = [f"c{i}" for i in range(len(table.headers))]
        self.tree.delete(*self.tree.get_children())
        self.tree.configure(columns=columns)
        for column, header in zip(columns, table.headers, strict=True):
            self.tree.heading(column, text=header)
            self.tree.column(column, width=110, stretch=False)
        for row in table.rows:
            self.tree.insert("", "end", values=row)
        self.totals.configure(text=table.totals)

    def _render(self, fmt: str) -> None:
        """打印 / 导出报表: the table as a PDF or a workbook, off the UI thread."""
        table = self._summary()
        path = self.ctx.ask_save(table.title, "." + fmt)
        if not path:
            return
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
