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

    def __init__(self, stmt: sa.Executable, dialect: sa.Dialect, columns: Sequence[str]) -> None:
        compiled = stmt.compile(dialect=dialect)  # type: ignore[attr-defined]  # an Executable that is a ClauseElement
        self.sql: str = str(compiled)
        self.columns = tuple(columns)
        self.positional = dialect.paramstyle in ("qmark", "numeric", "format")
        self.order: tuple[str, ...] = tuple(compiled.positiontup or ()) if self.positional else ()
        # SQLite has no date type: SQLAlchemy stores ISO text, so the bulk path does too.
        self.dates_as_text = dialect.name == "sqlite"

    def _value(self, value: Any) -> Any:
        if self.dates_as_text and isinstance(value, dt.date):
            return value.isoformat()
        return value

    def params(self, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
        if self.positional:
            return [tuple(self._value(row.get(name)) for name in self.order) for row in rows]
        return [{name: self._value(row.get(name)) for name in self.columns} for row in rows]

    def execute(self, conn: sa.Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            conn.exec_driver_sql(self.sql, self.params(rows))
