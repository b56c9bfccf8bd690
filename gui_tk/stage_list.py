"""A list of submissions at one stage, each computer-checked: the base of the city's
申报接收, 申报审核 and 申报上报 and of the province's 申报受理, 注册审批, 证书印章发放.

Rows are read a page at a time with their 信息提示 (the check as the city runs it,
errors first: :func:`regsync.core.usecases.listing.checked_page`); a subclass picks
the stage, the columns, the cells of a row and its buttons; double-click shows a
submission's data read-only with its messages beside the fields.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from regsync.core.checks.messages import CheckMessage
from regsync.core.model import Application
from regsync.core.state import Stage
from regsync.core.usecases import city
from regsync.core.usecases.applications import get_application
from regsync.core.usecases.listing import checked_page
from regsync.gui_tk.city_dialogs import correct_dialog
from regsync.gui_tk.forms import FieldSpec, FormDialog
from regsync.gui_tk.labels import application_cells, messages_cell, severity_tag
from regsync.gui_tk.listview import Column, PagedList, Row
from regsync.gui_tk.screen import Screen, ScreenContext
from regsync.gui_tk.search import SearchBar

DETAIL_FIELDS = ("number", "person_id_number", "person_name", "enterprise_name",
                 "qualification_cert_no", "qualification_date", "registration_cert_no",
                 "valid_until")  # fmt: skip

COLUMNS = (
    Column("number", "col.number", 160),
    Column("name", "col.name", 70),
    Column("kind", "col.kind", 80),
    Column("specialty", "col.specialty", 130),
    Column("enterprise", "col.enterprise", 190),
    Column("round", "col.round", 50),
    Column("messages", "col.messages", 320, stretch=True),
)


def detail_dialog(ctx: ScreenContext, number: str) -> FormDialog:
    """A submission's data, read-only, with its computer-check messages beside the fields
    (the fields of 申报接收's double-click)."""
    s = ctx.shell.services
    with s.unit_of_work() as uow:
        app = get_application(uow, number)
        messages = city.messages_of(uow, app, s.today(), s.rules)
    labels = {"number": "col.number", "person_id_number": "field.person"}
    fields = [FieldSpec(f, labels.get(f, f"field.{f}"), readonly=True) for f in DETAIL_FIELDS]
    values = {k: "" if v is None else str(v) for k, v in app.fields().items()}
    dialog = FormDialog(ctx.root, ctx.notices, number, fields, values, on_save=None)
    dialog.show_messages(messages)
    return dialog


class StageScreen(Screen):
    """Submissions at :attr:`stage`, a page at a time, each computer-checked.

    A city sees its own city's, the province every city's (the listing's scope).
    """

    stage: Stage = Stage.RECEIVED
    columns: tuple[Column, ...] = COLUMNS
    checkable = True  # a list without a batch action has no check column and no 全选

    def __init__(
        self,
        master: tk.Misc,
        ctx: ScreenContext,
        actions: tuple[tuple[str, Callable[[], object]], ...],
    ) -> None:
        super().__init__(master, ctx)
        self.dialog: FormDialog | None = None
        self.search = SearchBar(self, ctx.lang, self.refresh, stage=False)
        self.search.pack(fill="x", pady=(0, 6))
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(0, 6))
        self.table = PagedList(self, self.columns, ctx.lang, checkable=self.checkable)
        self.buttons: dict[str, ttk.Button] = {}
        select = (("btn.select_all", self.table.check_all),) if self.checkable else ()
        for key, command in (*select, *actions):
            self.buttons[key] = ttk.Button(bar, text=ctx.t(key), command=command)
            self.buttons[key].pack(side="left", padx=(0, 4))
        self.table.pack(fill="both", expand=True)
        self.table.on_open = self.details
        # What the last action did, below the list (the warnings a review was written
        # against, the bundle written, the numbers issued ...).
        self.result = ttk.Label(self, text="", wraplength=900, justify="left")
        self.result.pack(anchor="w", pady=(6, 0))

    def cells(self, app: Application, messages: tuple[CheckMessage, ...]) -> tuple[str, ...]:
        """The cells of one row, in the order of :attr:`columns`."""
        number, name, kind, specialty, _stage, round_, unit = application_cells(app, self.ctx.lang)
        return (number, name, kind, specialty, unit, round_,
                messages_cell(messages, self.ctx.lang))  # fmt: skip

    def _page(self, after: str | None, limit: int) -> list[Row]:
        s = self.ctx.shell.services
        with s.unit_of_work() as uow:
            filters = self.search.filters()
            page = checked_page(uow, self.stage, after=after, limit=limit, filters=filters,
                                today=s.today(), rules=s.rules)  # fmt: skip
        return [Row(x.application.number, self.cells(x.application, x.messages),
                    severity_tag(x.messages)) for x in page]  # fmt: skip

    def refresh(self) -> None:
        """Read this stage's submissions again (and check them again)."""
        self.table.load(self._page)

    def details(self, number: str) -> None:
        """Double-click: the submission's data, read-only, with its messages."""
        self.dialog = detail_dialog(self.ctx, number)

    def done(self, text: str) -> None:
        """After an action: its result below the list and as a notice, its dialog
        closed, the list read again."""
        self.result.configure(text=text)
        if self.dialog is not None:
            self.dialog.destroy()
            self.dialog = None
        self.ctx.notices.info(text)
        self.refresh()

    def _one(self) -> str | None:
        """The submission 修改 and 删除 act on: the single ticked row, else the highlighted one."""
        ticked = self.table.checked()
        number = ticked[0] if len(ticked) == 1 else None if ticked else self.table.selected()
        if number is None:
            self.ctx.notices.info(self.ctx.t("msg.select_one"))
        return number

    def correct(self) -> None:
        """修改: correct one submission (the city's 申报接收 and 申报审核), as
        ``regsync receive correct`` does."""
        number = self._one()
        if number is not None:
            self.dialog = correct_dialog(self.ctx, number, self.refresh)

    def ticked(self) -> list[str]:
        """The ticked numbers, or none after telling the clerk to tick some."""
        numbers = self.table.checked()
        if not numbers:
            self.ctx.notices.info(self.ctx.t("msg.none_checked"))
        return numbers
