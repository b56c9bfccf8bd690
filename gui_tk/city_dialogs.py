"""地市版 申报接收's 修改 and 删除/退回 dialogs: correct a submission, or turn it down.

Both work on one submission that has reached the city and call the use cases of
``regsync receive correct`` / ``regsync receive refuse``
(:func:`regsync.core.usecases.city.correct`, :func:`~regsync.core.usecases.city.refuse`),
so a refusal shows the CLI's message.  Nothing is deleted by 删除: the round ends as
市级审核不通过 with the reason, which the enterprise reads before reporting again.
"""

from __future__ import annotations

from collections.abc import Callable

from regsync.core.fields import parse_value
from regsync.core.model import Application, Value
from regsync.core.usecases import city
from regsync.core.usecases.applications import EDITABLE_APPLICATION_FIELDS, get_application
from regsync.gui_tk.forms import FieldSpec, FormDialog
from regsync.gui_tk.screen import ScreenContext


def correct_dialog(ctx: ScreenContext, number: str, then: Callable[[], None]) -> FormDialog:
    """修改 → 保存: the editable fields; only those the clerk changed are written."""
    s = ctx.shell.services
    with s.unit_of_work() as uow:
        app = get_application(uow, number)
        messages = city.messages_of(uow, app, s.today(), s.rules)
    fields = [
        FieldSpec("number", "col.number", readonly=True),
        FieldSpec("person_id_number", "field.person", readonly=True),
        *(FieldSpec(name, f"field.{name}") for name in EDITABLE_APPLICATION_FIELDS),
    ]
    shown = {k: "" if v is None else str(v) for k, v in app.fields().items()}
    dialog: FormDialog

    def save(values: dict[str, str]) -> None:
        # Unchanged fields are left alone (as ``--set`` names only what changes); no
        # change at all is refused by the use case, with the CLI's message.
        changed: dict[str, Value] = {
            name: parse_value(Application, name, values[name])
            for name in EDITABLE_APPLICATION_FIELDS
            if values[name] != shown.get(name, "")
        }
        with s.unit_of_work() as uow:
            corrected = city.correct(uow, number, changed, s.entry())
            found = city.messages_of(uow, corrected, s.today(), s.rules)
            uow.commit()
        shown.update({k: "" if v is None else str(v) for k, v in corrected.fields().items()})
        dialog.show_messages(found)  # the check again, on the corrected data
        ctx.notices.status(ctx.t("msg.saved", what=number))
        then()

    dialog = FormDialog(
        ctx.root, ctx.notices, f"{ctx.t('btn.edit')} {number}", fields, shown, on_save=save
    )
    dialog.show_messages(messages)
    return dialog


def refuse_dialog(ctx: ScreenContext, number: str, then: Callable[[], None]) -> FormDialog:
    """删除/退回: the reason (the enterprise sees it) and the clerk who refuses."""
    s = ctx.shell.services
    fields = [
        FieldSpec("number", "col.number", readonly=True),
        FieldSpec("reason", "field.refuse_reason"),
        FieldSpec("clerk", "field.clerk"),
    ]
    dialog: FormDialog

    def save(values: dict[str, str]) -> None:
        with s.unit_of_work() as uow:
            review = city.refuse(
                uow, s.ids, number, reason=values["reason"], clerk=values["clerk"],
                today=s.today(),
            )  # fmt: skip
            uow.commit()
        dialog.destroy()
        # The CLI's own summary line (``regsync receive refuse``).
        ctx.notices.info(
            ctx.t("gui.receive.refused", number=review.application_number, opinion=review.opinion)
        )
        then()

    dialog = FormDialog(
        ctx.root,
        ctx.notices,
        f"{ctx.t('btn.refuse')} {number}",
        fields,
        {"number": number},
        on_save=save,
    )
    return dialog
