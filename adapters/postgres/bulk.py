"""Bulk upserts on PostgreSQL: one statement over column arrays.

``executemany`` sends one message per row even in pipeline mode; importing 100,000
changes spent most of its time there.  Here each column travels as one array
parameter and ``unnest`` turns the arrays back into rows, so a whole group is one
round trip that PostgreSQL plans once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


class UnnestUpsert:
    """``INSERT ... SELECT FROM unnest(arrays) ON CONFLICT (key) DO UPDATE`` for one table."""

    def __init__(self, table: sa.Table) -> None:
        pg = postgresql.dialect()  # type: ignore[no-untyped-call]  # SQLAlchemy's dialect factory
        self.columns = tuple(c.name for c in table.columns)
        keys = [c.name for c in table.primary_key.columns]
        # %b: arrays travel in binary, which psycopg dumps without quoting each element
        arrays = ", ".join(f"%b::{c.type.compile(dialect=pg)}[]" for c in table.columns)
        names = ", ".join(f'"{name}"' for name in self.columns)
        updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in self.columns if c not in keys)
        action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
        conflict = ", ".join(f'"{k}"' for k in keys)
        self.sql = (
            f'INSERT INTO "{table.name}" ({names}) SELECT * FROM unnest({arrays}) '
            f"ON CONFLICT ({conflict}) {action}"
        )

    def execute(self, conn: sa.Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        arrays = tuple([row.get(name) for row in rows] for name in self.columns)
        conn.exec_driver_sql(self.sql, arrays)
