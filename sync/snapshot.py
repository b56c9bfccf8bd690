"""Snapshot bundles: a new node starts from another node's state, not its whole log.

A snapshot carries, for the scopes the new node sees, every record (tombstones
included) with its replication metadata, and the head of every stream.  The new
node then holds exactly what the sender held: later changesets chain on from those
heads and merge against those versions, as on a node whose log was compacted
(:mod:`regsync.sync.compaction`).  Nothing in a snapshot is signed by the records'
origins, so only an office with authority over the new node may send one, and only a
node that has never synced may start from one.  :func:`export_snapshot` and
:func:`start_from_snapshot` are the services; the rest are pure rules.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from regsync.core.catalogue_sync import both, label, role_label
from regsync.core.model import RECORD_BY_KIND, Record, Role, Value, field_types, from_fields
from regsync.packages_bpz import BundleHeader, BundleInfo, Item, write_bundle
from regsync.sync.acks import ACKS, gossip_for, learn_gossip, remember
from regsync.sync.authorize import Writer
from regsync.sync.changeset import StreamHead, stream_id, stream_scope
from regsync.sync.codec import decode_fields, encode_fields
from regsync.sync.errors import SnapshotRefused
from regsync.sync.inbox import identities, presented, read_payload, speaks_for, trusted_sender
from regsync.sync.materialise import Plan, RecordVersion
from regsync.sync.ports import KeyOpener, SyncNode
from regsync.sync.progress import Progress, counted, no_progress
from regsync.sync.session import Sent
from regsync.sync.visibility import enterprise_city, streams_seen_by, visible_to

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
        zh, en = label("bundle.snapshot_malformed", error=exc)
        raise SnapshotRefused(reason_zh=zh, reason_en=en) from exc
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
        zh, en = label(
            "bundle.snapshot_sender", node=sender.node_id, role=role_label(sender.role.value)
        )
        raise SnapshotRefused(reason_zh=zh, reason_en=en)


def check_fresh(own_only: bool, synced: bool) -> None:
    """A node that has synced holds data others depend on: it cannot be replaced wholesale."""
    if synced or not own_only:
        zh, en = label("bundle.snapshot_not_fresh")
        raise SnapshotRefused(reason_zh=zh, reason_en=en)


@dataclasses.dataclass(frozen=True)
class Started:
    """What starting from a snapshot did."""

    records: int
    streams: int
    rewritten: int  # this node's own records written again on top


def export_snapshot(
    node: SyncNode,
    peer: Writer,
    key: KeyOpener,
    outbox: str | os.PathLike[str],
    *,
    seal_to: bytes | None,
    progress: Progress = no_progress,
) -> Sent:
    """Write a snapshot of everything ``peer`` may see to ``outbox``."""
    signer = key()
    with node.unit_of_work() as uow:
        store = uow.store
        city = enterprise_city(store)

        def visible(scope: str) -> bool:
            return visible_to(peer, scope, city)

        records = list(store.snapshot_records())
        items = list(snapshot_items(store.streams(), records, visible))
        items += gossip_for(store, peer.node_id, streams_seen_by(peer, city))
        heads = store.heads()
    info = BundleInfo(
        schema=node.schema_head(),
        sender=node.node.node_id,
        kind=SNAPSHOT,
        recipient=peer.node_id,
        acks=heads,
        certificates=[c.to_file_bytes() for c in node.trust().certificates()],
    )
    write_bundle(
        outbox, counted(progress, both("progress.snapshot_export"), items, len(items)),
        signer=signer,
        info=info, seal_to=seal_to,
    )  # fmt: skip
    return Sent(0, sum(1 for kind, _ in items if kind != ACKS))


def start_from_snapshot(
    node: SyncNode,
    path: str | os.PathLike[str],
    header: BundleHeader,
    key: KeyOpener,
    *,
    commit: bool = True,
    progress: Progress = no_progress,
) -> Started:
    """Verify a snapshot for this node and start from it, all or nothing.

    The new node's (never synced) state is replaced by the snapshot in one
    transaction, then its own records are written again on top, so that they descend
    from the snapshot like any later edit.
    """
    me_id = node.node.node_id
    me = Writer(me_id, node.node.role, node.node.city_code, node.node.uscc)
    trust = node.trust()
    sender = trusted_sender(trust, header)
    check_sender(sender, me)
    known = identities(trust, presented(header))
    payload = read_payload(
        path, header, key, label=both("progress.snapshot_read"), progress=progress
    )
    snap = read_snapshot(payload.items)  # all of it verifies before anything is written
    with node.unit_of_work() as uow:
        store = uow.store
        streams = store.streams()
        check_fresh(all(h.origin == me_id for h in streams), bool(store.acknowledgements()))
        own = _own_records(store.snapshot_records())
        store.wipe()
        store.set_heads(snap.heads)
        store.write_plan(snap.plan)
        taken = snap.keys()
        again = [r for r in own if (r.KIND, r.key) not in taken]
        for record in again:
            uow.put(record)
        learn_gossip(store, me_id, payload.gossip, lambda n: speaks_for(sender, known(n)))
        remember(store, header)
        if commit:
            uow.commit()
    return Started(len(snap.plan.versions), len(snap.heads), len(again))


def _own_records(pairs: Iterable[tuple[RecordVersion, dict[str, Value] | None]]) -> list[Record]:
    return [
        from_fields(RECORD_BY_KIND[version.kind], row) for version, row in pairs if row is not None
    ]
