"""PostgreSQL through psycopg 3: the production path for city and province servers."""

from regsync.adapters.postgres.dialect import PostgresDialect

__all__ = ["PostgresDialect"]
