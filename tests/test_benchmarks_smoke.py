"""The import, memory and start-up benchmarks still run, at a tiny N, and results.py collects them.

Not figures (that is `make bench`): a check that the benchmarks and the collector work
after the code they drive has changed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_results_collects_the_import_and_memory_benchmarks(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "benchmarks/results.py", "--quick", "--only", "import,memory,startup",
         "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads((tmp_path / "results.json").read_text())
    cases = {row["case"] for row in results["benchmarks"]["import"]["data"]["rows"]}
    assert {"import-100cs", "import-1cs", "log-1cs", "export-100cs", "person-add"} <= cases
    assert {"import-100cs-floor", "import-1cs-floor"} <= cases
    memory = results["benchmarks"]["memory"]["data"]["rows"]
    assert [row["changes"] for row in memory] == [1000, 2000]
    assert all(row["peak_mb"] > 0 for row in memory)
    table = (tmp_path / "RESULTS.md").read_text()
    assert "| sqlite | import-1cs |" in table
    startup = results["benchmarks"]["startup"]
    assert startup["status"] == 0, startup["error"]
    assert "regsync --help" in startup["output"]
    assert "regsync status" in startup["output"]
