"""Writers of the same record queue on PostgreSQL (several server workers, or a local
edit beside an import): the second merges into what the first committed."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from regsync.adapters.postgres.dialect import FINE_RECORDS, RECORD_LOCK_SLOTS
from regsync.adapters.sql.database import Database
from regsync.adapters.sql.uow import SqlUnitOfWork
from regsync.core.model import Person
from regsync.core.ports import NodeIdentity
from regsync.sync.changeset import Changeset
from tests.storage_helpers import make_node, open_node_db, person

pytestmark = pytest.mark.postgres


def _in_thread(action: object) -> threading.Thread:
    assert callable(action)
    thread = threading.Thread(target=action, daemon=True)
    thread.start()
    return thread


def _holding_lock(db: Database, node: NodeIdentity, rid: tuple[str, str]) -> SqlUnitOfWork:
    uow = db.unit_of_work(node)
    uow.store.dialect.lock_records(uow.store.conn, [rid])
    return uow


def test_a_commit_waits_for_the_writer_holding_its_record(pg_database: str) -> None:
    db, node = open_node_db(pg_database)
    first = person(1)
    holder = _holding_lock(db, node, ("person", first.id_number))

    def commit() -> None:
        with db.unit_of_work(node) as uow:
            uow.put(first.replace(phone="13900000001"))
            uow.commit()

    waiting = _in_thread(commit)
    waiting.join(0.5)
    assert waiting.is_alive()  # queued behind the lock, not written past it
    holder.__exit__(None, None, None)  # rolls back, releasing the lock
    waiting.join(30)
    assert not waiting.is_alive()
    with db.unit_of_work(node) as uow:
        found = uow.get(Person, first.id_number)
    assert found is not None
    assert found.phone == "13900000001"
    db.dispose()


def test_an_import_waits_for_the_writer_holding_its_records(pg_database: str) -> None:
    source, node = open_node_db(pg_database)
    with source.unit_of_work(node) as uow:
        uow.put(person(2))
        uow.commit()
        batch: list[Changeset] = list(uow.committed)
    other = make_node("01TESTNODE0000000000000002")
    # the same database plays the receiving node: it already holds the changesets, so
    # the import is all duplicates, but it must still queue behind the record lock
    holder = _holding_lock(source, other, ("person", person(2).id_number))
    done: list[int] = []

    def import_batch() -> None:
        with source.unit_of_work(other) as uow:
            done.append(uow.import_changesets(batch).duplicates)
            uow.commit()

    waiting = _in_thread(import_batch)
    waiting.join(0.5)
    assert waiting.is_alive()
    holder.__exit__(None, None, None)  # rolls back, releasing the lock
    waiting.join(30)
    assert done == [1]
    source.dispose()


def _slot_twins(db: Database, count: int) -> list[tuple[str, str]]:
    """``count`` person records whose names all fall in one lock slot."""
    query = sa.text(
        "SELECT key FROM (SELECT 'P' || n AS key FROM generate_series(1, 200000) AS n) AS k"
        " WHERE (hashtext('person:' || key) & :mask) = 7 LIMIT :count"
    )
    with db.unit_of_work(make_node()) as uow:
        rows = uow.store.conn.execute(query, {"mask": RECORD_LOCK_SLOTS - 1, "count": count})
        return [("person", str(key)) for (key,) in rows]


def _locks_in_thread(db: Database, records: list[tuple[str, str]]) -> threading.Thread:
    def lock() -> None:
        with db.unit_of_work(make_node()) as uow:
            uow.store.dialect.lock_records(uow.store.conn, records)

    return _in_thread(lock)


def test_small_writers_of_other_records_in_one_slot_do_not_wait(pg_database: str) -> None:
    db, node = open_node_db(pg_database)
    first, second = _slot_twins(db, 2)
    holder = _holding_lock(db, node, first)
    other = _locks_in_thread(db, [second])
    other.join(30)
    assert not other.is_alive()  # its own record's lock: no queue behind the slot
    same = _locks_in_thread(db, [first])
    same.join(0.5)
    assert same.is_alive()  # the same record still queues
    holder.__exit__(None, None, None)
    same.join(30)
    assert not same.is_alive()
    db.dispose()


def test_a_large_writer_and_a_small_one_queue_on_a_shared_record(pg_database: str) -> None:
    db, node = open_node_db(pg_database)
    twins = _slot_twins(db, 2)
    many = [("person", f"Q{n}") for n in range(FINE_RECORDS + 1)] + [twins[0]]
    for holding, then in (([twins[0]], many), (many, [twins[1]])):
        holder = db.unit_of_work(node)
        holder.store.dialect.lock_records(holder.store.conn, holding)
        waiting = _locks_in_thread(db, then)
        waiting.join(0.5)
        assert waiting.is_alive()  # shared slot against exclusive slot
        holder.__exit__(None, None, None)
        waiting.join(30)
        assert not waiting.is_alive()
    db.dispose()


def test_a_lock_beyond_the_transactions_budget_takes_the_slots(pg_database: str) -> None:
    db, node = open_node_db(pg_database)
    first, second = _slot_twins(db, 2)
    holder = db.unit_of_work(node)
    budget = [("person", f"elsewhere{n}") for n in range(FINE_RECORDS)]
    holder.store.dialect.lock_records(holder.store.conn, budget)
    holder.store.dialect.lock_records(holder.store.conn, [first])  # bounded: slots now
    other = _locks_in_thread(db, [second])
    other.join(0.5)
    assert other.is_alive()
    holder.__exit__(None, None, None)
    other.join(30)
    assert not other.is_alive()
    db.dispose()


def test_a_small_import_and_its_commit_stay_on_record_locks(pg_database: str) -> None:
    # Two transactions that each lock a record, then (their commit) another record of
    # the slot the other holds: on record locks both go through, where taking the
    # slots exclusively the second time would deadlock (PostgreSQL aborts one).
    db, node = open_node_db(pg_database)
    a, b, c, d = _slot_twins(db, 4)
    one, two = db.unit_of_work(node), db.unit_of_work(node)
    one.store.dialect.lock_records(one.store.conn, [a])
    two.store.dialect.lock_records(two.store.conn, [b])
    failed: list[BaseException] = []

    def commit_lock() -> None:
        try:
            one.store.dialect.lock_records(one.store.conn, [c])
        except Exception as exc:  # a deadlock's abort, reported below
            failed.append(exc)

    later = _in_thread(commit_lock)
    two.store.dialect.lock_records(two.store.conn, [d])
    later.join(30)
    assert not later.is_alive()
    assert failed == []
    one.__exit__(None, None, None)
    two.__exit__(None, None, None)
    db.dispose()
