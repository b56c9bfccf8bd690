"""省级 人员出省: the province records that a registered person leaves Shanxi.

The records list (the ``leave-province`` query, 导出报表) with 登记出省: 身份证号,
调往省份, 出省日期 and 出省原因, written by :func:`regsync.core.usecases.registry.add_leave`
as ``regsync registry leave add`` writes it (the person's registrations here stop);
a refusal is the CLI's message beside the fields, nothing written.
"""

from __future__ import annotations

import datetime as dt
import tkinter as tk
from collections.abc import Callable

from regsync.core.fields import parse_value
from regsync.core.model import LeaveProvinceRecord
from regsync.core.usecases import registry
from regsync.gui_tk.forms import FieldSpec, FormDialog
from regsync.gui_tk.records import RecordQueryScreen
from regsync.gui_tk.screen import ScreenContext


class ProvinceLeaveScreen(RecordQueryScreen):
    """人员出省管理 (province): the records, 登记出省, 导出报表."""

    QUERY = "leave-province"

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        self.dialog: FormDialog | None = None
        super().__init__(master, ctx)

    def actions(self) -> list[tuple[str, Callable[[], object]]]:
        """登记出省 before 导出报表."""
        return [("btn.leave_add", self.new), *super().actions()]

    def new(self) -> None:
        """登记出省: the dialog of ``regsync registry leave add``."""
        t, s = self.ctx.t, self.ctx.shell.services
        fields = [
            FieldSpec("person", "field.leave_person"),
            FieldSpec("destination", "field.leave_destination"),
            FieldSpec("left_on", "field.leave_date"),
            FieldSpec("reason", "field.leave_reason"),
        ]

        def save(values: dict[str, str]) -> None:
            left_on = parse_value(LeaveProvinceRecord, "left_on", values["left_on"])
            assert left_on is None or isinstance(left_on, dt.date)
            with s.unit_of_work() as uow:
                record = registry.add_leave(
                    uow, s.ids, person_id=values["person"], left_on=left_on or s.today(),
                    destination=values["destination"], reason=values["reason"],
                    today=s.today(),
                )  # fmt: skip
                uow.commit()
            if self.dialog is not None:
                self.dialog.destroy()
                self.dialog = None
            self.ctx.notices.info(t("msg.leave_recorded", person=record.person_id_number))
            self.refresh()

        self.dialog = FormDialog(
            self.ctx.root, self.ctx.notices, t("btn.leave_add"), fields,
            {"left_on": s.today().isoformat()}, on_save=save,
        )  # fmt: skip
