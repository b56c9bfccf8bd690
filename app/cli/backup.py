"""``regsync backup`` and ``regsync restore`` (数据备份/恢复): see :mod:`regsync.app.backup`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from regsync.app.backup import make_backup, restore_backup
from regsync.app.bootstrap import Services
from regsync.app.cli.context import Context
from regsync.app.cli.render import Output
from regsync.app.errors import OutputExists


def cmd_backup(ctx: Context) -> Output:
    with ctx.services() as s:
        return backup_file(s, Path(ctx.args.output))


def backup_file(s: Services, output: Path) -> Output:
    """``regsync backup -o FILE`` (CLI and window)."""
    if output.exists():
        raise OutputExists(path=str(output))
    manifest = make_backup(s, output)
    size = output.stat().st_size
    data = {
        "file": str(output),
        "node_id": manifest.node_id,
        "taken": manifest.taken,
        "backend": manifest.backend,
        "bytes": size,
        "files": sorted(manifest.files),
    }
    return Output(
        data,
        f"已备份节点 {manifest.name}（{manifest.node_id}）到 {output}（{size} 字节，已核验）；"
        "请把备份文件保存在另一台电脑或U盘上",
    )


def cmd_restore(ctx: Context) -> Output:
    return restore_file(Path(ctx.args.file), ctx.home, ctx.environ, db_url=ctx.args.db)


def restore_file(
    path: Path, home: Path, environ: Mapping[str, str], *, db_url: str | None = None
) -> Output:
    """``regsync restore FILE --home NEW`` (CLI and window)."""
    manifest = restore_backup(path, home, environ, db_url=db_url)
    data = {"home": str(home), "node_id": manifest.node_id, "taken": manifest.taken,
            "heads": dict(manifest.heads), "must_catch_up": True}  # fmt: skip
    return Output(
        data,
        f"已把节点 {manifest.name}（{manifest.node_id}）于 {manifest.taken} 的备份恢复到 "
        f"{home}。注意：备份之后本节点发出的变更不在备份中，本节点先要取回它们才能录入或"
        "修改：请在线同步（regsync sync），或导入上级节点用 --resend 导出的数据包",
    )
