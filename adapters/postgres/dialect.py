"""PostgreSQL specifics: pooled psycopg engine, ON CONFLICT upserts, advisory locks."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from regsync.adapters.sql.dialect import on_conflict_update


class PostgresDialect:
    """PostgreSQL; writers of one stream are serialised by a transaction advisory lock.

    A row lock on the stream head would not cover the first changeset of a new
    stream (there is no row to lock yet); an advisory lock on the stream's name does.
    """

    name = "postgresql"

    def create_engine(self, url: sa.URL) -> sa.Engine:
        return sa.create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"connect_timeout": 5, "application_name": "regsync"},
        )

    def upsert(self, table: sa.Table, columns: Sequence[str]) -> sa.Executable:
        return on_conflict_update(insert(table), table, columns)

    def lock_stream(self, conn: sa.Connection, stream: str) -> None:
        conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:s, 0))"), {"s": stream}
        )
