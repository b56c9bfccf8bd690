"""The few things that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa


class BulkUpsert(Protocol):
    """Writes many whole rows of one table, inserting or replacing by primary key."""

    def execute(self, conn: sa.Connection, rows: Sequence[Mapping[str, Any]]) -> None: ...


class Dialect(Protocol):
    """Engine options, upsert and write locking of one database kind."""

    name: str
    key_batch: int
    """How many keys one :meth:`key_in` may carry."""

    def create_engine(self, url: sa.URL) -> sa.Engine:
        """An engine with this database's pragmas and options; does not connect yet."""
        ...

    def upsert(self, table: sa.Table, columns: Sequence[str]) -> sa.Executable:
        """An INSERT that updates ``columns`` when the primary key exists (for executemany)."""
        ...

    def bulk_upsert(self, table: sa.Table, driver: sa.Dialect) -> BulkUpsert:
        """The upsert of whole rows of ``table`` for many rows at once (materialisation)."""
        ...

    def key_in(self, column: sa.ColumnElement[str], keys: Sequence[str]) -> sa.ColumnElement[bool]:
        """``column`` is one of ``keys``, in the form this database plans best."""
        ...

    def unprepared(self, conn: sa.Connection) -> AbstractContextManager[None]:
        """Within this block, plan queries for their parameters (no cached generic plan)."""
        ...

    def lock_stream(self, conn: sa.Connection, stream: str) -> None:
        """Serialise writers of one stream until the transaction ends."""
        ...

    backup_suffix: str
    """The file name suffix of this database's backup copy (``.sqlite``, ``.pgdump``)."""

    def backup(self, url: sa.URL, dest: Path) -> None:
        """Copy the database at ``url`` into the new file ``dest`` while others may be
        writing (a consistent snapshot), and check the copy reads back."""
        ...

    def restore(self, source: Path, url: sa.URL) -> None:
        """Load a :meth:`backup` copy into the empty database at ``url``."""
        ...

    def lock_records(self, conn: sa.Connection, records: Sequence[tuple[str, str]]) -> None:
        """Serialise writers of these records (kind, key) until the transaction ends.

        Taken before the records are read, all in one statement and one order, so
        two writers merging into the same record (a local edit and an import, or two
        imports from different streams on two server workers) never lose an update.
        """
        ...


def on_conflict_update(stmt: Any, table: sa.Table, columns: Sequence[str]) -> sa.Executable:
    """Turn a dialect's ``insert(table)`` into an upsert on the primary key.

    SQLite and PostgreSQL spell ``ON CONFLICT`` the same way in SQLAlchemy, but each
    through its own ``insert`` construct, which the caller passes in.
    """
    keys = [c.name for c in table.primary_key.columns]
    updates = {c: stmt.excluded[c] for c in columns if c not in keys}
    if not updates:
        return stmt.on_conflict_do_nothing(index_elements=keys)  # type: ignore[no-any-return]  # dialect insert is untyped here
    return stmt.on_conflict_do_update(index_elements=keys, set_=updates)  # type: ignore[no-any-return]  # same
