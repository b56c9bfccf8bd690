"""The log store with the statements of a local write built once (issue 19, P6).

Building a SQLAlchemy statement costs about seven times executing a prebuilt one
(coercions and a new cache key at every call): for a clerk's one-record write that
was most of the Python work.  :class:`PreparedLogStore` answers the reads and writes
a unit of work makes at every commit with statements built once per process (their
compiled form is cached by SQLAlchemy per dialect); the results are those of
:class:`~regsync.adapters.sql.store.SqlLogStore`, which it extends.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from regsync.adapters.sql.schema import RECORD_TABLES, node_local, record_version, stream
from regsync.adapters.sql.store import HLC_SETTING, SqlLogStore
from regsync.core.model import RECORD_BY_KIND, Value
from regsync.sync.changeset import StreamHead
from regsync.sync.hlc import Timestamp
from regsync.sync.materialise import RecordId, RecordVersion

_GET_LOCAL = sa.select(node_local.c.value).where(node_local.c.name == sa.bindparam("name"))
_STREAM_HEAD = sa.select(
    stream.c.origin, stream.c.scope, stream.c.head_seq, stream.c.head_hash
).where(stream.c.stream == sa.bindparam("stream"))


def _clock_and_heads(streams: sa.ColumnElement[bool]) -> sa.CompoundSelect[Any]:
    """The heads of the streams ``streams`` picks and, in a row of no stream, the clock
    reading (in ``origin``)."""
    heads = sa.select(
        stream.c.stream, stream.c.origin, stream.c.scope, stream.c.head_seq, stream.c.head_hash
    ).where(streams)
    clock = sa.select(sa.null(), node_local.c.value, sa.null(), sa.null(), sa.null())
    return sa.union_all(heads, clock.where(node_local.c.name == sa.bindparam("clock")))


# One stream (the usual commit) by equality: an expanding IN is re-rendered per call.
_CLOCK_AND_HEAD = _clock_and_heads(stream.c.stream == sa.bindparam("stream"))
_CLOCK_AND_HEADS = _clock_and_heads(stream.c.stream.in_(sa.bindparam("streams", expanding=True)))
_VERSION_COLUMNS = ("vv", "hlc", "origin", "deleted")
_SET_LOCAL: dict[str, sa.Executable] = {}  # the node_local upsert, by dialect name
_ONE_ROW: dict[str, sa.Select[Any]] = {}  # a record by its key, by kind
_ROW_AND_VERSION: dict[str, tuple[sa.Select[Any], tuple[str, ...], int]] = {}  # by kind


def _one_row(kind: str) -> sa.Select[Any]:
    statement = _ONE_ROW.get(kind)
    if statement is None:
        table = RECORD_TABLES[kind]
        key = table.c[RECORD_BY_KIND[kind].KEY]
        statement = _ONE_ROW[kind] = sa.select(table).where(key == sa.bindparam("key"))
    return statement


def _row_and_version(kind: str) -> tuple[sa.Select[Any], tuple[str, ...], int]:
    """One row for the key: the record's columns (NULL key: no record), then its
    version's (NULL ``vv``: no version); with the record's column names and the
    position of its key."""
    found = _ROW_AND_VERSION.get(kind)
    if found is None:
        table = RECORD_TABLES[kind]
        key = table.c[RECORD_BY_KIND[kind].KEY]
        rv = record_version.c
        wanted = sa.select(sa.bindparam("key", type_=sa.Text).label("k")).subquery("wanted")
        joined = wanted.outerjoin(table, key == wanted.c.k).outerjoin(
            record_version, sa.and_(rv.kind == kind, rv.key == wanted.c.k)
        )
        versions = [rv[name].label(f"rv_{name}") for name in _VERSION_COLUMNS]
        names = tuple(c.name for c in table.columns)
        statement = sa.select(table, *versions).select_from(joined)
        found = _ROW_AND_VERSION[kind] = (statement, names, names.index(key.name))
    return found


class PreparedLogStore(SqlLogStore):
    """:class:`SqlLogStore` whose per-commit statements are built once."""

    def _set_local_statement(self) -> sa.Executable:
        name = self.conn.dialect.name
        statement = _SET_LOCAL.get(name)
        if statement is None:
            statement = _SET_LOCAL[name] = self.dialect.upsert(node_local, ["name", "value"])
        return statement

    def get_local(self, name: str) -> str | None:
        found: str | None = self.conn.execute(_GET_LOCAL, {"name": name}).scalar_one_or_none()
        return found

    def set_local(self, name: str, value: str) -> None:
        self.conn.execute(self._set_local_statement(), {"name": name, "value": value})

    def start_capture(
        self, streams: Sequence[str]
    ) -> tuple[Timestamp, dict[str, StreamHead | None]]:
        """The clock and the heads of ``streams`` in one statement, once they are
        locked (:class:`regsync.sync.capture.CaptureStore`)."""
        for stream_name in sorted(streams):
            self.dialect.lock_stream(self.conn, stream_name)
        heads: dict[str, StreamHead | None] = dict.fromkeys(streams)
        reading = Timestamp(0, 0)
        query, params = _CLOCK_AND_HEADS, {"streams": list(streams), "clock": HLC_SETTING}
        if len(streams) == 1:
            query, params = _CLOCK_AND_HEAD, {"stream": streams[0], "clock": HLC_SETTING}
        for row in self.conn.execute(query, params):
            if row.stream is None:
                reading = Timestamp.parse(row.origin) if row.origin else reading
            else:
                heads[row.stream] = StreamHead(
                    row.stream, row.origin, row.scope, row.head_seq, row.head_hash
                )
        return reading, heads

    def stream_head(self, stream_name: str) -> StreamHead | None:
        self.dialect.lock_stream(self.conn, stream_name)
        row = self.conn.execute(_STREAM_HEAD, {"stream": stream_name}).first()
        if row is None:
            return None
        return StreamHead(stream_name, row.origin, row.scope, row.head_seq, row.head_hash)

    def load_rows(self, kind: str, keys: Sequence[str]) -> dict[RecordId, dict[str, Value]]:
        if len(keys) != 1:
            return super().load_rows(kind, keys)
        with self.dialect.unprepared(self.conn):  # as the plain store: no generic plan
            row = self.conn.execute(_one_row(kind), {"key": keys[0]}).mappings().first()
        return {} if row is None else {(kind, keys[0]): dict(row)}

    def load_row_and_version(
        self, kind: str, key: str
    ) -> tuple[dict[str, Value] | None, RecordVersion | None]:
        """The stored row and version of one record, in one statement."""
        statement, names, key_at = _row_and_version(kind)
        with self.dialect.unprepared(self.conn):  # as the plain store: no generic plan
            found = self.conn.execute(statement, {"key": key}).one()
        width = len(names)
        row = None if found[key_at] is None else dict(zip(names, found[:width], strict=True))
        vv, hlc, origin, deleted = found[width:]
        if vv is None:
            return row, None
        return row, RecordVersion(kind, key, json.loads(vv), hlc, origin, deleted)
