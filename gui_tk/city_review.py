"""地市版 申报审核 and 申报上报: the city's lists at one stage, ticked and acted on.

申报审核 lists the received submissions with their 信息提示 (warnings stay visible
while the clerk decides) and writes reviews through
:func:`regsync.core.usecases.city.review`; 申报上报 lists the passed ones and hands
the ticked numbers to the CLI's own ``regsync forward send -o FILE`` (wired by
``app`` as :attr:`~regsync.gui_tk.services.Exchange.forward_bundle`), so the window
writes the same bundle for the province and reports the same text.

:class:`StageScreen` is also the base of the province's lists
(:mod:`regsync.gui_tk.province`): a subclass picks the stage, the columns and the
cells of a row; double-click shows a submission's data read-only with its messages.
"""

from __future__ import annotations

import dataclasses
import tkinter as tk
from collections.abc import Callable
from pathlib import Path
from tkinter import ttk

from regsync.core.checks.messages import CheckMessage
from regsync.core.model import Application
from regsync.core.state import Stage
from regsync.core.usecases import city
from regsync.core.usecases.applications import get_application
from regsync.core.usecases.listing import application_page
from regsync.gui_tk.forms import FieldSpec, FormDialog
from regsync.gui_tk.labels import application_cells, messages_cell, severity_tag
from regsync.gui_tk.listview import Column, PagedList, Row
from regsync.gui_tk.receiving import DETAIL_FIELDS
from regsync.gui_tk.screen import Screen, ScreenContext
from regsync.gui_tk.search import SearchBar
from regsync.gui_tk.services import Progress
from regsync.gui_tk.worker import Job

COLUMNS = (
    Column("number", "col.number", 160),
    Column("name", "col.name", 70),
    Column("kind", "col.kind", 80),
    Column("specialty", "col.specialty", 130),
    Column("enterprise", "col.enterprise", 190),
    Column("round", "col.round", 50),
    Column("messages", "col.messages", 320, stretch=True),
)


def detail_dialog(ctx: ScreenContext, number: str) -> FormDialog:
    """A submission's data, read-only, with its computer-check messages beside the fields
    (the fields of 申报接收's double-click)."""
    s = ctx.shell.services
    with s.unit_of_work() as uow:
        app = get_application(uow, number)
        messages = city.messages_of(uow, app, s.today(), s.rules)
    labels = {"number": "col.number", "person_id_number": "field.person"}
    fields = [FieldSpec(f, labels.get(f, f"field.{f}"), readonly=True) for f in DETAIL_FIELDS]
    values = {k: "" if v is None else str(v) for k, v in app.fields().items()}
    dialog = FormDialog(ctx.root, ctx.notices, number, fields, values, on_save=None)
    dialog.show_messages(messages)
    return dialog


class StageScreen(Screen):
    """Submissions at :attr:`stage`, a page at a time, each computer-checked.

    A city sees its own city's, the province every city's (the listing's scope).
    """

    stage: Stage = Stage.RECEIVED
    columns: tuple[Column, ...] = COLUMNS
    checkable = True  # a list without a batch action has no check column and no 全选

    def __init__(
        self,
        master: tk.Misc,
        ctx: ScreenContext,
        actions: tuple[tuple[str, Callable[[], object]], ...],
    ) -> None:
        super().__init__(master, ctx)
        self.dialog: FormDialog | None = None
        self.search = SearchBar(self, ctx.lang, self.refresh, stage=False)
        self.search.pack(fill="x", pady=(0, 6))
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(0, 6))
        self.table = PagedList(self, self.columns, ctx.lang, checkable=self.checkable)
        self.buttons: dict[str, ttk.Button] = {}
        select = (("btn.select_all", self.table.check_all),) if self.checkable else ()
        for key, command in (*select, *actions):
            self.buttons[key] = ttk.Button(bar, text=ctx.t(key), command=command)
            self.buttons[key].pack(side="left", padx=(0, 4))
        self.table.pack(fill="both", expand=True)
        self.table.on_open = self.details

    def cells(self, app: Application, messages: tuple[CheckMessage, ...]) -> tuple[str, ...]:
        """The cells of one row, in the order of :attr:`columns`."""
        number, name, kind, specialty, _stage, round_, unit = application_cells(app, self.ctx.lang)
        return (number, name, kind, specialty, unit, round_,
                messages_cell(messages, self.ctx.lang))  # fmt: skip

    def _page(self, after: str | None, limit: int) -> list[Row]:
        s = self.ctx.shell.services
        wanted = dataclasses.replace(self.search.filters(), stage=self.stage.value)
        rows = []
        with s.unit_of_work() as uow:
            for app in application_page(uow, after=after, limit=limit, filters=wanted):
                # Checked as the city checks (every firm's data): the same 信息提示 as the CLI.
                messages = city.messages_of(uow, app, s.today(), s.rules)
                rows.append(Row(app.number, self.cells(app, messages), severity_tag(messages)))
        return rows

    def refresh(self) -> None:
        """Read this stage's submissions again (and check them again)."""
        self.table.load(self._page)

    def details(self, number: str) -> None:
        """Double-click: the submission's data, read-only, with its messages."""
        self.dialog = detail_dialog(self.ctx, number)

    def ticked(self) -> list[str]:
        """The ticked numbers, or none after telling the clerk to tick some."""
        numbers = self.table.checked()
        if not numbers:
            self.ctx.notices.info(self.ctx.t("msg.none_checked"))
        return numbers


class ReviewScreen(StageScreen):
    """申报审核: tick received submissions, 审核 → 审核结果 / 审查人员 / 审查意见."""

    stage = Stage.RECEIVED

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx, (("btn.review", self.review),))
        self.summary = ttk.Label(self, text="", wraplength=900, justify="left")
        self.summary.pack(anchor="w", pady=(6, 0))

    def review(self) -> None:
        """Open the 审核 dialog for the ticked submissions."""
        numbers = self.ticked()
        if not numbers:
            return
        t = self.ctx.t
        fields = [
            FieldSpec("result", "field.result",
                      choices=(("passed", t("choice.passed")), ("failed", t("choice.failed")))),
            FieldSpec("reviewer", "field.reviewer"),
            FieldSpec("opinion", "field.opinion"),
        ]  # fmt: skip
        self.dialog = FormDialog(
            self.ctx.root,
            self.ctx.notices,
            f"{t('btn.review')}（{len(numbers)}）",
            fields,
            {"result": "passed"},
            on_save=lambda values: self._write(numbers, values),
        )

    def _write(self, numbers: list[str], values: dict[str, str]) -> None:
        # All or none (the use case checks every number first); a refusal such as a
        # pass over a computer-check error raises and FormDialog shows the CLI's text.
        s, passed = self.ctx.shell.services, values["result"] == "passed"
        with s.unit_of_work() as uow:
            results = city.review(
                uow, s.ids, numbers, passed=passed, reviewer=values["reviewer"],
                opinion=values["opinion"], today=s.today(), rules=s.rules,
            )  # fmt: skip
            uow.commit()
        verdict = self.ctx.t("choice.passed" if passed else "choice.failed")
        lines = [self.ctx.t("msg.reviewed", count=len(results), verdict=verdict)]
        for r in results:  # the warnings the review was written against stay in view
            lines += [f"{r.application.number} [{m.severity.value}] {m.text(self.ctx.lang)}"
                      for m in r.messages]  # fmt: skip
        self.summary.configure(text="\n".join(lines))
        if self.dialog is not None:
            self.dialog.destroy()
            self.dialog = None
        self.ctx.notices.info("\n".join(lines))
        self.refresh()


class ForwardScreen(StageScreen):
    """申报上报: tick passed submissions, 上报 → the bundle for the province in a file."""

    stage = Stage.CITY_PASSED

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx, (("btn.forward", self.forward),))
        self.job: Job[str] | None = None
        self.result = ttk.Label(self, text="", wraplength=900, justify="left")
        self.result.pack(anchor="w", pady=(6, 0))

    def forward(self) -> None:
        """上报 the ticked submissions to a bundle file chosen by the clerk."""
        send = self.ctx.shell.exchange.forward_bundle
        numbers = self.ticked()
        if not numbers or send is None:  # None: a shell without the CLI's actions (tests)
            return
        path = self.ctx.ask_save(self.ctx.t("btn.forward"), ".bpz")
        if not path:
            return

        def go(passphrase: str | None) -> None:
            def work(progress: Progress) -> str:
                return send(numbers, Path(path), progress, passphrase)

            self.job = self.ctx.start(self.ctx.t("btn.forward"), work, self._done)

        self.ctx.with_passphrase(go)

    def _done(self, summary: str) -> None:
        self.result.configure(text=summary)
        self.ctx.notices.info(summary)
        self.refresh()
