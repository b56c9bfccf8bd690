"""The unit of work over SQL: the transaction, loading, and the records it touched.

What the writes become (changesets per scope, the clock) is decided by
:mod:`regsync.sync.capture`; imports and their conflict ledger by
:mod:`regsync.sync.apply`.  This class holds the connection and loads the state
they decide on.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from types import TracebackType
from typing import Self

import sqlalchemy as sa

from regsync.adapters.sql.dialect import Dialect
from regsync.adapters.sql.prepared import PreparedLogStore
from regsync.core.model import RECORD_BY_KIND, Application, Person, R, Record, Value, from_fields
from regsync.core.ports import Containing, NodeIdentity
from regsync.core.scopes import scope_of
from regsync.sync import restore
from regsync.sync.apply import ImportReport, import_changesets
from regsync.sync.authorize import Writer
from regsync.sync.capture import commit_pending
from regsync.sync.changeset import Changeset, slim
from regsync.sync.hlc import MAX_AHEAD_MILLIS
from regsync.sync.materialise import RecordId, RecordVersion
from regsync.sync.visibility import enterprise_city, streams_seen_by

CommitHook = Callable[[list[Changeset], list[Changeset]], None]
"""Called after a commit with the local changesets it made durable and the imported ones."""


@dataclasses.dataclass
class RestoreWatch:
    """Whether a database is known to hold no restore marker (shared by its units of
    work, so that a settled node does not read the marker at every commit)."""

    settled: bool = False


class SqlUnitOfWork:
    """Implements :class:`regsync.core.ports.UnitOfWork` on one connection.

    ``put`` and ``delete`` only remember the record; :meth:`commit` loads the current
    rows of everything touched in a few batched queries and hands them to
    :func:`regsync.sync.capture.commit_pending`.
    """

    def __init__(
        self,
        conn: sa.Connection,
        dialect: Dialect,
        node: NodeIdentity,
        *,
        physical_millis: Callable[[], int],
        owns_connection: bool = True,
        max_ahead_millis: int = MAX_AHEAD_MILLIS,
        accept_clock_ahead: bool = False,
        on_commit: CommitHook | None = None,
        restore_watch: RestoreWatch | None = None,
    ) -> None:
        self.node = node
        self._restore_watch = RestoreWatch() if restore_watch is None else restore_watch
        self.store = PreparedLogStore(conn, dialect)
        self._physical = physical_millis
        self._max_ahead = max_ahead_millis  # how far ahead an imported change may be dated
        self._accept_ahead = accept_clock_ahead  # an administrator accepts it anyway
        self._owns = owns_connection
        self._pending: dict[RecordId, Record | None] = {}
        # The same writes by kind: ``find`` looks only at its kind's (a batch of 20,000
        # issued certificates must not make every look-up walk all pending writes).
        self._pending_of_kind: dict[str, dict[str, Record | None]] = defaultdict(dict)
        self._claims: dict[RecordId, set[str]] = {}
        self.committed: list[Changeset] = []
        self.imported: list[Changeset] = []
        self._on_commit = on_commit
        self._told = (0, 0)  # how much of committed / imported the hook has been given

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._owns:
            self.store.conn.close()  # an open transaction rolls back on close

    # -- reads ---------------------------------------------------------------------

    def get(self, record_type: type[R], key: str) -> R | None:
        rid = (record_type.KIND, key)
        if rid in self._pending:
            pending = self._pending[rid]
            assert pending is None or isinstance(pending, record_type)
            return pending
        rows = self.store.load_rows(record_type.KIND, [key])
        row = rows.get(rid)
        return from_fields(record_type, row) if row is not None else None

    def find(self, record_type: type[R], **equals: Value) -> list[R]:
        found = {
            str(r[record_type.KEY]): from_fields(record_type, r)
            for r in self.store.select(record_type.KIND, equals)
        }
        for key, record in self._pending_of_kind.get(record_type.KIND, {}).items():
            found.pop(key, None)
            if record is not None and all(getattr(record, k) == v for k, v in equals.items()):
                assert isinstance(record, record_type)
                found[key] = record
        return [found[k] for k in sorted(found)]

    def iterate(self, record_type: type[R], **equals: Value) -> Iterator[R]:
        """Committed records streamed in key order (for exports: pending writes are not seen)."""
        for row in self.store.stream_select(record_type.KIND, equals):
            yield from_fields(record_type, row)

    def iterate_after(
        self,
        record_type: type[R],
        after: str | None,
        contains: Containing | None = None,
        /,
        **equals: Value,
    ) -> Iterator[R]:
        """Like :meth:`iterate`, starting past the key ``after`` (a list screen's next page);
        ``contains`` is matched by the database (a name search reads what it finds)."""
        rows = self.store.stream_select(record_type.KIND, equals, after=after, contains=contains)
        for row in rows:
            yield from_fields(record_type, row)

    # -- writes --------------------------------------------------------------------

    def put(self, record: Record, *, claim: Collection[str] = ()) -> None:
        rid = (record.KIND, record.key)
        self._pending[rid] = record
        self._pending_of_kind[record.KIND][record.key] = record
        if claim:
            self._claims.setdefault(rid, set()).update(claim)

    def delete(self, record_type: type[Record], key: str) -> None:
        self._pending[(record_type.KIND, key)] = None
        self._pending_of_kind[record_type.KIND][key] = None

    def next_counter(self, name: str) -> int:
        setting = f"counter:{name}"
        value = int(self.store.get_local(setting) or 0) + 1
        self.store.set_local(setting, str(value))
        return value

    def keep_note(self, name: str, text: str) -> None:
        # In the unit of work's transaction, like the counters: a rollback drops it.
        self.store.set_local(f"note:{name}", text)

    def note(self, name: str) -> str | None:
        return self.store.get_local(f"note:{name}")

    def commit(self) -> None:
        self._settle_restore()
        self.store.dialect.lock_records(self.store.conn, list(self._pending))
        keys: dict[str, list[str]] = defaultdict(list)
        for kind, key in self._pending:
            keys[kind].append(key)
        rows: dict[RecordId, dict[str, Value]] = {}
        versions: dict[RecordId, RecordVersion] = {}
        for kind, kind_keys in keys.items():
            if len(kind_keys) == 1:  # a clerk's edit: row and version in one statement
                row, version = self.store.load_row_and_version(kind, kind_keys[0])
                if row is not None:
                    rows[(kind, kind_keys[0])] = row
                if version is not None:
                    versions[(kind, kind_keys[0])] = version
                continue
            rows.update(self.store.load_rows(kind, kind_keys))
            versions.update(self.store.load_versions(kind, kind_keys))
        self.committed += commit_pending(
            self.store,
            self.node,
            self._pending,
            claims=self._claims,
            rows=rows,
            versions=versions,
            scope=lambda record: scope_of(record, self, default=self.node.scope),
            physical_millis=self._physical,
        )
        self._pending.clear()
        self._pending_of_kind.clear()
        self._claims.clear()
        if self._owns:
            self.store.conn.commit()
            self.tell_committed()

    def tell_committed(self) -> None:
        """Hand the changesets made durable since the last call to the ``on_commit``
        hook (the audit log); the owner of a shared transaction calls it after its
        commit."""
        local, imported = self._told
        self._told = (len(self.committed), len(self.imported))
        if self._on_commit is not None and self._told != (local, imported):
            self._on_commit(self.committed[local:], self.imported[imported:])

    def _settle_restore(self) -> None:
        """After a restore from a backup: refuse local writes until the node holds all
        it had sent, and clear the marker once it does (:mod:`regsync.sync.restore`).

        Once a commit finds no marker, the database (``watch``) stops looking: only a
        restore leaves one, and a restore never goes into a home that is in use.
        """
        if self._restore_watch.settled:
            return
        text = self.store.get_local(restore.MARKER)
        if not text:
            self._restore_watch.settled = True
            return
        marker = restore.RestoreMarker.from_json(text)
        caught_up = restore.settle(
            marker,
            self.node.node_id,
            self.store.heads(),
            self.store.acknowledgements(),
            writing=bool(self._pending),
        )
        if caught_up:
            self.store.set_local(restore.MARKER, "")

    def import_changesets(self, changesets: Iterable[Changeset]) -> ImportReport:
        """Verify and apply another node's changesets; the caller commits.

        The rules are :func:`regsync.sync.apply.import_changesets`; this locks the rows.
        """
        batch = list(changesets)
        touched = [(c.kind, c.key) for cs in batch for c in cs.changes]
        self.store.dialect.lock_records(self.store.conn, touched)
        node = self.node
        me = Writer(node.node_id, node.role, node.city_code, node.uscc)
        report = import_changesets(
            self, self.store, batch, self._physical, max_ahead_millis=self._max_ahead,
            accept_ahead=self._accept_ahead,
            receives=streams_seen_by(me, enterprise_city(self.store)),
        )  # fmt: skip
        if self._on_commit is not None:  # only the hook reads them: keep none without one
            self.imported += map(slim, report.new)
        return report

    def changesets_for(
        self, heads: Mapping[str, int], streams: Callable[[str], bool] | None = None
    ) -> list[Changeset]:
        """What a peer whose stream heads are ``heads`` lacks, in causal (arrival) order.

        ``streams``, when given, picks the streams to read at all (a peer's scope):
        a server then reads only what it will send, not its whole log.
        """
        return self.store.changesets_after(heads, streams)

    def rollback(self) -> None:
        self._pending.clear()
        self._pending_of_kind.clear()
        self._claims.clear()
        self._told = (len(self.committed), len(self.imported))  # undone: never told
        if self._owns:
            self.store.conn.rollback()

    # -- ScopeLookup ---------------------------------------------------------------

    def application_scope(self, number: str) -> str | None:
        app = self.get(Application, number)
        return scope_of(app, self, default=self.node.scope) if app else None

    def record_scope(self, kind: str, key: str) -> str | None:
        record = self.get(RECORD_BY_KIND[kind], key)
        return scope_of(record, self, default=self.node.scope) if record else None

    def person_scope(self, id_number: str) -> str | None:
        person = self.get(Person, id_number)
        return scope_of(person, self, default=self.node.scope) if person else None
