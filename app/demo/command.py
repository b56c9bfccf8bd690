"""``regsync demo [--dir DIR] [--enterprises N] [--json]`` (what ``make demo`` runs)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from regsync.app.cli.context import Context
from regsync.app.cli.render import Output
from regsync.app.demo.world import PASSPHRASE

Main = Callable[[Sequence[str], Mapping[str, str]], int]
"""The CLI's ``main(argv, environ)``: the story runs every step as a real command."""


def cmd_demo(ctx: Context, main: Main) -> Output:
    """Build the offices in ``--dir`` and run the story; progress goes to stderr."""
    # the whole program: only for the demo
    from regsync.app.demo.story import run_demo  # noqa: PLC0415

    a = ctx.args
    started = time.monotonic()

    def progress(line: str) -> None:
        print(f"[{time.monotonic() - started:6.1f}s] {line}", file=sys.stderr, flush=True)

    summary = run_demo(
        Path(a.dir).resolve(),
        enterprises=a.enterprises,
        environ=ctx.environ,
        main=main,
        progress=progress,
        http=not a.bundles_only,
    )
    return Output(summary, summary_text(summary))


def summary_text(s: dict[str, Any]) -> str:
    """The closing summary for people: counts, conflicts, files and where to look."""
    offices = s["offices"]
    lines = [
        "== 演示完成 demo finished ==",
        f"节点: 省级 1，地市 {offices['cities']}，企业 {offices['enterprises']}"
        f"（企业经数据包 {s['transport']['bundle']} 家，经 HTTP {s['transport']['http']} 家）",
        *(f"  同步服务 {node}: {url}" for node, url in s["transport"]["servers"].items()),
        "省级各状态申请数: " + "，".join(f"{k} {v}" for k, v in s["stages_at_province"].items()),
        "企业看到的状态: " + "，".join(f"{k} {v}" for k, v in s["stages_at_enterprises"].items()),
        f"个人版数据包经企业接收后上报: {s['personal_packages']} 份",
        f"计算机核查未通过（地市审核不通过）: {s['check_failure']}",
        f"拒绝接收后第 2 轮重新上报: {s['refused_and_resubmitted']}",
        f"冲突: {s['conflicts']['total']} 条，已处理 {s['conflicts']['resolved']} 条"
        f"（{s['conflicts']['resolution']}）",
        f"写出的文件 ({len(s['files'])}):",
        *(f"  {f}" for f in s["files"]),
        *(f"注意: {n}" for n in s["notes"]),
        "去哪里看 where to look:",
        *(f"  {k:<16} {v}" for k, v in s["where"].items()),
        f"  例: regsync query applications --home {s['where']['taiyuan']}",
        f"  例: regsync registry person list --home {s['where']['taiyuan']}",
        f"  例: regsync apply list --home {s['where']['first_enterprise']}",
        s["passphrase"],
        s["login"]["line"],
        f"  例: REGSYNC_PASSPHRASE='{PASSPHRASE}' regsync gui --home {s['where']['taiyuan']}"
        if "沿用" not in s["passphrase"]
        else f"  例: regsync gui --home {s['where']['taiyuan']}",
        f"共运行 {s['commands']} 条命令，用时 {s['seconds']} 秒",
    ]
    return "\n".join(lines)


def add_commands(sub: Any, add: Any, main: Main) -> None:
    """Register ``demo``; ``main`` is the CLI that runs the story's commands (handed in, so
    that this module does not import the CLI that imports it)."""
    p = add(
        sub,
        "demo",
        lambda ctx: cmd_demo(ctx, main),
        "build a province, 11 cities and N firms and run the whole story",
    )
    p.add_argument("--dir", default="demo-home", help="folder for the offices (default demo-home)")
    p.add_argument("--enterprises", type=int, default=20, help="number of enterprises (default 20)")
    p.add_argument(
        "--bundles-only", action="store_true", help="no local HTTP servers: every hop by bundle"
    )
