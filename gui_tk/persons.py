"""企业人员信息 (and the personal edition's 个人信息): list, add and 修改 persons."""

from __future__ import annotations

import tkinter as tk
from tkinter import ttk

from regsync.core.fields import parse_value
from regsync.core.model import Person
from regsync.core.usecases import persons
from regsync.core.usecases.listing import person_page
from regsync.gui_tk.forms import FieldSpec, FormDialog
from regsync.gui_tk.labels import gender_label
from regsync.gui_tk.listview import Column, PagedList, Row
from regsync.gui_tk.office_fields import field_spec, photo_chooser, read_photo
from regsync.gui_tk.screen import Screen, ScreenContext

PERSON_COLUMNS = (
    Column("id_number", "col.id_number", 180),
    Column("name", "col.name", 100),
    Column("gender", "col.gender", 60),
    Column("birth_date", "col.birth_date", 100),
    Column("title", "col.title", 120),
    Column("phone", "col.phone", 120),
)
# Typed in by the clerk; gender and birth date come from the ID number.
PERSON_FIELDS = (
    "phone",
    "email",
    "education",
    "major",
    "school",
    "graduation_date",
    "title",
    "qualification_cert_no",
    "qualification_date",
    "ethnicity",
    "qualification_route",
    "contract_start",
    "contract_end",
    "previous_seal_no",
)


class PersonsScreen(Screen):
    """The persons list, a name search, 新增 and 修改 (also by double-click)."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        self.dialog: FormDialog | None = None
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(0, 6))
        ttk.Label(bar, text=ctx.t("col.name")).pack(side="left")
        self.name = ttk.Entry(bar, width=12)
        self.name.pack(side="left", padx=4)
        ttk.Button(bar, text=ctx.t("btn.search"), command=self.refresh).pack(side="left")
        self.new_button = ttk.Button(bar, text=ctx.t("btn.new"), command=self.new)
        self.new_button.pack(side="left", padx=12)
        self.edit_button = ttk.Button(bar, text=ctx.t("btn.edit"), command=self.edit)
        self.edit_button.pack(side="left")
        self.table = PagedList(self, PERSON_COLUMNS, ctx.lang, checkable=False)
        self.table.pack(fill="both", expand=True)
        self.table.on_open = self.edit_person

    def _row(self, p: Person) -> Row:
        gender = gender_label(p.gender, self.ctx.lang)
        cells = (
            p.id_number,
            p.name,
            gender,
            p.birth_date.isoformat(),
            p.title or "",
            p.phone or "",
        )
        return Row(p.id_number, cells)

    def _page(self, after: str | None, limit: int) -> list[Row]:
        with self.ctx.shell.services.unit_of_work() as uow:
            found = person_page(uow, after=after, limit=limit, name=self.name.get())
        return [self._row(p) for p in found]

    def refresh(self) -> None:
        """Search again."""
        self.table.load(self._page)

    def new(self) -> None:
        """新增: 身份证号, 姓名 and the optional fields; 保存 adds the person."""
        s = self.ctx.shell.services
        fields = [
            FieldSpec("id_number", "col.id_number"),
            FieldSpec("name", "col.name"),
            *(field_spec(Person, f) for f in PERSON_FIELDS),
            FieldSpec("photo", "field.photo"),
        ]

        def save(values: dict[str, str]) -> None:
            typed = {f: parse_value(Person, f, values[f]) for f in PERSON_FIELDS if values[f]}
            if values["photo"]:
                typed["photo"] = read_photo(values["photo"])
            with s.unit_of_work() as uow:
                person = persons.add_person(
                    uow,
                    today=s.today(),
                    id_number=values["id_number"],
                    name=values["name"],
                    values=typed,
                    entry=s.entry(),
                )
                uow.commit()
            saved = f"{person.name} {person.id_number}"
            self.ctx.notices.status(self.ctx.t("msg.saved", what=saved))
            assert self.dialog is not None
            self.dialog.destroy()
            self.refresh()

        choose = photo_chooser(self._dialog, self.ctx.t("field.photo"))
        self.dialog = FormDialog(
            self.ctx.root,
            self.ctx.notices,
            self.ctx.t("btn.new"),
            fields,
            {},
            on_save=save,
            extra=[(self.ctx.t("btn.choose_photo"), choose)],
        )

    def _dialog(self) -> FormDialog:
        assert self.dialog is not None
        return self.dialog

    def edit(self) -> None:
        """修改: the highlighted person."""
        key = self.table.selected()
        if key is None:
            self.ctx.notices.info(self.ctx.t("msg.select_one"))
            return
        self.edit_person(key)

    def edit_person(self, id_number: str) -> None:
        """修改 → 保存: the person's fields as stored; only what the clerk changed is
        written, through the use case of ``regsync person edit`` (its checks, its words)."""
        s = self.ctx.shell.services
        with s.unit_of_work() as uow:
            person = uow.get(Person, id_number)
        if person is None:  # gone since the list was read (a sync)
            self.refresh()
            return
        fields = [
            FieldSpec("id_number", "col.id_number", readonly=True),
            FieldSpec("name", "col.name"),
            *(field_spec(Person, f) for f in PERSON_FIELDS),
            FieldSpec("photo", "field.photo"),
        ]
        stored = person.fields()
        shown = {k: "" if stored.get(k) is None else str(stored[k])
                 for k in ("id_number", "name", *PERSON_FIELDS)}  # fmt: skip

        def save(values: dict[str, str]) -> None:
            changed = {
                f: parse_value(Person, f, values[f])
                for f in ("name", *PERSON_FIELDS)
                if values[f] != shown[f]
            }
            if values["photo"]:
                changed["photo"] = read_photo(values["photo"])
            with s.unit_of_work() as uow:
                saved = persons.edit_person(uow, id_number, changed, s.entry())
                uow.commit()
            self.ctx.notices.status(self.ctx.t("msg.saved", what=f"{saved.name} {saved.id_number}"))
            self._dialog().destroy()
            self.refresh()

        choose = photo_chooser(self._dialog, self.ctx.t("field.photo"))
        self.dialog = FormDialog(
            self.ctx.root,
            self.ctx.notices,
            f"{self.ctx.t('btn.edit')} {person.name}",
            fields,
            shown,
            on_save=save,
            extra=[(self.ctx.t("btn.choose_photo"), choose)],
        )
