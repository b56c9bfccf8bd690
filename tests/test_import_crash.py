"""kill -9 during a large import: all of the bundle or none of it, and a retry completes."""

from __future__ import annotations

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
from regsync.packages_bpz import CHANGESET, BundleInfo, write_bundle
from regsync.packages_bpz.testing import KeySigner
from regsync.sync.ranges import build_ranges
from tests.storage_helpers import NOW, make_node, open_node_db, person
from tests.test_storage_contract import materialised, replay

ROOT = Path(__file__).resolve().parent.parent
IMPORTER = """
import sys
from regsync.app.bootstrap import open_database
from regsync.core.testing import FixedClock
from regsync.packages_bpz import iter_items, read_header
from regsync.sync.changeset import Changeset
from tests.storage_helpers import NOW, make_node
db = open_database(sys.argv[1], FixedClock(NOW))
header = read_header(sys.argv[2])
batch = [Changeset.from_body(d["body"], d["hash"]) for _, d in iter_items(sys.argv[2], header)]
with db.unit_of_work(make_node(sys.argv[3])) as uow:
    uow.import_changesets(batch)
    print("applied", flush=True)
    uow.commit()
print("committed", flush=True)
"""
TARGET = "01TARGETNODE00000000000001"


def _count(db_url: str) -> int:
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(changeset)).scalar_one())
    finally:
        engine.dispose()


def test_killed_import_keeps_all_or_nothing(db_url: str, tmp_path: Path) -> None:
    source, node = open_node_db(f"sqlite:///{tmp_path / 'source.db'}")
    for start in range(0, 3000, 100):
        with source.unit_of_work(node) as uow:
            for serial in range(start + 1, start + 101):
                uow.put(person(serial))
            uow.commit()
    with source.unit_of_work(node) as uow:
        batch = uow.changesets_for({})
    source.dispose()
    bundle = tmp_path / "big.bpz"
    signer = KeySigner()
    ranges = build_ranges(batch, me=node.node_id, signer=signer, relayed={})
    items = ((CHANGESET, {"body": cs.body(), "hash": cs.hash}) for cs in batch)
    write_bundle(
        bundle, items, signer=signer, info=BundleInfo(schema="0002", sender="x", ranges=ranges)
    )

    target, _ = open_node_db(db_url, make_node(TARGET))
    target.dispose()
    empty = _count(db_url)
    outcomes = set()
    for delay in (0.3, 0.6, 0.9, 1.2, 2.0):
        proc = subprocess.Popen(
            [sys.executable, "-c", IMPORTER, db_url, str(bundle), TARGET],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        count = _count(db_url)
        assert count in (empty, empty + len(batch)), count  # all of it or none of it
        outcomes.add(count)
        if count != empty:
            break
    if db_url.startswith("sqlite"):
        engine = sa.create_engine(db_url)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        engine.dispose()
    # The retry completes whatever the kill left.
    done = subprocess.run(
        [sys.executable, "-c", IMPORTER, db_url, str(bundle), TARGET],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        check=True,
    )
    assert b"committed" in done.stdout
    assert _count(db_url) == empty + len(batch)
    check = open_database(db_url, FixedClock(NOW))
    try:
        assert replay(check, make_node(TARGET)) == materialised(check)
    finally:
        check.dispose()
    assert empty in outcomes  # at least one kill landed before the commit
