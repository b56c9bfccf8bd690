"""A CLI that starts at once (issue 19 item 6): what ``--help`` and ``status`` import.

Asserted on the set of modules a fresh interpreter holds after the command, not on a
time: the heavy libraries are imported only by the commands that use them, and the
schema check at start-up reads the revision without alembic.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from regsync.adapters.sql import migrate
from regsync.app.cli.main import build_parser, load_handler
from tests.conftest import Cli

HEAVY = ("reportlab", "openpyxl", "alembic", "sqlalchemy", "httpx", "uvicorn", "starlette")

_PROBE = """
import json, sys
from regsync.app.cli.main import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _imported(argv: list[str], env: dict[str, str] | None = None) -> set[str]:
    """The top-level packages a fresh interpreter holds after running ``regsync argv``."""
    return {name.split(".")[0] for name in _modules(argv, env)}


def _modules(argv: list[str], env: dict[str, str] | None = None) -> set[str]:
    """The modules a fresh interpreter holds after running ``regsync argv``."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, done.stderr
    return set(report["modules"])


def test_help_imports_no_heavy_library() -> None:
    loaded = _imported(["--help"])
    assert "regsync" in loaded  # the probe ran the program
    assert sorted(set(HEAVY) & loaded) == []


def test_status_imports_only_the_database_library(cli: Cli, tmp_path: Path) -> None:
    cli.ok("init", "--role", "personal", "--name", "张三")
    loaded = _imported(["status"], cli.env)
    # status reads the database (SQLAlchemy), checks its schema without alembic, and
    # prints no PDF, reads no workbook and opens no network connection.
    assert sorted(set(HEAVY) & loaded) == ["sqlalchemy"]


def test_a_sqlite_node_does_not_load_the_postgresql_dialect(cli: Cli) -> None:
    cli.ok("init", "--role", "personal", "--name", "张三")
    loaded = _modules(["status"], cli.env)
    assert "regsync.adapters.sqlite" in loaded  # the probe opened the node's database
    assert not {m for m in loaded if "postgres" in m or m.startswith("psycopg")}


def test_every_command_handler_can_be_loaded() -> None:
    """A ``"module:function"`` handler with a typo would fail only when run: load them all."""
    parser = build_parser()
    found = 0

    def walk(p: object) -> None:
        nonlocal found
        for action in getattr(p, "_actions", []):
            if not isinstance(action, argparse._SubParsersAction):
                continue
            for child in action.choices.values():
                if hasattr(child, "_defaults") and "handler" in child._defaults:
                    assert callable(load_handler(child._defaults["handler"]))
                    found += 1
                walk(child)

    walk(parser)
    assert found > 50


def test_handler_strings_name_their_module() -> None:
    assert load_handler("records:cmd_person_add").__name__ == "cmd_person_add"
    full = load_handler("regsync.app.cli.records:cmd_person_list")
    assert full.__name__ == "cmd_person_list"
    with pytest.raises(AttributeError):
        load_handler("records:no_such_command")


def test_revisions_read_without_alembic_equal_alembic_s() -> None:
    assert migrate.scanned_revisions() == migrate.alembic_revisions()
