"""Errors of the storage adapters.

StorageError              (the root is regsync.core.errors.StorageError: other layers name it)
├── InvalidDatabaseUrl    the --db URL cannot be parsed or names an unsupported database
├── DatabaseUnreachable   the server did not answer or refused the connection
├── DatabaseMissing       the server answered, but the named database does not exist
├── NotInitialised        the database holds no regsync schema
├── SchemaTooNew          the database was migrated by a newer regsync
├── SchemaOutdated        the database needs `regsync db upgrade`
├── AlreadyInitialised    the database already belongs to a node
└── CopyFailed            a backup copy or a restore of the database did not succeed
"""

from __future__ import annotations

from regsync.core.errors import StorageError
from regsync.core.i18n import N_

__all__ = [
    "AlreadyInitialised",
    "CopyFailed",
    "DatabaseMissing",
    "DatabaseUnreachable",
    "InvalidDatabaseUrl",
    "NotInitialised",
    "SchemaOutdated",
    "SchemaTooNew",
    "StorageError",
]


class InvalidDatabaseUrl(StorageError):
    msgid = N_("error.InvalidDatabaseUrl")


class DatabaseUnreachable(StorageError):
    msgid = N_("error.DatabaseUnreachable")


class DatabaseMissing(StorageError):
    # The server answered: the address is right, so say so and name the step that is
    # missing (regsync creates the tables, not the database itself).
    msgid = N_("error.DatabaseMissing")


class NotInitialised(StorageError):
    msgid = N_("error.NotInitialised")


class SchemaTooNew(StorageError):
    msgid = N_("error.SchemaTooNew")


class SchemaOutdated(StorageError):
    msgid = N_("error.SchemaOutdated")


class AlreadyInitialised(StorageError):
    msgid = N_("error.AlreadyInitialised")


class CopyFailed(StorageError):
    msgid = N_("error.CopyFailed")
