"""Snapshot bundles through the CLI: ``bundle export --snapshot`` and importing one.

The rules are in :mod:`regsync.sync.snapshot`; this module reads the sender's
database into a bundle, and on the new node replaces its (never synced) state with
the snapshot in one transaction, then writes its own records again on top, so that
they descend from the snapshot like any later edit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from regsync.adapters.sql.migrate import head_revision
from regsync.app.bootstrap import Services
from regsync.app.progress import counted
from regsync.app.replica import (
    ACKS,
    KeyOpener,
    enterprise_city,
    gossip_for,
    learn_gossip,
    remember,
    streams_seen_by,
    trusted_sender,
)
from regsync.core.model import RECORD_BY_KIND, Record, Value, from_fields
from regsync.packages_bpz import BundleHeader, BundleInfo, Item, iter_items, write_bundle
from regsync.sync.authorize import Writer
from regsync.sync.bundles import visible_to
from regsync.sync.materialise import RecordVersion
from regsync.sync.session import Sent
from regsync.sync.snapshot import (
    SNAPSHOT,
    check_fresh,
    check_sender,
    read_snapshot,
    snapshot_items,
)


@dataclasses.dataclass(frozen=True)
class Started:
    """What starting from a snapshot did."""

    records: int
    streams: int
    rewritten: int  # this node's own records written again on top


def export_snapshot(
    s: Services, peer: Writer, key: KeyOpener, outbox: Path, *, seal_to: bytes | None
) -> Sent:
    """Write a snapshot of everything ``peer`` may see to ``outbox``."""
    signer = key()
    with s.unit_of_work() as uow:
        city = enterprise_city(uow)

        def visible(scope: str) -> bool:
            return visible_to(peer, scope, city)

        records = list(uow.store.snapshot_records())
        items = list(snapshot_items(uow.store.streams(), records, visible))
        items += gossip_for(uow, peer.node_id, streams_seen_by(peer, city))
        heads = uow.store.heads()
    info = BundleInfo(
        schema=head_revision(),
        sender=s.node.node_id,
        kind=SNAPSHOT,
        recipient=peer.node_id,
        acks=heads,
        certificates=[c.to_file_bytes() for c in s.trust().certificates()],
    )
    write_bundle(
        outbox, counted("导出快照 snapshot", items, len(items)), signer=signer, info=info,
        seal_to=seal_to,
    )  # fmt: skip
    return Sent(0, sum(1 for kind, _ in items if kind != ACKS))


def start_from_snapshot(
    s: Services, path: Path, header: BundleHeader, key: KeyOpener, *, commit: bool = True
) -> Started:
    """Verify a snapshot for this node and start from it, all or nothing."""
    node = s.node
    me = Writer(node.node_id, node.role, node.city_code, node.uscc)
    check_sender(trusted_sender(s.trust(), header), me)
    unsealer = key().unseal if header.sealed else None
    gossip: list[dict[str, Any]] = []
    items = counted("读取快照 snapshot", iter_items(path, header, unsealer=unsealer), header.items)
    snap = read_snapshot(_split(items, gossip))  # all of it verifies before anything is written
    with s.unit_of_work() as uow:
        streams = uow.store.streams()
        synced = bool(uow.store.locals_with_prefix("peer:"))
        check_fresh(all(h.origin == node.node_id for h in streams), synced)
        own = _records(uow.store.snapshot_records())
        uow.store.wipe()
        uow.store.set_heads(snap.heads)
        uow.store.write_plan(snap.plan)
        taken = snap.keys()
        again = [r for r in own if (r.KIND, r.key) not in taken]
        for record in again:
            uow.put(record)
        learn_gossip(uow, gossip)
        remember(uow, header)
        if commit:
            uow.commit()
    return Started(len(snap.plan.versions), len(snap.heads), len(again))


def _split(items: Iterable[Item], gossip: list[dict[str, Any]]) -> Iterator[Item]:
    """The snapshot's items; relayed acknowledgements go aside into ``gossip``."""
    for kind, item in items:
        if kind == ACKS:
            gossip.append(item)
        else:
            yield kind, item


def _records(pairs: Iterable[tuple[RecordVersion, dict[str, Value] | None]]) -> list[Record]:
    return [
        from_fields(RECORD_BY_KIND[version.kind], row) for version, row in pairs if row is not None
    ]
