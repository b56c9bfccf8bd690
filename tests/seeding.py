"""Records a test node holds as if another office had written them.

The authority table stops a firm from writing a certificate itself (its peers would
refuse it); a test that needs a firm holding certificates logs them, as an import
would, in the stream of a stand-in province node.
"""

from __future__ import annotations

from collections.abc import Sequence

from regsync.app.bootstrap import Services
from regsync.core.model import Record, Role
from regsync.sync.changeset import Change, Op
from regsync.sync.codec import encode_fields
from regsync.sync.hlc import HybridClock
from regsync.sync.log import commit_local

SEED_ORIGIN = "SEED-PROVINCE"


def as_received(
    services: Services,
    records: Sequence[Record],
    *,
    origin: str = SEED_ORIGIN,
    scope: str | None = None,
    tier: int = Role.PROVINCE.tier,
) -> None:
    """Log and materialise ``records`` on ``services``' node as written by ``origin``
    in ``scope`` (default: the node's own), bypassing the local authority check."""
    with services.unit_of_work() as uow:
        store = uow.store
        changes = [
            Change(r.KIND, r.key, Op.UPSERT, encode_fields(r.KIND, r.fields()), {}) for r in records
        ]
        clock = HybridClock(lambda: 0, store.clock_reading())
        commit_local(
            store, origin=origin, scope=scope or services.node.scope, tier=tier,
            changes=changes, clock=clock, rows={}, versions={},
        )  # fmt: skip
        store.save_clock(clock.last)
        uow.commit()
