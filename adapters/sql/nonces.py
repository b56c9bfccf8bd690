"""The replay guard of signed HTTP requests: each (node, nonce) is accepted once.

The nonces live in the node's database, not in a worker's memory, so several
server workers (or machines) on one PostgreSQL refuse a replay whichever of them
saw the first request: the primary key decides, atomically.
"""

from __future__ import annotations

import sqlalchemy as sa

from regsync.adapters.sql.database import Database
from regsync.adapters.sql.schema import request_nonce


def remember_nonce(db: Database, node_id: str, nonce: str, *, now: int, window: int) -> bool:
    """Record ``nonce`` of ``node_id`` seen at ``now``; False if it was seen before.

    Nonces older than twice the replay window are pruned on the way: a request that
    old is refused for its timestamp anyway.
    """
    with db.connect() as conn:
        if nonce.startswith("0"):  # one request in 16 prunes: less contention between workers
            _prune(conn, now - 2 * window)
        try:
            conn.execute(request_nonce.insert().values(node_id=node_id, nonce=nonce, seen_at=now))
            conn.commit()
        except sa.exc.IntegrityError:
            conn.rollback()
            return False
    return True


def _prune(conn: sa.Connection, before: int) -> None:
    try:
        conn.execute(request_nonce.delete().where(request_nonce.c.seen_at < before))
        conn.commit()
    except sa.exc.DBAPIError:  # two workers pruning at once may deadlock: the next one prunes
        conn.rollback()
