"""个人版 数据录入 (one screen per kind), 样表打印 and 申报管理 (生成 the package).

The applicant enters drafts as the enterprise does (``new_application`` accepts the
personal role); a kind's screen lists and makes only that kind.  申报管理 ticks the
drafts and 生成 writes them as a package sealed to the enterprise whose card the
applicant chose: the CLI's own ``regsync package NUMBER... --to CARD -o FILE``,
handed in by ``app`` as :attr:`~regsync.gui_tk.services.Exchange.write_package`.
"""

from __future__ import annotations

import tkinter as tk
from pathlib import Path
from tkinter import ttk

from regsync.core.model import ApplicationKind
from regsync.gui_tk.applications import ApplicationsScreen
from regsync.gui_tk.screen import ScreenContext
from regsync.gui_tk.services import Progress
from regsync.gui_tk.worker import Job

ENTRY_ACTIONS = ("btn.new", "btn.edit", "btn.performance", "btn.check", "btn.delete", "btn.sample")


class InitialEntryScreen(ApplicationsScreen):
    """初始注册申请."""

    ACTIONS = ENTRY_ACTIONS
    KIND = ApplicationKind.INITIAL.value


class ChangeEntryScreen(ApplicationsScreen):
    """变更注册申请."""

    ACTIONS = ENTRY_ACTIONS
    KIND = ApplicationKind.CHANGE.value


class RenewalEntryScreen(ApplicationsScreen):
    """延续注册申请."""

    ACTIONS = ENTRY_ACTIONS
    KIND = ApplicationKind.RENEWAL.value


class AmendEntryScreen(ApplicationsScreen):
    """更改、补办申请."""

    ACTIONS = ENTRY_ACTIONS
    KIND = ApplicationKind.AMEND_REISSUE.value


class SampleScreen(ApplicationsScreen):
    """样表打印: proofs of the applicant's drafts (no barcode: not yet an application form)."""

    ACTIONS = ("btn.select_all", "btn.sample")


class DeclareScreen(ApplicationsScreen):
    """申报管理: tick the drafts, choose the enterprise's card, 生成 the package."""

    ACTIONS = ("btn.select_all", "btn.check")

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        self.job: Job[str] | None = None
        button = ttk.Button(self.toolbar, text=ctx.t("btn.package"), command=self.package)
        button.pack(side="left", padx=(0, 4))
        self.buttons["btn.package"] = button
        self.result = ttk.Label(self, text="", wraplength=900, justify="left")
        self.result.pack(anchor="w", pady=(6, 0))

    def package(self) -> None:
        """生成: the ticked drafts, sealed to the enterprise of the chosen card."""
        numbers = self._ticked()
        write = self.ctx.shell.exchange.write_package
        if not numbers or write is None:
            return
        card = self.ctx.ask_open(self.ctx.t("btn.choose_card"), ".card")
        if not card:
            return
        path = self.ctx.ask_save(self.ctx.t("btn.package"), ".bpz")
        if not path:
            return

        def go(passphrase: str | None) -> None:
            def work(progress: Progress) -> str:
                return write(numbers, Path(card), Path(path), progress, passphrase)

            self.job = self.ctx.start(self.ctx.t("btn.package"), work, self._done)

        self.ctx.with_passphrase(go)

    def _done(self, summary: str) -> None:
        self.result.configure(text=summary)
        self.ctx.notices.info(summary)
