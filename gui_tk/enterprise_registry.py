"""企业信息管理 (地市版, 省级): the enterprises, a page at a time, 新增 and 修改.

The city lists its own enterprises and adds or edits them through
:func:`regsync.core.usecases.registry.add_enterprise` and
:func:`~regsync.core.usecases.registry.edit_enterprise` (the CLI's ``regsync registry
enterprise add / edit``), so a format check fails with the CLI's words, beside its
field.  The province lists every enterprise and may not write: its buttons are
disabled, and if invoked anyway the use case's refusal is shown.
"""

from __future__ import annotations

import contextlib
import tkinter as tk
from collections.abc import Iterator
from tkinter import ttk

from regsync.core.checks.messages import Severity
from regsync.core.errors import CoreError, EnterpriseExists
from regsync.core.model import Enterprise
from regsync.core.usecases import registry
from regsync.core.usecases.registry_pages import enterprise_page
from regsync.gui_tk.forms import COLOURS, FieldSpec, FormDialog
from regsync.gui_tk.listview import Column, PagedList, Row
from regsync.gui_tk.office_fields import field_spec
from regsync.gui_tk.screen import Screen, ScreenContext

COLUMNS = (
    Column("uscc", "field.uscc", 170),
    Column("name", "field.enterprise_name", 240, stretch=True),
    Column("city_code", "field.city_code", 70),
    Column("enterprise_number", "field.enterprise_number", 70),
    Column("legal_representative", "field.legal_representative", 90),
    Column("phone", "field.phone", 110),
    Column("status", "field.status", 80),
)
# 资质类别 and 资质等级 are chosen from their code lists.
OPTION_FIELDS = tuple(field_spec(Enterprise, name) for name in registry.ENTERPRISE_OPTIONS)
ADD_FIELDS = (
    FieldSpec("uscc", "field.uscc"),
    FieldSpec("name", "field.enterprise_name"),
    FieldSpec("org_code", "field.org_code"),
    FieldSpec("enterprise_number", "field.enterprise_number"),
    *OPTION_FIELDS,
)
EDIT_FIELDS = (
    FieldSpec("uscc", "field.uscc", readonly=True),
    FieldSpec("name", "field.enterprise_name"),
    *OPTION_FIELDS,
)
SHOW_FIELDS = tuple(
    FieldSpec(f.name, f.label, readonly=True)
    for f in (
        *ADD_FIELDS[:2],
        FieldSpec("city_code", "field.city_code"),
        *ADD_FIELDS[2:],
        FieldSpec("status", "field.status"),
    )
)


def status_word(status: str, ctx: ScreenContext) -> str:
    """审批通过 / 有效 ... (the code itself when the catalogue has no word for it)."""
    key = f"reg.enterprise_{status}"
    try:
        return ctx.t(key)
    except KeyError:
        return status


def shown(enterprise: Enterprise, ctx: ScreenContext) -> dict[str, str]:
    """The record as the form shows it."""
    values = {k: "" if v is None else str(v) for k, v in enterprise.fields().items()}
    values["status"] = status_word(enterprise.status, ctx)
    return values


class EnterprisesScreen(Screen):
    """企业信息管理: search by name or USCC, 新增 / 修改 (city), double-click to show."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(0, 6))
        ttk.Label(bar, text=ctx.t("reg.search_enterprise")).pack(side="left")
        self.search = ttk.Entry(bar, width=24)
        self.search.pack(side="left", padx=4)
        self.search.bind("<Return>", lambda _e: self.refresh())
        self.buttons: dict[str, ttk.Button] = {}
        for key, command in (
            ("btn.search", self.refresh),
            ("btn.new", self.add),
            ("btn.edit", self.edit),
        ):
            self.buttons[key] = ttk.Button(bar, text=ctx.t(key), command=command)
            self.buttons[key].pack(side="left", padx=(0, 4))
        if ctx.shell.services.node.role not in registry.ENTERPRISE_WRITERS:
            for key in ("btn.new", "btn.edit"):  # the province looks, the city writes
                self.buttons[key].state(["disabled"])
        self.table = PagedList(self, COLUMNS, ctx.lang, checkable=False)
        self.table.on_open = self.show
        self.table.pack(fill="both", expand=True)
        self.dialog: FormDialog | None = None
        self.confirmed: ttk.Checkbutton | None = None  # 新增's --uscc-confirmed box

    def _page(self, after: str | None, limit: int) -> list[Row]:
        with self.ctx.shell.services.unit_of_work() as uow:
            page = enterprise_page(uow, after=after, limit=limit, search=self.search.get())
        rows = []
        for e in page:
            cells = (e.uscc, e.name, e.city_code, e.enterprise_number or "",
                     e.legal_representative or "", e.phone or "",
                     status_word(e.status, self.ctx))  # fmt: skip
            rows.append(Row(e.uscc, cells))
        return rows

    def refresh(self) -> None:
        """查询: the enterprises whose name or USCC contains the text."""
        self.table.load(self._page)

    def _may(self, action: str) -> bool:
        # Asked of the use case, so a node that may not write hears the CLI's refusal.
        try:
            with self.ctx.shell.services.unit_of_work() as uow:
                registry.require_enterprise_writer(uow, action)
        except CoreError as exc:
            self.ctx.notices.failed(exc)
            return False
        return True

    def add(self) -> None:
        """新增: the fields of ``regsync registry enterprise add``."""
        if not self._may("add"):
            return
        self.dialog = FormDialog(
            self.ctx.root, self.ctx.notices, self.ctx.t("btn.new"), ADD_FIELDS, {},
            on_save=self._add,
        )  # fmt: skip
        self.confirmed = _confirm_box(
            self.dialog, len(ADD_FIELDS), self.ctx.t("reg.uscc_confirmed")
        )

    def _add(self, values: dict[str, str]) -> None:
        s = self.ctx.shell.services
        options = {k: values[k] for k in registry.ENTERPRISE_OPTIONS if values[k]}
        with _beside_uscc(self.dialog), s.unit_of_work() as uow:
            found = registry.add_enterprise(
                uow, uscc=values["uscc"], name=values["name"],
                enterprise_number=values["enterprise_number"] or None,
                org_code=values["org_code"] or None,
                uscc_confirmed=self._confirmed(), values=options, entry=s.entry(),
            )  # fmt: skip
            uow.commit()
        self._saved(self.ctx.t("reg.enterprise_added", name=found.name, uscc=found.uscc))

    def _confirmed(self) -> bool:
        return self.confirmed is not None and bool(self.confirmed.instate(["selected"]))

    def edit(self) -> None:
        """修改 the highlighted enterprise (e.g. 更名): only the changed fields are written."""
        if not self._may("edit"):
            return
        uscc = self.table.selected()
        if uscc is None:
            self.ctx.notices.info(self.ctx.t("msg.select_one"))
            return
        with self.ctx.shell.services.unit_of_work() as uow:
            before = shown(registry.get_enterprise(uow, uscc), self.ctx)
        self.dialog = FormDialog(
            self.ctx.root, self.ctx.notices, f"{self.ctx.t('btn.edit')} {uscc}", EDIT_FIELDS,
            before, on_save=lambda values: self._edit(uscc, before, values),
        )  # fmt: skip

    def _edit(self, uscc: str, before: dict[str, str], values: dict[str, str]) -> None:
        # As the CLI names only the options given: no change at all is the CLI's refusal.
        names = ("name", *registry.ENTERPRISE_OPTIONS)
        changed = {k: values[k] for k in names if values[k] != before.get(k, "")}
        s = self.ctx.shell.services
        with s.unit_of_work() as uow:
            found = registry.edit_enterprise(uow, uscc, changed, s.entry())
            uow.commit()
        self._saved(self.ctx.t("reg.enterprise_edited", uscc=found.uscc, name=found.name))

    def _saved(self, message: str) -> None:
        if self.dialog is not None:
            self.dialog.destroy()
            self.dialog = None
        self.ctx.notices.info(message)
        self.refresh()

    def show(self, uscc: str) -> None:
        """Double-click: the enterprise's record, read-only."""
        try:
            with self.ctx.shell.services.unit_of_work() as uow:
                values = shown(registry.get_enterprise(uow, uscc), self.ctx)
        except CoreError as exc:
            self.ctx.notices.failed(exc)
            return
        self.dialog = FormDialog(
            self.ctx.root, self.ctx.notices, values["name"], SHOW_FIELDS, values, on_save=None
        )


def _confirm_box(dialog: FormDialog, row: int, label: str) -> ttk.Checkbutton:
    """The CLI's ``--uscc-confirmed`` as a box the clerk ticks after comparing the code
    with the business licence (some early codes fail the GB 32100 check)."""
    box = ttk.Checkbutton(dialog.general.master, text=label)
    box.state(["!alternate", "!selected"])
    box.grid(row=row + 1, column=0, columnspan=3, sticky="w", pady=(6, 0))
    return box


@contextlib.contextmanager
def _beside_uscc(dialog: FormDialog | None) -> Iterator[None]:
    """Show 该企业已存在 beside the USCC field too (the error names no field of its own),
    then let it go on to the dialog's error notice."""
    try:
        yield
    except EnterpriseExists as exc:
        if dialog is not None:
            dialog.message_labels["uscc"].configure(
                text=exc.message(dialog.lang), foreground=COLOURS[Severity.ERROR]
            )
        raise
