"""Province-scale benchmark (issue 19 item 3): one round through the city and province.

Run from the project root::

    .venv/bin/python benchmarks/bench_province.py [--scale S] [--batch B] [--postgres URL]

At ``--scale 1``: 11 cities, 2,000 firms, 60,000 persons and one round of 20,000
initial applications.  Each city receives (申报接收), reviews (申报审核, passed) and
forwards (申报上报) its applications; the province approves (审批) and issues (发证)
them; then the province's ``status`` (上报情况查询) of each application is read.  Every
stage runs the use cases of ``regsync.core.usecases`` on a real node database (SQLite
files, or PostgreSQL databases under ``--postgres``), in batches of ``--batch``
applications, one unit of work each, as a clerk ticking a page of a list does.

What it prints, per stage: the total time, the time per application, and the time per
application of the first and of the last batch: "flat" means the last batch costs no
more than the first (nothing grows with the province, issue 19 item 4).

Not timed: the set-up.  Records another office wrote are logged into the node as an
import would (``tests/seeding.py``'s way: ``commit_local`` in a stand-in stream), so
the benchmark measures the stage use cases, not bundle transport (``bench_sync.py``).
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import sqlalchemy as sa

from regsync.adapters.sql.database import Database
from regsync.app.bootstrap import open_database
from regsync.core.checks.codes import uscc_check_char
from regsync.core.checks.identity import id_number_check_digit
from regsync.core.config import RulesConfig
from regsync.core.ids import UlidFactory
from regsync.core.model import (
    Application,
    ApplicationKind,
    Enterprise,
    PerformanceRecord,
    Person,
    Record,
    Role,
    Specialty,
)
from regsync.core.numbering import make_number
from regsync.core.ports import NodeIdentity, UnitOfWork
from regsync.core.scopes import enterprise_scope
from regsync.core.testing import FixedClock
from regsync.core.usecases import city, province
from regsync.core.usecases.setup import plan_identity, record_node
from regsync.core.usecases.status import application_status
from regsync.sync.changeset import Change, Op
from regsync.sync.codec import encode_fields
from regsync.sync.hlc import HybridClock
from regsync.sync.log import commit_local

CITIES = ("140100", "140200", "140300", "140400", "140500", "140600",
          "140700", "140800", "140900", "141000", "141100")  # fmt: skip
TODAY = dt.date(2026, 11, 27)
NOW = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)
YEAR = TODAY.year
STAGES = ("receive", "review", "forward", "approve", "issue", "status")


@dataclasses.dataclass
class World:
    """What one city holds: its firms, their persons, the round's applications."""

    code: str
    firms: list[Enterprise] = dataclasses.field(default_factory=list)
    persons: dict[str, list[Person]] = dataclasses.field(default_factory=dict)
    applications: dict[str, list[Application]] = dataclasses.field(default_factory=dict)
    performance: dict[str, list[PerformanceRecord]] = dataclasses.field(default_factory=dict)


def uscc(city_code: str, serial: int) -> str:
    first17 = f"91{city_code}{serial:09d}"
    return first17 + uscc_check_char(first17)


def id_number(serial: int) -> str:
    first17 = f"140100{1970 + serial % 30}0101{serial % 1000:03d}"
    first17 = f"{140100 + serial // 1000 % 900:06d}{first17[6:]}"
    return first17 + id_number_check_digit(first17)


def build(scale: float, rng: random.Random) -> list[World]:
    """The province at ``scale``: firms round-robin over the cities, 30 persons a firm,
    one application for every third person (20,000 at scale 1)."""
    firms, per_firm = max(len(CITIES), round(2000 * scale)), 30
    applicants = round(20000 * scale)
    worlds = [World(code) for code in CITIES]
    ids = UlidFactory(lambda: 1_780_000_000_000, rng)
    person_serial = 0
    made = 0
    for n in range(firms):
        world = worlds[n % len(CITIES)]
        number = f"{n // len(CITIES) + 1:04d}"
        firm = Enterprise(uscc=uscc(world.code, n + 1), name=f"第{n + 1}设计院",
                          city_code=world.code, enterprise_number=number)  # fmt: skip
        world.firms.append(firm)
        persons, apps, perf = [], [], []
        for k in range(per_firm):
            person_serial += 1
            person = Person(
                id_number=id_number(person_serial), name=f"人员{person_serial}",
                gender="male", birth_date=dt.date(1970 + person_serial % 30, 1, 1),
                employer_uscc=firm.uscc, qualification_cert_no=f"JZ2025-{person_serial:06d}",
                qualification_date=dt.date(2025, 6, 30),
            )  # fmt: skip
            persons.append(person)
            if k % 3 == 0 and made < applicants:
                made += 1
                app = Application(
                    number=make_number(city_code=world.code, year=YEAR,
                                       kind=ApplicationKind.INITIAL, enterprise_number=number,
                                       sequence=k // 3 + 1),
                    kind=ApplicationKind.INITIAL.value, specialty=Specialty.ARCHITECT.value,
                    person_id_number=person.id_number, person_name=person.name,
                    enterprise_uscc=firm.uscc, enterprise_name=firm.name,
                    city_code=world.code, created_on=TODAY, stage="reported",
                    qualification_cert_no=person.qualification_cert_no,
                    qualification_date=person.qualification_date, reported_on=TODAY,
                )  # fmt: skip
                apps.append(app)
                perf.append(PerformanceRecord(
                    id=ids.new_id(), application_number=app.number,
                    project_name="太原市某住宅小区", role="专业负责人",
                    start_date=dt.date(2023, 3, 1), end_date=dt.date(2024, 6, 30),
                ))  # fmt: skip
        world.persons[firm.uscc] = persons
        world.applications[firm.uscc] = apps
        world.performance[firm.uscc] = perf
    return worlds


def new_node(
    url: str, role: Role, name: str, city_code: str | None, rng: random.Random
) -> tuple[Database, NodeIdentity]:
    node = plan_identity(node_id=UlidFactory(lambda: 1_770_000_000_000, rng).new_id(),
                         role=role, name=name, city_code=city_code, uscc=None,
                         public_key="ab" * 32)  # fmt: skip
    db = open_database(url, FixedClock(NOW))
    db.initialise(node, record_node)
    return db, node


def seed(
    db: Database, node: NodeIdentity, origin: str, scope: str, records: Sequence[Record]
) -> None:
    """Log and materialise ``records`` as written by ``origin`` (as an import would)."""
    with db.unit_of_work(node) as uow:
        store = uow.store
        changes = [Change(r.KIND, r.key, Op.UPSERT, encode_fields(r.KIND, r.fields()), {})
                   for r in records]  # fmt: skip
        clock = HybridClock(lambda: 0, store.clock_reading())
        commit_local(store, origin=origin, scope=scope, tier=Role.ENTERPRISE.tier,
                     changes=changes, clock=clock, rows={}, versions={})  # fmt: skip
        store.save_clock(clock.last)
        uow.commit()


@dataclasses.dataclass
class Stage:
    name: str
    batches: list[tuple[int, float, int]] = dataclasses.field(default_factory=list)
    """(applications, seconds, SQL statements) of each batch."""
    profile: cProfile.Profile | None = None  # --profile: the stage's work, for pstats

    def add(self, count: int, seconds: float, statements: int = 0) -> None:
        self.batches.append((count, seconds, statements))

    def row(self) -> tuple[str, int, float, float, float, float, float, float]:
        """Name, applications, seconds, ms/app overall, of the first and of the last full
        batch, and SQL statements per application of the first and the last full batch."""
        count = sum(c for c, _, _ in self.batches)
        total = sum(s for _, s, _ in self.batches)
        full = max(c for c, _, _ in self.batches)  # a city's short last batch is left out
        whole = [(c, s, q) for c, s, q in self.batches if c == full]
        (c0, s0, q0), (c1, s1, q1) = whole[0], whole[-1]
        return (self.name, count, total, total / count * 1000, s0 / c0 * 1000, s1 / c1 * 1000,
                q0 / c0, q1 / c1)  # fmt: skip


class StatementCount:
    """How many SQL statements an engine has executed (an executemany counts once)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.count = 0
        self._engine = engine
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_: object) -> None:
        self.count += 1

    def close(self) -> None:
        sa.event.remove(self._engine, "before_cursor_execute", self._seen)


def batches(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def timed(
    stage: Stage,
    db: Database,
    node: NodeIdentity,
    numbers: Sequence[str],
    *,
    size: int,
    work: Callable[..., object],
    commit: bool = True,
) -> None:
    statements = StatementCount(db.engine)
    try:
        _timed_batches(stage, db, node, numbers, size=size, work=work, commit=commit,
                       statements=statements)  # fmt: skip
    finally:
        statements.close()


def _timed_batches(
    stage: Stage,
    db: Database,
    node: NodeIdentity,
    numbers: Sequence[str],
    *,
    size: int,
    work: Callable[..., object],
    commit: bool,
    statements: StatementCount,
) -> None:
    for chunk in batches(numbers, size):
        if stage.profile is not None:
            stage.profile.enable()
        before, start = statements.count, time.perf_counter()
        with db.unit_of_work(node) as uow:
            work(uow, chunk)
            if commit:
                uow.commit()
        stage.add(len(chunk), time.perf_counter() - start, statements.count - before)
        if stage.profile is not None:
            stage.profile.disable()


def run(
    scale: float, size: int, urls: Callable[[str], str], profiled: Sequence[str] = ()
) -> list[Stage]:
    rng = random.Random(19)
    rules = RulesConfig()
    ids = UlidFactory(lambda: 1_790_000_000_000, rng)
    worlds = build(scale, rng)
    stages = {n: Stage(n) for n in STAGES}
    for name in profiled:
        stages[name].profile = cProfile.Profile()
    prov_db, prov = new_node(urls("province"), Role.PROVINCE, "山西省住建厅", None, rng)
    order: list[str] = []
    for world in worlds:
        db, node = new_node(urls(world.code), Role.CITY, f"{world.code}住建局", world.code, rng)
        for firm in world.firms:
            records = [firm, *world.persons[firm.uscc], *world.applications[firm.uscc],
                       *world.performance[firm.uscc]]  # fmt: skip
            seed(db, node, f"FIRM-{firm.uscc}", enterprise_scope(firm.uscc), records)
        numbers = [a.number for apps in world.applications.values() for a in apps]
        timed(stages["receive"], db, node, numbers, size=size, work=city.receive)
        timed(stages["review"], db, node, numbers, size=size,
              work=lambda uow, chunk: city.review(uow, ids, chunk, passed=True, reviewer="王五",
                                             opinion=None, today=TODAY, rules=rules))  # fmt: skip
        timed(stages["forward"], db, node, numbers, size=size, work=city.forward)
        with db.unit_of_work(node) as uow:  # what the province receives (not timed)
            forwarded = {a.number: a for a in uow.find(Application, stage="forwarded")}
        db.dispose()
        for firm in world.firms:
            apps = [forwarded[a.number] for a in world.applications[firm.uscc]]
            records = [firm, *world.persons[firm.uscc], *apps, *world.performance[firm.uscc]]
            seed(prov_db, prov, f"CITY-{world.code}", enterprise_scope(firm.uscc), records)
        order += numbers
    timed(stages["approve"], prov_db, prov, order, size=size,
          work=lambda uow, chunk: province.decide(uow, ids, chunk, approved=True, decided_by="省厅",
                                             opinion=None, today=TODAY, rules=rules))  # fmt: skip
    timed(
        stages["issue"],
        prov_db,
        prov,
        order,
        size=size,
        work=lambda uow, chunk: province.issue(uow, ids, chunk, today=TODAY, rules=rules),
    )
    timed(stages["status"], prov_db, prov, order, size=size, work=read_status, commit=False)
    prov_db.dispose()
    return list(stages.values())


def read_status(uow: UnitOfWork, chunk: Sequence[str]) -> None:
    """The province's 上报情况查询 of each application of the batch (nothing is written)."""
    for number in chunk:
        (found,) = application_status(uow, number=number)
        assert found.stage.value == "issued", found


def report(stages: list[Stage], scale: float, size: int) -> str:
    lines = [
        f"province round at scale {scale} ({len(CITIES)} cities, {round(2000 * scale)} firms, "
        f"{round(60000 * scale)} persons, {stages[0].row()[1]} applications), "
        f"batches of {size}",
        "",
        "| stage | applications | total s | ms per application | first batch ms/app "
        "| last batch ms/app | last / first | SQL statements per app, first / last batch |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for stage in stages:
        name, count, total, per, first, last, q_first, q_last = stage.row()
        lines.append(f"| {name} | {count} | {total:.1f} | {per:.2f} | {first:.2f} | "
                     f"{last:.2f} | {last / first:.2f}x | "
                     f"{q_first:.1f} / {q_last:.1f} |")  # fmt: skip
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="1 = 2,000 firms, 60,000 persons, 20,000 applications")  # fmt: skip
    parser.add_argument("--batch", type=int, default=500, help="applications per unit of work")
    parser.add_argument("--dir", help="where the SQLite files go (default: a temporary folder)")
    parser.add_argument(
        "--profile", nargs="*", default=[], choices=STAGES, metavar="STAGE",
        help="cProfile these stages; the stats go to STAGE.prof (pstats)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:

        def urls(name: str) -> str:
            return f"sqlite:///{Path(folder) / name}.db"

        stages = run(args.scale, args.batch, urls, args.profile)
    print(report(stages, args.scale, args.batch))
    for stage in stages:
        if stage.profile is not None:
            stage.profile.dump_stats(f"{stage.name}.prof")
    return 0


if __name__ == "__main__":
    sys.exit(main())
