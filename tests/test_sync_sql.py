"""Two nodes exchange changesets through the SQL import path (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from regsync.adapters.sql.database import Database
from regsync.core.model import Application, Conflict, Role
from regsync.core.ports import NodeIdentity
from regsync.core.usecases.setup import plan_identity
from regsync.sync.changeset import Changeset
from regsync.sync.errors import ChainError, ForkError, MissingPrerequisites, TamperedChangeset
from tests.storage_helpers import USCC, make_node, open_node_db, person

NUMBER = "140100261000100017"
CITY = plan_identity(
    node_id="01TESTCITY0000000000000001",
    role=Role.CITY,
    name="太原市住建局",
    city_code="140100",
    uscc=None,
    public_key=None,
)


def _application() -> Application:
    return Application(
        number=NUMBER,
        kind="initial",
        specialty="architect",
        person_id_number=person(1).id_number,
        person_name="张三",
        enterprise_uscc=USCC,
        enterprise_name="太原市建筑设计研究院",
        city_code="140100",
        created_on=dt.date(2026, 11, 27),
    )


@pytest.fixture
def nodes(db_url: str, tmp_path: Path) -> Iterator[tuple[Database, NodeIdentity, Database]]:
    enterprise_db, enterprise = open_node_db(db_url)
    city_db, _ = open_node_db(f"sqlite:///{tmp_path / 'city.db'}", CITY)
    with enterprise_db.unit_of_work(enterprise) as uow:
        uow.put(person(1))
        uow.put(_application())
        uow.commit()
    yield enterprise_db, enterprise, city_db
    enterprise_db.dispose()
    city_db.dispose()


def send(src: Database, src_node: NodeIdentity, dst: Database, dst_node: NodeIdentity) -> int:
    """Export what ``dst`` lacks from ``src`` and import it; returns new changesets."""
    with dst.unit_of_work(dst_node) as uow:
        heads = uow.store.heads()
    with src.unit_of_work(src_node) as uow:
        batch = uow.changesets_for(heads)
    with dst.unit_of_work(dst_node) as uow:
        report = uow.import_changesets(batch)
        uow.commit()
    return len(report.new)


def log_of(db: Database, node: NodeIdentity) -> list[Changeset]:
    with db.unit_of_work(node) as uow:
        return uow.store.changesets()


def edit(db: Database, node: NodeIdentity, **fields: object) -> None:
    with db.unit_of_work(node) as uow:
        app = uow.get(Application, NUMBER)
        assert app is not None
        uow.put(app.replace(**fields))
        uow.commit()


def state(db: Database, node: NodeIdentity) -> tuple[Application | None, list[Conflict]]:
    with db.unit_of_work(node) as uow:
        return uow.get(Application, NUMBER), uow.find(Conflict)


def test_application_reaches_the_city_and_reimport_is_a_noop(
    nodes: tuple[Database, NodeIdentity, Database],
) -> None:
    enterprise_db, enterprise, city_db = nodes
    assert send(enterprise_db, enterprise, city_db, CITY) == 2  # node+enterprise, person+app
    assert state(city_db, CITY)[0] == _application()
    before = log_of(city_db, CITY)
    with enterprise_db.unit_of_work(enterprise) as uow:
        everything = uow.changesets_for({})
    with city_db.unit_of_work(CITY) as uow:
        report = uow.import_changesets(everything)
        uow.commit()
    assert report.new == []
    assert report.duplicates == len(everything)
    assert log_of(city_db, CITY) == before


def test_concurrent_edit_ends_identical_with_one_ledger_entry_on_both(
    nodes: tuple[Database, NodeIdentity, Database],
) -> None:
    enterprise_db, enterprise, city_db = nodes
    send(enterprise_db, enterprise, city_db, CITY)
    edit(enterprise_db, enterprise, person_name="张三丰", reason="补办")  # concurrently...
    edit(city_db, CITY, person_name="张叁")  # ...the city corrects the same field
    send(enterprise_db, enterprise, city_db, CITY)
    send(city_db, CITY, enterprise_db, enterprise)
    send(enterprise_db, enterprise, city_db, CITY)
    app_e, ledger_e = state(enterprise_db, enterprise)
    app_c, ledger_c = state(city_db, CITY)
    assert app_e == app_c
    assert app_e is not None
    assert app_e.person_name == "张叁"  # the city's authority tier wins the field
    assert app_e.reason == "补办"  # a field only one side changed merges cleanly
    assert ledger_e == ledger_c
    (entry,) = ledger_e
    assert (entry.record_key, entry.field) == (NUMBER, "person_name")
    assert (entry.kept_value, entry.lost_value) == ('"张叁"', '"张三丰"')


def test_gap_is_refused_with_the_missing_range_and_nothing_written(
    nodes: tuple[Database, NodeIdentity, Database],
) -> None:
    enterprise_db, enterprise, city_db = nodes
    with enterprise_db.unit_of_work(enterprise) as uow:
        batch = [
            cs for cs in uow.changesets_for({}) if not (cs.scope != "province" and cs.seq == 1)
        ]
    before = log_of(city_db, CITY)
    with city_db.unit_of_work(CITY) as uow, pytest.raises(ChainError) as info:
        uow.import_changesets(batch)
    assert "1-1" in info.value.message("en")
    assert log_of(city_db, CITY) == before


def test_tampered_and_forked_changesets_are_refused(
    nodes: tuple[Database, NodeIdentity, Database],
) -> None:
    enterprise_db, enterprise, city_db = nodes
    send(enterprise_db, enterprise, city_db, CITY)
    edit(enterprise_db, enterprise, reason="x")
    with enterprise_db.unit_of_work(enterprise) as uow:
        (last,) = uow.changesets_for({cs.stream: cs.seq for cs in log_of(city_db, CITY)})
    change = dataclasses.replace(last.changes[0], fields={"reason": "forged"})
    tampered = dataclasses.replace(last, changes=(change,))
    before = log_of(city_db, CITY)
    with city_db.unit_of_work(CITY) as uow, pytest.raises(TamperedChangeset):
        uow.import_changesets([tampered])
    send(enterprise_db, enterprise, city_db, CITY)
    forked = dataclasses.replace(last, changes=(change,), hash="").sealed()
    with city_db.unit_of_work(CITY) as uow, pytest.raises(ForkError):
        uow.import_changesets([forked])
    assert len(log_of(city_db, CITY)) == len(before) + 1


def test_changes_that_build_on_unknown_data_are_refused(
    nodes: tuple[Database, NodeIdentity, Database],
) -> None:
    enterprise_db, enterprise, city_db = nodes
    send(enterprise_db, enterprise, city_db, CITY)
    edit(city_db, CITY, reason="city")  # its base includes the enterprise's stream
    other = make_node("01OTHERNODE000000000000001")
    with city_db.unit_of_work(CITY) as uow:
        city_only = [cs for cs in uow.changesets_for({}) if cs.origin == CITY.node_id]
    with enterprise_db.unit_of_work(enterprise) as uow:
        assert uow.node != other
    fresh_db, fresh = open_node_db(
        f"sqlite:///{Path(str(city_db.url.database)).parent / 'fresh.db'}", other
    )
    with fresh_db.unit_of_work(fresh) as uow, pytest.raises(MissingPrerequisites):
        uow.import_changesets(city_only)
    fresh_db.dispose()


def test_a_resolution_at_one_node_replicates_to_the_other(
    nodes: tuple[Database, NodeIdentity, Database],
) -> None:
    from regsync.core.usecases.conflicts import list_conflicts, resolve_conflict

    enterprise_db, enterprise, city_db = nodes
    send(enterprise_db, enterprise, city_db, CITY)
    edit(enterprise_db, enterprise, person_name="张三丰")
    edit(city_db, CITY, person_name="张叁")
    send(enterprise_db, enterprise, city_db, CITY)
    send(city_db, CITY, enterprise_db, enterprise)
    with city_db.unit_of_work(CITY) as uow:
        (conflict,) = list_conflicts(uow)
        resolve_conflict(uow, conflict.id, take="remote", resolved_by=CITY.node_id)
        uow.commit()
    send(city_db, CITY, enterprise_db, enterprise)
    send(enterprise_db, enterprise, city_db, CITY)
    for db, node in ((enterprise_db, enterprise), (city_db, CITY)):
        app, ledger = state(db, node)
        assert app is not None
        assert app.person_name == "张三丰"
        assert [c.resolved for c in ledger] == [True]
    assert state(enterprise_db, enterprise) == state(city_db, CITY)


def test_status_merges_as_the_join_of_round_and_stage(
    nodes: tuple[Database, NodeIdentity, Database],
) -> None:
    enterprise_db, enterprise, city_db = nodes
    edit(enterprise_db, enterprise, stage="reported")
    send(enterprise_db, enterprise, city_db, CITY)
    edit(city_db, CITY, stage="city_failed")  # the city fails round 1 ...
    edit(enterprise_db, enterprise, round=2, stage="draft")  # ... while the firm starts round 2
    send(enterprise_db, enterprise, city_db, CITY)
    send(city_db, CITY, enterprise_db, enterprise)
    app_e, ledger_e = state(enterprise_db, enterprise)
    app_c, ledger_c = state(city_db, CITY)
    assert app_e == app_c
    assert app_e is not None
    # Field by field the city's tier would win the stage and leave (2, city_failed),
    # a state no one wrote; the join keeps round 2 as a draft, and loses nothing.
    assert (app_e.round, app_e.stage) == (2, "draft")
    assert ledger_e == ledger_c == []


def test_import_groups_split_where_a_record_repeats() -> None:
    from regsync.sync.apply import disjoint_groups
    from regsync.sync.changeset import Change, Op
    from regsync.sync.hlc import Timestamp

    def cs(seq: int, *keys: str) -> Changeset:
        changes = tuple(Change("person", k, Op.UPSERT, {"name": "x"}, {}) for k in keys)
        return Changeset("N", "s", seq, "0" * 64, Timestamp(1, 0), 1, changes).sealed()

    batch = [cs(1, "a", "b"), cs(2, "c"), cs(3, "a"), cs(4, "d", "d"), cs(5, "e")]
    groups = [[c.seq for c in g] for g in disjoint_groups(batch)]
    # 3 touches "a" again: a new group; 4 touches "d" twice: a group of its own.
    assert groups == [[1, 2], [3], [4], [5]]
