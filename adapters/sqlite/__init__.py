"""The embedded default: one SQLite file in WAL mode."""

from regsync.adapters.sqlite.dialect import SqliteDialect

__all__ = ["SqliteDialect"]
