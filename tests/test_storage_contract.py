"""The storage contract: the same tests, unchanged, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading

import pytest
import sqlalchemy as sa

from regsync.adapters.sql.database import Database
from regsync.adapters.sql.errors import AlreadyInitialised
from regsync.adapters.sql.schema import RECORD_TABLES, record_version
from regsync.core.model import Application, Enterprise, Person, field_types, from_fields
from regsync.core.ports import NodeIdentity
from regsync.core.scopes import enterprise_scope
from regsync.sync.changeset import GENESIS, Changeset
from regsync.sync.codec import decode_fields
from tests.storage_helpers import USCC, id_number, make_node, open_node_db, person


@pytest.fixture
def node_db(db_url: str) -> tuple[Database, NodeIdentity]:
    db, node = open_node_db(db_url)
    yield db, node
    db.dispose()


def _log(db: Database, node: NodeIdentity) -> list[Changeset]:
    with db.unit_of_work(node) as uow:
        return uow.store.changesets()


def _scope_log(db: Database, node: NodeIdentity) -> list[Changeset]:
    return [cs for cs in _log(db, node) if cs.scope == enterprise_scope(USCC)]


def test_init_writes_identity_node_and_enterprise(node_db: tuple[Database, NodeIdentity]) -> None:
    db, node = node_db
    assert db.identity() == node
    with db.unit_of_work(node) as uow:
        enterprise = uow.get(Enterprise, USCC)
    assert enterprise is not None
    assert enterprise.enterprise_number == "0001"
    assert enterprise.org_code == USCC[8:17]
    assert {cs.scope for cs in _log(db, node)} == {enterprise_scope(USCC)}  # node and firm


def test_initialise_twice_is_refused_and_changes_nothing(db_url: str) -> None:
    db, node = open_node_db(db_url)
    before = _log(db, node)
    with pytest.raises(AlreadyInitialised):
        db.initialise(make_node("01OTHERNODE000000000000001"), lambda uow: None)
    assert _log(db, node) == before
    assert db.identity() == node
    db.dispose()


def test_put_get_find_round_trip_typed_values(node_db: tuple[Database, NodeIdentity]) -> None:
    db, node = node_db
    p = person(1, phone="13800000000", qualification_date=dt.date(2024, 5, 1), name="张三")
    with db.unit_of_work(node) as uow:
        uow.put(p)
        assert uow.get(Person, p.id_number) == p  # pending writes are visible
        uow.commit()
    with db.unit_of_work(node) as uow:
        assert uow.get(Person, p.id_number) == p
        assert uow.find(Person, name="张三") == [p]
        assert uow.find(Person, name="nobody") == []
        assert uow.get(Person, id_number(2)) is None


def test_find_by_a_missing_value_finds_the_records_without_it(
    node_db: tuple[Database, NodeIdentity],
) -> None:
    db, node = node_db
    with_phone, without = person(1, phone="13800000000"), person(2, phone=None)
    with db.unit_of_work(node) as uow:
        uow.put(with_phone)
        uow.put(without)
        uow.commit()
    with db.unit_of_work(node) as uow:  # the same statement, once per shape: both orders
        assert uow.find(Person, phone=None) == [without]
        assert uow.find(Person, phone="13800000000") == [with_phone]
        assert uow.find(Person, phone=None, name=without.name) == [without]
        assert uow.find(Person, phone=None) == [without]


def test_every_commit_is_one_changeset_chained_to_the_last(
    node_db: tuple[Database, NodeIdentity],
) -> None:
    db, node = node_db
    for serial in range(1, 4):
        with db.unit_of_work(node) as uow:
            uow.put(person(serial))
            uow.commit()
    log = _scope_log(db, node)
    assert [cs.seq for cs in log] == [1, 2, 3, 4]  # 1 is the enterprise record from init
    assert log[0].prev_hash == GENESIS
    for prev, cs in itertools.pairwise(log):
        assert cs.prev_hash == prev.hash
        assert cs.hlc > prev.hlc
    assert all(cs.verify_hash() for cs in log)


def test_only_changed_fields_are_logged(node_db: tuple[Database, NodeIdentity]) -> None:
    db, node = node_db
    p = person(1)
    with db.unit_of_work(node) as uow:
        uow.put(p)
        uow.commit()
    with db.unit_of_work(node) as uow:
        uow.put(p.replace(phone="139"))
        uow.put(person(2).replace())  # a new record: every field
        uow.commit()
    last = _scope_log(db, node)[-1]
    by_key = {c.key: c for c in last.changes}
    assert dict(by_key[p.id_number].fields) == {"phone": "139"}
    assert set(by_key[id_number(2)].fields) == set(field_types(Person))


def test_writing_identical_values_logs_nothing(node_db: tuple[Database, NodeIdentity]) -> None:
    db, node = node_db
    with db.unit_of_work(node) as uow:
        uow.put(person(1))
        uow.commit()
    before = _log(db, node)
    with db.unit_of_work(node) as uow:
        uow.put(person(1))
        uow.commit()
    assert _log(db, node) == before


def test_record_versions_follow_the_changesets(node_db: tuple[Database, NodeIdentity]) -> None:
    db, node = node_db
    p = person(1)
    for phone in ("1", "2"):
        with db.unit_of_work(node) as uow:
            uow.put(p.replace(phone=phone))
            uow.commit()
    log = _scope_log(db, node)
    with db.unit_of_work(node) as uow:
        versions = uow.store.load_versions("person", [p.id_number])
        heads = uow.store.heads()
    version = versions[("person", p.id_number)]
    assert dict(version.vv) == {log[-1].stream: log[-1].seq}
    assert log[-1].changes[0].base == {log[-2].stream: log[-2].seq}  # based on what it read
    assert heads[log[-1].stream] == log[-1].seq


def test_delete_leaves_a_tombstone(node_db: tuple[Database, NodeIdentity]) -> None:
    db, node = node_db
    with db.unit_of_work(node) as uow:
        uow.put(person(1))
        uow.commit()
    with db.unit_of_work(node) as uow:
        uow.delete(Person, id_number(1))
        assert uow.get(Person, id_number(1)) is None
        uow.commit()
    with db.unit_of_work(node) as uow:
        assert uow.get(Person, id_number(1)) is None
        version = uow.store.load_versions("person", [id_number(1)])[("person", id_number(1))]
    assert version.deleted
    assert _scope_log(db, node)[-1].changes[0].op == "delete"


def test_leaving_without_commit_writes_nothing(node_db: tuple[Database, NodeIdentity]) -> None:
    db, node = node_db
    before = _log(db, node)
    with db.unit_of_work(node) as uow:
        uow.put(person(1))
        uow.next_counter("x")
    with db.unit_of_work(node) as uow:
        assert uow.get(Person, id_number(1)) is None
        assert uow.next_counter("x") == 1
    assert _log(db, node) == before


class _Boom(Exception):
    pass


@pytest.mark.parametrize("fail_at", ["append", "write_plan"])
def test_failure_inside_commit_keeps_nothing(
    node_db: tuple[Database, NodeIdentity], fail_at: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash between appending and materialising loses the whole changeset, not half."""
    db, node = node_db
    before = _log(db, node)
    from regsync.adapters.sql.store import SqlLogStore

    original = getattr(SqlLogStore, fail_at)
    calls = {"n": 0}

    def failing(self: SqlLogStore, *args: object) -> None:
        original(self, *args)  # the write reaches the database, then the crash comes
        calls["n"] += 1
        raise _Boom

    monkeypatch.setattr(SqlLogStore, fail_at, failing)
    with db.unit_of_work(node) as uow:
        uow.put(person(1))
        uow.put(
            Application(
                number="140100261000100019",
                kind="initial",
                specialty="architect",
                person_id_number=id_number(1),
                person_name="x",
                enterprise_uscc=USCC,
                enterprise_name="y",
                city_code="140100",
                created_on=dt.date(2026, 11, 27),
            )
        )
        with pytest.raises(_Boom):
            uow.commit()
    monkeypatch.undo()
    assert calls["n"] == 1
    assert _log(db, node) == before
    with db.unit_of_work(node) as uow:
        assert uow.get(Person, id_number(1)) is None
        assert uow.store.load_versions("person", [id_number(1)]) == {}


def test_tables_equal_a_replay_of_the_log(node_db: tuple[Database, NodeIdentity]) -> None:
    db, node = node_db
    with db.unit_of_work(node) as uow:
        for serial in range(1, 30):
            uow.put(person(serial))
        uow.commit()
    with db.unit_of_work(node) as uow:
        for serial in range(1, 30, 3):
            uow.put(person(serial, phone=f"p{serial}"))
        uow.delete(Person, id_number(2))
        uow.commit()
    assert replay(db, node) == materialised(db)


def replay(db: Database, node: NodeIdentity) -> dict[tuple[str, str], dict[str, object]]:
    """Rebuild every record from the log alone."""
    state: dict[tuple[str, str], dict[str, object]] = {}
    for cs in _log(db, node):
        assert cs.verify_hash()
        for change in cs.changes:
            rid = (change.kind, change.key)
            if change.op == "delete":
                state.pop(rid, None)
            else:
                state.setdefault(rid, {}).update(decode_fields(change.kind, change.fields))
    return state


def materialised(db: Database) -> dict[tuple[str, str], dict[str, object]]:
    out: dict[tuple[str, str], dict[str, object]] = {}
    with db.connect() as conn:
        for kind, table in RECORD_TABLES.items():
            for row in conn.execute(sa.select(table)).mappings():
                record = from_fields(type_of(kind), dict(row))
                out[(kind, record.key)] = dict(row)
    return out


def type_of(kind: str) -> type:
    from regsync.core.model import RECORD_BY_KIND

    return RECORD_BY_KIND[kind]


def test_concurrent_writers_keep_the_stream_contiguous(
    node_db: tuple[Database, NodeIdentity],
) -> None:
    """Two writers on one node serialise on the stream: no gap, no fork, no lost write."""
    db, node = node_db
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        try:
            for i in range(10):
                with db.unit_of_work(node) as uow:
                    uow.put(person(offset + i))
                    uow.commit()
        except BaseException as exc:  # reported below; a thread cannot fail the test
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k * 100,)) for k in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    log = _scope_log(db, node)
    assert [cs.seq for cs in log] == list(range(1, 22))
    for prev, cs in itertools.pairwise(log):
        assert cs.prev_hash == prev.hash
    with db.unit_of_work(node) as uow:
        assert len(uow.find(Person)) == 20


def test_counters_are_local_and_transactional(node_db: tuple[Database, NodeIdentity]) -> None:
    db, node = node_db
    with db.unit_of_work(node) as uow:
        assert [uow.next_counter("a"), uow.next_counter("a"), uow.next_counter("b")] == [1, 2, 1]
        uow.commit()
    with db.unit_of_work(node) as uow:
        assert uow.next_counter("a") == 3
    with db.connect() as conn:
        kinds = {r.kind for r in conn.execute(sa.select(record_version))}
    assert "node_local" not in kinds  # counters never replicate


def test_log_body_is_canonical_json(node_db: tuple[Database, NodeIdentity]) -> None:
    db, node = node_db
    with db.unit_of_work(node) as uow:
        uow.put(person(1, name="王五"))
        uow.commit()
    from regsync.adapters.sql.schema import changeset

    with db.connect() as conn:
        body = conn.execute(
            sa.select(changeset.c.body).order_by(changeset.c.position.desc()).limit(1)
        ).scalar_one()
    assert "王五" in body  # UTF-8, not \\u escapes
    assert (
        json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        == body
    )
