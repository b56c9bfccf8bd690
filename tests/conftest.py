"""Shared fixtures: database backends (SQLite file, real PostgreSQL) and the CLI runner."""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

PG_ADMIN_URL = os.environ.get("REGSYNC_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_required() -> bool:
    # `make test` and CI must run the PostgreSQL tests; only a bare local pytest may skip.
    return os.environ.get("REGSYNC_REQUIRE_PG") == "1" or os.environ.get("CI") == "true"


def tmpfs_required() -> bool:
    """`make test` and CI must run the full-disk tests on a real small tmpfs (mounting
    needs root); only a bare local pytest may skip them."""
    return os.environ.get("REGSYNC_REQUIRE_TMPFS") == "1" or os.environ.get("CI") == "true"


def _pg_available() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except psycopg.OperationalError as exc:
        return str(exc).strip()


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The admin URL of the PostgreSQL server; fails (never skips) under make test / CI."""
    problem = _pg_available()
    if problem is not None:
        if _pg_required():
            pytest.fail(f"PostgreSQL is required but unreachable at {PG_ADMIN_URL}: {problem}")
        pytest.skip(f"PostgreSQL unreachable: {problem}")
    return PG_ADMIN_URL


@pytest.fixture
def pg_database(pg_server: str) -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards; yields its SQLAlchemy URL."""
    name = f"regsync_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SQL_BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
"""The parameters of every storage test: SQLite, and PostgreSQL under its marker."""


def backend_url(request: pytest.FixtureRequest, tmp_path: Path, backend: str) -> str:
    """A fresh database URL on ``backend`` (one of :data:`SQL_BACKENDS`)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'node.db'}"
    url: str = request.getfixturevalue("pg_database")
    return url


@pytest.fixture(params=SQL_BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL on each backend: the storage contract runs unchanged on both."""
    return backend_url(request, tmp_path, request.param)


@dataclasses.dataclass
class CliResult:
    code: int
    out: str
    err: str


class Cli:
    """Runs ``regsync`` in-process through ``main(argv, environ)``."""

    def __init__(self, capsys: pytest.CaptureFixture[str], home: Path) -> None:
        self.capsys = capsys
        self.env = {
            "REGSYNC_HOME": str(home),
            "REGSYNC_NOW": "2026-11-27T10:00:00+08:00",
            "REGSYNC_PASSPHRASE": "测试口令 test passphrase",
            "REGSYNC_KDF": "min",  # key files made in tests need not resist brute force
        }

    def __call__(self, *argv: str) -> CliResult:
        from regsync.app.cli.main import main

        self.capsys.readouterr()
        code = main(list(argv), self.env)
        captured = self.capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    def ok(self, *argv: str) -> str:
        result = self(*argv)
        assert result.code == 0, result.err
        return result.out.strip()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    return Cli(capsys, tmp_path / "home")
