"""executemany at the driver level: the bulk path of materialisation.

SQLAlchemy Core re-processes every parameter dict of an executemany (type
processors, key checks); for thousands of rows that cost more than the database
work.  Here a statement is compiled once per dialect and table, and rows go to the
driver as tuples (SQLite, ``qmark``) or dicts (psycopg, ``pyformat``) whose values are
already in the driver's types.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa


class BulkStatement:
    """One compiled statement and how to turn row mappings into driver parameters."""

    def __init__(
        self,
        stmt: sa.Executable,
        dialect: sa.Dialect,
        table: sa.Table,
        columns: Sequence[str] | None = None,
    ) -> None:
        """``columns``: the ones the statement writes (default: every column of ``table``)."""
        keys = list(columns) if columns is not None else None
        compiled = stmt.compile(dialect=dialect, column_keys=keys)  # type: ignore[attr-defined]  # an Executable that is a ClauseElement
        self.sql: str = str(compiled)
        self.columns = tuple(keys) if keys is not None else tuple(c.name for c in table.columns)
        positional = dialect.paramstyle in ("qmark", "numeric", "format")
        self.order = tuple(compiled.positiontup or ()) if positional else self.columns
        self.positional = positional
        # SQLite has no date type: SQLAlchemy stores ISO text, so the bulk path does
        # too.  Only those columns are converted: a per-value check cost more than the
        # database's own work on large imports.
        dated = {c.name for c in table.columns if isinstance(c.type, sa.Date)}
        self.date_slots = (
            tuple(i for i, name in enumerate(self.order) if name in dated)
            if dialect.name == "sqlite"
            else ()
        )

    def _values(self, row: Mapping[str, Any]) -> list[Any]:
        values = list(map(row.get, self.order))
        for i in self.date_slots:
            value = values[i]
            if isinstance(value, dt.date):
                values[i] = value.isoformat()
        return values

    def params(self, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
        if self.positional and not self.date_slots:
            order = self.order
            return [tuple(map(row.get, order)) for row in rows]
        if self.positional:
            return [tuple(self._values(row)) for row in rows]
        return [dict(zip(self.order, self._values(row), strict=True)) for row in rows]

    def execute(self, conn: sa.Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            conn.exec_driver_sql(self.sql, self.params(rows))

    def execute_tuples(self, conn: sa.Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        """Rows given as tuples in :attr:`columns` order: passed on as they are where the
        driver takes them so (no mapping built per row), else as :meth:`execute`."""
        if not rows:
            return
        if self.positional and self.order == self.columns and not self.date_slots:
            conn.exec_driver_sql(self.sql, list(rows))
        else:
            self.execute(conn, [dict(zip(self.columns, row, strict=True)) for row in rows])
