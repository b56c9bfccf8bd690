"""The single write path: a unit of work's changes become a logged changeset.

:func:`commit_local` chains the changeset to its stream, appends it and materialises
it through a :class:`~regsync.sync.ports.LogStore` whose operations all belong to one
database transaction, so a crash leaves either the whole changeset or none of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from regsync.core.model import Value
from regsync.sync.changeset import GENESIS, Change, Changeset, stream_id
from regsync.sync.hlc import HybridClock
from regsync.sync.materialise import RecordId, RecordVersion, plan_local
from regsync.sync.ports import LogStore


def commit_local(
    store: LogStore,
    *,
    origin: str,
    scope: str,
    tier: int,
    changes: Sequence[Change],
    clock: HybridClock,
    rows: Mapping[RecordId, Mapping[str, Value] | None],
    versions: Mapping[RecordId, RecordVersion],
    after: Mapping[RecordId, Mapping[str, Value]] | None = None,
) -> Changeset:
    """Append one changeset of this node to the stream ``(origin, scope)``."""
    head = store.stream_head(stream_id(origin, scope))
    cs = Changeset(
        origin=origin,
        scope=scope,
        seq=head.seq + 1 if head else 1,
        prev_hash=head.hash if head else GENESIS,
        hlc=clock.tick(),
        tier=tier,
        changes=tuple(changes),
    ).sealed()
    store.append(cs)
    store.write_plan(plan_local(cs, rows, versions, after))
    return cs
