"""系统维护 → 数据备份/恢复: the CLI's ``regsync backup`` and ``regsync restore``.

Backing up runs off the UI thread while the window stays usable (the copy is taken
online); restoring goes into a new folder, never over the open node.
"""

from __future__ import annotations

import tkinter as tk
from pathlib import Path
from tkinter import ttk

from regsync.core.operators import Action
from regsync.gui_tk.screen import Screen, ScreenContext
from regsync.gui_tk.services import Progress
from regsync.gui_tk.worker import Job


class BackupScreen(Screen):
    """备份到文件… and 从备份恢复到新目录…."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        self.job: Job[str] | None = None
        ttk.Label(self, text=ctx.t("msg.backup_help"), wraplength=760, justify="left").pack(
            anchor="w", pady=(0, 12)
        )
        row = ttk.Frame(self)
        row.pack(fill="x")
        self.backup_button = ttk.Button(row, text=ctx.t("btn.backup"), command=self.back_up)
        self.backup_button.pack(side="left")
        self.restore_button = ttk.Button(row, text=ctx.t("btn.restore"), command=self.restore)
        self.restore_button.pack(side="left", padx=6)
        self.result = ttk.Label(self, text="", wraplength=760, justify="left")
        self.result.pack(anchor="w", pady=12)

    def back_up(self) -> None:
        """备份到文件…: the file chosen by the clerk (never over an existing one)."""
        backup = self.ctx.shell.exchange.backup
        path = self.ctx.ask_save(self.ctx.t("btn.backup"), ".zip")
        if backup is None or not path:
            return

        def work(progress: Progress) -> str:
            return backup(Path(path))

        self.job = self.ctx.start(self.ctx.t("btn.backup"), work, self._done)

    def restore(self) -> None:
        """从备份恢复到新目录…: a backup file, then the new folder's name (administrators)."""
        if not self.ctx.allowed(Action.MAINTAIN):
            return
        restore = self.ctx.shell.exchange.restore
        source = self.ctx.ask_open(self.ctx.t("btn.restore"), ".zip")
        if restore is None or not source:
            return
        target = self.ctx.ask_save(self.ctx.t("btn.restore"), "")
        if not target:
            return

        def work(progress: Progress) -> str:
            return restore(Path(source), Path(target))

        self.job = self.ctx.start(self.ctx.t("btn.restore"), work, self._done)

    def _done(self, summary: str) -> None:
        self.result.configure(text=summary)
        self.ctx.notices.info(summary)
