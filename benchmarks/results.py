"""Run every benchmark, collect the results in results.json and render RESULTS.md.

Run: ``.venv/bin/python benchmarks/results.py [--quick] [--only NAME,...] [--out DIR]``
(``make bench`` runs it).  Each benchmark runs in its own process; the ones that
write ``--json`` give table rows (backend, case, seconds, ratio against the baseline
named beside it, goal), the others their printed output.  ``--quick`` runs each at a
tiny N: a smoke test that they all still work, not figures.  A benchmark that fails
is recorded as failed and the exit status is 1.  With ``--only``, the other
benchmarks' last results in ``results.json`` are kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# name -> (arguments for a full run, arguments for --quick, writes --json)
BENCHMARKS: dict[str, tuple[list[str], list[str], bool]] = {
    "import": (
        ["bench_import.py", "--changes", "100000", "--one-changes", "20000", "--writes", "500"],
        ["bench_import.py", "--changes", "300", "--writes", "5", "--backend", "sqlite"],
        True,
    ),
    "memory": (
        ["bench_memory.py", "--changes", "100000,1000000"],
        ["bench_memory.py", "--changes", "1000,2000"],
        True,
    ),
    "write": (
        ["bench_write.py", "--rows", "10000"],
        ["bench_write.py", "--rows", "200", "--backend", "sqlite", "--repeat", "1"],
        False,
    ),
    "sync": (
        ["bench_sync.py", "--changes", "100000"],
        ["bench_sync.py", "--changes", "300", "--backend", "sqlite"],
        False,
    ),
    "bpz": (
        ["bench_bpz.py"],
        ["bench_bpz.py", "--changes", "2000", "--repeat", "1", "--memory-changes", "0"],
        False,
    ),
    "http": (
        ["bench_http.py", "--changes", "1000", "--clients", "1,32", "--pull-changes", "10000"],
        [
            "bench_http.py",
            "--changes",
            "50",
            "--clients",
            "1,2",
            "--pull-changes",
            "100",
            "--repeat",
            "1",
        ],
        False,
    ),
    "province": (
        ["bench_province.py", "--scale", "1"],
        ["bench_province.py", "--scale", "0.01"],
        False,
    ),
    "trust": (
        ["bench_trust.py"],
        ["bench_trust.py", "--firms", "20", "--ranges", "5"],
        False,
    ),
    "startup": (
        ["bench_startup.py", "--repeat", "15"],
        ["bench_startup.py", "--repeat", "1"],
        False,
    ),
    "documents": (
        ["bench_documents.py"],
        ["bench_documents.py", "--forms", "2", "--rows", "50", "--repeat", "1"],
        False,
    ),
}


def run(name: str, quick: bool) -> dict[str, Any]:
    full, small, has_json = BENCHMARKS[name]
    argv = small if quick else full
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        command = [sys.executable, *argv, *(["--json", str(out)] if has_json else [])]
        proc = subprocess.run(command, cwd=HERE, capture_output=True, text=True, check=False)
        data = json.loads(out.read_text()) if has_json and out.exists() else None
    shown = " ".join([".venv/bin/python", f"benchmarks/{argv[0]}", *argv[1:]])
    print(f"== {name}: {shown} (exit {proc.returncode})", flush=True)
    print(proc.stdout, end="")
    if proc.returncode:
        print(proc.stderr, end="", file=sys.stderr)
    return {
        "command": shown,
        "status": proc.returncode,
        "output": proc.stdout,
        "error": proc.stderr[-2000:] if proc.returncode else "",
        "data": data,
    }


def render(results: dict[str, Any]) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Written by `benchmarks/results.py` on {results['when']} ({results['machine']}).",
        "Ratios are against the baseline named on the same row, measured in the same run.",
        "The machine may be shared: compare ratios from one run, not seconds across runs.",
        "",
    ]
    for name, r in results["benchmarks"].items():
        status = "ok" if r["status"] == 0 else f"FAILED (exit {r['status']})"
        lines += [f"## {name}: {status}", "", f"`{r['command']}`", ""]
        data = r["data"]
        if data and data.get("bench") == "import":
            lines += ["| backend | case | seconds | ratio | baseline | goal |", "|---" * 6 + "|"]
            for row in data["rows"]:
                lines.append(
                    f"| {row['backend']} | {row['case']} | {row['seconds']:.4f} | "
                    f"{row['ratio']:.2f}x | {row['baseline']} ({row['baseline_seconds']:.4f}s) "
                    f"| {row['goal']} |"
                )
        elif data and data.get("bench") == "memory":
            lines += [
                "| changes | peak RSS (MB) | import (s) | bundle (MB) | goal |",
                "|---" * 5 + "|",
            ]
            for row in data["rows"]:
                lines.append(
                    f"| {row['changes']} | {row['peak_mb']:.1f} | {row['seconds']:.1f} | "
                    f"{row['bundle_mb']:.1f} | < 300 MB, flat |"
                )
        else:
            lines += ["```", r["output"].rstrip() or "(no output)", "```"]
        if r["error"]:
            lines += ["", "```", r["error"].rstrip(), "```"]
        lines.append("")
    lines += [
        "Before/after figures of the paths around the sync (issue 19 items 4 and 6, measured by",
        "hand against the commit before them): [paths-before-after.md](paths-before-after.md).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="tiny N: a smoke test")
    parser.add_argument("--only", help=f"comma-separated, of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--out", type=Path, default=HERE, help="where results.json goes")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    previous: dict[str, Any] = {}
    stored = args.out / "results.json"
    if args.only and stored.exists():  # a partial run updates the rows it ran
        previous = json.loads(stored.read_text()).get("benchmarks", {})
    results = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "quick": args.quick,
        "benchmarks": previous | {name: run(name, args.quick) for name in names},
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    (args.out / "RESULTS.md").write_text(render(results))
    print(f"wrote {args.out / 'results.json'} and {args.out / 'RESULTS.md'}")
    return 1 if any(results["benchmarks"][name]["status"] for name in names) else 0


if __name__ == "__main__":
    sys.exit(main())
