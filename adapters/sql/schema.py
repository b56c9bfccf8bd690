"""The relational schema, one table per record kind plus the change log.

Record tables are derived from the domain dataclasses so that a field added in
``core.model`` cannot be forgotten here; the alembic migrations are written out in
full (never generated at run time), and ``tests/test_migrations.py`` checks that
migrating an empty database gives exactly this metadata.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from regsync.core.model import RECORD_TYPES, Record, field_types, required_fields

metadata = sa.MetaData()

_SQL_TYPES: dict[type, type[sa.types.TypeEngine[Any]]] = {
    str: sa.Text,
    int: sa.Integer,
    bool: sa.Boolean,
    dt.date: sa.Date,
}

# Look-ups that the use cases and the query screens make: every ``find`` by a field
# (issue 19: nothing around the sync may grow with the province).  Migration 0006 adds
# the ones after the first set; 0007 replaces the index on application.stage by one on
# (stage, city_code): a city's look-up by both, where every application has the city's
# code, read all of them through the city code's index.  A tuple is one index on
# several columns.
_INDEXES: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "enterprise": ("city_code", "org_code"),
    "person": ("employer_uscc", "registration_status"),
    "application": (
        "enterprise_uscc",
        "person_id_number",
        ("stage", "city_code"),
        "city_code",
        "provenance",
    ),
    "performance": ("application_number",),
    "review": ("application_number",),
    "decision": ("application_number",),
    "certificate": ("person_id_number", "certificate_number", "application_number"),
    "seal": ("person_id_number", "seal_number", "certificate_number"),
    "conduct": ("person_id_number",),
    "leave_province": ("person_id_number",),
    "exam_result": ("person_id_number",),
    "continuing_education": ("person_id_number",),
}


def _record_table(record_type: type[Record]) -> sa.Table:
    required = set(required_fields(record_type))
    columns = [
        sa.Column(
            name,
            _SQL_TYPES[py_type](),
            primary_key=name == record_type.KEY,
            nullable=name not in required,
        )
        for name, py_type in field_types(record_type).items()
    ]
    table = sa.Table(record_type.KIND, metadata, *columns)
    for indexed in _INDEXES.get(record_type.KIND, ()):
        names = (indexed,) if isinstance(indexed, str) else indexed
        sa.Index(f"ix_{record_type.KIND}_{'_'.join(names)}", *(table.c[n] for n in names))
    return table


RECORD_TABLES: dict[str, sa.Table] = {t.KIND: _record_table(t) for t in RECORD_TYPES}

changeset = sa.Table(
    "changeset",
    metadata,
    # Local arrival order: what `regsync log` lists and what a peer's cursor points at.
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("stream", sa.Text, nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("scope", sa.Text, nullable=False),
    sa.Column("hash", sa.Text, nullable=False, unique=True),
    sa.Column("prev_hash", sa.Text, nullable=False),
    sa.Column("hlc", sa.Text, nullable=False),
    sa.Column("record_count", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=False),  # canonical JSON: what the hash covers
    sa.UniqueConstraint("stream", "seq", name="uq_changeset_stream_seq"),
)

stream = sa.Table(
    "stream",
    metadata,
    sa.Column("stream", sa.Text, primary_key=True),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("scope", sa.Text, nullable=False),
    sa.Column("head_seq", sa.Integer, nullable=False),
    sa.Column("head_hash", sa.Text, nullable=False),
)

record_version = sa.Table(
    "record_version",
    metadata,
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("vv", sa.Text, nullable=False),  # JSON {stream: seq}
    sa.Column("hlc", sa.Text, nullable=False),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
)

node_local = sa.Table(
    "node_local",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
"""Settings and counters of this node that never replicate (identity, HLC, sequences)."""

request_nonce = sa.Table(
    "request_nonce",
    metadata,
    sa.Column("node_id", sa.Text, primary_key=True),
    sa.Column("nonce", sa.Text, primary_key=True),
    sa.Column("seen_at", sa.Integer, nullable=False),  # unix seconds, for pruning
    sa.Index("ix_request_nonce_seen_at", "seen_at"),
)
"""Nonces of signed HTTP requests seen in the replay window (shared by every server worker)."""

operator_account = sa.Table(
    "operator_account",
    metadata,
    sa.Column("username", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created", sa.Text, nullable=False),
    sa.Column("password_changed", sa.Text, nullable=False),
)
"""The node's operators (never replicated: not a record kind, not in the change log)."""

login_failure = sa.Table(
    "login_failure",
    metadata,
    sa.Column("username", sa.Text, primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failure", sa.Text, nullable=False),  # ISO time
)
"""Wrong passwords per user name since its last good login (node-local, the throttle)."""
