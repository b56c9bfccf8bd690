"""``regsync backup`` and ``regsync restore`` (数据备份/恢复): see :mod:`regsync.app.backup`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from regsync.app.backup import make_backup, restore_backup
from regsync.app.bootstrap import Services
from regsync.app.cli.context import Context
from regsync.app.cli.render import Output, say
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
    shown = say("cli.backup.done", name=manifest.name, node=manifest.node_id, file=output,
                size=size)  # fmt: skip
    return Output(data, shown)


def cmd_restore(ctx: Context) -> Output:
    return restore_file(Path(ctx.args.file), ctx.home, ctx.environ, db_url=ctx.args.db)


def restore_file(
    path: Path, home: Path, environ: Mapping[str, str], *, db_url: str | None = None
) -> Output:
    """``regsync restore FILE --home NEW`` (CLI and window)."""
    manifest = restore_backup(path, home, environ, db_url=db_url)
    data = {"home": str(home), "node_id": manifest.node_id, "taken": manifest.taken,
            "heads": dict(manifest.heads), "must_catch_up": True}  # fmt: skip
    shown = say("cli.backup.restored", name=manifest.name, node=manifest.node_id,
                taken=manifest.taken, home=home)  # fmt: skip
    return Output(data, shown)
