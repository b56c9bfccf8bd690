"""地市版 申报审核 and 申报上报: the city's lists at one stage, ticked and acted on.

申报审核 lists the received submissions with their 信息提示 (warnings stay visible
while the clerk decides; 计算机核查 checks them again), opens one for 修改 on
double-click (the correction of ``regsync receive correct``) and writes reviews, once
the city's key opens, through :func:`regsync.core.usecases.city.review`.  申报上报
lists the passed ones and hands the ticked numbers to the CLI's own
``regsync forward send -o FILE`` (wired by ``app`` as
:attr:`~regsync.gui_tk.services.Exchange.forward_bundle`), so the window writes the
same bundle for the province and reports the same text.  Both are
:class:`~regsync.gui_tk.stage_list.StageScreen` lists.
"""

from __future__ import annotations

import tkinter as tk
from pathlib import Path

from regsync.core.operators import Action
from regsync.core.state import Stage
from regsync.core.usecases import city
from regsync.gui_tk.city_dialogs import correct_dialog
from regsync.gui_tk.forms import FieldSpec, FormDialog
from regsync.gui_tk.screen import ScreenContext
from regsync.gui_tk.services import Progress
from regsync.gui_tk.stage_list import StageScreen
from regsync.gui_tk.worker import Job


class ReviewScreen(StageScreen):
    """申报审核: tick received submissions, 审核 → 审核结果 / 审查人员 / 审查意见."""

    stage = Stage.RECEIVED

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        actions = (
            ("btn.check", self.refresh),  # the messages are computed as rows are read
            ("btn.review", self.review),
            ("btn.edit", self.correct),
        )
        super().__init__(master, ctx, actions)

    def details(self, number: str) -> None:
        """Double-click: the submission opened for 修改 (the seed: "可双击记录对“申请表”
        相应的信息进行修正"), with the validation of ``regsync receive correct``."""
        self.dialog = correct_dialog(self.ctx, number, self.refresh)

    def review(self) -> None:
        """Open the 审核 dialog for the ticked submissions, once the city's key (管理锁)
        opens, as ``regsync review pass|fail`` does."""
        numbers = self.ticked()
        if not numbers or not self.ctx.allowed(Action.REVIEW):
            return
        self.ctx.with_key(lambda: self._ask(numbers))

    def _ask(self, numbers: list[str]) -> None:
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
            t("gui.title.count", action=t("btn.review"), count=len(numbers)),
            fields,
            {"result": "passed", "reviewer": self.ctx.operator_name()},
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
            lines += [f"{r.application.number} [{self.ctx.t(f'severity.{m.severity}')}] "
                      f"{m.text(self.ctx.lang)}" for m in r.messages]  # fmt: skip
        self.done("\n".join(lines))


class ForwardScreen(StageScreen):
    """申报上报: tick passed submissions, 上报 → the bundle for the province in a file."""

    stage = Stage.CITY_PASSED

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx, (("btn.forward", self.forward),))
        self.job: Job[str] | None = None

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

            self.job = self.ctx.start(self.ctx.t("btn.forward"), work, self.done)

        self.ctx.with_passphrase(go)
