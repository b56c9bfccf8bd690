"""Enrolment requests received over HTTP: node cards waiting for an administrator.

Kept in the node-local settings (never replicated) under ``enrol:<node id>``; the
newest card of a node replaces an older one.
"""

from __future__ import annotations

import base64
import json

import sqlalchemy as sa

from regsync.adapters.sql.database import Database
from regsync.adapters.sql.schema import node_local
from regsync.adapters.sql.store import SqlLogStore

PREFIX = "enrol:"


def save_request(db: Database, node_id: str, card: bytes, received: str) -> None:
    """Keep (or replace) the card ``node_id`` handed in."""
    text = json.dumps({"card": base64.b64encode(card).decode(), "received": received})
    with db.connect() as conn:
        SqlLogStore(conn, db.dialect).set_local(PREFIX + node_id, text)
        conn.commit()


def pending_requests(db: Database) -> list[tuple[str, bytes, str]]:
    """``(node id, card bytes, received)`` of every kept request, by node id."""
    query = (
        sa.select(node_local.c.name, node_local.c.value)
        .where(node_local.c.name.startswith(PREFIX, autoescape=True))
        .order_by(node_local.c.name)
    )
    with db.connect() as conn:
        rows = list(conn.execute(query))
    found = []
    for name, value in rows:
        data = json.loads(value)
        found.append((name[len(PREFIX) :], base64.b64decode(data["card"]), data["received"]))
    return found
