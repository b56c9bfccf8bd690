"""A writer killed with SIGKILL at an arbitrary moment leaves whole changesets only."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from regsync.adapters.sql.schema import changeset
from regsync.app.bootstrap import open_database
from regsync.core.testing import FixedClock
from tests.storage_helpers import NOW, make_node, open_node_db
from tests.test_storage_contract import materialised, replay

ROOT = Path(__file__).resolve().parent.parent

WRITER = """
import sys
from regsync.app.bootstrap import open_database
from regsync.core.testing import FixedClock
from tests.storage_helpers import NOW, make_node, person
db = open_database(sys.argv[1], FixedClock(NOW))
node = make_node()
serial = 0
while True:
    with db.unit_of_work(node) as uow:
        for _ in range(25):  # many rows per changeset: a kill often lands mid-commit
            serial += 1
            uow.put(person(serial))
        for back in range(1, 6):  # and updates of earlier rows
            if serial > 25 * back:
                uow.put(person(serial - 25 * back, phone=str(serial)))
        uow.commit()
"""


def _count(url: str) -> int:
    db = open_database(url, FixedClock(NOW))
    try:
        with db.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(changeset)).scalar_one())
    finally:
        db.dispose()


def test_sigkill_during_writes_leaves_log_and_tables_consistent(db_url: str) -> None:
    db, node = open_node_db(db_url)
    db.dispose()
    start = _count(db_url)
    for round_ in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, db_url],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            deadline = time.monotonic() + 60
            target = start + 5 * (round_ + 1)
            while _count(db_url) < target and time.monotonic() < deadline:
                assert proc.poll() is None, "writer died on its own"
                time.sleep(0.01)
            time.sleep(0.003 * (round_ + 1))  # land somewhere inside a later commit
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
    db = open_database(db_url, FixedClock(NOW))
    try:
        assert _count(db_url) >= start + 15
        log_state = replay(db, make_node())  # also verifies every hash
        assert log_state == materialised(db)
        with db.unit_of_work(node) as uow:
            log = [cs for cs in uow.store.changesets() if cs.scope == node.scope]
            heads = uow.store.heads()
        assert [cs.seq for cs in log] == list(range(1, len(log) + 1))
        for prev, cs in itertools.pairwise(log):
            assert cs.prev_hash == prev.hash
        assert heads[log[-1].stream] == log[-1].seq
    finally:
        db.dispose()
