"""How long the CLI takes to start: ``regsync --help`` and ``regsync status``.

Run: ``.venv/bin/python benchmarks/bench_startup.py [--repeat N] [--json FILE]``

Each command runs N times in a fresh interpreter (as a clerk's shell or the desktop
shortcut starts it), after ``python -c pass`` N times in the same run: the baseline is
the interpreter's own start.  Bytecode is written and used, as an installed program
runs (an environment with ``PYTHONDONTWRITEBYTECODE`` would compile every module at
every start, doubling the time); one untimed run of each command writes it.  Printed:
the median wall time of each, the difference (what regsync adds) and the ratio.
``status`` runs against a personal node created with ``regsync init`` in a scratch
home (untimed).  Goals (issue 19 item 6): ``--help``
<= 0.3 s and an ordinary command <= 0.5 s.  ``tests/test_cli_startup.py`` asserts the
modules these commands import, not their times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REGSYNC = [sys.executable, "-c", "from regsync.app.cli.main import run; run()"]


def median_seconds(argv: list[str], env: dict[str, str], repeat: int) -> float:
    subprocess.run(argv, env=env, check=True, capture_output=True)  # writes the .pyc files
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", type=Path, help="write the results to this file")
    args = parser.parse_args(argv)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as home:
        # As an installed program starts: from compiled bytecode (pip compiles a wheel's
        # modules at install; the first run of an editable install writes them).
        env = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "REGSYNC_HOME": home,
            "REGSYNC_PASSPHRASE": "bench passphrase 口令",
            "REGSYNC_LANG": "zh",
        }
        subprocess.run(
            [*REGSYNC, "init", "--role", "personal", "--name", "张三"],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        base = median_seconds([sys.executable, "-c", "pass"], env, args.repeat)
        print(f"regsync start-up: median of {args.repeat} runs each, fresh interpreters")
        print(f"python -c pass      {base:6.3f}s")
        for name, extra, goal in (("--help", ["--help"], 0.3), ("status", ["status"], 0.5)):
            seconds = median_seconds([*REGSYNC, *extra], env, args.repeat)
            ratio = seconds / base
            rows.append({"case": name, "seconds": seconds, "baseline_seconds": base,
                         "ratio": ratio, "goal": f"<= {goal} s"})  # fmt: skip
            verdict = "met" if seconds <= goal else "NOT met"
            print(
                f"regsync {name:11} {seconds:6.3f}s  {ratio:5.2f}x python -c pass "
                f"(+{seconds - base:.3f}s)  goal <= {goal} s: {verdict}"
            )
    if args.json:
        args.json.write_text(json.dumps({"bench": "startup", "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
