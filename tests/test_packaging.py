"""The root folders map into regsync.*, and the explicit package list misses none."""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = CONFIG["tool"]["setuptools"]


def _package_folders() -> set[str]:
    folders = set()
    for top in ("core", "sync", "packages_bpz", "adapters", "gui_tk", "app"):
        for marker in ("__init__.py", "__main__.py"):  # __main__: python -m regsync
            for found in (ROOT / top).rglob(marker):
                folders.add(found.parent.relative_to(ROOT).as_posix())
    return folders


def test_every_package_folder_is_listed_and_mapped() -> None:
    mapped = {folder: name for name, folder in SETUPTOOLS["package-dir"].items()}
    assert _package_folders() == set(mapped), "package-dir and the folders disagree"
    assert set(SETUPTOOLS["packages"]) == set(mapped.values())


def test_required_top_level_folders_exist() -> None:
    for folder in ("core", "sync", "packages_bpz", "adapters/sqlite", "adapters/postgres",
                   "gui_tk", "tests", "benchmarks"):  # fmt: skip
        assert (ROOT / folder).is_dir(), folder


def test_packages_import_under_the_namespace() -> None:
    for name in SETUPTOOLS["packages"]:
        module = importlib.import_module(name)
        assert module.__name__ == "regsync" or module.__name__.startswith("regsync.")


def test_python_dash_m_regsync_is_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "regsync", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "用法：regsync" in done.stdout  # zh by default


def test_migrations_ship_with_the_package() -> None:
    from regsync.adapters.sql.migrate import head_revision, known_revisions

    assert head_revision() in known_revisions()
    assert {"0001", "0002"} <= known_revisions()
