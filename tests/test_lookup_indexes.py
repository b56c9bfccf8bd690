"""Nothing around the sync grows with the province (issue 19 item 4): look-ups use indexes.

Behaviour, not time: every ``find`` a use case makes names an indexed field first (read
from the source, so a new look-up without an index fails here), SQLite's query plan
uses the index, and migrations 0006 and 0007 add them to a database holding records.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import sqlalchemy as sa

import regsync
from regsync.adapters.sql import migrate
from regsync.adapters.sql.schema import RECORD_TABLES
from regsync.app.bootstrap import open_database
from regsync.core import model
from regsync.core.model import Person
from regsync.core.ports import Containing
from regsync.core.testing import FixedClock
from regsync.core.usecases.listing import containing, person_page
from tests.storage_helpers import NOW, USCC, id_number, open_node_db

_FIND = re.compile(r"\.find\(\s*([A-Z]\w+),\s*(\w+)=")
_SOURCES = ("core", "sync", "app", "gui_tk")


def _indexed(kind: str) -> set[str]:
    """The first column of every index of ``kind``'s table, and its key."""
    table = RECORD_TABLES[kind]
    firsts = {next(iter(ix.columns)).name for ix in table.indexes}
    return firsts | {model.RECORD_BY_KIND[kind].KEY}


def _lookups() -> list[tuple[str, str, str]]:
    root = Path(next(iter(regsync.__path__)))
    found = []
    for package in _SOURCES:
        for path in sorted((root / package).rglob("*.py")):
            for name, field in _FIND.findall(path.read_text(encoding="utf-8")):
                record_type = getattr(model, name, None)
                if isinstance(record_type, type) and issubclass(record_type, model.Record):
                    found.append((f"{package}/{path.name}", record_type.KIND, field))
    return found


def test_every_find_in_the_use_cases_uses_an_indexed_field() -> None:
    lookups = _lookups()
    assert len(lookups) > 30  # the scan found the use cases' look-ups
    missing = sorted({(k, f, where) for where, k, f in lookups if f not in _indexed(k)})
    assert missing == []


def test_sqlite_plans_the_issue_lookups_with_an_index(tmp_path: Path) -> None:
    db, _ = open_node_db(f"sqlite:///{tmp_path / 'n.db'}")
    with db.connect() as conn:
        for table, column in (
            ("certificate", "certificate_number"),
            ("certificate", "application_number"),
            ("seal", "seal_number"),
            ("application", "stage"),
        ):
            plan = conn.execute(
                sa.text(f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {column} = 'x'")
            ).all()
            assert f"ix_{table}_{column}" in " ".join(str(row[-1]) for row in plan)
    db.dispose()


def test_a_city_s_stage_lookup_reads_only_that_stage(tmp_path: Path) -> None:
    """At a city every application has the city's code: its look-up by stage and city
    (申报接收 and 申报上报 lists, 全选) must not go through the city code's index."""
    db, _ = open_node_db(f"sqlite:///{tmp_path / 'n.db'}")
    with db.connect() as conn:
        plan = conn.execute(
            sa.text(
                "EXPLAIN QUERY PLAN SELECT * FROM application"
                " WHERE city_code = '140100' AND stage = 'reported' ORDER BY number"
            )
        ).all()
        assert "ix_application_stage_city_code (stage=? AND city_code=?)" in " ".join(
            str(row[-1]) for row in plan
        )
        indexes = {ix["name"] for ix in sa.inspect(conn).get_indexes("application")}
    assert "ix_application_stage" not in indexes  # the new index serves stage alone
    db.dispose()


def test_migration_0007_replaces_the_stage_index(db_url: str) -> None:
    db = open_database(db_url, FixedClock(NOW))
    with db.connect() as conn:
        migrate.upgrade(conn, "0006")
        conn.execute(
            sa.text(
                "INSERT INTO application (number, kind, specialty, person_id_number,"
                " person_name, enterprise_uscc, enterprise_name, city_code, created_on,"
                " round, stage) VALUES ('a1', 'initial', 'architect', 'p', '李四', 'u', '企业',"
                " '140100', '2026-01-01', 1, 'reported')"
            )
        )
        conn.commit()
    with db.connect() as conn:
        before = {ix["name"] for ix in sa.inspect(conn).get_indexes("application")}
    assert "ix_application_stage" in before
    assert "ix_application_stage_city_code" not in before
    assert db.upgrade().up_to_date
    with db.connect() as conn:
        after = {
            ix["name"]: ix["column_names"] for ix in sa.inspect(conn).get_indexes("application")
        }
        kept = conn.execute(sa.text("SELECT number, stage FROM application")).all()
    assert [tuple(row) for row in kept] == [("a1", "reported")]
    assert after["ix_application_stage_city_code"] == ["stage", "city_code"]
    assert "ix_application_stage" not in after
    db.dispose()


def test_migration_0006_indexes_an_existing_database(db_url: str) -> None:
    db = open_database(db_url, FixedClock(NOW))
    with db.connect() as conn:
        migrate.upgrade(conn, "0004")
        conn.execute(
            sa.text(
                "INSERT INTO certificate (id, certificate_number, person_id_number, specialty,"
                " enterprise_uscc, issued_on, valid_until, current) VALUES ('c1', '晋2A001',"
                " 'p', 'architect', 'u', '2026-01-01', '2028-12-31', true)"
            )
        )
        conn.commit()
    with db.connect() as conn:
        before = {ix["name"] for ix in sa.inspect(conn).get_indexes("certificate")}
    assert "ix_certificate_certificate_number" not in before
    assert db.upgrade().up_to_date
    with db.connect() as conn:
        after = {ix["name"] for ix in sa.inspect(conn).get_indexes("certificate")}
        kept = conn.execute(sa.text("SELECT certificate_number FROM certificate")).scalars()
        assert list(kept) == ["晋2A001"]
    assert {"ix_certificate_certificate_number", "ix_certificate_application_number"} <= after
    db.dispose()


def test_a_name_search_is_matched_by_the_database(db_url: str) -> None:
    """The rows a search reads are the ones it finds (issue 19: a Tk name filter that
    matches little scanned the whole person table in Python)."""
    db, node = open_node_db(db_url)
    names = ["张三", "李四", "王五_x", "Zhang%Wei", *(f"人员{n}" for n in range(40))]
    with db.unit_of_work(node) as uow:
        for n, name in enumerate(names):
            uow.put(Person(id_number=id_number(700 + n), name=name, gender="male",
                           birth_date=dt.date(1980, 1, 1), employer_uscc=USCC))  # fmt: skip
        uow.commit()
    with db.unit_of_work(node) as uow:

        def read(part: str, *fields: str) -> list[str]:
            rows = uow.store.stream_select("person", {}, contains=Containing(part, fields))
            return sorted(str(r["name"]) for r in rows)

        assert read("张", "name") == ["张三"]
        assert read("zhang", "name") == ["Zhang%Wei"]  # ASCII case ignored
        assert read("_", "name") == ["王五_x"]  # LIKE's wildcards are escaped
        assert read("%", "name") == ["Zhang%Wei"]
        assert read(id_number(701)[-6:], "name", "id_number") == ["李四"]
        page = person_page(uow, after=None, limit=10, name="人员3")
        assert [p.name for p in page] == ["人员3", *(f"人员{n}" for n in range(30, 40))][:10]
    db.dispose()


def test_a_search_whose_letters_databases_case_differently_stays_in_python() -> None:
    assert containing("张三", "name") == Containing("张三", ("name",))
    assert containing("ǅ", "name") is None  # a title-case letter: Python decides
    assert containing("", "name") is None
