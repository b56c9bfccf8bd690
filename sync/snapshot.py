"""Snapshot bundles: a new node starts from another node's state, not its whole log.

A snapshot carries, for the scopes the new node sees, every record (tombstones
included) with its replication metadata, and the head of every stream.  The new
node then holds exactly what the sender held: later changesets chain on from those
heads and merge against those versions, as on a node whose log was compacted
(:mod:`regsync.sync.compaction`).  Nothing in a snapshot is signed by the records'
origins, so only an office with authority over the new node may send one, and only a
node that has never synced may start from one.  Pure functions; the app layer reads
and writes the database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from regsync.core.model import RECORD_BY_KIND, Role, Value, field_types
from regsync.packages_bpz import Item
from regsync.sync.authorize import Writer
from regsync.sync.changeset import StreamHead, stream_id, stream_scope
from regsync.sync.codec import decode_fields, encode_fields
from regsync.sync.errors import SnapshotRefused
from regsync.sync.materialise import Plan, RecordVersion

SNAPSHOT = "snapshot"  # the bundle kind
STREAM = "stream"  # payload item: a stream head
RECORD = "record"  # payload item: a record (or tombstone) with its version


def record_scopes(version: RecordVersion) -> set[str]:
    """The scopes a record was written in: the scope part of its streams' names."""
    return {stream_scope(stream) for stream in version.vv}


def snapshot_items(
    streams: Iterable[StreamHead],
    records: Iterable[tuple[RecordVersion, Mapping[str, Value] | None]],
    visible: Callable[[str], bool],
) -> Iterator[Item]:
    """The payload items of a snapshot for a peer that sees the scopes ``visible`` admits.

    ``records`` pairs each record's version with its row (None for a tombstone).
    """
    for head in streams:
        if visible(head.scope):
            yield (
                STREAM,
                {
                    "stream": head.stream,
                    "origin": head.origin,
                    "scope": head.scope,
                    "seq": head.seq,
                    "hash": head.hash,
                },
            )
    for version, row in records:
        if any(visible(scope) for scope in record_scopes(version)):
            yield (
                RECORD,
                {
                    "kind": version.kind,
                    "key": version.key,
                    "vv": dict(version.vv),
                    "hlc": version.hlc,
                    "origin": version.origin,
                    "deleted": version.deleted,
                    "fields": None if row is None else encode_fields(version.kind, row),
                },
            )


@dataclasses.dataclass
class Snapshot:
    """What a snapshot bundle holds, checked and decoded."""

    heads: list[StreamHead] = dataclasses.field(default_factory=list)
    plan: Plan = dataclasses.field(default_factory=Plan)

    def keys(self) -> set[tuple[str, str]]:
        return {(v.kind, v.key) for v in self.plan.versions}


def read_snapshot(items: Iterable[Item]) -> Snapshot:
    """Decode and check a snapshot's items; a malformed one raises :class:`SnapshotRefused`."""
    snap = Snapshot()
    try:
        for kind, item in items:
            if kind == STREAM:
                snap.heads.append(_head(item))
            elif kind == RECORD:
                _add_record(snap.plan, item)
    except (KeyError, TypeError, ValueError) as exc:
        raise SnapshotRefused(
            reason_zh=f"内容格式错误（{exc}）", reason_en=f"malformed content ({exc})"
        ) from exc
    return snap


def _head(item: Mapping[str, Any]) -> StreamHead:
    head = StreamHead(
        str(item["stream"]), str(item["origin"]), str(item["scope"]), item["seq"], item["hash"]
    )
    if head.stream != stream_id(head.origin, head.scope) or not isinstance(head.seq, int):
        raise ValueError(f"stream {head.stream}")
    return head


def _add_record(plan: Plan, item: Mapping[str, Any]) -> None:
    kind, key = str(item["kind"]), str(item["key"])
    record_type = RECORD_BY_KIND[kind]
    vv = {str(s): int(n) for s, n in dict(item["vv"]).items()}
    deleted = bool(item["deleted"])
    plan.versions.append(
        RecordVersion(kind, key, vv, str(item["hlc"]), str(item["origin"]), deleted)
    )
    if deleted:
        return
    fields = decode_fields(kind, dict(item["fields"]))
    if set(fields) != set(field_types(record_type)):
        raise ValueError(f"{kind} {key}: fields")
    if str(fields[record_type.KEY]) != key:
        raise ValueError(f"{kind} {key}: key")
    plan.upserts.setdefault(kind, []).append(fields)


def check_sender(sender: Writer, me: Writer) -> None:
    """Only an office with authority over this node may start it from a snapshot."""
    ok = sender.role is Role.PROVINCE or (
        sender.role is Role.CITY
        and me.role in (Role.CITY, Role.ENTERPRISE)
        and sender.city_code == me.city_code
    )
    if not ok:
        raise SnapshotRefused(
            reason_zh=f"发送方 {sender.node_id}（{sender.role.value}）对本节点没有管辖权，"
            "快照只能来自省级或本市的管理节点",
            reason_en=f"the sender {sender.node_id} ({sender.role.value}) has no authority "
            "over this node; a snapshot must come from the province or this node's city",
        )


def check_fresh(own_only: bool, synced: bool) -> None:
    """A node that has synced holds data others depend on: it cannot be replaced wholesale."""
    if synced or not own_only:
        raise SnapshotRefused(
            reason_zh="本节点已与其他节点同步过数据，快照只能用于启动新节点；请用普通数据包同步",
            reason_en="this node has already synced with others; a snapshot only starts a "
            "new node. Use an ordinary bundle",
        )
