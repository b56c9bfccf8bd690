"""数据备案管理 → 二级注册人员 (province): the register filed from before go-live.

The list is ``regsync query filed-registrations``; 导入 checks a sheet and lists its
bad rows with row and column, then 全部导入 / 只导入正确行 (``regsync filing
register-import [--only-good]``); 新增 and 更正 are the forms of ``register-add`` and
``register-correct`` (双击 a row opens 更正 filled in).  A refusal stays beside the
field it names and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import tkinter as tk
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from regsync.core.model import Certificate, Specialty
from regsync.core.ports import UnitOfWork
from regsync.core.usecases import register_filing
from regsync.core.usecases.register_filing import FilingImport, RowProblem
from regsync.core.usecases.register_sheet import OPTIONS
from regsync.gui_tk.filings import SheetImportScreen
from regsync.gui_tk.forms import FieldSpec, FormDialog
from regsync.gui_tk.labels import specialty_choices, specialty_label
from regsync.gui_tk.records import ID_FILTER, SPECIALTY_FILTER, Filter
from regsync.gui_tk.screen import ScreenContext

# The form's fields: the CLI's options (so a refusal naming --seal lands beside 印章编号)
# and their labels; the sheet's column each carries is the one :data:`OPTIONS` names.
FIELDS = (
    ("person", "col.id_number"), ("name", "col.name"), ("specialty", "col.specialty"),
    ("certificate", "col.certificate"), ("seal", "rec.col.seal_no"),
    ("issued", "rec.col.issued_on"), ("valid_until", "field.valid_until"),
    ("employer", "rec.filter.uscc"),
)  # fmt: skip
COLUMNS = {
    option.removeprefix("--").replace("-", "_"): column for column, option in OPTIONS.items()
}
_CORRECTABLE = ("certificate", "seal", "issued", "valid_until", "employer")
# A specialty cell as shown (in either language) -> its value.
_SPECIALTY_BY_LABEL = {
    specialty_label(s.value, lang): s.value for s in Specialty for lang in ("zh", "en")
}


class FiledRegistrationsScreen(SheetImportScreen):
    """二级注册人员: the filed register; 导入, 全部导入, 只导入正确行, 新增, 更正, 导出报表."""

    QUERY = "filed-registrations"
    FILTERS = (ID_FILTER, SPECIALTY_FILTER, Filter("uscc", "rec.filter.uscc"))
    CHECKING = "rec.filed_check"

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        self.dialog: FormDialog | None = None
        super().__init__(master, ctx)
        self.table.on_open = self.correct_row

    def actions(self) -> list[tuple[str, Callable[[], object]]]:
        """导入 …, then 新增 and 更正, then 导出报表."""
        *imports, export = super().actions()
        return [*imports, ("btn.new", self.new), ("btn.correct", self.correct), export]

    def check_sheet(
        self, header: Sequence[object], rows: Iterable[Sequence[object]], today: dt.date
    ) -> tuple[int, list[RowProblem]]:
        """The sheet's own checks (columns, formats, dates); the register's at import."""
        s = self.ctx.shell.services
        good, bad = register_filing.parse_rows(header, rows, today=today, rules=s.rules)
        return len(good), bad

    def import_rows(
        self,
        uow: UnitOfWork,
        header: Sequence[object],
        rows: Iterable[Sequence[object]],
        *,
        only_good: bool,
    ) -> FilingImport:
        """``regsync filing register-import [--only-good]``."""
        s = self.ctx.shell.services
        return register_filing.import_register(
            uow, s.ids, header, rows, only_good=only_good, today=s.today(), rules=s.rules
        )

    def imported_message(self, result: Any) -> str:
        """已备案：新增 …, 更新 …, 跳过错误行 …."""
        assert isinstance(result, FilingImport)
        return self.ctx.t(
            "rec.filed_imported",
            added=result.added,
            updated=result.updated,
            skipped=len(result.errors),
        )

    def new(self) -> None:
        """新增: every field of ``regsync filing register-add``."""
        self.dialog = self._form("btn.new", {"specialty": Specialty.ARCHITECT.value}, add=True)

    def correct(self) -> None:
        """更正: the selected row's registration (or an empty form to type one)."""
        key = self.table.selected()
        if key is None:
            self.dialog = self._form("btn.correct", {}, add=False)
        else:
            self.correct_row(key)

    def correct_row(self, key: str) -> None:
        """双击记录: 更正 of that row, filled in."""
        values = {name: self.cell(key, COLUMNS[name]) for name, _ in FIELDS}
        values["specialty"] = _SPECIALTY_BY_LABEL.get(values["specialty"], values["specialty"])
        self.dialog = self._form("btn.correct", values, add=False)

    def _form(self, title: str, values: dict[str, str], *, add: bool) -> FormDialog:
        ctx, s = self.ctx, self.ctx.shell.services
        fields = [
            FieldSpec(name, label, choices=specialty_choices(ctx.lang))
            if name == "specialty"
            else FieldSpec(name, label, readonly=not add and name == "name")
            for name, label in FIELDS
        ]
        dialog: FormDialog

        def save(typed: dict[str, str]) -> None:
            for label in dialog.message_labels.values():  # the last refusal's text goes
                label.configure(text="")
            by_column = {COLUMNS[name]: typed[name] for name, _ in FIELDS}
            with s.unit_of_work() as uow:
                cert: Certificate
                if add:
                    cert = register_filing.file_registration(
                        uow, s.ids, by_column, today=s.today(), rules=s.rules
                    )
                else:
                    # Only what the clerk changed is a correction.
                    changes = {
                        COLUMNS[name]: typed[name]
                        for name, _ in FIELDS
                        if name in _CORRECTABLE and typed[name] != values.get(name)
                    }
                    cert = register_filing.correct_registration(
                        uow, s.ids, person_id=typed["person"], specialty=typed["specialty"],
                        changes=changes, today=s.today(), rules=s.rules,
                    )  # fmt: skip
                uow.commit()
            dialog.destroy()
            key = "rec.filed_added" if add else "rec.filed_corrected"
            number = cert.certificate_number
            ctx.notices.info(ctx.t(key, person=cert.person_id_number, number=number))
            self.refresh()

        dialog = FormDialog(ctx.root, ctx.notices, ctx.t(title), fields, values, on_save=save)
        return dialog
