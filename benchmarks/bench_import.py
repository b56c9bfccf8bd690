"""Import, log append, export and one local write against the database driver itself.

Run: ``.venv/bin/python benchmarks/bench_import.py [--changes N] [--backend sqlite|postgres|both]``

The baseline of every ratio is the driver's own ``executemany`` of the same rows as
tuples (``sqlite3`` / psycopg), in the same process, into a fresh database of the same
schema (issue 19: the floor a Python program can reach, not SQLAlchemy Core):

``import-100cs`` / ``import-1cs``  a signed bundle of N person changes in changesets of
    100 / of 1 (a clerk's edit is one changeset), read, verified, authorised, merged,
    materialised, logged and committed as ``regsync bundle import`` does, versus the raw
    insert of the N person rows;
``import-100cs-floor`` / ``import-1cs-floor``  the same import versus the raw insert of
    every row it writes (the person rows, their ``record_version`` rows and the log
    rows, in one transaction): the floor of this schema, which stores a record's
    version beside it;
``log-100cs`` / ``log-1cs``  only the log append of the same changesets
    (``append_many``), versus the raw insert of the same log rows;
``export-100cs`` / ``export-1cs``  what a peer lacks written as a signed bundle, versus a
    raw ``SELECT`` of the log rows written msgpack + zstd-3 to a file;
``person-add``  M local writes of one person each (one unit of work, one changeset,
    one commit: the ``person add`` use case), versus M raw single-row inserts and
    commits (SQLite only);
``apsw-anchor``  the SQLite session extension applying a changeset of the same rows
    (apsw, the optional ``bench`` extra); skipped with a note when apsw is absent.

Every import is checked (rows and changesets present) and the script exits 1 if a
check fails.  ``--json FILE`` writes the results for ``benchmarks/results.py``.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import msgpack
import psycopg
import sqlalchemy as sa
import zstandard
from bench_write import (
    PERSON,
    USCC,
    Backend,
    BenchFailure,
    make_node,
    make_persons,
    pg_admin_url,
)

from regsync.adapters.sql.database import Database
from regsync.adapters.sql.schema import changeset
from regsync.core.model import Person, Role
from regsync.core.ports import NodeIdentity
from regsync.core.usecases.setup import plan_identity
from regsync.packages_bpz import CHANGESET, BundleInfo, read_header, write_bundle
from regsync.packages_bpz.testing import KeySigner
from regsync.sync.changeset import GENESIS, Change, Changeset, LoggedChangeset, Op
from regsync.sync.codec import encode_fields
from regsync.sync.hlc import Timestamp
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
SCOPE = f"enterprise:{USCC}"
START_MILLIS = 1_795_000_000_000  # 2026-11, before the bench's wall clock
VERSION_COLUMNS = ("kind", "key", "vv", "hlc", "origin", "deleted")
LOG_COLUMNS = (
    "stream", "seq", "origin", "scope", "hash", "prev_hash", "hlc", "record_count", "body",
)  # fmt: skip


def timed(action: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


# -- the workload ------------------------------------------------------------------


def make_changesets(persons: Sequence[Person], per: int, origin: str) -> list[Changeset]:
    """One stream of ``origin``: the persons as new records, ``per`` to a changeset."""
    out: list[Changeset] = []
    prev = GENESIS
    for seq, start in enumerate(range(0, len(persons), per), start=1):
        changes = tuple(
            Change("person", p.id_number, Op.UPSERT, encode_fields("person", p.fields()), {})
            for p in persons[start : start + per]
        )
        cs = Changeset(
            origin, SCOPE, seq, prev, Timestamp(START_MILLIS + seq, 0), 20, changes
        ).sealed()
        prev = cs.hash
        out.append(cs)
    return out


def write_changes(
    path: Path, batch: Sequence[Changeset] | Sequence[LoggedChangeset], signer: KeySigner, me: str
) -> int:
    ranges = build_ranges(batch, me=me, signer=signer, relayed={})
    info = BundleInfo(schema="0002", sender=me, recipient=CITY_NODE.node_id, ranges=ranges)
    items = ((CHANGESET, cs.wire_item()) for cs in batch)
    return write_bundle(path, items, signer=signer, info=info).changes


def trust_for(signer: KeySigner, node: NodeIdentity) -> TrustStore:
    """A trust store whose root is the exporting node, certified as a province."""
    me = dataclasses.replace(
        node, role=Role.PROVINCE, scope="province", city_code=None, uscc=None,
        public_key=signer.public_key().hex(),
    )  # fmt: skip
    card = NodeCard.from_identity(me, created="2026-11-27T00:00:00+00:00")
    root = certify(
        card, me, signer, serial="01AAAAAAAAAAAAAAAAAAAAAAAA",
        issued="2026-11-27T00:00:00+00:00", root_key=signer.public_key(),
    )  # fmt: skip
    store = TrustStore(signer.public_key())
    store.add(root)
    return store


def _no_key() -> NodeKey:
    raise AssertionError("the benchmark's bundles are not sealed")


def import_bundle(db: Database, path: Path, trust: TrustStore) -> int:
    """What ``regsync bundle import`` does: verify the header and trust, apply, commit."""
    header = read_header(path, me=CITY_NODE.node_id)
    writers = trusted_writers(trust, header)
    with db.unit_of_work(CITY_NODE) as uow:
        report = apply_bundle(uow, str(path), header, writers, _no_key)
        uow.commit()
    return report.new_changesets


# -- the driver-level baselines ----------------------------------------------------


def _plain(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


@dataclasses.dataclass
class Raw:
    """Driver connections to a fresh database of the regsync schema."""

    backend: str
    url: str

    def connect(self) -> Any:
        if self.backend == "sqlite":
            conn = sqlite3.connect(sa.make_url(self.url).database or "", isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            return conn
        return psycopg.connect(pg_admin_url(self.url))

    def executemany(
        self, table: str, columns: Sequence[str], rows: Sequence[tuple[object, ...]]
    ) -> None:
        self.executemany_all([(table, columns, rows)])

    def executemany_all(self, tables: Sequence[tuple[str, Sequence[str], Sequence[Any]]]) -> None:
        """One transaction of one executemany per table."""
        mark = "?" if self.backend == "sqlite" else "%s"
        conn = self.connect()
        try:
            if self.backend == "sqlite":
                conn.execute("BEGIN IMMEDIATE")
                for table, columns, rows in tables:
                    conn.executemany(insert_sql(table, columns, mark), rows)
                conn.execute("COMMIT")
            else:
                with conn.cursor() as cur:
                    for table, columns, rows in tables:
                        cur.executemany(insert_sql(table, columns, mark), rows)
                conn.commit()
        finally:
            conn.close()


def insert_sql(table: str, columns: Sequence[str], mark: str) -> str:
    marks = ", ".join([mark] * len(columns))
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"


def person_tuples(persons: Sequence[Person]) -> tuple[list[str], list[tuple[object, ...]]]:
    columns = [c.name for c in PERSON.columns]
    rows = [tuple(_plain(p.fields().get(c)) for c in columns) for p in persons]
    return columns, rows


def log_tuples(batch: Sequence[Changeset]) -> list[tuple[object, ...]]:
    return [
        (cs.stream, cs.seq, cs.origin, cs.scope, cs.hash, cs.prev_hash, str(cs.hlc),
         len(cs.changes), cs.canonical_text)
        for cs in batch
    ]  # fmt: skip


def version_tuples(batch: Sequence[Changeset]) -> list[tuple[object, ...]]:
    """The record_version rows an import of ``batch`` writes (new records)."""
    return [
        (c.kind, c.key, json.dumps({cs.stream: cs.seq}), cs.hlc_text, cs.origin, False)
        for cs in batch
        for c in cs.changes
    ]


def raw_export(db: Database, path: Path) -> None:
    with db.connect() as conn, open(path, "wb") as out:
        writer = zstandard.ZstdCompressor(level=3).stream_writer(out)
        packer = msgpack.Packer()
        for row in conn.execute(sa.select(changeset)):
            writer.write(packer.pack(list(row)))
        writer.flush(zstandard.FLUSH_FRAME)


def export_bundle(db: Database, path: Path, signer: KeySigner, me: str) -> int:
    """What an export does (``NodeLink.export``): the log rows as logged, not parsed."""
    with db.unit_of_work(CITY_NODE) as uow:
        batch = uow.store.logged_after({}, lambda stream: stream.startswith(me + "/"))
    return write_changes(path, batch, signer, me)


# -- running -----------------------------------------------------------------------


def _rows_in(db: Database, table: sa.Table) -> int:
    with db.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def run_shape(backend: Backend, persons: Sequence[Person], per: int) -> dict[str, float]:
    """import, log append and export of one shape (``per`` changes a changeset)."""
    n, source = len(persons), make_node()
    signer = KeySigner()
    batch = make_changesets(persons, per, source.node_id)
    columns, rows = person_tuples(persons)
    logged = log_tuples(batch)
    trust = trust_for(signer, source)
    r: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "b.bpz"
        write_changes(bundle, batch, signer, source.node_id)
        r["bytes-per-change"] = bundle.stat().st_size / n
        with backend.fresh_database(CITY_NODE) as raw_db:
            url = str(raw_db.url)
            r["raw-insert"] = timed(
                lambda: Raw(backend.name, url).executemany("person", columns, rows)
            )
        # The floor of what an import must write with this schema: the person rows,
        # their record versions and the log rows, each one executemany, one commit.
        every = [
            ("person", columns, rows),
            ("record_version", VERSION_COLUMNS, version_tuples(batch)),
            ("changeset", LOG_COLUMNS, logged),
        ]
        with backend.fresh_database(CITY_NODE) as raw_db:
            url = str(raw_db.url)
            r["raw-all"] = timed(lambda: Raw(backend.name, url).executemany_all(every))
        with backend.fresh_database(CITY_NODE) as raw_db:
            url = str(raw_db.url)
            r["raw-log"] = timed(
                lambda: Raw(backend.name, url).executemany("changeset", LOG_COLUMNS, logged)
            )
        with backend.fresh_database(CITY_NODE) as target:

            def append() -> None:
                with target.unit_of_work(CITY_NODE) as uow:
                    uow.store.append_many(batch)
                    uow.commit()

            r["log"] = timed(append)
        with backend.fresh_database(CITY_NODE) as target:
            before = _rows_in(target, PERSON)
            got: list[int] = []
            r["import"] = timed(lambda: got.append(import_bundle(target, bundle, trust)))
            if got != [len(batch)] or _rows_in(target, PERSON) - before != n:
                raise BenchFailure(f"import applied {got} changesets, expected {len(batch)}")
            out = Path(tmp) / "out.bpz"
            exported: list[int] = []
            r["export"] = timed(
                lambda: exported.append(export_bundle(target, out, signer, source.node_id))
            )
            if exported != [n]:
                raise BenchFailure(f"export carried {exported} changes, expected {n}")
            r["raw-export"] = timed(lambda: raw_export(target, Path(tmp) / "raw.zst"))
    return r


def run_person_add(backend: Backend, persons: Sequence[Person]) -> dict[str, float]:
    """M ``person add`` writes (one unit of work each) against M raw single inserts."""
    node = make_node()
    columns, rows = person_tuples(persons)
    r: dict[str, float] = {}
    with backend.fresh_database(CITY_NODE) as raw_db:
        raw = Raw(backend.name, str(raw_db.url))
        conn = raw.connect()
        mark = "?" if backend.name == "sqlite" else "%s"
        sql = (
            f"INSERT INTO person ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
        )

        def raw_writes() -> None:
            for row in rows:
                if backend.name == "sqlite":
                    conn.execute("BEGIN IMMEDIATE")
                    conn.execute(sql, row)
                    conn.execute("COMMIT")
                else:
                    conn.execute(sql, row)
                    conn.commit()

        r["raw-one"] = timed(raw_writes)
        conn.close()
    with backend.fresh_database(node) as db:

        def writes() -> None:
            for p in persons:
                with db.unit_of_work(node) as uow:
                    uow.put(p)
                    uow.commit()

        r["person-add"] = timed(writes)
    return r


def run_apsw(persons: Sequence[Person]) -> dict[str, float] | None:
    """The SQLite session extension applying a changeset of the N person rows."""
    try:
        import apsw  # noqa: PLC0415  # the optional `bench` extra
    except ImportError:
        return None
    columns, rows = person_tuples(persons)
    defs = ", ".join(c + (" PRIMARY KEY" if c == "id_number" else "") for c in columns)
    ddl = f"CREATE TABLE person ({defs})"
    insert = f"INSERT INTO person VALUES ({', '.join('?' * len(columns))})"
    r: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        src = apsw.Connection(str(Path(tmp) / "src.db"))
        src.execute(ddl)
        session = apsw.Session(src, "main")
        session.attach("person")
        with src:
            src.executemany(insert, rows)
        blob = session.changeset()
        dst = apsw.Connection(str(Path(tmp) / "dst.db"))
        dst.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL")
        dst.execute(ddl)

        def apply() -> None:
            with dst:
                apsw.Changeset.apply(blob, dst)

        r["apsw"] = timed(apply)
        raw = apsw.Connection(str(Path(tmp) / "raw.db"))
        raw.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL")
        raw.execute(ddl)

        def raw_insert() -> None:
            with raw:
                raw.executemany(insert, rows)

        r["apsw-raw"] = timed(raw_insert)
    return r


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument(
        "--one-changes",
        type=int,
        default=None,
        help="N of the 1-change-per-changeset shape (default: --changes)",
    )
    parser.add_argument("--writes", type=int, default=300, help="person-add writes")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    args = parser.parse_args(argv)
    names = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    n, n1 = args.changes, args.one_changes or args.changes
    persons = make_persons(max(n, n1, args.writes), USCC)
    rows: list[dict[str, Any]] = []

    def row(name: str, case: str, seconds: float, base: float, baseline: str, goal: str) -> None:  # noqa: PLR0917
        ratio = seconds / base
        rows.append({"backend": name, "case": case, "seconds": seconds, "baseline": baseline,
                     "baseline_seconds": base, "ratio": ratio, "goal": goal})  # fmt: skip
        print(
            f"{name:8} {case:18} {seconds:8.3f}s {ratio:6.2f}x  "
            f"{baseline} ({base:.3f}s)  goal {goal}"
        )

    print(f"regsync import benchmark: {n} changes (100 a changeset), {n1} (1 a changeset)")
    try:
        for name in names:
            backend = Backend(name, pg_admin_url(args.pg_admin_url))
            for per, count in ((100, n), (1, n1)):
                r = run_shape(backend, persons[:count], per)
                tag = f"{per}cs"
                row(
                    name,
                    f"import-{tag}",
                    r["import"],
                    r["raw-insert"],
                    "raw executemany",
                    "<= 2x" if per == 100 else "<= 2.5x",
                )
                row(
                    name,
                    f"import-{tag}-floor",
                    r["import"],
                    r["raw-all"],
                    "raw executemany of every row it writes",
                    "(the schema's floor)",
                )
                row(
                    name,
                    f"log-{tag}",
                    r["log"],
                    r["raw-log"],
                    "raw executemany of log rows",
                    "<= 1.5x",
                )
                row(
                    name,
                    f"export-{tag}",
                    r["export"],
                    r["raw-export"],
                    "raw SELECT + file write",
                    "<= 1.5x",
                )
                print(f"{name:8} bundle-{tag:11} {r['bytes-per-change']:8.1f} bytes per change")
            if name == "sqlite":
                a = run_person_add(backend, persons[: args.writes])
                row(name, "person-add", a["person-add"] / args.writes, a["raw-one"] / args.writes,
                    "raw single insert + commit", "<= 2x")  # fmt: skip
                anchor = run_apsw(persons[:n])
                if anchor is None:
                    print(
                        "sqlite   apsw-anchor    skipped: apsw is not installed "
                        "(pip install -e '.[bench]')"
                    )
                else:
                    row(
                        name,
                        "apsw-anchor",
                        anchor["apsw"],
                        anchor["apsw-raw"],
                        "raw executemany (apsw)",
                        "the anchor",
                    )
    except BenchFailure as exc:
        print(f"benchmark check failed: {exc}", file=sys.stderr)
        return 1
    if args.json:
        args.json.write_text(json.dumps({"bench": "import", "changes": n, "one_changes": n1,
                                         "rows": rows}, indent=1))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
