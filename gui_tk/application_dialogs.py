"""The application form (新增 / 修改) and its 工作业绩 dialog.

Both call the use cases of :mod:`regsync.core.usecases.applications` in one unit of
work per save; the check button runs :func:`regsync.core.usecases.checking.check`
and puts every message beside the field it is about.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from tkinter import ttk

from regsync.core.application_fields import AMEND_REISSUE_FIELDS, fields_of
from regsync.core.catalogue import text
from regsync.core.fields import parse_value
from regsync.core.model import Application, ApplicationKind, PerformanceRecord, Value
from regsync.core.usecases import applications, checking, persons
from regsync.gui_tk.forms import FieldSpec, FormDialog
from regsync.gui_tk.labels import (
    kind_choices,
    kind_label,
    specialty_choices,
    specialty_label,
    stage_label,
)
from regsync.gui_tk.office_fields import field_spec
from regsync.gui_tk.screen import ScreenContext

EDITABLE = applications.EDITABLE_APPLICATION_FIELDS
# A new application copies the name and unit from the person and the enterprise.
NEW_FIELDS = tuple(f for f in EDITABLE if f not in {"person_name", "enterprise_name"})


def kind_fields(kind: str | None) -> tuple[str, ...]:
    """The editable fields a ``kind`` shows (its own only); every field for an unknown kind.

    With the kind still to be chosen (新增 of the enterprise edition) the 更改、补办
    structure is left for the edit dialog that opens after saving.
    """
    try:
        own = set(fields_of(ApplicationKind(kind or "")))
    except ValueError:
        return tuple(f for f in EDITABLE if f not in AMEND_REISSUE_FIELDS)
    return tuple(f for f in EDITABLE if f in own)


PERFORMANCE_FIELDS = (
    FieldSpec("project_name", "col.project"),
    FieldSpec("role", "col.role"),
    FieldSpec("start_date", "col.start"),
    FieldSpec("end_date", "col.end"),
    FieldSpec("scale", "field.scale"),
    FieldSpec("description", "field.description"),
)


def _typed(names: tuple[str, ...], values: dict[str, str], *, keep_empty: bool) -> dict[str, Value]:
    """Typed values of ``names``; empty text is left out of a new record, cleared in an edit."""
    return {
        name: parse_value(Application, name, values.get(name, ""))
        for name in names
        if keep_empty or values.get(name, "")
    }


def new_application_dialog(
    ctx: ScreenContext, then: Callable[[Application], None], kind: str | None = None
) -> FormDialog:
    """新增: choose kind, specialty and one of the enterprise's persons, fill the rest.

    ``kind`` fixes the kind (the personal edition has one entry screen per kind).
    """
    s = ctx.shell.services
    shown = tuple(f for f in kind_fields(kind) if f in NEW_FIELDS)
    with s.unit_of_work() as uow:
        people = persons.list_persons(uow)
    kinds = kind_choices(ctx.lang)
    fields = [
        FieldSpec("kind", "col.kind", tuple(c for c in kinds if kind in (None, c[0]))),
        FieldSpec("specialty", "col.specialty", specialty_choices(ctx.lang)),
        FieldSpec(
            "person_id_number",
            "field.person",
            tuple((p.id_number, f"{p.name} {p.id_number}") for p in people),
        ),
        *(field_spec(Application, name) for name in shown),
    ]
    dialog: FormDialog

    def save(values: dict[str, str]) -> None:
        with s.unit_of_work() as uow:
            app = applications.new_application(
                uow,
                today=s.today(),
                kind=values["kind"],
                specialty=values["specialty"],
                person_id_number=values["person_id_number"],
                values=_typed(shown, values, keep_empty=False),
                entry=s.entry(),
            )
            uow.commit()
        ctx.notices.status(ctx.t("msg.saved", what=app.number))
        dialog.destroy()
        then(app)

    dialog = FormDialog(ctx.root, ctx.notices, ctx.t("btn.new"), fields, {}, on_save=save)
    return dialog


def edit_application_dialog(
    ctx: ScreenContext, number: str, then: Callable[[], None]
) -> FormDialog:
    """修改: the editable fields, with 计算机核查 and 工作业绩 at hand.

    A reported application is frozen at the firm (issue 16): the dialog shows its
    fields read-only, without 保存, and says under them how to have it corrected.
    """
    s = ctx.shell.services
    with s.unit_of_work() as uow:
        app = applications.get_application(uow, number)
    own = kind_fields(app.kind)  # each kind shows and saves only its own fields
    frozen = applications.frozen_reason(app)
    fields = [
        FieldSpec("number", "col.number", readonly=True),
        FieldSpec("kind", "col.kind", readonly=True),
        FieldSpec("specialty", "col.specialty", readonly=True),
        FieldSpec("stage", "col.stage", readonly=True),
        FieldSpec("person_id_number", "field.person", readonly=True),
        *(
            dataclasses.replace(field_spec(Application, name), readonly=frozen is not None)
            for name in own
        ),
    ]
    shown = {k: "" if v is None else str(v) for k, v in app.fields().items()}
    shown["kind"] = kind_label(app.kind, ctx.lang)
    shown["specialty"] = specialty_label(app.specialty, ctx.lang)
    shown["stage"] = stage_label(app.stage, ctx.lang)

    def save(values: dict[str, str]) -> None:
        with s.unit_of_work() as uow:
            applications.edit_application(
                uow, number, _typed(own, values, keep_empty=True), s.entry()
            )
            uow.commit()
        ctx.notices.status(ctx.t("msg.saved", what=number))
        then()

    dialog: FormDialog

    def check() -> None:
        with s.unit_of_work() as uow:
            found = checking.check(uow, number, today=s.today(), rules=s.rules)
        dialog.show_messages(found)

    extra = [
        (ctx.t("btn.check"), check),
        (ctx.t("btn.performance"), lambda: PerformanceDialog(ctx, number)),
    ]
    dialog = FormDialog(
        ctx.root,
        ctx.notices,
        f"{ctx.t('btn.edit')} {number}",
        fields,
        shown,
        on_save=save if frozen is None else None,
        extra=extra,
    )
    if frozen is not None:
        dialog.general.configure(text=frozen.message(ctx.lang))
    return dialog


class PerformanceDialog(FormDialog):
    """工作业绩: the records of an application, and a form to add one."""

    HEADERS = ("col.project", "col.role", "col.start", "col.end")

    def __init__(self, ctx: ScreenContext, number: str) -> None:
        self.ctx, self.number = ctx, number
        title = f"{ctx.t('btn.performance')} {number}"
        with ctx.shell.services.unit_of_work() as uow:
            app = applications.get_application(uow, number)
        # Reported: the records are shown, not added to (frozen at the firm).
        self.frozen = applications.frozen_reason(
            app, text("gui.performance.add", "zh"), text("gui.performance.add", "en")
        )
        specs = tuple(
            dataclasses.replace(f, readonly=self.frozen is not None) for f in PERFORMANCE_FIELDS
        )
        save = self._save if self.frozen is None else None
        super().__init__(ctx.root, ctx.notices, title, specs, {}, on_save=save)
        if self.frozen is not None:
            self.general.configure(text=self.frozen.message(ctx.lang))
        self.table = ttk.Treeview(self, columns=self.HEADERS, show="headings", height=5)
        for key in self.HEADERS:
            self.table.heading(key, text=ctx.t(key))
            self.table.column(key, width=140)
        self.table.pack(fill="x", padx=12, before=self.buttons)
        self.reload()

    def reload(self) -> None:
        """Show the application's records."""
        self.table.delete(*self.table.get_children())
        with self.ctx.shell.services.unit_of_work() as uow:
            found = uow.find(PerformanceRecord, application_number=self.number)
        for p in found:
            cells = (p.project_name, p.role, p.start_date or "", p.end_date or "")
            self.table.insert("", "end", iid=p.id, values=cells)

    def _save(self, values: dict[str, str]) -> None:
        s = self.ctx.shell.services
        optional = ("start_date", "end_date", "scale", "description")
        typed = {k: parse_value(PerformanceRecord, k, values[k]) for k in optional if values[k]}
        with s.unit_of_work() as uow:
            applications.add_performance(
                uow,
                s.ids,
                number=self.number,
                project_name=values["project_name"],
                role=values["role"],
                values=typed,
                entry=s.entry(),
            )
            uow.commit()
        for spec in PERFORMANCE_FIELDS:
            self.set(spec.name, "")
        self.reload()
