"""Schema migrations (one alembic history for SQLite and PostgreSQL) and the start-up check."""

from __future__ import annotations

import dataclasses
import functools

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

SCRIPT_LOCATION = "regsync.adapters.sql:migrations"


def alembic_config(conn: sa.Connection | None = None) -> Config:
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
    current = MigrationContext.configure(conn).get_current_revision()
    return SchemaStatus(current, head_revision())


def upgrade(conn: sa.Connection, revision: str = "head") -> None:
    """Migrate inside the caller's transaction (DDL is transactional on both backends)."""
    command.upgrade(alembic_config(conn), revision)
