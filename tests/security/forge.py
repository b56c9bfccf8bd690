"""A compromised node's tools: bundles with crafted changesets, signed with its own key.

A node whose PC is compromised holds its certified key, so it can sign anything; what
it cannot do is make its peers accept what its role, scope and the records' stored
identity do not allow.  :func:`forged_bundle` writes what such a node would send: the
crafted changesets chained onto its real stream, with its real signed heads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from regsync.app.bootstrap import Services
from regsync.packages_bpz import CHANGESET, BundleInfo, write_bundle
from regsync.sync.changeset import GENESIS, Change, Changeset, Op, stream_id
from regsync.sync.hlc import HybridClock
from regsync.sync.ranges import build_ranges
from tests.offices import PASSPHRASE


def crafted(
    node: Services, scope: str, kind: str, key: str, fields: Mapping[str, object],
    *, op: Op = Op.UPSERT, base: Mapping[str, int] | None = None,
) -> Changeset:  # fmt: skip
    """One changeset of ``node``'s, next in its stream of ``scope``, never committed."""
    me = node.node
    with node.unit_of_work() as uow:
        head = uow.store.stream_head(stream_id(me.node_id, scope))
        clock = HybridClock(lambda: node.unix_now() * 1000, uow.store.clock_reading())
    change = Change(kind, key, op, dict(fields), dict(base or {}))  # type: ignore[arg-type]
    return Changeset(
        origin=me.node_id,
        scope=scope,
        seq=head.seq + 1 if head else 1,
        prev_hash=head.hash if head else GENESIS,
        hlc=clock.tick(),
        tier=me.role.tier,
        changes=(change,),
    ).sealed()


def forged_bundle(
    node: Services, recipient: str, batch: Sequence[Changeset], out: Path,
    *, acks: Mapping[str, int] | None = None,
) -> Path:  # fmt: skip
    """``batch`` in a bundle signed by ``node``'s own key, as its export would write it."""
    signer = node.signer(PASSPHRASE)
    me = node.node.node_id
    with node.unit_of_work() as uow:
        heads = uow.store.heads()
    info = BundleInfo(
        schema=node.schema_head(),
        sender=me,
        recipient=recipient,
        ranges=build_ranges(batch, me=me, signer=signer, relayed={}),
        acks=dict(acks) if acks is not None else heads,
        certificates=[c.to_file_bytes() for c in node.trust().certificates()],
    )
    items = ((CHANGESET, {"body": cs.body(), "hash": cs.hash}) for cs in batch)
    write_bundle(out, items, signer=signer, info=info)
    return out
