"""The change log and materialised tables over one SQLAlchemy connection."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from regsync.adapters.sql.bulk import BulkStatement
from regsync.adapters.sql.dialect import BulkUpsert, Dialect
from regsync.adapters.sql.schema import RECORD_TABLES, changeset, node_local, record_version, stream
from regsync.core.model import RECORD_BY_KIND, Value
from regsync.core.ports import Containing, NodeIdentity
from regsync.sync.apply import writes_of
from regsync.sync.changeset import Changeset, LoggedChangeset, StreamHead
from regsync.sync.hlc import Timestamp
from regsync.sync.materialise import Plan, RecordId, RecordVersion
from regsync.sync.merge import Write
from regsync.sync.ranges import SignedHead

# Peer state lives in node_local under these prefixes; only this module knows them.
COMPACTED_PREFIX = "compacted:"  # stream -> compacted through seq
PEER_PREFIX = "peer:"  # node id -> JSON of the stream heads it is known to hold
HEAD_PREFIX = "head:"  # stream -> JSON of its origin's newest signed head
TAKEN_PREFIX = "package:"  # personal stream -> last seq an enterprise took in
HLC_SETTING = "hlc"  # the hybrid clock's last time
OFFICE_HLC_SETTING = "hlc:office"  # the newest time of an imported office change
IDENTITY_SETTING = "identity"  # this node's NodeIdentity as JSON


def identity_to_json(node: NodeIdentity) -> str:
    return json.dumps(node.as_dict(), ensure_ascii=False, sort_keys=True)


def identity_from_json(text: str) -> NodeIdentity:
    return NodeIdentity.from_dict(json.loads(text))


_VV_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"))
_BULK_CACHE: dict[tuple[str, str], BulkUpsert] = {}
LOG_COLUMNS = (
    "stream", "seq", "origin", "scope", "hash", "prev_hash", "hlc", "record_count", "body",
)  # fmt: skip
"""The columns of a log row an append writes (``position`` is the database's)."""
_LOG_INSERT: dict[str, BulkStatement] = {}  # by dialect name


def _log_insert(driver: sa.Dialect) -> BulkStatement:
    """The log row INSERT compiled once for ``driver`` (inline: no RETURNING of the
    position, which nothing reads back)."""
    found = _LOG_INSERT.get(driver.name)
    if found is None:
        insert = changeset.insert().inline()
        found = _LOG_INSERT[driver.name] = BulkStatement(insert, driver, changeset, LOG_COLUMNS)
    return found


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_SELECT_EQUAL: dict[tuple[str, tuple[str, ...], tuple[str, ...]], sa.Select[Any]] = {}


def _select_equal(kind: str, names: tuple[str, ...], nulls: tuple[str, ...]) -> sa.Select[Any]:
    """The records of ``kind`` whose columns ``names`` equal parameters ``eq_<name>``
    and whose columns ``nulls`` are NULL, in key order: built once per kind and set of
    columns (building a statement cost more than running it, for the use cases' many
    small look-ups)."""
    statement = _SELECT_EQUAL.get((kind, names, nulls))
    if statement is None:
        table = RECORD_TABLES[kind]
        statement = sa.select(table).order_by(table.c[RECORD_BY_KIND[kind].KEY])
        for name in names:
            statement = statement.where(table.c[name] == sa.bindparam(f"eq_{name}"))
        for name in nulls:
            statement = statement.where(table.c[name].is_(None))
        _SELECT_EQUAL[(kind, names, nulls)] = statement
    return statement


class SqlLogStore:
    """Implements :class:`regsync.sync.ports.SyncStore` inside the caller's transaction."""

    def __init__(self, conn: sa.Connection, dialect: Dialect) -> None:
        self.conn = conn
        self.dialect = dialect

    def _bulk_upsert(self, table: sa.Table) -> BulkUpsert:
        """The bulk upsert of whole rows of ``table``, built once per dialect."""
        key = (self.conn.dialect.name, table.name)
        statement = _BULK_CACHE.get(key)
        if statement is None:
            statement = self.dialect.bulk_upsert(table, self.conn.dialect)
            _BULK_CACHE[key] = statement
        return statement

    # -- the log -------------------------------------------------------------------

    def stream_head(self, stream_name: str) -> StreamHead | None:
        self.dialect.lock_stream(self.conn, stream_name)
        row = self.conn.execute(sa.select(stream).where(stream.c.stream == stream_name)).first()
        if row is None:
            return None
        return StreamHead(row.stream, row.origin, row.scope, row.head_seq, row.head_hash)

    def append(self, cs: Changeset) -> None:
        self.append_many([cs])

    def append_many(self, changesets: Sequence[Changeset]) -> None:
        rows = [
            (cs.stream, cs.seq, cs.origin, cs.scope, cs.hash, cs.prev_hash, cs.hlc_text,
             len(cs.changes), cs.canonical_text)
            for cs in changesets
        ]  # fmt: skip
        # One driver-level executemany of tuples (Core would process each row's
        # parameters again); it keeps the order, so positions follow arrival.
        _log_insert(self.conn.dialect).execute_tuples(self.conn, rows)
        heads = {
            cs.stream: {
                "stream": cs.stream,
                "origin": cs.origin,
                "scope": cs.scope,
                "head_seq": cs.seq,
                "head_hash": cs.hash,
            }
            for cs in changesets
        }
        self._bulk_upsert(stream).execute(self.conn, list(heads.values()))

    def write_plan(self, plan: Plan) -> None:
        for kind, rows in plan.upserts.items():
            self._bulk_upsert(RECORD_TABLES[kind]).execute(self.conn, rows)
        for kind, keys in plan.deletes.items():
            table = RECORD_TABLES[kind]
            key_col = table.c[RECORD_BY_KIND[kind].KEY]
            for chunk in _chunks(keys, self.dialect.key_batch):
                self.conn.execute(table.delete().where(key_col.in_(chunk)))
        versions = [
            {
                "kind": v.kind,
                "key": v.key,
                "vv": _VV_JSON.encode(v.vv),
                "hlc": v.hlc,
                "origin": v.origin,
                "deleted": v.deleted,
            }
            for v in plan.versions
        ]
        self._bulk_upsert(record_version).execute(self.conn, versions)

    def hash_at(self, stream_name: str, seq: int) -> str | None:
        query = sa.select(changeset.c.hash).where(
            changeset.c.stream == stream_name, changeset.c.seq == seq
        )
        found: str | None = self.conn.execute(query).scalar_one_or_none()
        if found is None:  # a compacted or snapshot head is still known by its hash
            found = self.conn.execute(
                sa.select(stream.c.head_hash).where(
                    stream.c.stream == stream_name, stream.c.head_seq == seq
                )
            ).scalar_one_or_none()
        return found

    def compacted_through(self, stream_name: str) -> int:
        """The sequence up to which ``stream_name``'s changesets are no longer logged here."""
        return int(self.get_local(COMPACTED_PREFIX + stream_name) or 0)

    def compact(self, upto: Mapping[str, int]) -> dict[str, int]:
        """Drop logged changesets at or below ``upto[stream]``; returns the streams that
        were compacted further, with their new points (already compacted ones are skipped).

        Stream heads stay: the chain goes on from them.  The caller decides what is
        safe to drop (:mod:`regsync.sync.compaction`).
        """
        moved: dict[str, int] = {}
        for stream_name, seq in sorted(upto.items()):
            if seq <= self.compacted_through(stream_name):
                continue
            self.conn.execute(
                changeset.delete().where(changeset.c.stream == stream_name, changeset.c.seq <= seq)
            )
            self.set_local(COMPACTED_PREFIX + stream_name, str(seq))
            moved[stream_name] = seq
        return moved

    def changesets_after(
        self, heads: Mapping[str, int], streams: Callable[[str], bool] | None = None
    ) -> list[Changeset]:
        """Logged changesets beyond ``heads``, in local arrival (causal) order."""
        return [logged.parsed() for logged in self.logged_after(heads, streams)]

    def logged_after(
        self, heads: Mapping[str, int], streams: Callable[[str], bool] | None = None
    ) -> list[LoggedChangeset]:
        """:meth:`changesets_after` as logged, bodies unparsed (what an export ships).

        One query per stream that has something beyond ``heads``, not a scan of the log;
        ``streams``, when given, picks the streams to read at all (a peer's scope).
        """
        c = changeset.c
        columns = (c.position, c.origin, c.scope, c.seq, c.prev_hash, c.hash, c.body,
                   c.record_count)  # fmt: skip
        found: list[tuple[int, LoggedChangeset]] = []
        for stream_name, head in self.heads().items():
            after = heads.get(stream_name, 0)
            if head <= after or (streams is not None and not streams(stream_name)):
                continue
            query = sa.select(*columns).where(c.stream == stream_name, c.seq > after)
            found.extend(
                (position, LoggedChangeset(*rest)) for position, *rest in self.conn.execute(query)
            )
        found.sort(key=lambda item: item[0])
        return [logged for _, logged in found]

    def snapshot_records(self) -> Iterator[tuple[RecordVersion, dict[str, Value] | None]]:
        """Every record version with its row (None for a tombstone), kind by kind."""
        for kind, table in RECORD_TABLES.items():
            key_name = RECORD_BY_KIND[kind].KEY
            rows = {
                str(r[key_name]): dict(r) for r in self.conn.execute(sa.select(table)).mappings()
            }
            rv = record_version.c
            query = sa.select(record_version).where(rv.kind == kind).order_by(rv.key)
            for r in self.conn.execute(query):
                version = RecordVersion(r.kind, r.key, json.loads(r.vv), r.hlc, r.origin, r.deleted)
                yield version, rows.get(r.key)

    def wipe(self) -> None:
        """Forget every record, changeset and stream, and what peers hold (a snapshot's start).

        Node settings (trust, counters, the clock) stay.
        """
        for table in (*RECORD_TABLES.values(), record_version, changeset, stream):
            self.conn.execute(table.delete())
        for prefix in (COMPACTED_PREFIX, HEAD_PREFIX, PEER_PREFIX):
            self.conn.execute(
                node_local.delete().where(node_local.c.name.startswith(prefix, autoescape=True))
            )

    def log_size(self) -> int:
        """How many changesets the log holds."""
        return int(
            self.conn.execute(sa.select(sa.func.count()).select_from(changeset)).scalar_one()
        )

    def streams(self) -> list[StreamHead]:
        """Every stream this node holds, with its head."""
        return [
            StreamHead(r.stream, r.origin, r.scope, r.head_seq, r.head_hash)
            for r in self.conn.execute(sa.select(stream).order_by(stream.c.stream))
        ]

    def set_heads(self, heads: Sequence[StreamHead]) -> None:
        """Start streams at the given heads with nothing logged below (a snapshot)."""
        rows = [
            {
                "stream": h.stream,
                "origin": h.origin,
                "scope": h.scope,
                "head_seq": h.seq,
                "head_hash": h.hash,
            }
            for h in heads
        ]
        self._bulk_upsert(stream).execute(self.conn, rows)
        self.set_locals((COMPACTED_PREFIX + h.stream, str(h.seq)) for h in heads)

    def writes_since(
        self, kind: str, key: str, since: Mapping[str, int], upto: Mapping[str, int]
    ) -> list[Write]:
        """Logged writes of one record in ``upto`` but not ``since``, oldest first.

        Only the streams that wrote the record (those in its version) are read, and
        only the part after ``since``: the concurrent window, usually a few changesets.
        """
        c = changeset.c
        found: list[Write] = []
        for stream_name, last in sorted(upto.items()):
            first = since.get(stream_name, 0)
            if last <= first:
                continue
            query = (
                sa.select(c.body, c.hash)
                .where(c.stream == stream_name, c.seq > first, c.seq <= last)
                .order_by(c.seq)
            )
            for row in self.conn.execute(query):
                cs = Changeset.from_text(row.body, row.hash)
                found.extend(w for k, rk, w in writes_of(cs) if (k, rk) == (kind, key))
        return found

    def heads(self) -> dict[str, int]:
        """The node's version vector: the head sequence of every stream it holds."""
        return {r.stream: r.head_seq for r in self.conn.execute(sa.select(stream))}

    def changesets(self, *, last: int | None = None) -> list[Changeset]:
        """Logged changesets in local arrival order (newest last); ``last`` keeps the newest N."""
        query = sa.select(changeset.c.body, changeset.c.hash).order_by(changeset.c.position.desc())
        if last is not None:
            query = query.limit(last)
        rows = list(self.conn.execute(query))
        return [Changeset.from_text(r.body, r.hash) for r in reversed(rows)]

    # -- the materialised records --------------------------------------------------

    def load_rows(self, kind: str, keys: Sequence[str]) -> dict[RecordId, dict[str, Value]]:
        table = RECORD_TABLES[kind]
        key_col = table.c[RECORD_BY_KIND[kind].KEY]
        found: dict[RecordId, dict[str, Value]] = {}
        with self.dialect.unprepared(self.conn):
            for chunk in _chunks(keys, self.dialect.key_batch):
                query = sa.select(table).where(self.dialect.key_in(key_col, chunk))
                for row in self.conn.execute(query).mappings():
                    found[(kind, str(row[key_col.name]))] = dict(row)
        return found

    def load_versions(self, kind: str, keys: Sequence[str]) -> dict[RecordId, RecordVersion]:
        found: dict[RecordId, RecordVersion] = {}
        rv = record_version.c
        with self.dialect.unprepared(self.conn):
            for chunk in _chunks(keys, self.dialect.key_batch):
                query = sa.select(record_version).where(
                    rv.kind == kind, self.dialect.key_in(rv.key, chunk)
                )
                for r in self.conn.execute(query):
                    found[(kind, r.key)] = RecordVersion(
                        r.kind, r.key, json.loads(r.vv), r.hlc, r.origin, r.deleted
                    )
        return found

    def select(self, kind: str, equals: Mapping[str, Any]) -> list[dict[str, Value]]:
        names = tuple(sorted(name for name, value in equals.items() if value is not None))
        nulls = tuple(sorted(name for name, value in equals.items() if value is None))
        params = {f"eq_{name}": equals[name] for name in names}
        rows = self.conn.execute(_select_equal(kind, names, nulls), params).mappings()
        return [dict(r) for r in rows]

    def stream_select(
        self,
        kind: str,
        equals: Mapping[str, Any],
        batch: int = 500,
        *,
        after: str | None = None,
        contains: Containing | None = None,
    ) -> Iterator[dict[str, Value]]:
        """Like :meth:`select`, but fetched in batches (a server-side cursor on PostgreSQL).

        ``after`` starts past that key (keyset paging: a list screen reads one page per
        short transaction instead of holding a cursor, and so a write lock, open).
        """
        table = RECORD_TABLES[kind]
        key = table.c[RECORD_BY_KIND[kind].KEY]
        query = sa.select(table).order_by(key)
        if after is not None:
            query = query.where(key > after)
        for name, value in equals.items():
            query = query.where(table.c[name] == value)
        if contains is not None:
            wanted = contains.part.upper()
            query = query.where(
                sa.or_(
                    *(
                        sa.func.upper(table.c[field]).contains(wanted, autoescape=True)
                        for field in contains.fields
                    )
                )
            )
        result = self.conn.execution_options(yield_per=batch).execute(query).mappings()
        try:
            for row in result:
                yield dict(row)
        finally:
            result.close()

    # -- local, non-replicated settings --------------------------------------------

    def get_local(self, name: str) -> str | None:
        return self.conn.execute(
            sa.select(node_local.c.value).where(node_local.c.name == name)
        ).scalar_one_or_none()

    def set_local(self, name: str, value: str) -> None:
        self.conn.execute(
            self.dialect.upsert(node_local, ["name", "value"]), {"name": name, "value": value}
        )

    def locals_with_prefix(self, prefix: str) -> dict[str, str]:
        """Local settings whose names start with ``prefix``, keyed by the rest of the name."""
        name = node_local.c.name
        query = sa.select(node_local).where(name.startswith(prefix, autoescape=True))
        if prefix and self.conn.dialect.name == "sqlite":
            # Also a range on the primary key, which LIKE alone does not use (the table
            # holds a note per printed application).  SQLite compares text by code
            # point, so every name starting with ``prefix`` sorts in [prefix, after);
            # PostgreSQL's collation may not, and keeps the plain LIKE.
            after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            query = query.where(name >= prefix, name < after)
        return {r.name[len(prefix) :]: r.value for r in self.conn.execute(query)}

    def set_locals(self, items: Iterable[tuple[str, str]]) -> None:
        rows = [{"name": n, "value": v} for n, v in items]
        if rows:
            self.conn.execute(self.dialect.upsert(node_local, ["name", "value"]), rows)

    def save_identity(self, node: NodeIdentity) -> None:
        """Store this node's identity (at init, and when a key rotation changes its key)."""
        self.set_local(IDENTITY_SETTING, identity_to_json(node))

    # -- peer state (regsync.sync.ports.PeerState) ----------------------------------

    def acknowledged(self, node: str) -> dict[str, int]:
        heads: dict[str, int] = json.loads(self.get_local(PEER_PREFIX + node) or "{}")
        return heads

    def set_acknowledged(self, node: str, heads: Mapping[str, int]) -> None:
        self.set_local(PEER_PREFIX + node, json.dumps(dict(heads), sort_keys=True))

    def acknowledgements(self) -> dict[str, dict[str, int]]:
        return {n: json.loads(v) for n, v in self.locals_with_prefix(PEER_PREFIX).items()}

    def signed_head(self, stream_name: str) -> SignedHead | None:
        text = self.get_local(HEAD_PREFIX + stream_name)
        return SignedHead.from_json(text) if text is not None else None

    def keep_signed_head(self, head: SignedHead) -> None:
        self.set_local(HEAD_PREFIX + head.stream, head.to_json())

    def compacted(self) -> dict[str, int]:
        return {s: int(seq) for s, seq in self.locals_with_prefix(COMPACTED_PREFIX).items()}

    def taken_in(self, stream_name: str) -> int:
        return int(self.get_local(TAKEN_PREFIX + stream_name) or 0)

    def set_taken_in(self, stream_name: str, seq: int) -> None:
        self.set_local(TAKEN_PREFIX + stream_name, str(seq))

    def clock_reading(self) -> Timestamp:
        text = self.get_local(HLC_SETTING)
        return Timestamp.parse(text) if text else Timestamp(0, 0)

    def save_clock(self, last: Timestamp) -> None:
        self.set_local(HLC_SETTING, str(last))

    def office_reading(self) -> Timestamp:
        text = self.get_local(OFFICE_HLC_SETTING)
        return Timestamp.parse(text) if text else Timestamp(0, 0)

    def save_office_reading(self, seen: Timestamp) -> None:
        self.set_local(OFFICE_HLC_SETTING, str(seen))

    def enterprise_cities(self) -> dict[str, str | None]:
        table = RECORD_TABLES["enterprise"]
        rows = self.conn.execute(sa.select(table.c.uscc, table.c.city_code))
        return {str(r.uscc): None if r.city_code is None else str(r.city_code) for r in rows}
