"""The log store contract: the same assertions on SqlLogStore (SQLite, PostgreSQL) and
on the in-memory fake the property tests run on (:class:`regsync.sync.testing.MemoryLogStore`).

If the fake drifts from the SQL store, these fail on one backend and not the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol

import pytest
import sqlalchemy as sa

from regsync.adapters.sql.store import SqlLogStore
from regsync.app.bootstrap import open_database
from regsync.core.model import Value
from regsync.core.testing import FixedClock
from regsync.sync.apply import writes_of
from regsync.sync.changeset import GENESIS, Change, Changeset, Op, StreamHead
from regsync.sync.codec import encode_fields
from regsync.sync.hlc import Timestamp
from regsync.sync.materialise import Plan, RecordVersion
from regsync.sync.merge import Write
from regsync.sync.ports import ImportStore
from regsync.sync.testing import MemoryLogStore
from tests.conftest import SQL_BACKENDS, backend_url
from tests.storage_helpers import NOW, id_number, person


class ContractStore(ImportStore, Protocol):
    """The log store as the engine and the exports use it."""

    def changesets_after(
        self, heads: Mapping[str, int], streams: Callable[[str], bool] | None = None
    ) -> list[Changeset]: ...

    def changesets(self, *, last: int | None = None) -> list[Changeset]: ...


@pytest.fixture(params=[*SQL_BACKENDS, "memory"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ContractStore]:
    """An empty log store on each backend, inside one open transaction."""
    if request.param == "memory":
        yield MemoryLogStore()
        return
    db = open_database(backend_url(request, tmp_path, request.param), FixedClock(NOW))
    db.upgrade()  # the schema, and nothing in it: not even this node's identity
    conn = db.open_connection()
    try:
        yield SqlLogStore(conn, db.dialect)
    finally:
        conn.rollback()
        conn.close()
        db.dispose()


A = "NODEA/enterprise:X"
B = "NODEB/enterprise:X"
P1, P2 = id_number(1), id_number(2)


def chain(
    origin: str, *changes: Sequence[Change], start: Changeset | None = None
) -> list[Changeset]:
    """Sealed, chained changesets of the stream ``(origin, enterprise:X)``."""
    out: list[Changeset] = []
    prev = start
    for i, cs_changes in enumerate(changes):
        seq = prev.seq + 1 if prev else 1
        cs = Changeset(
            origin=origin,
            scope="enterprise:X",
            seq=seq,
            prev_hash=prev.hash if prev else GENESIS,
            hlc=Timestamp(1_700_000_000_000 + seq, i),
            tier=1,
            changes=tuple(cs_changes),
        ).sealed()
        out.append(cs)
        prev = cs
    return out


def upsert(key: str, base: Mapping[str, int] | None = None, **fields: Value) -> Change:
    return Change("person", key, Op.UPSERT, encode_fields("person", fields), dict(base or {}))


def test_an_empty_store_holds_nothing(store: ContractStore) -> None:
    assert store.heads() == {}
    assert store.stream_head(A) is None
    assert store.hash_at(A, 1) is None
    assert store.compacted_through(A) == 0
    assert store.changesets() == []
    assert store.changesets_after({}) == []
    assert store.load_rows("person", [P1]) == {}
    assert store.load_versions("person", [P1]) == {}
    assert store.writes_since("person", P1, {}, {A: 3}) == []


def test_append_moves_heads_and_keeps_hashes(store: ContractStore) -> None:
    a1, a2, a3 = chain("NODEA", [upsert(P1, name="a")], [upsert(P2, name="b")], [])
    (b1,) = chain("NODEB", [upsert(P1, name="c")])
    store.append(a1)
    store.append_many([b1, a2, a3])
    assert store.stream_head(A) == StreamHead(A, "NODEA", "enterprise:X", 3, a3.hash)
    assert store.stream_head(B) == StreamHead(B, "NODEB", "enterprise:X", 1, b1.hash)
    assert store.heads() == {A: 3, B: 1}
    assert [store.hash_at(A, seq) for seq in (1, 2, 3, 4)] == [a1.hash, a2.hash, a3.hash, None]
    assert store.hash_at(B, 1) == b1.hash
    assert store.hash_at("NODEC/enterprise:X", 1) is None
    assert store.compacted_through(A) == 0
    # Read back in arrival order, equal to what went in (content and hash).
    assert store.changesets() == [a1, b1, a2, a3]
    assert store.changesets(last=2) == [a2, a3]
    assert store.changesets(last=0) == []
    assert all(cs.verify_hash() for cs in store.changesets())


def test_changesets_after_follows_arrival_order_and_the_stream_filter(
    store: ContractStore,
) -> None:
    a1, a2, a3 = chain("NODEA", [upsert(P1, name="a")], [upsert(P1, name="b")], [])
    b1, b2 = chain("NODEB", [upsert(P2, name="c")], [upsert(P2, name="d")])
    for cs in (a1, b1, a2, b2, a3):  # interleaved, as an import of relayed streams logs them
        store.append(cs)
    assert store.changesets_after({}) == [a1, b1, a2, b2, a3]
    assert store.changesets_after({A: 1, B: 2}) == [a2, a3]
    assert store.changesets_after({A: 3, B: 0}) == [b1, b2]
    assert store.changesets_after({A: 3, B: 2}) == []
    assert store.changesets_after({A: 9}) == [b1, b2]  # ahead of us: nothing of A
    assert store.changesets_after({}, lambda stream: stream == B) == [b1, b2]
    assert store.changesets_after({A: 1}, lambda stream: stream.startswith("NODEA/")) == [a2, a3]
    assert store.changesets_after({}, lambda stream: False) == []


def test_a_second_changeset_at_the_same_place_is_refused(store: ContractStore) -> None:
    (a1,) = chain("NODEA", [upsert(P1, name="a")])
    (other,) = chain("NODEA", [upsert(P1, name="forged")])
    store.append(a1)
    with pytest.raises((sa.exc.IntegrityError, ValueError)):
        store.append(other)


def test_write_plan_stores_whole_rows_versions_and_tombstones(store: ContractStore) -> None:
    first = person(1, phone="139", qualification_date=dt.date(2024, 5, 1))
    store.write_plan(
        Plan(
            upserts={"person": [first.fields(), person(2).fields()]},
            versions=[
                RecordVersion("person", P1, {A: 1}, "001700000000001.00000", "NODEA"),
                RecordVersion("person", P2, {A: 1, B: 2}, "001700000000002.00000", "NODEB"),
            ],
        )
    )
    rows = store.load_rows("person", [P1, P2, id_number(3)])
    assert rows == {("person", P1): first.fields(), ("person", P2): person(2).fields()}
    assert rows[("person", P1)]["qualification_date"] == dt.date(2024, 5, 1)  # typed
    versions = store.load_versions("person", [P1, P2])
    assert versions == {
        ("person", P1): RecordVersion("person", P1, {A: 1}, "001700000000001.00000", "NODEA"),
        ("person", P2): RecordVersion("person", P2, {A: 1, B: 2}, "001700000000002.00000", "NODEB"),
    }
    # An upsert replaces the whole row: a column left out reads back as None.
    partial = {k: v for k, v in first.fields().items() if k != "phone"}
    store.write_plan(
        Plan(
            upserts={"person": [{**partial, "name": "张三"}]},
            deletes={"person": [P2]},
            versions=[
                RecordVersion("person", P1, {A: 2}, "001700000000003.00000", "NODEA"),
                RecordVersion("person", P2, {A: 2, B: 2}, "001700000000003.00000", "NODEA", True),
            ],
        )
    )
    rows = store.load_rows("person", [P1, P2])
    assert rows == {("person", P1): first.replace(phone=None, name="张三").fields()}
    tombstone = store.load_versions("person", [P2])[("person", P2)]
    assert tombstone.deleted
    assert dict(tombstone.vv) == {A: 2, B: 2}
    assert not store.load_versions("person", [P1])[("person", P1)].deleted
    assert store.load_rows("enterprise", [P1]) == {}  # kinds are separate tables
    assert store.load_versions("enterprise", [P1]) == {}


def test_a_deleted_record_can_be_written_again(store: ContractStore) -> None:
    store.write_plan(
        Plan(
            deletes={"person": [P1]},
            versions=[RecordVersion("person", P1, {A: 1}, "1", "NODEA", True)],
        )
    )
    assert store.load_rows("person", [P1]) == {}
    store.write_plan(
        Plan(
            upserts={"person": [person(1).fields()]},
            versions=[RecordVersion("person", P1, {A: 2}, "2", "NODEA")],
        )
    )
    assert store.load_rows("person", [P1]) == {("person", P1): person(1).fields()}
    assert store.load_versions("person", [P1])[("person", P1)].deleted is False


def test_writes_since_reads_one_records_writes_in_the_window(store: ContractStore) -> None:
    a1, a2, a3, a4 = chain(
        "NODEA",
        [upsert(P1, name="a1")],
        [upsert(P2, name="x"), upsert(P1, {A: 1}, phone="a2")],
        [upsert(P2, name="y")],
        [upsert(P1, {A: 2}, name="a4")],
    )
    b1, b2 = chain("NODEB", [upsert(P1, {A: 1}, name="b1")], [upsert(P1, {A: 1, B: 1}, name="b2")])
    store.append_many([a1, a2, b1, a3, b2, a4])

    def idents(writes: list[Write]) -> list[str]:
        return [w.ident for w in writes]

    everything = store.writes_since("person", P1, {}, {B: 2, A: 4})  # streams by name
    assert idents(everything) == [f"{A}#1", f"{A}#2", f"{A}#4", f"{B}#1", f"{B}#2"]
    # Equal to the writes of the logged changesets, not just their names.
    assert everything[1] == next(w for k, key, w in writes_of(a2) if key == P1)
    assert idents(store.writes_since("person", P1, {A: 1}, {A: 2, B: 1})) == [
        f"{A}#2",
        f"{B}#1",
    ]
    assert idents(store.writes_since("person", P1, {A: 4, B: 1}, {A: 4, B: 2})) == [f"{B}#2"]
    assert store.writes_since("person", P1, {A: 4}, {A: 4}) == []
    assert idents(store.writes_since("person", P2, {}, {A: 4, B: 2})) == [f"{A}#2", f"{A}#3"]
    assert store.writes_since("enterprise", P1, {}, {A: 4, B: 2}) == []


def test_the_log_keeps_what_was_appended_not_the_object(store: ContractStore) -> None:
    change = upsert(P1, name="a")
    (a1,) = chain("NODEA", [change])
    store.append(a1)
    fields = change.fields
    assert isinstance(fields, dict)
    fields["name"] = "changed later"  # the caller's object, after the append
    (read,) = store.changesets()
    assert read.changes[0].fields == {"name": "a"}
    assert read.verify_hash()
