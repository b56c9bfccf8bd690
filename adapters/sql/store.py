"""The change log and materialised tables over one SQLAlchemy connection."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from regsync.adapters.sql.bulk import BulkStatement
from regsync.adapters.sql.dialect import Dialect
from regsync.adapters.sql.schema import RECORD_TABLES, changeset, node_local, record_version, stream
from regsync.core.model import RECORD_BY_KIND, Value
from regsync.sync.apply import writes_of
from regsync.sync.changeset import Changeset, StreamHead
from regsync.sync.materialise import Plan, RecordId, RecordVersion
from regsync.sync.merge import Write

_CHUNK = 500  # keys per IN (...) list: well under SQLite's variable limit
_STREAMS_PER_QUERY = 200  # (stream, seq) pairs per OR list: 400 parameters
_VV_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"))
_BULK_CACHE: dict[tuple[str, str], BulkStatement] = {}


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class SqlLogStore:
    """Implements :class:`regsync.sync.ports.LogStore` inside the caller's transaction."""

    def __init__(self, conn: sa.Connection, dialect: Dialect) -> None:
        self.conn = conn
        self.dialect = dialect

    def _bulk_upsert(self, table: sa.Table) -> BulkStatement:
        """The compiled upsert of all columns of ``table``, cached per dialect."""
        key = (self.conn.dialect.name, table.name)
        statement = _BULK_CACHE.get(key)
        if statement is None:
            columns = [c.name for c in table.columns]
            statement = BulkStatement(self.dialect.upsert(table, columns), self.conn.dialect, table)
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
            {
                "stream": cs.stream,
                "seq": cs.seq,
                "origin": cs.origin,
                "scope": cs.scope,
                "hash": cs.hash,
                "prev_hash": cs.prev_hash,
                "hlc": str(cs.hlc),
                "record_count": len(cs.changes),
                "body": cs.canonical_body.decode(),
            }
            for cs in changesets
        ]
        # Core executemany keeps the order, so positions follow arrival (and causality).
        self.conn.execute(changeset.insert(), rows)
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
            for chunk in _chunks(keys):
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
        return self.conn.execute(query).scalar_one_or_none()

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
                cs = Changeset.from_body(json.loads(row.body), row.hash)
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
        return [Changeset.from_body(json.loads(r.body), r.hash) for r in reversed(rows)]

    def changesets_after(
        self, heads: Mapping[str, int], streams: Callable[[str], bool] | None = None
    ) -> list[Changeset]:
        """Changesets past ``heads`` (of the ``streams`` chosen), in arrival order.

        Only the streams that moved past ``heads`` are read, each from the sequence
        after it (the (stream, seq) index), so the cost follows what is sent.
        """
        behind = [
            (r.stream, heads.get(r.stream, 0))
            for r in self.conn.execute(sa.select(stream.c.stream, stream.c.head_seq))
            if r.head_seq > heads.get(r.stream, 0) and (streams is None or streams(r.stream))
        ]
        c = changeset.c
        found: list[tuple[int, Changeset]] = []
        for start in range(0, len(behind), _STREAMS_PER_QUERY):
            part = behind[start : start + _STREAMS_PER_QUERY]
            where = sa.or_(*(sa.and_(c.stream == name, c.seq > seq) for name, seq in part))
            for row in self.conn.execute(sa.select(c.position, c.body, c.hash).where(where)):
                found.append((row.position, Changeset.from_body(json.loads(row.body), row.hash)))
        found.sort(key=lambda item: item[0])
        return [cs for _position, cs in found]

    # -- the materialised records --------------------------------------------------

    def load_rows(self, kind: str, keys: Sequence[str]) -> dict[RecordId, dict[str, Value]]:
        table = RECORD_TABLES[kind]
        key_col = table.c[RECORD_BY_KIND[kind].KEY]
        found: dict[RecordId, dict[str, Value]] = {}
        with self.dialect.unprepared(self.conn):
            for chunk in _chunks(keys):
                query = sa.select(table).where(self.dialect.key_in(key_col, chunk))
                for row in self.conn.execute(query).mappings():
                    found[(kind, str(row[key_col.name]))] = dict(row)
        return found

    def load_versions(self, kind: str, keys: Sequence[str]) -> dict[RecordId, RecordVersion]:
        found: dict[RecordId, RecordVersion] = {}
        rv = record_version.c
        with self.dialect.unprepared(self.conn):
            for chunk in _chunks(keys):
                query = sa.select(record_version).where(
                    rv.kind == kind, self.dialect.key_in(rv.key, chunk)
                )
                for r in self.conn.execute(query):
                    found[(kind, r.key)] = RecordVersion(
                        r.kind, r.key, json.loads(r.vv), r.hlc, r.origin, r.deleted
                    )
        return found

    def select(self, kind: str, equals: Mapping[str, Any]) -> list[dict[str, Value]]:
        table = RECORD_TABLES[kind]
        query = sa.select(table).order_by(table.c[RECORD_BY_KIND[kind].KEY])
        for name, value in equals.items():
            query = query.where(table.c[name] == value)
        return [dict(r) for r in self.conn.execute(query).mappings()]

    # -- local, non-replicated settings --------------------------------------------

    def get_local(self, name: str) -> str | None:
        return self.conn.execute(
            sa.select(node_local.c.value).where(node_local.c.name == name)
        ).scalar_one_or_none()

    def set_local(self, name: str, value: str) -> None:
        self.conn.execute(
            self.dialect.upsert(node_local, ["name", "value"]), {"name": name, "value": value}
        )

    def set_locals(self, items: Iterable[tuple[str, str]]) -> None:
        rows = [{"name": n, "value": v} for n, v in items]
        if rows:
            self.conn.execute(self.dialect.upsert(node_local, ["name", "value"]), rows)
