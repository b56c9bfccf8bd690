"""The prepared log store answers as the plain one, and a local write stays a few statements.

On SQLite and PostgreSQL (issue 19, P6: one captured local write).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from regsync.adapters.sql.database import Database
from regsync.adapters.sql.prepared import PreparedLogStore
from regsync.adapters.sql.store import SqlLogStore
from regsync.app.bootstrap import open_database
from regsync.core.model import Enterprise, Person, Role
from regsync.core.ports import NodeIdentity
from regsync.core.scopes import enterprise_scope
from regsync.core.testing import FixedClock
from regsync.core.usecases.setup import plan_identity, record_node
from regsync.sync.changeset import stream_id
from tests.storage_helpers import NOW, USCC, id_number, open_node_db, person

OTHER_USCC = "91140100MA0GRP146D"


@pytest.fixture
def node_db(db_url: str) -> Iterator[tuple[Database, NodeIdentity]]:
    db, node = open_node_db(db_url)
    yield db, node
    db.dispose()


def _both(conn: sa.Connection, db: Database) -> tuple[SqlLogStore, PreparedLogStore]:
    return SqlLogStore(conn, db.dialect), PreparedLogStore(conn, db.dialect)


def test_one_record_reads_agree_with_the_plain_store(
    node_db: tuple[Database, NodeIdentity],
) -> None:
    db, node = node_db
    live, gone, never = person(1, phone="13800000000"), person(2), id_number(3)
    with db.unit_of_work(node) as uow:
        uow.put(live)
        uow.put(gone)
        uow.commit()
    with db.unit_of_work(node) as uow:
        uow.delete(Person, gone.id_number)
        uow.commit()
    with db.connect() as conn:
        plain, prepared = _both(conn, db)
        for key in (live.id_number, gone.id_number, never):
            rows = plain.load_rows("person", [key])
            versions = plain.load_versions("person", [key])
            row, version = prepared.load_row_and_version("person", key)
            assert row == rows.get(("person", key))
            assert version == versions.get(("person", key))
            assert prepared.load_rows("person", [key]) == rows
        assert prepared.load_row_and_version("person", gone.id_number)[1] is not None  # tombstone
        assert prepared.load_row_and_version("person", never) == (None, None)
        enterprise = prepared.load_row_and_version("enterprise", USCC)
        assert enterprise[0] == plain.load_rows("enterprise", [USCC])[("enterprise", USCC)]


def test_settings_and_heads_agree_with_the_plain_store(
    node_db: tuple[Database, NodeIdentity],
) -> None:
    db, node = node_db
    stream = stream_id(node.node_id, enterprise_scope(USCC))
    with db.connect() as conn:
        plain, prepared = _both(conn, db)
        assert prepared.stream_head(stream) == plain.stream_head(stream) is not None
        assert prepared.stream_head("no-such-stream") is None
        assert prepared.clock_reading() == plain.clock_reading()
        prepared.set_local("note:x", "1")
        assert plain.get_local("note:x") == prepared.get_local("note:x") == "1"
        prepared.set_local("note:x", "2")
        assert plain.get_local("note:x") == "2"
        assert prepared.get_local("note:none") is None
        conn.rollback()


def _statements(db: Database, action: object) -> list[str]:
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert callable(action)
        action()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    return seen


def test_a_one_record_write_issues_few_statements(node_db: tuple[Database, NodeIdentity]) -> None:
    """One read of row and version, one of the clock and heads, four writes, the clock
    (PostgreSQL adds its stream lock and its record locks, two statements: the slots
    shared, then the record's own lock; BEGIN and COMMIT are not statements).

    Before issue 19 P6 a write also read the version, the clock and the head apart,
    and SQLite's BEGIN IMMEDIATE was a statement of SQLAlchemy's.
    """
    db, node = node_db

    def write(serial: int) -> None:
        with db.unit_of_work(node) as uow:
            uow.put(person(serial))
            uow.commit()

    write(1)  # the stream exists: the steady state
    seen = _statements(db, lambda: write(2))
    assert len(seen) <= (10 if db.dialect.name == "postgresql" else 7), seen
    with db.unit_of_work(node) as uow:
        assert uow.get(Person, id_number(2)) == person(2)
        assert uow.get(Enterprise, USCC) is not None


def test_a_commit_in_two_scopes_chains_each_stream(db_url: str) -> None:
    city = plan_identity(
        node_id="01TESTCITY0000000000000001", role=Role.CITY, name="太原市住建局",
        city_code="140100", uscc=None, public_key=None,
    )  # fmt: skip
    db = open_database(db_url, FixedClock(NOW))
    db.initialise(city, record_node)
    try:
        for round_ in range(2):
            with db.unit_of_work(city) as uow:
                uow.put(person(10 + round_, employer_uscc=USCC))
                uow.put(person(20 + round_, employer_uscc=OTHER_USCC))
                uow.commit()
                made = sorted(uow.committed, key=lambda cs: cs.scope)
            assert [cs.scope for cs in made] == sorted(map(enterprise_scope, (USCC, OTHER_USCC)))
            assert [cs.seq for cs in made] == [round_ + 1] * 2
        with db.unit_of_work(city) as uow:
            log = uow.store.changesets()
        for scope in (enterprise_scope(USCC), enterprise_scope(OTHER_USCC)):
            first, second = [cs for cs in log if cs.scope == scope]
            assert second.prev_hash == first.hash
            assert second.hlc > first.hlc
    finally:
        db.dispose()
