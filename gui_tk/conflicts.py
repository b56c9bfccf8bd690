"""冲突处理: the conflict ledger, and settling its entries (``regsync conflicts``).

Two nodes that wrote the same field between syncs leave an entry on every replica:
the record already holds the value that won by writer order, the entry keeps the
one that lost.  The clerk keeps the winner (保留当前值), takes the loser (采用落选值)
or types the value (手工设定); the resolution is a new write that travels like any
other, so every node sees the entry settled.
"""

from __future__ import annotations

import json
import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from regsync.core.catalogue import has, text
from regsync.core.errors import CoreError
from regsync.core.model import Conflict
from regsync.core.ports import UnitOfWork
from regsync.core.usecases import conflicts
from regsync.gui_tk.forms import FieldSpec, FormDialog
from regsync.gui_tk.listview import Column, PagedList, Row
from regsync.gui_tk.screen import Screen, ScreenContext

COLUMNS = (
    Column("record", "col.record", 230),
    Column("field", "col.field", 120),
    Column("kept", "col.kept_value", 210),
    Column("lost", "col.lost_value", 210),
    Column("status", "col.conflict_status", 150, stretch=True),
    Column("id", "col.conflict", 120),
)


def _shown(value: str) -> str:
    """A ledger value (JSON) as the clerk reads it."""
    loaded = json.loads(value)
    return "" if loaded is None else str(loaded)


def _label(key: str, fallback: str, lang: str) -> str:
    """A catalogue label when there is one (record kinds, fields), else the code."""
    return text(key, lang) if has(key) else fallback


class ConflictsScreen(Screen):
    """The ledger (open entries, or all), 保留当前值 / 采用落选值 / 手工设定."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        self.dialog: FormDialog | None = None
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(0, 6))
        self.include_resolved = tk.BooleanVar(value=False)
        ttk.Checkbutton(
            bar, text=ctx.t("field.include_resolved"), variable=self.include_resolved,
            command=self.refresh,
        ).pack(side="left", padx=(0, 8))  # fmt: skip
        self.table = PagedList(self, COLUMNS, ctx.lang)
        self.buttons: dict[str, ttk.Button] = {}
        for key, command in (
            ("btn.search", self.refresh),
            ("btn.select_all", self.table.check_all),
            ("btn.keep_local", lambda: self.settle(conflicts.TAKE_LOCAL)),
            ("btn.take_remote", lambda: self.settle(conflicts.TAKE_REMOTE)),
            ("btn.set_value", self.set_value),
        ):
            self.buttons[key] = ttk.Button(bar, text=ctx.t(key), command=command)
            self.buttons[key].pack(side="left", padx=(0, 4))
        self.table.tree.tag_configure("open", foreground="#b00020")
        self.table.pack(fill="both", expand=True)
        self.table.on_open = self.set_value_of

    def _row(self, uow: UnitOfWork, c: Conflict) -> Row:
        t, lang = self.ctx.t, self.ctx.lang
        record = _label(f"record.{c.record_kind}", c.record_kind, lang)
        field = (
            t("msg.whole_record") if c.field == "*" else _label(f"field.{c.field}", c.field, lang)
        )
        kept = t("gui.conflicts.value_by", value=_shown(c.kept_value),
                 writer=conflicts.writer_name(uow, c.kept_origin))  # fmt: skip
        lost = t("gui.conflicts.value_by", value=_shown(c.lost_value),
                 writer=conflicts.writer_name(uow, c.lost_origin))  # fmt: skip
        status = (t("gui.conflicts.resolved_how", resolved=t("msg.resolved"),
                    resolution=c.resolution) if c.resolved
                  else t("msg.unresolved"))  # fmt: skip
        cells = (f"{record} {c.record_key}", field, kept, lost, status, c.id)
        return Row(c.id, cells, () if c.resolved else ("open",))

    def _page(self, after: str | None, limit: int) -> list[Row]:
        # The ledger is short (one entry per concurrently written field): read it whole.
        with self.ctx.shell.services.unit_of_work() as uow:
            found = conflicts.list_conflicts(uow, include_resolved=self.include_resolved.get())
            ordered = sorted(found, key=lambda c: c.id)
            page = [c for c in ordered if after is None or c.id > after][:limit]
            return [self._row(uow, c) for c in page]

    def refresh(self) -> None:
        """Read the ledger again."""
        self.table.load(self._page)

    def _write(self, action: Callable[[UnitOfWork], object]) -> bool:
        """``action`` in one transaction; a refusal is shown in the CLI's words, nothing written."""
        try:
            with self.ctx.shell.services.unit_of_work() as uow:
                action(uow)
                uow.commit()
        except CoreError as exc:
            self.ctx.notices.failed(exc)
            return False
        return True

    def settle(self, take: str) -> None:
        """保留当前值 / 采用落选值 for every ticked entry, all or none."""
        ids = self.table.checked()
        if not ids:
            self.ctx.notices.info(self.ctx.t("msg.none_checked"))
            return
        by = self.ctx.shell.services.node.node_id  # as ``regsync conflicts resolve`` records

        def each(uow: UnitOfWork) -> None:
            for conflict_id in ids:
                conflicts.resolve_conflict(uow, conflict_id, take=take, resolved_by=by)

        if self._write(each):
            self.ctx.notices.info(self.ctx.t("msg.conflicts_resolved", count=len(ids)))
            self.refresh()

    def set_value(self) -> None:
        """手工设定 the value of the highlighted (or ticked) entry."""
        key = self.table.selected() or next(iter(self.table.checked()), None)
        if key is None:
            self.ctx.notices.info(self.ctx.t("msg.select_one"))
        else:
            self.set_value_of(key)

    def set_value_of(self, conflict_id: str) -> None:
        """Double-click: the entry in a dialog, its value typed in by the clerk."""
        with self.ctx.shell.services.unit_of_work() as uow:
            c = conflicts.get_conflict(uow, conflict_id)
        fields = [
            FieldSpec("field", "col.field", readonly=True),
            FieldSpec("kept", "col.kept_value", readonly=True),
            FieldSpec("lost", "col.lost_value", readonly=True),
            FieldSpec("value", "field.new_value"),
        ]
        values = {"field": c.field, "kept": _shown(c.kept_value),
                  "lost": _shown(c.lost_value), "value": _shown(c.kept_value)}  # fmt: skip
        by = self.ctx.shell.services.node.node_id

        def save(typed: dict[str, str]) -> None:
            def write(uow: UnitOfWork) -> None:
                conflicts.resolve_conflict(
                    uow, c.id, values={c.field: typed["value"]}, resolved_by=by
                )

            # A refusal (a value of the wrong form, a whole-record entry) raises and the
            # dialog shows the CLI's text; it stays open for another try.
            with self.ctx.shell.services.unit_of_work() as uow:
                write(uow)
                uow.commit()
            if self.dialog is not None:
                self.dialog.destroy()
                self.dialog = None
            self.ctx.notices.info(self.ctx.t("msg.conflicts_resolved", count=1))
            self.refresh()

        record = _label(f"record.{c.record_kind}", c.record_kind, self.ctx.lang)
        title = self.ctx.t("gui.title.about", action=self.ctx.t("btn.set_value"),
                           what=f"{record} {c.record_key}")  # fmt: skip
        self.dialog = FormDialog(
            self.ctx.root, self.ctx.notices, title, fields, values, on_save=save
        )
