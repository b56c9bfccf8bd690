"""``regsync demo [--dir DIR] [--enterprises N] [--json]`` (what ``make demo`` runs)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from regsync.app.cli.context import Context
from regsync.app.cli.render import Output, pairs_text
from regsync.app.demo.world import PASSPHRASE
from regsync.core import catalogue

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
        lang=a.lang,
    )
    return Output(summary, summary_text(summary, a.lang))


def summary_text(s: dict[str, Any], lang: str = "zh") -> str:
    """The closing summary for people: counts, conflicts, files and where to look."""

    def say(key: str, **params: object) -> str:
        return catalogue.text(key, lang, **params)

    def stage(code: str) -> str:
        key = f"cli.stage.{code}"
        return say(key) if catalogue.has(key) else code

    offices, where, sep = s["offices"], s["where"], say("demo.sep")
    servers = s["transport"]["servers"]
    example = f"REGSYNC_PASSPHRASE='{PASSPHRASE}' " if not s.get("passphrase_given") else ""
    lines = [
        say("demo.finished"),
        say("demo.offices", cities=offices["cities"], firms=offices["enterprises"],
            bundle=s["transport"]["bundle"], http=s["transport"]["http"]),
        *(say("demo.server", node=node, url=url) for node, url in servers.items()),
        say("demo.stages_province",
            stages=sep.join(f"{k} {v}" for k, v in s["stages_at_province"].items())),
        say("demo.stages_firms",
            stages=sep.join(f"{stage(k)} {v}" for k, v in s["stages_at_enterprises"].items())),
        say("demo.packages", count=s["personal_packages"]),
        say("demo.check_failed", number=s["check_failure"]),
        say("demo.resubmitted", number=s["refused_and_resubmitted"]),
        say("demo.conflicts", total=s["conflicts"]["total"], resolved=s["conflicts"]["resolved"],
            how=s["conflicts"]["resolution"]),
        say("demo.files", count=len(s["files"])),
        *(f"  {f}" for f in s["files"]),
        *(say("demo.note", note=n) for n in s["notes"]),
        say("demo.where"),
        pairs_text([(f"  {say(f'demo.where.{k}')}", v) for k, v in where.items()]),
        say("demo.example", command=f"regsync query applications --home {where['taiyuan']}"),
        say("demo.example", command=f"regsync registry person list --home {where['taiyuan']}"),
        say("demo.example", command=f"regsync apply list --home {where['first_enterprise']}"),
        s["passphrase"],
        s["login"]["line"],
        say("demo.example", command=f"{example}regsync gui --home {where['taiyuan']}"),
        say("demo.ran", commands=s["commands"], seconds=s["seconds"]),
    ]  # fmt: skip
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
