"""地市版 申报接收: the city's reported applications, computer-checked, and 接收.

The 信息提示 column shows the computer-check messages of each row (checked a page
at a time as the rows are fetched); 接收 receives the ticked rows, all or none,
through :func:`regsync.core.usecases.city.receive` as the CLI does.  Received rows leave
the list (the seed: they are found under 申报审核 afterwards).  修改 corrects one
submission before it is received, 删除/退回 turns it down with a reason
(:mod:`regsync.gui_tk.city_dialogs`).
"""

from __future__ import annotations

import tkinter as tk

from regsync.core.checks.messages import CheckMessage
from regsync.core.errors import CoreError
from regsync.core.model import Application
from regsync.core.state import Stage
from regsync.core.usecases import city
from regsync.gui_tk.city_dialogs import refuse_dialog
from regsync.gui_tk.labels import application_cells, messages_cell
from regsync.gui_tk.listview import Column
from regsync.gui_tk.screen import ScreenContext
from regsync.gui_tk.stage_list import StageScreen

# No stage or round column: every row here is a reported round waiting for receipt.
RECEIVE_COLUMNS = (
    Column("number", "col.number", 160),
    Column("name", "col.name", 70),
    Column("kind", "col.kind", 80),
    Column("specialty", "col.specialty", 130),
    Column("enterprise", "col.enterprise", 190),
    Column("messages", "col.messages", 320, stretch=True),
)


class ReceiveScreen(StageScreen):
    """申报接收: tick, 计算机核查, 接收; 修改 or 删除/退回 one submission."""

    stage = Stage.REPORTED
    columns = RECEIVE_COLUMNS

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        actions = (
            ("btn.check", self.refresh),  # the messages are computed as rows are read
            ("btn.receive", self.receive),
            ("btn.edit", self.correct),
            ("btn.refuse", self.refuse),
        )
        super().__init__(master, ctx, actions)

    def cells(self, app: Application, messages: tuple[CheckMessage, ...]) -> tuple[str, ...]:
        """The cells of one row, in the order of :data:`RECEIVE_COLUMNS`."""
        number, name, kind, specialty, _stage, _round, unit = application_cells(app, self.ctx.lang)
        return (number, name, kind, specialty, unit, messages_cell(messages, self.ctx.lang))

    def refuse(self) -> None:
        """删除/退回: refuse one submission with a reason the enterprise sees."""
        number = self._one()
        if number is not None:

            def ask() -> None:
                self.dialog = refuse_dialog(self.ctx, number, self.refresh)

            self.ctx.with_key(ask)

    def receive(self) -> None:
        """接收 the ticked applications, all or none, as ``regsync receive accept`` does
        (the city's key first; docs/decisions/0013-one-service-layer.md)."""
        ticked = self.table.checked()
        if not ticked:
            self.ctx.notices.info(self.ctx.t("msg.none_checked"))
            return
        self.ctx.with_key(lambda: self._receive(ticked))

    def _receive(self, ticked: list[str]) -> None:
        try:
            with self.ctx.shell.services.unit_of_work() as uow:
                done = city.receive(uow, ticked)
                uow.commit()
        except CoreError as exc:  # one refusal receives none: the clerk fixes the ticks
            self.ctx.notices.error(exc.message(self.ctx.lang))
        else:
            self.ctx.notices.info(self.ctx.t("msg.received", count=len(done)))
        self.refresh()
