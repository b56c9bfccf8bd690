"""继续教育 → 新增: the CLI's ``regsync filing ce-add``
(:func:`~regsync.core.usecases.registry.add_continuing_education`), refusing with the
same messages.  (A person's certificates and seals open in
:class:`~regsync.gui_tk.person_detail.PersonDetailDialog`.)
"""

from __future__ import annotations

from collections.abc import Callable

from regsync.core.catalogue import text
from regsync.core.checks.messages import Severity
from regsync.core.errors import InvalidValue, MissingField, NotFound
from regsync.core.fields import parse_value
from regsync.core.model import ContinuingEducation, Specialty, Value
from regsync.core.usecases import registry
from regsync.gui_tk.forms import COLOURS, FieldSpec, FormDialog
from regsync.gui_tk.labels import specialty_choices
from regsync.gui_tk.screen import ScreenContext


def _hours(typed: str, option: str, lang: str) -> int:
    """学时 as typed: required and whole (the CLI's ``--compulsory N``)."""
    if not typed:
        raise MissingField(field=option)
    try:
        return int(typed)
    except ValueError:
        raise InvalidValue(
            field=option, value=typed, expected=text("gui.value.whole_number", lang)
        ) from None


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
        compulsory = _hours(values["compulsory"], "--compulsory", ctx.lang)
        elective = _hours(values["elective"], "--elective", ctx.lang)
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
