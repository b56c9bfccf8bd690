"""省级版 注册审批管理: 申报受理, 注册审批 and 证书印章发放.

The three screens are :class:`~regsync.gui_tk.stage_list.StageScreen` lists of every
city's submissions at one stage, with the 地市 and 信息提示 columns:

* 申报受理 lists the forwarded submissions and imports a city's bundle right there
  (the CLI's ``regsync bundle import``, handed in by ``app``), off the UI thread;
* 注册审批 approves or rejects the ticked ones through
  :func:`regsync.core.usecases.province.decide` (``regsync decision approve|reject``);
* 证书印章发放 issues certificates and seals for the ticked approved ones through
  :func:`regsync.core.usecases.province.issue` (``regsync issue``) and shows the numbers
  as the CLI prints them.

Both batches are all or none: a refusal shows the CLI's message and writes nothing.
"""

from __future__ import annotations

import tkinter as tk
from pathlib import Path
from tkinter import ttk

from regsync.core.checks.cities import SHANXI_CITIES
from regsync.core.checks.messages import CheckMessage
from regsync.core.model import Application
from regsync.core.operators import Action
from regsync.core.state import Stage
from regsync.core.usecases import province
from regsync.gui_tk.forms import FieldSpec, FormDialog
from regsync.gui_tk.labels import application_cells, messages_cell
from regsync.gui_tk.listview import Column
from regsync.gui_tk.screen import ScreenContext
from regsync.gui_tk.services import Progress
from regsync.gui_tk.stage_list import COLUMNS, StageScreen
from regsync.gui_tk.worker import Job

# The city's columns with 地市 before 轮次: the province sees every city's submissions.
PROVINCE_COLUMNS = (*COLUMNS[:5], Column("city", "col.city", 60), *COLUMNS[5:])
ISSUED_COLUMNS = (
    ("number", "col.number", 160),
    ("name", "col.name", 80),
    ("certificate", "col.certificate", 170),
    ("seal", "col.seal", 170),
    ("valid_until", "field.valid_until", 100),
)


def city_label(code: str, lang: str) -> str:
    """The city's name (its code when it is not a Shanxi city)."""
    found = SHANXI_CITIES.get(code)
    if found is None:
        return code
    return found.en if lang == "en" else found.zh


class ProvinceStageScreen(StageScreen):
    """Every city's submissions at :attr:`stage`, with the 地市 column."""

    columns = PROVINCE_COLUMNS

    def cells(self, app: Application, messages: tuple[CheckMessage, ...]) -> tuple[str, ...]:
        """The cells of one row, in the order of :data:`PROVINCE_COLUMNS`."""
        lang = self.ctx.lang
        number, name, kind, specialty, _stage, round_, unit = application_cells(app, lang)
        return (number, name, kind, specialty, unit, city_label(app.city_code, lang), round_,
                messages_cell(messages, lang))  # fmt: skip


class AcceptScreen(ProvinceStageScreen):
    """申报受理: the forwarded submissions; 数据包导入 takes in a city's bundle here."""

    stage = Stage.FORWARDED
    checkable = False  # nothing is done to ticked rows here: approving is 注册审批's

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx, (("btn.bundle_import", self.import_bundle),))
        self.job: Job[str] | None = None

    def import_bundle(self) -> None:
        """数据包导入: choose a city's bundle and import it, with progress and 取消."""
        chosen = self.ctx.ask_open(self.ctx.t("btn.bundle_import"), ".bpz")
        if not chosen:
            return
        path, action = Path(chosen), self.ctx.shell.exchange.import_bundle

        def go(passphrase: str | None) -> None:
            def work(progress: Progress) -> str:
                return action(path, progress, passphrase)

            self.job = self.ctx.start(self.ctx.t("btn.bundle_import"), work, self.done)

        self.ctx.with_passphrase(go)


class ApproveScreen(ProvinceStageScreen):
    """注册审批: tick forwarded submissions, 批准 / 不批准 → 审批人 and 省级审批意见."""

    stage = Stage.FORWARDED

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        actions = (
            ("btn.approve", lambda: self.decide(approved=True)),
            ("btn.reject", lambda: self.decide(approved=False)),
        )
        super().__init__(master, ctx, actions)

    def decide(self, *, approved: bool) -> None:
        """Open the 审批 dialog for the ticked submissions."""
        numbers = self.ticked()
        if not numbers or not self.ctx.allowed(Action.REVIEW):
            return
        t = self.ctx.t
        verb = t("btn.approve" if approved else "btn.reject")
        fields = [FieldSpec("by", "field.by"), FieldSpec("opinion", "field.province_opinion")]
        self.dialog = FormDialog(
            self.ctx.root,
            self.ctx.notices,
            t("gui.title.count", action=verb, count=len(numbers)),
            fields,
            {"by": self.ctx.operator_name()},
            on_save=lambda values: self._write(numbers, approved, values),
        )

    def _write(self, numbers: list[str], approved: bool, values: dict[str, str]) -> None:
        # All or none: the use case checks every number (and the 审批人) before writing;
        # its refusal raises and FormDialog shows the CLI's text beside 审批人 or below.
        s = self.ctx.shell.services
        with s.unit_of_work() as uow:
            decisions = province.decide(
                uow, s.ids, numbers, approved=approved, decided_by=values["by"],
                opinion=values["opinion"], today=s.today(), rules=s.rules,
            )  # fmt: skip
            uow.commit()
        verdict = self.ctx.t("choice.approved" if approved else "choice.rejected")
        lines = [self.ctx.t("msg.decided", count=len(decisions), verdict=verdict)]
        # The CLI's lines (``regsync decision approve``): number, verdict, who decided.
        lines += [
            self.ctx.t("gui.province.decided_line", number=d.application_number, verdict=verdict,
                       by=d.decided_by)
            for d in decisions
        ]  # fmt: skip
        self.done("\n".join(lines))


class IssueScreen(ProvinceStageScreen):
    """证书印章发放: tick approved submissions, 发证; the numbers issued are shown below."""

    stage = Stage.APPROVED

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx, (("btn.issue", self.issue),))
        self.job: Job[list[province.Issued]] | None = None
        self.issued = ttk.Treeview(
            self, columns=[c[0] for c in ISSUED_COLUMNS], show="headings", height=6
        )
        for name, header, width in ISSUED_COLUMNS:
            self.issued.heading(name, text=ctx.t(header))
            self.issued.column(name, width=width, anchor="w")
        self.issued.pack(fill="x", pady=(6, 0))

    def issue(self) -> None:
        """发证 for the ticked submissions, off the UI thread (one transaction)."""
        numbers = self.ticked()
        if not numbers or not self.ctx.allowed(Action.REVIEW):
            return
        s = self.ctx.shell.services

        def work(progress: Progress) -> list[province.Issued]:
            progress(0, len(numbers))
            with s.unit_of_work() as uow:
                issued = province.issue(uow, s.ids, numbers, today=s.today(), rules=s.rules)
                # The last chance to cancel: a cancel here leaves the unit uncommitted.
                progress(len(issued), len(numbers))
                uow.commit()
            return issued

        self.job = self.ctx.start(self.ctx.t("btn.issue"), work, self._done)

    def _done(self, issued: list[province.Issued]) -> None:
        # What ``regsync issue`` prints: number, name, 证书编号, 印章编号, 有效期至.
        self.issued.delete(*self.issued.get_children())
        for x in issued:
            cells = (x.application.number, x.application.person_name,
                     x.certificate.certificate_number, x.seal.seal_number,
                     str(x.certificate.valid_until))  # fmt: skip
            self.issued.insert("", "end", iid=x.application.number, values=cells)
        self.done(self.ctx.t("msg.issued", count=len(issued)))

    def issued_rows(self) -> list[tuple[str, ...]]:
        """The rows of the issued table (what the clerk reads after 发证)."""
        names = [c[0] for c in ISSUED_COLUMNS]
        return [
            tuple(str(self.issued.set(k, n)) for n in names) for k in self.issued.get_children()
        ]
