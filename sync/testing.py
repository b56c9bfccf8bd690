"""Fakes of the sync layer's ports, for tests (structlog ``testing`` style).

:class:`MemoryLogStore` keeps the change log and the materialised records in memory
and answers exactly as :class:`regsync.adapters.sql.store.SqlLogStore` does
(``tests/test_log_store_contract.py`` runs the same assertions on both);
:class:`MemoryNode` runs the real engine over it
(:func:`regsync.sync.capture.changes_by_scope` and :func:`regsync.sync.log.commit_local`
for local writes; :func:`regsync.sync.apply.verify_incoming`,
:func:`regsync.sync.apply.apply_incoming` and :func:`regsync.sync.apply.ledger_entry`
for imports), so a test can replicate between many nodes without a database.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from regsync.core.model import (
    RECORD_BY_KIND,
    Application,
    Conflict,
    Value,
    field_types,
    from_fields,
    required_fields,
)
from regsync.core.scopes import scope_of
from regsync.sync.apply import (
    ImportReport,
    apply_incoming,
    ledger_entry,
    verify_incoming,
    writes_of,
)
from regsync.sync.capture import changes_by_scope
from regsync.sync.changeset import Changeset, LoggedChangeset, StreamHead
from regsync.sync.hlc import HybridClock
from regsync.sync.log import commit_local
from regsync.sync.materialise import Plan, RecordId, RecordVersion
from regsync.sync.merge import Write
from regsync.sync.session import Sent


@dataclasses.dataclass
class ScriptedLink:
    """A :class:`~regsync.sync.session.Link` that answers from fixed values and records calls.

    ``calls`` lists ``(method, argument)`` in the order the session made them, so a
    test can assert the conversation without a database or a key.
    """

    my_heads: Mapping[str, int] = dataclasses.field(default_factory=dict)
    sent: Sent = dataclasses.field(default_factory=lambda: Sent(0, 0))
    report: ImportReport = dataclasses.field(default_factory=ImportReport)
    calls: list[tuple[str, object]] = dataclasses.field(default_factory=list)

    def heads(self) -> Mapping[str, int]:
        self.calls.append(("heads", None))
        return self.my_heads

    def learn(self, heads: Mapping[str, int]) -> None:
        self.calls.append(("learn", dict(heads)))

    def export(self, outbox: Path) -> Sent:
        self.calls.append(("export", outbox))
        return self.sent

    def accept(self, bundle: Path) -> ImportReport:
        self.calls.append(("accept", bundle))
        return self.report


# -- the log store -----------------------------------------------------------------


@functools.cache
def _columns(kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The columns of ``kind``'s table and those that are NOT NULL (as in the SQL schema)."""
    record_type = RECORD_BY_KIND[kind]
    return tuple(field_types(record_type)), required_fields(record_type)


def _whole_row(kind: str, row: Mapping[str, Value]) -> dict[str, Value]:
    """``row`` as the SQL upsert stores it: every column, None where absent, others ignored."""
    names, required = _columns(kind)
    whole = {name: row.get(name) for name in names}
    missing = [name for name in required if whole[name] is None]
    if missing:  # the NOT NULL constraint of the SQL table
        raise ValueError(f"a {kind} row without {', '.join(missing)}")
    return whole


@dataclasses.dataclass
class _Tables:
    """Everything a :class:`MemoryLogStore` holds (copied whole for a transaction)."""

    log: list[Changeset] = dataclasses.field(default_factory=list)  # arrival order
    logged: dict[str, dict[int, Changeset]] = dataclasses.field(default_factory=dict)
    hashes: set[str] = dataclasses.field(default_factory=set)
    heads: dict[str, StreamHead] = dataclasses.field(default_factory=dict)
    rows: dict[str, dict[str, dict[str, Value]]] = dataclasses.field(default_factory=dict)
    versions: dict[RecordId, RecordVersion] = dataclasses.field(default_factory=dict)
    compacted: dict[str, int] = dataclasses.field(default_factory=dict)

    def copy(self) -> _Tables:
        # Rows, versions and changesets are replaced, never changed in place, so
        # copying the containers is enough.
        return _Tables(
            list(self.log),
            {s: dict(by_seq) for s, by_seq in self.logged.items()},
            set(self.hashes),
            dict(self.heads),
            {kind: dict(table) for kind, table in self.rows.items()},
            dict(self.versions),
            dict(self.compacted),
        )


class MemoryLogStore:
    """An in-memory :class:`~regsync.sync.ports.ImportStore` that behaves as ``SqlLogStore``.

    It holds what the SQL store holds in tables: the log in arrival order, one head
    per stream, whole materialised rows per record kind (an absent column reads as
    None; a missing required one is refused, as NOT NULL would refuse it) and one
    version per record, tombstones included.  A changeset is stored as what its
    canonical body decodes to, which is what the SQL log gives back.  Nothing is
    compacted here, so :meth:`compacted_through` is 0 for every stream.
    """

    def __init__(self) -> None:
        self._t = _Tables()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: an exception inside the block restores the store as it was."""
        saved = self._t.copy()
        try:
            yield
        except BaseException:
            self._t = saved
            raise

    # -- the log -------------------------------------------------------------------

    def stream_head(self, stream: str) -> StreamHead | None:
        """The head of ``stream`` (no lock is needed: a test runs one writer at a time)."""
        return self._t.heads.get(stream)

    def append(self, cs: Changeset) -> None:
        """Log one changeset and move its stream head to it."""
        self.append_many([cs])

    def append_many(self, changesets: Sequence[Changeset]) -> None:
        """Log changesets in order and move their stream heads (unique as in SQL)."""
        t = self._t
        for cs in changesets:
            by_seq = t.logged.setdefault(cs.stream, {})
            if cs.seq in by_seq or cs.hash in t.hashes:
                raise ValueError(f"changeset {cs.stream}#{cs.seq} is logged already")
            stored = Changeset.from_text(cs.canonical_text, cs.hash)
            by_seq[cs.seq] = stored
            t.hashes.add(cs.hash)
            t.log.append(stored)
            t.heads[cs.stream] = StreamHead(cs.stream, cs.origin, cs.scope, cs.seq, cs.hash)

    def hash_at(self, stream: str, seq: int) -> str | None:
        """The hash of ``stream``'s changeset ``seq``, if this store has it."""
        logged = self._t.logged.get(stream, {}).get(seq)
        return logged.hash if logged is not None else None

    def heads(self) -> dict[str, int]:
        """The node's version vector: the head sequence of every stream it holds."""
        return {stream: head.seq for stream, head in self._t.heads.items()}

    def compacted_through(self, stream: str) -> int:
        """The sequence up to which ``stream`` is no longer logged here (0: all of it is)."""
        return self._t.compacted.get(stream, 0)

    def changesets_after(
        self, heads: Mapping[str, int], streams: Callable[[str], bool] | None = None
    ) -> list[Changeset]:
        """Logged changesets beyond ``heads``, in arrival (causal) order; ``streams``
        picks the streams to read at all."""
        return [
            cs
            for cs in self._t.log
            if cs.seq > heads.get(cs.stream, 0) and (streams is None or streams(cs.stream))
        ]

    def logged_after(
        self, heads: Mapping[str, int], streams: Callable[[str], bool] | None = None
    ) -> list[LoggedChangeset]:
        """:meth:`changesets_after` as the log holds them."""
        return [
            LoggedChangeset(
                cs.origin,
                cs.scope,
                cs.seq,
                cs.prev_hash,
                cs.hash,
                cs.canonical_text,
                len(cs.changes),
            )
            for cs in self.changesets_after(heads, streams)
        ]

    def changesets(self, *, last: int | None = None) -> list[Changeset]:
        """Logged changesets in arrival order (newest last); ``last`` keeps the newest N."""
        log = self._t.log
        return list(log if last is None else log[max(len(log) - last, 0) :])

    def writes_since(
        self, kind: str, key: str, since: Mapping[str, int], upto: Mapping[str, int]
    ) -> list[Write]:
        """Logged writes of one record in ``upto`` but not ``since``, stream by stream
        (in stream name order), oldest first within a stream."""
        found: list[Write] = []
        for stream, last in sorted(upto.items()):
            by_seq = self._t.logged.get(stream, {})
            for seq in range(since.get(stream, 0) + 1, last + 1):
                cs = by_seq.get(seq)
                if cs is not None:
                    found.extend(w for k, rk, w in writes_of(cs) if (k, rk) == (kind, key))
        return found

    # -- the materialised records --------------------------------------------------

    def write_plan(self, plan: Plan) -> None:
        """Upsert whole rows, then delete rows, then replace record versions."""
        t = self._t
        for kind, rows in plan.upserts.items():
            table = t.rows.setdefault(kind, {})
            key_name = RECORD_BY_KIND[kind].KEY
            for row in rows:
                whole = _whole_row(kind, row)
                table[str(whole[key_name])] = whole
        for kind, keys in plan.deletes.items():
            for key in keys:
                t.rows.get(kind, {}).pop(key, None)
        for v in plan.versions:
            t.versions[(v.kind, v.key)] = dataclasses.replace(v, vv=dict(v.vv))

    def load_rows(self, kind: str, keys: Sequence[str]) -> dict[RecordId, dict[str, Value]]:
        """The rows of ``kind`` with these keys that exist (tombstones have none)."""
        table = self._t.rows.get(kind, {})
        return {(kind, key): dict(table[key]) for key in keys if key in table}

    def load_versions(self, kind: str, keys: Sequence[str]) -> dict[RecordId, RecordVersion]:
        """The versions of the records of ``kind`` with these keys, deleted ones included."""
        found: dict[RecordId, RecordVersion] = {}
        for key in keys:
            version = self._t.versions.get((kind, key))
            if version is not None:
                found[(kind, key)] = dataclasses.replace(version, vv=dict(version.vv))
        return found

    def snapshot_records(self) -> Iterator[tuple[RecordVersion, dict[str, Value] | None]]:
        """Every record version with its row (None for a tombstone), kind by kind, by key."""
        for kind in RECORD_BY_KIND:
            table = self._t.rows.get(kind, {})
            keys = sorted(key for k, key in self._t.versions if k == kind)
            for key in keys:
                version = self._t.versions[(kind, key)]
                row = table.get(key)
                yield (
                    dataclasses.replace(version, vv=dict(version.vv)),
                    dict(row) if row is not None else None,
                )


# -- a node ------------------------------------------------------------------------


@dataclasses.dataclass
class MemoryNode:
    """A replica running the real engine over a :class:`MemoryLogStore`.

    :meth:`commit` is a unit of work's commit (changed fields only, one changeset per
    scope through :func:`~regsync.sync.log.commit_local`); :meth:`import_changesets`
    is the SQL unit of work's import (verify, apply, and the conflicts found written
    to the ledger as this node's own changes), all or nothing.  ``clock`` is the
    node's hybrid logical clock, with whatever physical clock the test injects.
    """

    node_id: str
    tier: int
    scope: str
    clock: HybridClock
    store: MemoryLogStore = dataclasses.field(default_factory=MemoryLogStore)
    _pending: dict[RecordId, dict[str, Value] | None] = dataclasses.field(
        default_factory=dict, init=False, repr=False
    )

    # -- writes --------------------------------------------------------------------

    def commit(self, writes: Mapping[RecordId, Mapping[str, Value] | None]) -> list[Changeset]:
        """Write records as one unit of work; returns the changesets it logged.

        Each value is the fields to set on the record (over its current row; a new or
        deleted record needs every required field), or None to delete it.  Fields
        equal to the stored ones are not logged; changing either of an application's
        ``round`` and ``stage`` logs both (a receiver joins the pair).
        """
        with self._atomic():
            return self._commit(writes)

    def _commit(self, writes: Mapping[RecordId, Mapping[str, Value] | None]) -> list[Changeset]:
        keys: dict[str, list[str]] = defaultdict(list)
        for kind, key in writes:
            keys[kind].append(key)
        rows: dict[RecordId, dict[str, Value]] = {}
        versions: dict[RecordId, RecordVersion] = {}
        for kind, kind_keys in keys.items():
            rows.update(self.store.load_rows(kind, kind_keys))
            versions.update(self.store.load_versions(kind, kind_keys))
        self._pending = {
            rid: None if fields is None else self._whole(rid, rows.get(rid), fields)
            for rid, fields in writes.items()
        }
        pending = {
            rid: None if whole is None else from_fields(RECORD_BY_KIND[rid[0]], whole)
            for rid, whole in self._pending.items()
        }
        try:  # the real capture: what a SQL unit of work's commit logs (claims left out)
            by_scope, after = changes_by_scope(
                pending,
                {},
                rows,
                versions,
                lambda record: scope_of(record, self, default=self.scope),
            )
        finally:
            self._pending = {}
        return [
            commit_local(
                self.store,
                origin=self.node_id,
                scope=scope,
                tier=self.tier,
                changes=changes,
                clock=self.clock,
                rows=rows,
                versions=versions,
                after=after,
            )
            for scope, changes in by_scope.items()
        ]

    @staticmethod
    def _whole(
        rid: RecordId, current: Mapping[str, Value] | None, fields: Mapping[str, Value]
    ) -> dict[str, Value]:
        """The whole record after writing ``fields`` (defaults filled in, key set)."""
        record_type = RECORD_BY_KIND[rid[0]]
        values = {**(current or {}), **fields, record_type.KEY: rid[1]}
        return from_fields(record_type, values).fields()

    # -- imports and exports -------------------------------------------------------

    def import_changesets(self, changesets: Iterable[Changeset]) -> ImportReport:
        """Verify and apply another node's changesets, then write the conflicts found
        as ledger entries (this node's own changes); nothing is kept if anything fails."""
        batch = list(changesets)
        with self._atomic():
            report = verify_incoming(self.store, batch)
            apply_incoming(self.store, report, self.clock)
            entries: dict[RecordId, Mapping[str, Value] | None] = {}
            for kind, key, conflict in report.conflicts:
                rid = (Conflict.KIND, conflict.conflict_id)
                if rid in entries or self.store.load_rows(Conflict.KIND, [rid[1]]):
                    continue  # recorded already, here or by the node that sent it
                entries[rid] = ledger_entry(kind, key, conflict).fields()
            if entries:
                self._commit(entries)
        return report

    def heads(self) -> dict[str, int]:
        """This node's version vector."""
        return self.store.heads()

    def changesets_for(
        self, heads: Mapping[str, int], streams: Callable[[str], bool] | None = None
    ) -> list[Changeset]:
        """What a peer whose heads are ``heads`` lacks, in causal (arrival) order."""
        return self.store.changesets_after(heads, streams)

    @contextmanager
    def _atomic(self) -> Iterator[None]:
        """One transaction: the store and the clock go back if the block fails."""
        last = self.clock.last
        try:
            with self.store.transaction():
                yield
        except BaseException:
            self.clock.last = last
            raise

    # -- ScopeLookup (the parents that decide a record's scope) --------------------

    def _row(self, kind: str, key: str) -> Mapping[str, Value] | None:
        rid = (kind, key)
        if rid in self._pending:
            return self._pending[rid]
        return self.store.load_rows(kind, [key]).get(rid)

    def _scope_of(self, kind: str, row: Mapping[str, Value]) -> str:
        return scope_of(from_fields(RECORD_BY_KIND[kind], row), self, default=self.scope)

    def record_scope(self, kind: str, key: str) -> str | None:
        """The scope of a record this node holds (pending writes included)."""
        row = self._row(kind, key)
        return self._scope_of(kind, row) if row is not None else None

    def application_scope(self, number: str) -> str | None:
        """The scope of an application this node holds."""
        return self.record_scope(Application.KIND, number)

    def person_scope(self, id_number: str) -> str | None:
        """The scope of a person this node holds."""
        return self.record_scope("person", id_number)
