"""Node-local settings by name prefix (acknowledgements, compaction marks, notes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regsync.adapters.sql.store import SqlLogStore
from regsync.app.bootstrap import open_database
from regsync.core.testing import FixedClock
from tests.conftest import SQL_BACKENDS, backend_url
from tests.storage_helpers import NOW

NAMES = ["peer:A", "peer:B", "peer;", "peer", "pee", "peer:", "peers:x", "printed:1",
         "pe%r:x", "peer_x", "peer:\U0001f600", "peer:中"]  # fmt: skip


@pytest.mark.parametrize("backend", SQL_BACKENDS)
@pytest.mark.parametrize("prefix", ["peer:", "pe%r:", "peer_", "printed:", "peer:中", "zzz"])
def test_a_prefix_finds_exactly_the_names_that_start_with_it(
    backend: str, prefix: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    db = open_database(backend_url(request, tmp_path, backend), FixedClock(NOW))
    db.upgrade()
    conn = db.open_connection()
    try:
        store = SqlLogStore(conn, db.dialect)
        store.set_locals((name, name.upper()) for name in NAMES)
        expected = {n[len(prefix) :]: n.upper() for n in NAMES if n.startswith(prefix)}
        assert store.locals_with_prefix(prefix) == expected
    finally:
        conn.rollback()
        conn.close()
        db.dispose()
