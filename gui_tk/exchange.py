"""数据交换 and 注册数据接收: import and export ``.bpz`` bundles off the UI thread.

The actions themselves are the CLI's (``regsync bundle import`` / ``export``), handed
in by ``app`` through :class:`~regsync.gui_tk.services.Exchange`; the shell only
chooses the file and the peer, shows progress, and lets the clerk cancel (an import
is applied in one transaction: a cancelled one writes nothing).
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Callable
from pathlib import Path
from tkinter import ttk

from regsync.gui_tk.screen import Screen, ScreenContext
from regsync.gui_tk.services import BundleImport, Progress
from regsync.gui_tk.worker import Job


class BundleImportScreen(Screen):
    """选择数据包 → 导入."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        self.job: Job[str] | None = None
        row = ttk.Frame(self)
        row.pack(fill="x")
        self.path = ttk.Entry(row, width=70)
        self.path.pack(side="left", padx=(0, 6))
        ttk.Button(row, text=ctx.t("btn.choose_file"), command=self.choose).pack(side="left")
        self.import_button = ttk.Button(row, text=ctx.t("btn.import"), command=self.start)
        self.import_button.pack(side="left", padx=6)
        self.result = ttk.Label(self, text="", wraplength=800, justify="left")
        self.result.pack(anchor="w", pady=12)

    def choose(self) -> None:
        """选择数据包."""
        chosen = self.ctx.ask_open(self.ctx.t("btn.choose_file"), ".bpz")
        if chosen:
            self.path.delete(0, "end")
            self.path.insert(0, chosen)

    def start(self) -> None:
        """导入 the chosen bundle (asks for the key passphrase when one is needed)."""
        path = Path(self.path.get().strip())
        action = self.action()

        def go(passphrase: str | None) -> None:
            def work(progress: Progress) -> str:
                return action(path, progress, passphrase)

            self.job = self.ctx.start(self.ctx.t("btn.import"), work, self._done)

        self.ctx.with_passphrase(go)

    def action(self) -> BundleImport:
        """What 导入 does with the file: import a sync bundle."""
        return self.ctx.shell.exchange.import_bundle

    def _done(self, summary: str) -> None:
        self.result.configure(text=summary)
        self.ctx.notices.info(summary)


class PackageImportScreen(BundleImportScreen):
    """企业版 注册数据接收: take in an applicant's personal package (个人版数据包).

    ``regsync receive-package`` (handed in by ``app``): the package is verified whole,
    then its drafts become the enterprise's, all or nothing.
    """

    trust_dialog: tk.Toplevel | None = None

    def action(self) -> BundleImport:
        """What 导入 does with the file: receive a personal package."""
        receive = self.ctx.shell.exchange.receive_package
        return receive if receive is not None else self.ctx.shell.exchange.import_bundle

    def start(self) -> None:
        """导入; a package from an applicant not trusted yet first shows the key
        fingerprint, and 信任并导入 trusts the applicant, then imports."""
        exchange = self.ctx.shell.exchange
        if exchange.package_sender is None or exchange.trust_sender is None:
            super().start()
            return
        path = Path(self.path.get().strip())
        try:
            unknown = exchange.package_sender(path)
        except Exception as exc:  # the CLI's message (no such file, not a package ...)
            self.ctx.notices.failed(exc)
            return
        if unknown is None:
            super().start()
            return
        self.trust_dialog = trust_dialog(self, *unknown, lambda: self._trust(path))

    def _trust(self, path: Path) -> None:
        trust = self.ctx.shell.exchange.trust_sender
        assert trust is not None
        try:
            summary = trust(path)
        except Exception as exc:
            self.ctx.notices.failed(exc)
            return
        self.ctx.notices.status(summary)
        super().start()


def trust_dialog(
    screen: Screen, sender: str, fingerprint: str, then: Callable[[], None]
) -> tk.Toplevel:
    """The applicant's key fingerprint, in groups, to compare; 信任并导入 or 取消."""
    ctx = screen.ctx
    dialog = tk.Toplevel(screen)
    dialog.title(ctx.t("trust.title"))
    dialog.transient(screen.winfo_toplevel())
    ttk.Label(dialog, text=ctx.t("trust.unknown", sender=sender), wraplength=520,
              justify="left").pack(padx=16, pady=(16, 8))  # fmt: skip
    shown = ttk.Label(dialog, text=fingerprint, font=("TkFixedFont", 18, "bold"))
    shown.pack(padx=16, pady=8)
    row = ttk.Frame(dialog)
    row.pack(pady=(0, 12))

    def confirmed() -> None:
        dialog.destroy()
        then()

    ttk.Button(row, text=ctx.t("trust.and_import"), command=confirmed).pack(side="left", padx=6)
    ttk.Button(row, text=ctx.t("btn.cancel"), command=dialog.destroy).pack(side="left")
    return dialog


class BundleExportScreen(Screen):
    """发送目标 → 导出: what the peer lacks, written to a bundle file."""

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        self.peers = ctx.shell.exchange.peers()
        self.job: Job[str] | None = None
        row = ttk.Frame(self)
        row.pack(fill="x")
        ttk.Label(row, text=ctx.t("field.peer")).pack(side="left")
        labels = [label for _, label in self.peers]
        self.peer = ttk.Combobox(row, values=labels, state="readonly", width=50)
        self.peer.set(labels[0] if labels else "")
        self.peer.pack(side="left", padx=6)
        self.export_button = ttk.Button(row, text=ctx.t("btn.export"), command=self.start)
        self.export_button.pack(side="left")
        self.result = ttk.Label(self, text="", wraplength=800, justify="left")
        self.result.pack(anchor="w", pady=12)

    def start(self) -> None:
        """导出 to a file chosen by the clerk."""
        peer = next((node for node, label in self.peers if label == self.peer.get()), None)
        if peer is None:
            self.ctx.notices.error(self.ctx.t("msg.no_peer"))
            return
        path = self.ctx.ask_save(self.ctx.t("btn.export"), ".bpz")
        if not path:
            return
        exchange = self.ctx.shell.exchange

        def go(passphrase: str | None) -> None:
            def work(progress: Progress) -> str:
                return exchange.export_bundle(peer, Path(path), progress, passphrase)

            self.job = self.ctx.start(self.ctx.t("btn.export"), work, self._done)

        self.ctx.with_passphrase(go)

    def _done(self, summary: str) -> None:
        self.result.configure(text=summary)
        self.ctx.notices.info(summary)


class OnlineSyncScreen(Screen):
    """在线同步: 服务器地址 → 同步 (push what the server lacks, pull what it has for us).

    ``regsync sync`` handed in by ``app``: the same session as the USB bundles, each
    received batch applied in one transaction, so a cancelled or cut sync loses
    nothing and the next one carries on.
    """

    def __init__(self, master: tk.Misc, ctx: ScreenContext) -> None:
        super().__init__(master, ctx)
        row = ttk.Frame(self)
        row.pack(fill="x")
        ttk.Label(row, text=ctx.t("field.server")).pack(side="left")
        self.server = ttk.Entry(row, width=50)
        self.server.insert(0, ctx.shell.exchange.server or "")
        self.server.pack(side="left", padx=6)
        self.sync_button = ttk.Button(row, text=ctx.t("btn.sync"), command=self.start)
        self.sync_button.pack(side="left")
        hint = ttk.Label(self, text=ctx.t("msg.sync_hint"), wraplength=800, justify="left")
        hint.pack(anchor="w", pady=(8, 0))
        self.result = ttk.Label(self, text="", wraplength=800, justify="left")
        self.result.pack(anchor="w", pady=12)

    def start(self) -> None:
        """同步 with the server in the entry (asks for the key passphrase when needed)."""
        self.ctx.sync_now(self.ctx.t("btn.sync"), self._done, self.server.get().strip())

    def _done(self, summary: str) -> None:
        self.result.configure(text=summary)
        self.ctx.notices.info(summary)
