"""``deploy/``: the systemd unit passes ``systemd-analyze verify`` and the container
recipe names files that exist and a command regsync accepts.

(No container engine runs on the test machine -- docker's client is there, no daemon --
so the recipe is checked here and built by hand: docs/operations.md.)
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from regsync.app.cli.main import shared_parser
from regsync.app.serve_secret import CREDENTIAL_PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "deploy" / "regsync.service"
CONTAINERFILE = ROOT / "deploy" / "Containerfile"
INSTALLED = "/opt/regsync/bin/regsync"


def _installed_here(tmp_path: Path, text: str) -> Path:
    """The unit with the program where this checkout installed it (verify checks that
    ExecStart's program exists and is executable)."""
    regsync = Path(sys.executable).parent / "regsync"
    assert regsync.is_file()
    unit = tmp_path / "regsync.service"
    unit.write_text(text.replace(INSTALLED, str(regsync)), encoding="utf-8")
    return unit


def _verify(unit: Path) -> subprocess.CompletedProcess[str]:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: install the Debian package systemd"
    return subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, check=False, timeout=60
    )


def test_the_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    done = _verify(_installed_here(tmp_path, UNIT.read_text(encoding="utf-8")))
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "", done.stderr  # no warnings either


def test_verify_would_catch_a_broken_unit(tmp_path: Path) -> None:
    """The check above can fail: a misspelt directive is reported."""
    broken = UNIT.read_text(encoding="utf-8").replace("ExecStart=", "ExecStrat=")
    done = _verify(_installed_here(tmp_path, broken))
    assert done.returncode != 0 or "ExecStrat" in done.stderr


def _directives(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


def test_the_unit_starts_serve_with_the_credential_serve_reads() -> None:
    unit = _directives(UNIT.read_text(encoding="utf-8"))
    (start,) = unit["ExecStart"]
    argv = shlex.split(start)
    assert argv[0] == INSTALLED
    args = shared_parser().parse_args(argv[1:])
    assert args.command == "serve"
    assert args.workers >= 2  # the case the credentials file exists for
    (credential,) = unit["LoadCredential"]
    assert credential.split(":", 1)[0] == CREDENTIAL_PASSPHRASE
    assert not any("PASSPHRASE" in e for e in unit.get("Environment", []))
    assert args.home == f"/var/lib/{unit['StateDirectory'][0]}"


def _instructions(text: str) -> list[tuple[str, str]]:
    """The Containerfile's instructions, continuation lines joined."""
    joined = text.replace("\\\n", " ")
    found = []
    for raw in joined.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def test_the_container_recipe_copies_files_that_exist_and_runs_serve() -> None:
    steps = _instructions(CONTAINERFILE.read_text(encoding="utf-8"))
    known = {"FROM", "WORKDIR", "COPY", "RUN", "ENV", "USER", "VOLUME", "EXPOSE",
             "STOPSIGNAL", "HEALTHCHECK", "ENTRYPOINT", "CMD"}  # fmt: skip
    assert {word for word, _ in steps} <= known
    assert steps[0][0] == "FROM"
    copied = [rest.split() for word, rest in steps if word == "COPY" and "--from" not in rest]
    assert copied
    for parts in copied:
        for source in parts[:-1]:
            assert (ROOT / source).exists(), f"COPY {source}: no such file in the repository"
    packages = {"core", "sync", "packages_bpz", "adapters", "app"}
    assert packages <= {parts[0] for parts in copied}
    (entry,) = [json.loads(rest) for word, rest in steps if word == "ENTRYPOINT"]
    (cmd,) = [json.loads(rest) for word, rest in steps if word == "CMD"]
    assert entry == ["regsync"]
    args = shared_parser().parse_args(cmd)
    assert args.command == "serve"
    assert args.host == "0.0.0.0"
    env = " ".join(rest for word, rest in steps if word == "ENV")
    assert "CREDENTIALS_DIRECTORY=/run/secrets" in env
    assert "PASSPHRASE" not in env
    assert ("USER", "regsync") in steps
