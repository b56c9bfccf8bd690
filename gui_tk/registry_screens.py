"""省级 注销登记 and 行为记录: a person's registration ended, conduct recorded.

注销登记 searches the registered persons (name or 身份证号), shows each one's status
light and current registrations, and cancels one specialty after a confirmation
through :func:`regsync.core.usecases.registry.cancel` (the CLI's ``regsync registry
cancel``).  行为记录 lists the 良好/不良行为 records and adds them through
:func:`~regsync.core.usecases.registry.add_conduct`.  Double-clicking a row in
either shows the person's record (:class:`~regsync.gui_tk.person_detail.PersonDetailDialog`).
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from regsync.core.errors import CoreError
from regsync.core.usecases import registry
from regsync.core.usecases.registry_pages import conduct_page, registration_page
from regsync.gui_tk.forms import FieldSpec, FormDialog
from regsync.gui_tk.labels import specialty_choices, specialty_label, status_label
from regsync.gui_tk.listview import Column, PagedList, Row
from regsync.gui_tk.person_detail import conduct_kind, open_person
from regsync.gui_tk.registered import LIGHT
from regsync.gui_tk.screen import Screen, ScreenContext

REGISTRATION_COLUMNS = (
    Column("status", "col.status", 100),
    Column("name", "col.name", 80),
    Column("id_number", "col.id_number", 170),
    Column("employer", "col.enterprise", 220),
    Column("current", "col.registrations", 260, stretch=True),
)
CONDUCT_COLUMNS = (
    Column("kind", "col.conduct_kind", 90),
    Column("name", "col.name", 80),
    Column("id_number", "col.id_number", 170),
    Column("recorded_on", "col.recorded_on", 100),
    Column("description", "col.conduct_description", 320, stretch=True),
    Column("recorded_by", "col.recorded_by", 100),
)


class PersonSearchScreen(Screen):
    """A search line (姓名/身份证号, 查询, the screen's buttons) over a list."""

    def __init__(
        self,
        master: tk.Misc,
        ctx: ScreenContext,
        columns: tuple[Column, ...],
        actions: tuple[tuple[str, Callable[[], object]], ...],
    ) -> None:
        super().__init__(master, ctx)
        self.bar = ttk.Frame(self)
        self.bar.pack(fill="x", pady=(0, 6))
        ttk.Label(self.bar, text=ctx.t("reg.search_person")).pack(side="left")
        self.search = ttk.Entry(self.bar, width=20)
        self.search.pack(side="left", padx=4)
        self.search.bind("<Return>", lambda _e: self.refresh())
        self.buttons: dict[str, ttk.Button] = {}
        for key, command in (("btn.search", self.refresh), *actions):
            self.buttons[key] = ttk.Button(self.bar, text=ctx.t(key), command=command)
            self.buttons[key].pack(side="left", padx=(0, 4))
        self.table = PagedList(self, columns, ctx.lang, checkable=False)
        self.table.pack(fill="both", expand=True)
        self.dialog: tk.Toplevel | None = None

    def show_person(self, id_number: str) -> None:
        """The person's record, read-only."""
        self.dialog = open_person(self.ctx, id_number)

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.destroy()
            self.dialog = None


class CancellationsScreen(PersonSearchScreen):
    """注销登记: find the person, choose the specialty, 注销 after a confirmation."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx, REGISTRATION_COLUMNS, ())
        ttk.Label(self.bar, text=ctx.t("col.specialty")).pack(side="left", padx=(12, 2))
        self.specialties = specialty_choices(ctx.lang)
        self.specialty = ttk.Combobox(
            self.bar, values=[label for _, label in self.specialties], state="readonly", width=20
        )
        self.specialty.set(self.specialties[0][1])
        self.specialty.pack(side="left", padx=(0, 4))
        self.buttons["btn.cancel_registration"] = ttk.Button(
            self.bar, text=ctx.t("btn.cancel_registration"), command=self.cancel
        )
        self.buttons["btn.cancel_registration"].pack(side="left")
        self.table.tree.tag_configure("active", foreground="#1b7f1b")
        self.table.tree.tag_configure("stopped", foreground="#b00020")
        self.table.on_open = self.show_person

    def _page(self, after: str | None, limit: int) -> list[Row]:
        lang = self.ctx.lang
        sep = self.ctx.t("gui.join.list")
        services = self.ctx.shell.services
        with services.unit_of_work() as uow:
            page = registration_page(
                uow, today=services.today(), after=after, limit=limit, search=self.search.get()
            )
        rows = []
        for item in page:
            p = item.person
            current = sep.join(specialty_label(s, lang) for s in item.current)
            cells = (f"{LIGHT} {status_label(item.status, lang)}", p.name, p.id_number,
                     item.employer_name, current)  # fmt: skip
            rows.append(Row(p.id_number, cells, (item.status,)))
        return rows

    def refresh(self) -> None:
        """查询: registered persons whose name or 身份证号 contains the text."""
        self.table.load(self._page)

    def chosen_specialty(self) -> str:
        """The specialty chosen in the box, as its value."""
        shown = self.specialty.get()
        return next(v for v, label in self.specialties if label == shown)

    def set_specialty(self, value: str) -> None:
        """Choose the specialty by its value."""
        self.specialty.set(dict(self.specialties)[value])

    def cancel(self) -> None:
        """注销: confirm the highlighted person and the chosen specialty."""
        id_number = self.table.selected()
        if id_number is None:
            self.ctx.notices.info(self.ctx.t("msg.select_one"))
            return
        specialty, t = self.chosen_specialty(), self.ctx.t
        fields = (
            FieldSpec("name", "col.name", readonly=True),
            FieldSpec("id_number", "col.id_number", readonly=True),
            FieldSpec("specialty", "col.specialty", readonly=True),
        )
        values = {"name": self.table.cell(id_number, "name"), "id_number": id_number,
                  "specialty": specialty_label(specialty, self.ctx.lang)}  # fmt: skip
        dialog = FormDialog(
            self.ctx.root, self.ctx.notices, t("btn.cancel_registration"), fields, values,
            on_save=None,
            extra=((t("reg.confirm_cancel"), lambda: self._cancel(id_number, specialty)),),
        )  # fmt: skip
        dialog.general.configure(text=t("reg.cancel_question", **values))
        self.dialog = dialog

    def _cancel(self, id_number: str, specialty: str) -> None:
        s = self.ctx.shell.services
        try:
            with s.unit_of_work() as uow:
                count = registry.cancel(
                    uow, person_id=id_number, specialty=specialty, today=s.today()
                )
                uow.commit()
        except CoreError as exc:  # e.g. nothing of that specialty: the CLI's words
            self.ctx.notices.failed(exc)
            return
        self._close_dialog()
        label = specialty_label(specialty, self.ctx.lang)
        self.ctx.notices.info(
            self.ctx.t("reg.cancelled", person=id_number, specialty=label, count=count)
        )
        self.refresh()


class ConductScreen(PersonSearchScreen):
    """行为记录: the 良好/不良行为 records, 新增, double-click for the person's record."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx, CONDUCT_COLUMNS, (("btn.new", self.add),))
        self.table.tree.tag_configure("good", foreground="#1b7f1b")
        self.table.tree.tag_configure("bad", foreground="#b00020")
        self.table.on_open = lambda key: self.show_person(self.persons[key])
        self.persons: dict[str, str] = {}  # record id -> the person's 身份证号

    def _page(self, after: str | None, limit: int) -> list[Row]:
        with self.ctx.shell.services.unit_of_work() as uow:
            page = conduct_page(uow, after=after, limit=limit, search=self.search.get())
        rows = []
        for item in page:
            r = item.record
            self.persons[r.id] = r.person_id_number
            cells = (conduct_kind(r.good, self.ctx.lang), item.person_name, r.person_id_number,
                     r.recorded_on.isoformat(), r.description, r.recorded_by or "")  # fmt: skip
            rows.append(Row(r.id, cells, ("good" if r.good else "bad",)))
        return rows

    def refresh(self) -> None:
        """查询: the records of persons whose name or 身份证号 contains the text."""
        self.table.load(self._page)

    def add(self) -> None:
        """新增: 身份证号, 良好/不良, 描述, 记录人 (``regsync registry conduct add``)."""
        t = self.ctx.t
        fields = (
            FieldSpec("person", "col.id_number"),
            FieldSpec("good", "col.conduct_kind",
                      choices=(("good", t("choice.good")), ("bad", t("choice.bad")))),
            FieldSpec("description", "col.conduct_description"),
            FieldSpec("recorded_by", "col.recorded_by"),
        )  # fmt: skip
        self.dialog = FormDialog(
            self.ctx.root, self.ctx.notices, t("btn.new"), fields, {"good": "good"},
            on_save=self._add,
        )  # fmt: skip

    def _add(self, values: dict[str, str]) -> None:
        s = self.ctx.shell.services
        with s.unit_of_work() as uow:
            record = registry.add_conduct(
                uow, s.ids, person_id=values["person"], good=values["good"] == "good",
                description=values["description"], recorded_by=values["recorded_by"],
                today=s.today(),
            )  # fmt: skip
            uow.commit()
        self._close_dialog()
        kind = self.ctx.t("reg.good" if record.good else "reg.bad")
        self.ctx.notices.info(self.ctx.t("reg.conduct_added", kind=kind, id=record.id))
        self.refresh()
