"""The user install: the wheel with only ``regsync[gui]``, in a fresh virtual environment.

A firm's PC installs ``pip install 'regsync[gui]'``: no PostgreSQL driver, no sync
server, no pyscard.  This builds the wheel from the working tree, installs it with the
user extras into a new venv (pip may use its local wheel cache; it needs PyPI or a
mirror for what is not cached) and runs ``regsync --help`` and a two-firm demo by
bundles with it; the commands that need an extra say which.  The time and size of the
install go to test-output/install.json.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "test-output", "demo-*", "__pycache__", "*.egg-info",
    ".mypy_cache", ".ruff_cache", ".hypothesis", ".import_linter_cache", ".pytest_cache",
)  # fmt: skip
SERVER_SIDE = ("psycopg", "psycopg-binary", "uvicorn", "starlette", "pyscard")

pytestmark = pytest.mark.slow


def _run(argv: list[str], env: dict[str, str] | None = None, timeout: int = 600) -> str:
    done = subprocess.run(
        argv, env=env, capture_output=True, text=True, check=False, timeout=timeout
    )
    assert done.returncode == 0, f"{argv}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
    return done.stdout


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.fixture(scope="module")
def user_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel with ``[gui]`` only."""
    tmp = tmp_path_factory.mktemp("install")
    source = tmp / "src"
    shutil.copytree(ROOT, source, ignore=SKIP)
    wheels = tmp / "wheels"
    started = time.monotonic()
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels),
          str(source)])  # fmt: skip
    built = time.monotonic() - started
    (wheel,) = wheels.glob("regsync-*.whl")
    venv = tmp / "venv"
    started = time.monotonic()
    _run([sys.executable, "-m", "venv", str(venv)])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run([str(python), "-m", "pip", "install", "-q", f"{wheel}[gui]"])
    installed = time.monotonic() - started
    packages = json.loads(_run([str(python), "-m", "pip", "list", "--format", "json"]))
    report = {
        "wheel_build_s": round(built, 1),
        "venv_and_install_s": round(installed, 1),
        "wheel_bytes": wheel.stat().st_size,
        "venv_bytes": _size(venv),
        "packages": len(packages),
    }
    (ROOT / "test-output").mkdir(exist_ok=True)
    (ROOT / "test-output" / "install.json").write_text(json.dumps(report, indent=2) + "\n")
    return venv


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGSYNC_")}
    env.update(
        REGSYNC_HOME=str(tmp / "home"),
        REGSYNC_PASSPHRASE="演示口令 install test",
        REGSYNC_KDF="interactive",
    )
    return env


def test_no_server_side_package_is_installed(user_venv: Path) -> None:
    listed = _run([str(_bin(user_venv, "python")), "-m", "pip", "list", "--format", "json"])
    names = {p["name"].lower() for p in json.loads(listed)}
    assert "regsync" in names
    assert names.isdisjoint(SERVER_SIDE), names & set(SERVER_SIDE)


def test_help_and_the_window_entry_point(user_venv: Path, tmp_path: Path) -> None:
    out = _run([str(_bin(user_venv, "regsync")), "--help"], _env(tmp_path))
    assert "用法：regsync" in out  # zh by default
    assert _bin(user_venv, "regsync-gui").is_file()


def test_a_two_firm_demo_by_bundles(user_venv: Path, tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    _run([str(_bin(user_venv, "regsync")), "demo", "--dir", str(folder), "--enterprises", "2",
          "--bundles-only"], _env(tmp_path))  # fmt: skip
    assert list(folder.rglob("*.pdf")), "the demo printed no form"


def test_what_needs_an_extra_says_which(user_venv: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(_bin(user_venv, "regsync")), "--lang", "en", "serve"],
        env=_env(tmp_path), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "pip install 'regsync[server]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_province_folder_is_in_the_installed_package(user_venv: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(_bin(user_venv, "regsync")), "--lang", "en", "init", "--role", "enterprise",
         "--name", "太原市建筑设计研究院", "--province", "atlantis"],
        env=_env(tmp_path), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "no province directory atlantis" in done.stderr
    packaged = next(user_venv.rglob("site-packages/regsync/provinces"))
    assert (packaged / "README.txt").is_file()
    assert str(packaged) in done.stderr


def test_the_message_catalogue_is_in_the_installed_package(user_venv: Path, tmp_path: Path) -> None:
    locale = next(user_venv.rglob("site-packages/regsync/core/locale"))
    for lang in ("zh", "en"):
        assert (locale / lang / "LC_MESSAGES" / "regsync.mo").stat().st_size > 10_000
    done = subprocess.run(
        [str(_bin(user_venv, "regsync")), "init", "--help"],
        env=_env(tmp_path), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "在节点目录中创建节点" in done.stdout
