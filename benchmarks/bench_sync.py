"""Offline sync benchmark: export, import and re-import of N changes, as ratios.

Run: ``.venv/bin/python benchmarks/bench_sync.py [--changes N] [--backend sqlite|postgres|both]``

Every figure is a ratio against a baseline measured in the same process on the same
kind of database:

* ``import``: reading a bundle of N person changes (in changesets of 100) and
  applying it with verification, merge and materialisation, versus a raw Core
  ``executemany`` insert of the same rows into a fresh database;
* ``export``: collecting what a peer lacks and writing the signed bundle, versus a
  raw ``SELECT`` of the rows plus writing them msgpack+zstd-3 compressed to a file;
* ``re-import``: importing the same bundle again (every changeset a duplicate)
  versus the first import.

Each run checks what it measured (rows present, changesets logged, nothing new on
re-import) and exits 1 if a check fails.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import msgpack
import sqlalchemy as sa
import zstandard
from bench_write import (
    PERSON,
    UOW_SIZE,
    USCC,
    Backend,
    BenchFailure,
    capture_in_units,
    make_node,
    make_workload,
    pg_admin_url,
    raw_insert,
)

from regsync.adapters.sql.database import Database
from regsync.core.model import Role
from regsync.core.usecases.setup import plan_identity
from regsync.packages_bpz import CHANGESET, BundleInfo, read_header, write_bundle
from regsync.packages_bpz.testing import KeySigner
from regsync.sync.inbox import trusted_writers
from regsync.sync.peer import apply_bundle
from regsync.sync.ports import NodeKey
from regsync.sync.ranges import build_ranges
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.certificates import certify
from regsync.sync.trust.store import TrustStore

CITY_NODE = plan_identity(
    node_id="01BENCHCITY000000000000001",
    role=Role.CITY,
    name="太原市住建局",
    city_code="140100",
    uscc=None,
    public_key=None,
)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def export_bundle(db: Database, path: Path, signer: KeySigner, me: str) -> int:
    with db.unit_of_work(make_node()) as uow:
        batch = uow.changesets_for({})
    ranges = build_ranges(batch, me=me, signer=signer, relayed={})
    info = BundleInfo(schema="0002", sender=me, recipient=CITY_NODE.node_id, ranges=ranges)
    items = ((CHANGESET, cs.wire_item()) for cs in batch)
    return write_bundle(path, items, signer=signer, info=info).changes


def raw_export(db: Database, path: Path) -> None:
    with db.connect() as conn, open(path, "wb") as out:
        writer = zstandard.ZstdCompressor(level=3).stream_writer(out)
        packer = msgpack.Packer()
        for row in conn.execute(sa.select(PERSON)).mappings():
            writer.write(
                packer.pack({k: str(v) if v is not None else None for k, v in row.items()})
            )
        writer.flush(zstandard.FLUSH_FRAME)


def trust_for(signer: KeySigner, node_id: str) -> TrustStore:
    """A trust store whose root is the exporting node (a province node, so it may write
    anywhere): the benchmark runs the same trust checks as ``regsync bundle import``."""
    me = dataclasses.replace(
        make_node(),
        node_id=node_id,
        role=Role.PROVINCE,
        scope="province",
        city_code=None,
        uscc=None,
        public_key=signer.public_key().hex(),
    )
    card = NodeCard.from_identity(me, created="2026-11-27T00:00:00+00:00")
    root = certify(
        card,
        me,
        signer,
        serial="01AAAAAAAAAAAAAAAAAAAAAAAA",
        issued="2026-11-27T00:00:00+00:00",
        root_key=signer.public_key(),
    )
    store = TrustStore(signer.public_key())
    store.add(root)
    return store


def _no_key() -> NodeKey:
    raise AssertionError("the benchmark's bundles are not sealed")


def import_bundle(db: Database, path: Path, trust: TrustStore) -> tuple[int, int]:
    """What ``regsync bundle import`` does: verify the header and trust, apply, commit."""
    header = read_header(path, me=CITY_NODE.node_id)
    writers = trusted_writers(trust, header)
    with db.unit_of_work(CITY_NODE) as uow:
        report = apply_bundle(uow, str(path), header, writers, _no_key)
        uow.commit()
    return report.new_changesets, report.duplicates


def run(backend: Backend, n: int) -> dict[str, float]:
    workload = make_workload(n, USCC)
    node, signer = make_node(), KeySigner()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp, backend.fresh_database(node) as source:
        capture_in_units(source, node, workload.persons)
        bundle, raw_file = Path(tmp) / "b.bpz", Path(tmp) / "raw.zst"
        results["raw-export"] = timed(lambda: raw_export(source, raw_file))
        changes: list[int] = []
        results["export"] = timed(
            lambda: changes.append(export_bundle(source, bundle, signer, node.node_id))
        )
        if changes[0] < n:
            raise BenchFailure(f"export carried {changes[0]} changes, expected >= {n}")
        with backend.fresh_database(CITY_NODE) as raw_target:
            results["raw-insert"] = timed(lambda: raw_insert(raw_target, CITY_NODE, workload.rows))
        with backend.fresh_database(CITY_NODE) as target:
            counts: list[tuple[int, int]] = []
            trust = trust_for(signer, node.node_id)
            results["import"] = timed(lambda: counts.append(import_bundle(target, bundle, trust)))
            results["re-import"] = timed(
                lambda: counts.append(import_bundle(target, bundle, trust))
            )
            expected = n // UOW_SIZE + (1 if n % UOW_SIZE else 0)
            if counts[0][0] < expected or counts[1][0] != 0:
                raise BenchFailure(f"import/re-import applied {counts}, expected {expected} then 0")
        results["bytes-per-change"] = bundle.stat().st_size / n
    return results


def print_results(name: str, r: dict[str, float]) -> None:
    lines = [
        (
            "import",
            r["import"],
            r["import"] / r["raw-insert"],
            f"raw executemany ({r['raw-insert']:.3f}s)",
            "4",
        ),
        (
            "export",
            r["export"],
            r["export"] / r["raw-export"],
            f"raw select+write ({r['raw-export']:.3f}s)",
            "2.5",
        ),
        ("re-import", r["re-import"], r["re-import"] / r["import"], "first import", "0.1"),
    ]
    for label, seconds, ratio, baseline, goal in lines:
        print(f"{name:8} {label:10} {seconds:7.3f}s  {ratio:6.2f}x {baseline}  goal <= {goal}x")
    print(f"{name:8} bundle     {r['bytes-per-change']:7.1f} bytes per change")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    names = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    print(f"regsync sync benchmark: {args.changes} person changes in changesets of {UOW_SIZE}")
    try:
        for name in names:
            print_results(name, run(Backend(name, pg_admin_url(args.pg_admin_url)), args.changes))
    except BenchFailure as exc:
        print(f"benchmark check failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
