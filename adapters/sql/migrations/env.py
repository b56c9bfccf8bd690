"""Alembic environment: always run on the connection regsync hands over.

regsync never lets alembic open its own engine: `regsync init` migrates and writes the
node identity in one transaction, so an init that fails leaves nothing behind.
"""

from __future__ import annotations

from alembic import context

from regsync.adapters.sql.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters via table copies
)
context.run_migrations()
