"""Write-path benchmark: change capture against a raw insert of the same rows.

Run from the project root::

    .venv/bin/python benchmarks/bench_write.py [--rows N] [--backend sqlite|postgres|both]
                                               [--repeat R] [--profile]

Every case runs on a fresh regsync database, initialised exactly as ``regsync init``
does for an enterprise node, and is timed best-of-R with ``time.perf_counter``:

``raw-insert``     the baseline: one SQLAlchemy Core executemany of the N person rows
                   (``conn.execute(person.insert(), rows)``) in one transaction;
``capture-1cs``    the same rows as N ``Person`` records put into one unit of work and
                   committed: one changeset of N changes, logged and materialised in
                   one transaction (goal: at most 3x the baseline);
``capture-100cs``  the same rows in N/100 units of work of 100 persons each;
``raw-update``     a Core executemany ``UPDATE person SET phone`` of all N rows (the
                   raw counterpart of the next case);
``capture-update`` one unit of work that changes the phone of all N persons written
                   before (untimed) through change capture: it must log only ``phone``.

After every timed run the table contents and the log are checked against what the
case must have written; a mismatch prints the reason and exits with status 1.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import gc
import itertools
import json
import os
import platform
import pstats
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import psycopg
import sqlalchemy as sa
from psycopg import sql

from regsync.adapters.sql.database import Database
from regsync.adapters.sql.schema import RECORD_TABLES, changeset, record_version
from regsync.app.bootstrap import open_database
from regsync.core.checks.identity import id_number_check_digit
from regsync.core.ids import UlidFactory
from regsync.core.model import Person, Role, Value
from regsync.core.ports import NodeIdentity
from regsync.core.usecases.setup import plan_identity, record_node
from regsync.sync.changeset import stream_id

PERSON = RECORD_TABLES["person"]
USCC = "91140100MA0GRP138M"
CITY = "140100"
UOW_SIZE = 100  # persons per unit of work in capture-100cs
GOAL = 3.0  # capture-1cs may take at most this many times the raw insert
DEFAULT_PG_ADMIN = os.environ.get(
    "REGSYNC_BENCH_PG",
    os.environ.get("REGSYNC_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"),
)

Row = dict[str, Value]


class BenchFailure(Exception):
    """A run did not write what it should have: the timing would be meaningless."""


class UtcClock:
    """The machine's clock as an aware UTC datetime (regsync's ``Clock`` port)."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


# -- the workload ------------------------------------------------------------------

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文斌晓东海燕"
_MAJORS = ("建筑学", "土木工程", "结构工程", "城乡规划", "工程管理")
_SCHOOLS = ("太原理工大学", "山西大学", "中北大学", "重庆大学", "同济大学", "西安建筑科技大学")
_EDUCATION = ("大专", "本科", "硕士研究生")
_TITLES = ("助理工程师", "工程师", "高级工程师")


@dataclasses.dataclass(frozen=True)
class Workload:
    """N distinct persons, their rows, and the same persons with a new phone number."""

    persons: list[Person]
    rows: list[Row]
    updated: list[Person]
    updated_rows: list[Row]

    @property
    def n(self) -> int:
        return len(self.persons)


def make_persons(n: int, employer_uscc: str, seed: int = 11643) -> list[Person]:
    """``n`` persons with valid, distinct GB 11643 ID numbers, in a shuffled order."""
    rng = random.Random(seed)
    base = dt.date(1960, 1, 1)
    persons = []
    for i in range(n):
        birth = base + dt.timedelta(days=i // 999)
        sequence = i % 999 + 1  # 001-999: odd = male (GB 11643, 17th digit)
        first17 = f"140105{birth:%Y%m%d}{sequence:03d}"
        name = rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.choice((1, 2))))
        persons.append(
            Person(
                id_number=first17 + id_number_check_digit(first17),
                name=name,
                gender="male" if sequence % 2 else "female",
                birth_date=birth,
                employer_uscc=employer_uscc,
                phone=f"139{rng.randrange(10**8):08d}",
                email=f"p{i}@example.com" if i % 2 else None,
                education=rng.choice(_EDUCATION),
                major=rng.choice(_MAJORS),
                school=rng.choice(_SCHOOLS),
                graduation_date=dt.date(birth.year + 22, 7, 1),
                title=rng.choice(_TITLES),
                qualification_cert_no=f"{birth.year + 28}14{i:07d}",
                qualification_date=dt.date(birth.year + 28, 10, 15),
            )
        )
    rng.shuffle(persons)  # real imports are not sorted by primary key
    return persons


def make_workload(n: int, employer_uscc: str) -> Workload:
    persons = make_persons(n, employer_uscc)
    # "138..." never equals the original "139...": every person really changes.
    updated = [p.replace(phone="138" + (p.phone or "")[3:]) for p in persons]
    return Workload(
        persons=persons,
        rows=[p.fields() for p in persons],
        updated=updated,
        updated_rows=[p.fields() for p in updated],
    )


def make_node() -> NodeIdentity:
    node_id = UlidFactory(lambda: int(time.time() * 1000), random.Random(1)).new_id()
    return plan_identity(
        node_id=node_id,
        role=Role.ENTERPRISE,
        name="山西示例建筑设计有限公司",
        city_code=CITY,
        uscc=USCC,
        public_key=None,
    )


# -- fresh databases ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Backend:
    name: str  # "sqlite" or "postgres"
    pg_admin: str  # libpq URL of the PostgreSQL admin database

    @contextmanager
    def fresh_url(self) -> Iterator[str]:
        """The URL of a new, empty database, removed afterwards."""
        if self.name == "sqlite":
            with tempfile.TemporaryDirectory(prefix="regsync_bench_") as tmp:
                yield f"sqlite:///{Path(tmp) / 'bench.db'}"
            return
        name = f"regsync_bench_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.pg_admin, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield (
                sa.make_url(self.pg_admin)
                .set(drivername="postgresql+psycopg", database=name)
                .render_as_string(hide_password=False)
            )
        finally:
            with psycopg.connect(self.pg_admin, autocommit=True) as admin:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )

    @contextmanager
    def fresh_database(self, node: NodeIdentity) -> Iterator[Database]:
        """A database initialised as ``regsync init`` does for ``node``."""
        with self.fresh_url() as url:
            db = open_database(url, UtcClock())
            try:
                db.initialise(node, lambda uow: record_node(uow, enterprise_number="0001"))
                yield db
            finally:
                db.dispose()


def pg_admin_url(text: str) -> str:
    """A URL libpq accepts (``postgresql+psycopg://`` is SQLAlchemy's spelling)."""
    return sa.make_url(text).set(drivername="postgresql").render_as_string(hide_password=False)


# -- the writes being timed --------------------------------------------------------


def raw_insert(db: Database, _node: NodeIdentity, rows: Sequence[Row]) -> None:
    with db.connect() as conn:
        conn.execute(PERSON.insert(), list(rows))
        conn.commit()


def raw_update_phone(db: Database, _node: NodeIdentity, rows: Sequence[Row]) -> None:
    stmt = (
        PERSON.update()
        .where(PERSON.c.id_number == sa.bindparam("b_id"))
        .values(phone=sa.bindparam("b_phone"))
    )
    params = [{"b_id": r["id_number"], "b_phone": r["phone"]} for r in rows]
    with db.connect() as conn:
        conn.execute(stmt, params)
        conn.commit()


def capture(db: Database, node: NodeIdentity, persons: Sequence[Person]) -> None:
    """All of ``persons`` in one unit of work: one changeset."""
    with db.unit_of_work(node) as uow:
        for person in persons:
            uow.put(person)
        uow.commit()


def capture_in_units(db: Database, node: NodeIdentity, persons: Sequence[Person]) -> None:
    """``UOW_SIZE`` persons per unit of work: one changeset each."""
    for start in range(0, len(persons), UOW_SIZE):
        capture(db, node, persons[start : start + UOW_SIZE])


# -- checks after each run ---------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class LoggedChangeset:
    stream: str
    seq: int
    record_count: int
    body: str


def log_position(db: Database) -> int:
    with db.connect() as conn:
        return int(conn.execute(sa.select(sa.func.max(changeset.c.position))).scalar() or 0)


def logged_since(db: Database, position: int) -> list[LoggedChangeset]:
    c = changeset.c
    query = (
        sa.select(c.stream, c.seq, c.record_count, c.body)
        .where(c.position > position)
        .order_by(c.position)
    )
    with db.connect() as conn:
        return [
            LoggedChangeset(r.stream, r.seq, r.record_count, r.body) for r in conn.execute(query)
        ]


def check_table(db: Database, expected: Sequence[Row], label: str) -> None:
    """The person table holds exactly ``expected``."""
    query = sa.select(PERSON).order_by(PERSON.c.id_number)
    with db.connect() as conn:
        got = [dict(r) for r in conn.execute(query).mappings()]
    want = sorted(expected, key=lambda r: str(r["id_number"]))
    if len(got) != len(want):
        raise BenchFailure(f"{label}: person table holds {len(got)} rows, expected {len(want)}")
    for g, w in zip(got, want, strict=True):
        if g != w:
            raise BenchFailure(f"{label}: row {w['id_number']} is {g}, expected {w}")


def check_versions(db: Database, n: int, label: str) -> None:
    rv = record_version.c
    query = sa.select(sa.func.count()).select_from(record_version).where(rv.kind == "person")
    with db.connect() as conn:
        count = conn.execute(query).scalar()
    if count != n:
        raise BenchFailure(f"{label}: {count} person record versions, expected {n}")


def check_log(
    db: Database, node: NodeIdentity, since: int, counts: Sequence[int], label: str
) -> list[LoggedChangeset]:
    """Changesets appended after ``since``: one per entry of ``counts``, contiguous."""
    logged = logged_since(db, since)
    got = [cs.record_count for cs in logged]
    if got != list(counts):
        shown = got if len(got) <= 5 else f"{len(got)} changesets"
        raise BenchFailure(f"{label}: log gained {shown}, expected {len(counts)} changesets")
    expected_stream = stream_id(node.node_id, node.scope)
    for prev, cs in itertools.pairwise(logged):
        if cs.seq != prev.seq + 1:
            raise BenchFailure(f"{label}: sequence jumps from {prev.seq} to {cs.seq}")
    for cs in logged:
        if cs.stream != expected_stream:
            raise BenchFailure(f"{label}: changeset on stream {cs.stream}, not {expected_stream}")
        if len(json.loads(cs.body)["changes"]) != cs.record_count:
            raise BenchFailure(f"{label}: changeset body and record_count disagree")
    return logged


def check_only_phone(logged: Sequence[LoggedChangeset], n: int, label: str) -> None:
    changes = json.loads(logged[0].body)["changes"]
    fields = {tuple(sorted(c["fields"])) for c in changes}
    if fields != {("phone",)} or len(changes) != n:
        raise BenchFailure(f"{label}: update logged fields {sorted(fields)}, expected phone only")
    if any(not c["base"] for c in changes):
        raise BenchFailure(f"{label}: an update change has no base version")


# -- the cases ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    baseline: str | None  # the raw case this one is also compared with, besides raw-insert
    prepare: Callable[[Database, NodeIdentity, Workload], None]  # untimed
    run: Callable[[Database, NodeIdentity, Workload], None]  # timed
    verify: Callable[[Database, NodeIdentity, Workload, int], None]


def _nothing(_db: Database, _node: NodeIdentity, _w: Workload) -> None:
    pass


def _verify_raw_insert(db: Database, node: NodeIdentity, w: Workload, since: int) -> None:
    check_table(db, w.rows, "raw-insert")
    check_log(db, node, since, [], "raw-insert")


def _verify_capture_1cs(db: Database, node: NodeIdentity, w: Workload, since: int) -> None:
    check_table(db, w.rows, "capture-1cs")
    check_versions(db, w.n, "capture-1cs")
    check_log(db, node, since, [w.n], "capture-1cs")


def _verify_capture_units(db: Database, node: NodeIdentity, w: Workload, since: int) -> None:
    check_table(db, w.rows, "capture-100cs")
    check_versions(db, w.n, "capture-100cs")
    counts = [min(UOW_SIZE, w.n - start) for start in range(0, w.n, UOW_SIZE)]
    check_log(db, node, since, counts, "capture-100cs")


def _verify_raw_update(db: Database, node: NodeIdentity, w: Workload, since: int) -> None:
    check_table(db, w.updated_rows, "raw-update")
    check_log(db, node, since, [], "raw-update")


def _verify_capture_update(db: Database, node: NodeIdentity, w: Workload, since: int) -> None:
    check_table(db, w.updated_rows, "capture-update")
    check_versions(db, w.n, "capture-update")
    check_only_phone(check_log(db, node, since, [w.n], "capture-update"), w.n, "capture-update")


CASES = (
    Case(
        "raw-insert",
        None,
        _nothing,
        lambda db, node, w: raw_insert(db, node, w.rows),
        _verify_raw_insert,
    ),
    Case(
        "capture-1cs",
        None,
        _nothing,
        lambda db, node, w: capture(db, node, w.persons),
        _verify_capture_1cs,
    ),
    Case(
        "capture-100cs",
        None,
        _nothing,
        lambda db, node, w: capture_in_units(db, node, w.persons),
        _verify_capture_units,
    ),
    Case(
        "raw-update",
        None,
        lambda db, node, w: raw_insert(db, node, w.rows),
        lambda db, node, w: raw_update_phone(db, node, w.updated_rows),
        _verify_raw_update,
    ),
    Case(
        "capture-update",
        "raw-update",
        lambda db, node, w: capture(db, node, w.persons),
        lambda db, node, w: capture(db, node, w.updated),
        _verify_capture_update,
    ),
)
BASELINE = "raw-insert"
CAPTURE_CASE = "capture-1cs"


def run_once(
    backend: Backend,
    node: NodeIdentity,
    workload: Workload,
    case: Case,
    profiler: cProfile.Profile | None = None,
) -> float:
    """One timed run of ``case`` on a fresh database, checked afterwards."""
    with backend.fresh_database(node) as db:
        case.prepare(db, node, workload)
        since = log_position(db)
        gc.collect()
        start = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        case.run(db, node, workload)
        if profiler is not None:
            profiler.disable()
        elapsed = time.perf_counter() - start
        case.verify(db, node, workload, since)
    return elapsed


def time_backend(
    backend: Backend, node: NodeIdentity, workload: Workload, repeat: int, *, verbose: bool
) -> dict[str, float]:
    """Best-of-``repeat`` seconds per case; repeats are interleaved across cases."""
    runs: dict[str, list[float]] = {case.name: [] for case in CASES}
    for _ in range(repeat):
        for case in CASES:
            runs[case.name].append(run_once(backend, node, workload, case))
    if verbose:
        for name, times in runs.items():
            shown = " ".join(f"{t:.3f}" for t in times)
            print(f"  {backend.name:<8} {name:<15} runs: {shown}")
    return {name: min(times) for name, times in runs.items()}


def print_table(backend: str, n: int, best: dict[str, float]) -> None:
    base = best[BASELINE]
    for case in CASES:
        seconds = best[case.name]
        line = (
            f"{backend:<8} {case.name:<15} {seconds:7.3f}s {n / seconds:9.0f} rows/s"
            f" {seconds / base:6.2f}x baseline"
        )
        if case.baseline is not None:
            line += f" ({seconds / best[case.baseline]:.2f}x {case.baseline})"
        print(line)
    ratio = best[CAPTURE_CASE] / base
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"{backend:<8} goal: {CAPTURE_CASE} <= {GOAL:.0f}x baseline: {verdict} ({ratio:.2f}x)")


def profile_backend(
    backend: Backend, node: NodeIdentity, workload: Workload, sort: str, limit: int
) -> None:
    case = next(c for c in CASES if c.name == CAPTURE_CASE)
    profiler = cProfile.Profile()
    elapsed = run_once(backend, node, workload, case, profiler)
    print(f"\n== profile: {backend.name} {case.name}, {workload.n} rows, {elapsed:.3f}s ==")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats(sort).print_stats(limit)


# -- command line ------------------------------------------------------------------


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time regsync's change-capture write path against a raw Core insert."
    )
    parser.add_argument("--rows", type=int, default=10_000, help="persons per case (10000)")
    parser.add_argument(
        "--backend", choices=("sqlite", "postgres", "both"), default="both", help="(both)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per case, best counts (3)")
    parser.add_argument(
        "--profile", action="store_true", help=f"also cProfile {CAPTURE_CASE} on each backend"
    )
    parser.add_argument(
        "--profile-sort",
        default="cumulative",
        choices=("cumulative", "tottime", "ncalls"),
        help="profile order (cumulative)",
    )
    parser.add_argument("--profile-limit", type=int, default=15, help="functions shown (15)")
    parser.add_argument(
        "--pg-admin-url",
        default=DEFAULT_PG_ADMIN,
        help="PostgreSQL admin database used to create and drop the benchmark databases",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print every run's time")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.repeat < 1 or args.profile_limit < 1:
        parser.error("--rows, --repeat and --profile-limit must be at least 1")
    return args


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    names = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    pg_admin = pg_admin_url(args.pg_admin_url)
    backends = [Backend(name, pg_admin) for name in names]
    if "postgres" in names:
        try:
            with psycopg.connect(pg_admin, connect_timeout=5):
                pass
        except psycopg.OperationalError as exc:
            print(f"PostgreSQL unreachable ({args.pg_admin_url}): {exc}", file=sys.stderr)
            return 2
    node = make_node()
    workload = make_workload(args.rows, USCC)
    # The workload stays alive for the whole run; without this every full collection
    # triggered by a write path would also walk the benchmark's own 4N records and rows.
    gc.freeze()
    print(
        f"regsync write benchmark: {args.rows} persons per case, best of {args.repeat}"
        f" (Python {platform.python_version()}, SQLAlchemy {sa.__version__})"
    )
    try:
        for backend in backends:
            best = time_backend(backend, node, workload, args.repeat, verbose=args.verbose)
            print_table(backend.name, args.rows, best)
        if args.profile:
            for backend in backends:
                profile_backend(backend, node, workload, args.profile_sort, args.profile_limit)
    except BenchFailure as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
