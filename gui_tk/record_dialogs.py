"""The record screens' dialogs: a person's certificates and seals, and 继续教育 → 新增.

Both call the use cases of the CLI (``regsync certificate show`` →
:func:`~regsync.core.usecases.registry.person_detail`, ``regsync filing ce-add`` →
:func:`~regsync.core.usecases.registry.add_continuing_education`), so they show
the same rows and refuse with the same messages.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable, Sequence
from tkinter import ttk

from regsync.core.checks.messages import Severity
from regsync.core.errors import InvalidValue, MissingField, NotFound
from regsync.core.fields import parse_value
from regsync.core.model import ContinuingEducation, Specialty, Value
from regsync.core.usecases import registry
from regsync.gui_tk.forms import COLOURS, FieldSpec, FormDialog
from regsync.gui_tk.labels import specialty_choices, specialty_label
from regsync.gui_tk.screen import ScreenContext

CERTIFICATE_COLUMNS = ("col.certificate", "col.specialty", "rec.col.issued_on",
                       "field.valid_until", "field.status", "rec.col.application")  # fmt: skip
SEAL_COLUMNS = ("col.seal", "col.certificate", "rec.col.issued_on", "field.status")


class CertificatesDialog(tk.Toplevel):
    """双击记录: one person's certificates and seals, current ones first, history kept."""

    def __init__(self, ctx: ScreenContext, id_number: str) -> None:
        with ctx.shell.services.unit_of_work() as uow:
            detail = registry.person_detail(uow, id_number)  # NotFound: the CLI's message
        super().__init__(ctx.root)
        self.transient(ctx.root.winfo_toplevel())
        p = detail.person
        self.title(ctx.t("rec.detail_title", name=p.name, id_number=p.id_number))

        def state(current: bool) -> str:
            return ctx.t("rec.current" if current else "rec.history")

        lang = ctx.lang
        certificates = [
            (c.certificate_number, specialty_label(c.specialty, lang), c.issued_on.isoformat(),
             c.valid_until.isoformat(), state(c.current), c.application_number or "")
            for c in detail.certificates
        ]  # fmt: skip
        seals = [
            (x.seal_number, x.certificate_number or "", x.issued_on.isoformat(), state(x.current))
            for x in detail.seals
        ]
        self.certificates = self._table(ctx, "rec.certificates", CERTIFICATE_COLUMNS, certificates)
        self.seals = self._table(ctx, "rec.seals", SEAL_COLUMNS, seals)
        ttk.Button(self, text=ctx.t("btn.close"), command=self.destroy).pack(pady=(0, 10))

    def _table(
        self,
        ctx: ScreenContext,
        title: str,
        headers: Sequence[str],
        rows: Sequence[tuple[str, ...]],
    ) -> ttk.Treeview:
        ttk.Label(self, text=ctx.t(title), font=("TkHeadingFont", 11)).pack(
            anchor="w", padx=10, pady=(10, 2)
        )
        names = [f"c{i}" for i in range(len(headers))]
        tree = ttk.Treeview(self, columns=names, show="headings", height=max(2, len(rows)))
        for name, header in zip(names, headers, strict=True):
            tree.heading(name, text=ctx.t(header))
            tree.column(name, width=140, anchor="w")
        for row in rows:
            tree.insert("", "end", values=row)
        tree.pack(fill="x", padx=10)
        return tree

    def rows(self, tree: ttk.Treeview) -> list[tuple[str, ...]]:
        """What a table shows, row by row (tests read it)."""
        return [tuple(str(v) for v in tree.item(i, "values")) for i in tree.get_children()]


def _hours(typed: str, option: str) -> int:
    """学时 as typed: required and whole (the CLI's ``--compulsory N``)."""
    if not typed:
        raise MissingField(field=option)
    try:
        return int(typed)
    except ValueError:
        raise InvalidValue(field=option, value=typed, expected="a whole number") from None


def continuing_education_dialog(ctx: ScreenContext, then: Callable[[], None]) -> FormDialog:
    """继续教育 → 新增: the fields of ``regsync filing ce-add``; a refusal stays beside
    its field and writes nothing (the unit of work is not committed)."""
    s = ctx.shell.services
    fields = [
        FieldSpec("person", "col.id_number"),
        FieldSpec("specialty", "col.specialty", choices=specialty_choices(ctx.lang)),
        FieldSpec("period", "rec.col.period"),
        FieldSpec("compulsory", "rec.col.compulsory"),
        FieldSpec("elective", "rec.col.elective"),
        FieldSpec("completed_on", "rec.col.completed_on"),
        FieldSpec("provider", "rec.col.provider"),
    ]
    dialog: FormDialog

    def save(values: dict[str, str]) -> None:
        for label in dialog.message_labels.values():  # the last refusal's text goes
            label.configure(text="")
        compulsory = _hours(values["compulsory"], "--compulsory")
        elective = _hours(values["elective"], "--elective")
        extra: dict[str, Value] = {}
        if values["completed_on"]:
            extra["completed_on"] = parse_value(
                ContinuingEducation, "completed_on", values["completed_on"]
            )
        if values["provider"]:
            extra["provider"] = values["provider"]
        with s.unit_of_work() as uow:
            try:
                record = registry.add_continuing_education(
                    uow, s.ids, person_id=values["person"], specialty=values["specialty"],
                    period=values["period"], compulsory=compulsory, elective=elective,
                    values=extra, today=s.today(),
                )  # fmt: skip
            except NotFound as exc:  # names no field: the only look-up is the person
                label = dialog.message_labels["person"]
                label.configure(text=exc.message(ctx.lang), foreground=COLOURS[Severity.ERROR])
                raise
            uow.commit()
        dialog.destroy()
        ctx.notices.info(ctx.t("rec.ce_added", id=record.id))
        then()

    dialog = FormDialog(
        ctx.root,
        ctx.notices,
        ctx.t("btn.new"),
        fields,
        {"specialty": Specialty.ARCHITECT.value},
        on_save=save,
    )
    return dialog
