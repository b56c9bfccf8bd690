"""SQLite specifics: WAL, durable commits, and BEGIN IMMEDIATE for writers."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert

from regsync.adapters.sql.bulk import BulkStatement
from regsync.adapters.sql.dialect import on_conflict_update


class SqliteDialect:
    """SQLite in WAL mode; every transaction takes the write lock at BEGIN.

    pysqlite's own transaction handling starts transactions lazily, which lets two
    writers read the same stream head and then fail on commit; ``BEGIN IMMEDIATE``
    makes the second writer wait (``busy_timeout``) instead.
    """

    name = "sqlite"
    key_batch = 500  # IN (...) lists well under SQLite's variable limit

    def create_engine(self, url: sa.URL) -> sa.Engine:
        engine = sa.create_engine(url, connect_args={"timeout": 30})
        sa.event.listen(engine, "connect", _on_connect)
        sa.event.listen(engine, "begin", _on_begin)
        return engine

    def upsert(self, table: sa.Table, columns: Sequence[str]) -> sa.Executable:
        return on_conflict_update(insert(table), table, columns)

    def bulk_upsert(self, table: sa.Table, driver: sa.Dialect) -> BulkStatement:
        # executemany is SQLite's fastest path: no round trips, statements cached.
        return BulkStatement(self.upsert(table, [c.name for c in table.columns]), driver, table)

    def key_in(self, column: sa.ColumnElement[str], keys: Sequence[str]) -> sa.ColumnElement[bool]:
        return column.in_(keys)

    @contextmanager
    def unprepared(self, conn: sa.Connection) -> Iterator[None]:
        """Nothing to do: SQLite plans each statement when it is prepared."""
        yield

    def lock_stream(self, conn: sa.Connection, stream: str) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already holds the database write lock."""

    def lock_records(self, conn: sa.Connection, records: Sequence[tuple[str, str]]) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already holds the database write lock."""


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from pysqlite (see the class docstring).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed changeset survives a power cut, which USB-era offices see.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _on_begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")
