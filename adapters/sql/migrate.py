"""Schema migrations (one alembic history for SQLite and PostgreSQL) and the start-up check.

The start-up check imports no alembic (issue 19: alembic costs ~100 ms to import): the
head and the known revisions are read from the ``revision =`` and ``down_revision =``
lines of the scripts, and the database's revision from the ``alembic_version`` table.
Alembic is imported only to migrate (``regsync db upgrade``, ``init``), or when the
scripts cannot be read as files (a frozen program) or the history has several heads.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = "regsync.adapters.sql:migrations"
VERSIONS = Path(__file__).parent / "migrations" / "versions"
_REVISION = re.compile(r"""^revision\s*=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN = re.compile(r"""^down_revision\s*=\s*(?:["']([^"']+)["']|None)""", re.MULTILINE)
VERSION_TABLE = "alembic_version"


def alembic_config(conn: sa.Connection | None = None) -> Config:
    from alembic.config import Config  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = conn
    return config


@functools.cache
def _revisions() -> tuple[str, frozenset[str]]:
    """The head and every revision of the migration scripts, read once per process.

    The scripts are part of the installed program and do not change while it runs;
    reading them (alembic's ScriptDirectory) on every start-up check cost ~10 ms.
    """
    found = scanned_revisions()
    if found is not None:
        return found
    return alembic_revisions()


def scanned_revisions() -> tuple[str, frozenset[str]] | None:
    """Head and revisions from the scripts' text, or None when alembic must decide."""
    parents: dict[str, str | None] = {}
    for path in sorted(VERSIONS.glob("[0-9]*.py")) if VERSIONS.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision is None or down is None:
            return None  # a script written in another form
        parents[revision[1]] = down[1]
    heads = set(parents) - set(parents.values())
    if len(heads) != 1:
        return None  # no scripts as files, or branches: alembic's rules
    return heads.pop(), frozenset(parents)


def alembic_revisions() -> tuple[str, frozenset[str]]:
    """Head and revisions as alembic reads them."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    return head, frozenset(rev.revision for rev in script.walk_revisions())


def head_revision() -> str:
    return _revisions()[0]


def known_revisions() -> set[str]:
    return set(_revisions()[1])  # a copy: callers may not change the cached set


@dataclasses.dataclass(frozen=True)
class SchemaStatus:
    current: str | None
    head: str

    @property
    def empty(self) -> bool:
        return self.current is None

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def too_new(self) -> bool:
        return self.current is not None and self.current not in known_revisions()


def schema_status(conn: sa.Connection) -> SchemaStatus:
    return SchemaStatus(current_revision(conn), head_revision())


def current_revision(conn: sa.Connection) -> str | None:
    """The database's revision (None: no schema), read without alembic."""
    if not sa.inspect(conn).has_table(VERSION_TABLE):
        return None
    rows = conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
    if len(rows) > 1:  # several heads stamped: alembic's rules (it refuses)
        from alembic.runtime.migration import MigrationContext  # noqa: PLC0415

        return MigrationContext.configure(conn).get_current_revision()
    return str(rows[0][0]) if rows else None


def upgrade(conn: sa.Connection, revision: str = "head") -> None:
    """Migrate inside the caller's transaction (DDL is transactional on both backends)."""
    from alembic import command  # noqa: PLC0415

    command.upgrade(alembic_config(conn), revision)
