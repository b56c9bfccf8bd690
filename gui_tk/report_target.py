"""在线上报 → 选择发送目标 → 确定: the city a firm reports to, where it may report to
more than one (its trust store holds more than one city's certificate).

The chosen city gets the reported rounds as a bundle written for it (``regsync report
--via bundle --to PEER -o FILE``: what it lacks, through the same export as 数据包导出),
written off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from regsync.gui_tk.forms import FieldSpec, FormDialog
from regsync.gui_tk.screen import ScreenContext
from regsync.gui_tk.services import Progress


def choose_target(
    ctx: ScreenContext, targets: list[tuple[str, str]], then: Callable[[], None]
) -> FormDialog:
    """The 选择发送目标 dialog; 保存 (确定) asks for the file and writes the bundle."""
    export = ctx.shell.exchange.export_bundle
    fields = [FieldSpec("target", "field.target", choices=tuple(targets))]
    dialog: FormDialog

    def chosen(values: dict[str, str]) -> None:
        peer = values["target"]
        path = ctx.ask_save(ctx.t("msg.choose_target"), ".bpz")
        if not path:
            return
        dialog.destroy()

        def go(passphrase: str | None) -> None:
            def work(progress: Progress) -> str:
                return export(peer, Path(path), progress, passphrase)

            def done(summary: str) -> None:
                ctx.notices.info(summary)
                then()

            ctx.start(ctx.t("msg.choose_target"), work, done)

        ctx.with_passphrase(go)

    dialog = FormDialog(ctx.root, ctx.notices, ctx.t("msg.choose_target"), fields,
                        {"target": targets[0][0]}, on_save=chosen)  # fmt: skip
    return dialog
