"""Change capture: a unit of work's pending records become changesets, one per scope.

A unit of work only remembers what was put or deleted; at commit the storage adapter
loads the current rows and record versions of everything touched (in a few batched
queries) and hands them here.  Only changed fields become changes, plus the fields a
write *claims* (to meet a concurrent edit in the merge) and, for an application, the
whole state pair (a receiver joins states, so it needs both).  Each scope's changes
are then appended through the one write path, :func:`regsync.sync.log.commit_local`.

The streams a commit appends to are locked, and their heads read with the clock, in
one call at its start (:meth:`CaptureStore.start_capture`): a clerk's one-record
write is a handful of statements (issue 19, P6).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Protocol

from regsync.core.model import RECORD_BY_KIND, Application, Record, Value, from_fields
from regsync.core.ports import NodeIdentity
from regsync.core.state import STATE_FIELDS
from regsync.sync.authorize import Writer, check_local
from regsync.sync.changeset import Change, Changeset, Op, StreamHead, stream_id
from regsync.sync.codec import encode_fields
from regsync.sync.errors import WriteNotAllowed
from regsync.sync.hlc import HybridClock, Timestamp
from regsync.sync.log import commit_local
from regsync.sync.materialise import Plan, RecordId, RecordVersion
from regsync.sync.ports import ClockedLogStore, LogStore

Pending = Mapping[RecordId, Record | None]
"""The records a unit of work put (``None``: deleted), by record id."""


class CaptureStore(ClockedLogStore, Protocol):
    """What capturing local writes needs: the log, the clock, and a start."""

    def start_capture(
        self, streams: Sequence[str]
    ) -> tuple[Timestamp, dict[str, StreamHead | None]]:
        """Lock ``streams`` against concurrent writers until the transaction ends (in
        one order), and read the clock (:meth:`clock_reading`) and their heads."""
        ...


@dataclasses.dataclass(frozen=True)
class _StartedStreams:
    """The log store of one commit, whose streams' heads were read at its start."""

    store: LogStore
    heads: Mapping[str, StreamHead | None]

    def stream_head(self, stream: str) -> StreamHead | None:
        return self.heads[stream]  # locked at the start: each stream is appended once

    def append(self, cs: Changeset) -> None:
        self.store.append(cs)

    def write_plan(self, plan: Plan) -> None:
        self.store.write_plan(plan)


def changes_by_scope(
    pending: Pending,
    claims: Mapping[RecordId, Collection[str]],
    rows: Mapping[RecordId, Mapping[str, Value]],
    versions: Mapping[RecordId, RecordVersion],
    scope: Callable[[Record], str],
) -> tuple[dict[str, list[Change]], dict[RecordId, dict[str, Value]]]:
    """The changes of the pending writes by scope, and the new whole rows they leave.

    ``rows`` and ``versions`` are the stored state of the pending records; ``scope``
    gives a record's scope (for a delete, the stored record's).
    """
    by_scope: dict[str, list[Change]] = defaultdict(list)
    after: dict[RecordId, dict[str, Value]] = {}
    for rid, record in pending.items():
        current = rows.get(rid)
        base = dict(versions[rid].vv) if rid in versions else {}
        if record is None:
            if current is None:
                continue  # deleting what does not exist changes nothing
            old = from_fields(RECORD_BY_KIND[rid[0]], dict(current))
            by_scope[scope(old)].append(Change(rid[0], rid[1], Op.DELETE, {}, base))
            continue
        whole = record.fields()
        claimed = claims.get(rid, ())
        changed = (
            whole
            if current is None
            else {k: v for k, v in whole.items() if current.get(k) != v or k in claimed}
        )
        if not changed:
            continue
        if rid[0] == Application.KIND and not STATE_FIELDS.isdisjoint(changed):
            # The status is the pair: a receiver joins states, so it needs both.
            changed = {**changed, **{f: whole[f] for f in STATE_FIELDS}}
        after[rid] = whole
        by_scope[scope(record)].append(
            Change(rid[0], rid[1], Op.UPSERT, encode_fields(rid[0], changed), base)
        )
    return by_scope, after


def commit_pending(
    store: CaptureStore,
    node: NodeIdentity,
    pending: Pending,
    *,
    claims: Mapping[RecordId, Collection[str]],
    rows: Mapping[RecordId, Mapping[str, Value]],
    versions: Mapping[RecordId, RecordVersion],
    scope: Callable[[Record], str],
    physical_millis: Callable[[], int],
) -> list[Changeset]:
    """Append one changeset per scope of the pending writes; returns them (none: no change).

    The hybrid clock is loaded from ``store`` and saved back in the same transaction;
    the streams are locked and their heads read with it (:class:`CaptureStore`).
    Writes the authority table does not allow this node are refused before anything is
    logged (:func:`regsync.sync.authorize.check_local`): its peers would refuse them.
    """
    by_scope, after = changes_by_scope(pending, claims, rows, versions, scope)
    if not by_scope:
        return []
    writer = Writer(node.node_id, node.role, node.city_code, node.uscc)
    for scope_name, changes in by_scope.items():
        reason = check_local(writer, scope_name, changes)
        if reason is not None:  # before anything is logged: the transaction stays clean
            raise WriteNotAllowed(reason_zh=reason.zh, reason_en=reason.en)
    reading, heads = store.start_capture([stream_id(node.node_id, s) for s in by_scope])
    clock = HybridClock(physical_millis, reading)
    started = _StartedStreams(store, heads)
    committed = [
        commit_local(
            started,
            origin=node.node_id,
            scope=scope_name,
            tier=node.role.tier,
            changes=changes,
            clock=clock,
            rows=rows,
            versions=versions,
            after=after,
        )
        for scope_name, changes in by_scope.items()
    ]
    store.save_clock(clock.last)
    return committed
