"""Importing changesets from another node: verify everything, then apply in order.

:func:`verify_incoming` checks a batch against this node's log without writing:
hashes, stream continuity, forks, and causal prerequisites.  :func:`apply_incoming`
then materialises each new changeset through :func:`regsync.sync.merge.merge_write`
and appends it to the log.  The caller runs both in one database transaction, so a
refused or interrupted import leaves nothing behind, and a repeated one is a no-op.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Iterator, Mapping

from regsync.core.model import RECORD_BY_KIND, Conflict, Role, Value
from regsync.core.ports import UnitOfWork
from regsync.core.state import STATE_FIELDS, AppState, Stage, join
from regsync.sync.changeset import GENESIS, Changeset, Op
from regsync.sync.codec import Encoded, decode_fields, encode_fields
from regsync.sync.errors import (
    ChainError,
    ClockAhead,
    ForkError,
    IncompleteRecord,
    MissingPrerequisites,
    TamperedChangeset,
)
from regsync.sync.hlc import MAX_AHEAD_MILLIS, HybridClock, Timestamp, ahead_by
from regsync.sync.materialise import Plan, RecordId, RecordVersion
from regsync.sync.merge import FieldConflict, MergeResult, Outcome, Write, merge_write
from regsync.sync.ports import ClockedImportStore, ImportStore
from regsync.sync.vector import dominates


def writes_of(cs: Changeset) -> list[tuple[str, str, Write]]:
    """The changes of a changeset as merge :class:`Write`s, with their record ids."""
    key = (cs.tier, cs.hlc_text, cs.origin)
    return [
        (c.kind, c.key, Write(cs.stream, cs.seq, key, c.op, c.fields, c.base)) for c in cs.changes
    ]


@dataclasses.dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do).

    ``new`` holds the changesets new here of one batch; an import streamed in
    chunks (:func:`regsync.sync.peer.apply_bundle`) keeps only the counts
    (:meth:`add`), so read ``new_changesets`` and ``changes`` for how many.
    """

    new: list[Changeset] = dataclasses.field(default_factory=list)
    duplicates: int = 0
    conflicts: list[tuple[str, str, FieldConflict]] = dataclasses.field(default_factory=list)
    new_changesets: int = 0
    new_changes: int = 0

    @property
    def changes(self) -> int:
        """The changes of the new changesets."""
        return self.new_changes

    def add(self, part: ImportReport) -> None:
        """Count in the report of one more chunk (its changesets are not kept)."""
        self.duplicates += part.duplicates
        self.conflicts.extend(part.conflicts)
        self.new_changesets += part.new_changesets
        self.new_changes += part.new_changes


def verify_incoming(
    store: ImportStore,
    changesets: Iterable[Changeset],
    receives: Callable[[str], bool] | None = None,
) -> ImportReport:
    """Check a batch without writing; returns the changesets that are new here.

    Refuses the whole batch on the first problem: a hash that does not match the
    content, a gap in a stream (naming the missing range), a fork, or a change whose
    writer had seen changesets that neither this node nor the batch holds, of the
    streams this node ``receives`` (partial replication: a base may name streams no
    peer will ever send here, such as another firm's entry of the same person).
    """
    report = ImportReport()
    heads = store.heads()
    expected_prev: dict[str, str] = {}
    compacted: dict[str, int] = {}
    missing: set[str] = set()
    for cs in changesets:
        if not cs.verify_hash():
            raise TamperedChangeset(stream=cs.stream, seq=cs.seq)
        have = heads.get(cs.stream, 0)
        if cs.seq <= have:
            if cs.stream not in compacted:
                compacted[cs.stream] = store.compacted_through(cs.stream)
            if cs.seq <= compacted[cs.stream]:  # no longer logged: held, not comparable
                report.duplicates += 1
                continue
            ours = store.hash_at(cs.stream, cs.seq)
            if ours != cs.hash:
                raise ForkError(stream=cs.stream, seq=cs.seq, ours=ours, theirs=cs.hash)
            report.duplicates += 1
            continue
        if cs.seq != have + 1:
            raise ChainError(
                stream=cs.stream, have=have, got=cs.seq, missing=f"{have + 1}-{cs.seq - 1}"
            )
        prev = expected_prev.get(cs.stream) or (store.hash_at(cs.stream, have) if have else GENESIS)
        if cs.prev_hash != prev:
            raise ForkError(stream=cs.stream, seq=cs.seq, ours=prev, theirs=cs.prev_hash)
        for change in cs.changes:
            missing.update(
                f"{stream}#{heads.get(stream, 0) + 1}-{seq}"
                for stream, seq in change.base.items()
                if seq > heads.get(stream, 0) and (receives is None or receives(stream))
            )
        heads[cs.stream] = cs.seq
        expected_prev[cs.stream] = cs.hash
        report.new.append(cs)
        report.new_changesets += 1
        report.new_changes += len(cs.changes)
    if missing:
        raise MissingPrerequisites(missing=", ".join(sorted(missing)))
    return report


REQUIRED = {
    kind: frozenset(
        f.name
        for f in dataclasses.fields(record)  # type: ignore[arg-type]  # records are dataclasses
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    for kind, record in RECORD_BY_KIND.items()
}
"""The fields a record cannot be stored without, by kind."""

GROUP_CHANGES = 5000
"""Changes applied per group: loaded, merged and written with a handful of statements."""


def apply_incoming(
    store: ImportStore,
    report: ImportReport,
    clock: HybridClock,
    *,
    observe_at_most: Timestamp | None = None,
) -> list[tuple[str, str, FieldConflict]]:
    """Materialise and log the verified new changesets, in order; returns the conflicts."""
    conflicts: list[tuple[str, str, FieldConflict]] = []
    for group in disjoint_groups(report.new):
        _lock_and_append(store, group)
        if len(group) == 1 and _touches_twice(group[0]):
            for write in writes_of(group[0]):  # each change must see the one before
                conflicts.extend(_apply_writes(store, [(group[0], *write)]))
        else:
            conflicts.extend(
                _apply_writes(store, [(cs, *w) for cs in group for w in writes_of(cs)])
            )
    for cs in report.new:
        clock.observe(cs.hlc if observe_at_most is None else min(cs.hlc, observe_at_most))
    report.conflicts = conflicts
    return conflicts


def _touches_twice(cs: Changeset) -> bool:
    return len({(c.kind, c.key) for c in cs.changes}) != len(cs.changes)


def disjoint_groups(changesets: list[Changeset]) -> Iterator[list[Changeset]]:
    """Consecutive changesets that touch distinct records: each group can be loaded
    and written at once, because no change in it needs to see another's effect."""
    group: list[Changeset] = []
    seen: set[tuple[str, str]] = set()
    for cs in changesets:
        rids = {(c.kind, c.key) for c in cs.changes}
        alone = _touches_twice(cs)
        full = len(seen) + len(rids) > GROUP_CHANGES
        if group and (alone or full or not seen.isdisjoint(rids)):
            yield group
            group, seen = [], set()
        group.append(cs)
        seen.update(rids)
        if alone:
            yield group
            group, seen = [], set()
    if group:
        yield group


def _lock_and_append(store: ImportStore, group: list[Changeset]) -> None:
    """Lock each stream against a concurrent import, check it continues, log the group."""
    firsts: dict[str, Changeset] = {}
    for cs in group:
        firsts.setdefault(cs.stream, cs)
    for stream, cs in firsts.items():
        head = store.stream_head(stream)
        have = head.seq if head else 0
        if cs.seq != have + 1:
            raise ChainError(
                stream=stream, have=have, got=cs.seq, missing=f"{have + 1}-{cs.seq - 1}"
            )
    store.append_many(group)


def _apply_writes(
    store: ImportStore, writes: list[tuple[Changeset, str, str, Write]]
) -> list[tuple[str, str, FieldConflict]]:
    keys: dict[str, list[str]] = {}
    for _, kind, key, _ in writes:
        keys.setdefault(kind, []).append(key)
    rows: dict[RecordId, dict[str, Value]] = {}
    versions: dict[RecordId, RecordVersion] = {}
    for kind, kind_keys in keys.items():
        rows.update(store.load_rows(kind, kind_keys))
        versions.update(store.load_versions(kind, kind_keys))
    plan = Plan()
    conflicts: list[tuple[str, str, FieldConflict]] = []
    for cs, kind, key, write in writes:
        found = _plan_write(
            store,
            plan,
            cs,
            write,
            kind=kind,
            key=key,
            row=rows.get((kind, key)),
            current=versions.get((kind, key)),
        )
        conflicts.extend((kind, key, c) for c in found)
    store.write_plan(plan)
    return conflicts


def _plan_write(
    store: ImportStore,
    plan: Plan,
    cs: Changeset,
    write: Write,
    *,
    kind: str,
    key: str,
    row: dict[str, Value] | None,
    current: RecordVersion | None,
) -> tuple[FieldConflict, ...]:
    """Add what one incoming write does to ``plan``; returns its conflicts."""
    if current is None and row is None:
        # A record new here (the common case of an import): nothing to merge with.
        fields: Mapping[str, Encoded] = write.fields
        conflicts: tuple[FieldConflict, ...] = ()
        after, delete = write.version, write.op is Op.DELETE
    else:
        result = _merged(store, write, kind=kind, key=key, row=row, current=current)
        if result.outcome is Outcome.SKIP:
            return result.conflicts
        fields, conflicts = result.fields, result.conflicts
        after, delete = result.version, result.delete
        if kind == "application" and row is not None and result.outcome is Outcome.MERGE:
            fields, conflicts = _join_state(row, write, result.fields, conflicts)
    plan.versions.append(RecordVersion(kind, key, after, cs.hlc_text, cs.origin, delete))
    if delete:
        plan.deletes.setdefault(kind, []).append(key)
    elif fields or row is None:
        merged: dict[str, Value] = dict(row or {})
        merged.update(decode_fields(kind, fields))
        if row is None and not REQUIRED[kind] <= merged.keys():
            if not write.base:  # a record its writer created arrives whole, if honest
                missing = ", ".join(sorted(REQUIRED[kind] - merged.keys()))
                raise IncompleteRecord(
                    kind=kind, key=key, stream=cs.stream, seq=cs.seq, missing=missing
                )
            # an update of a record this node never received whole (partial
            # replication): the version is kept, the fields wait for the whole record
            return conflicts
        plan.upserts.setdefault(kind, []).append(merged)
    return conflicts


def _merged(
    store: ImportStore,
    write: Write,
    *,
    kind: str,
    key: str,
    row: dict[str, Value] | None,
    current: RecordVersion | None,
) -> MergeResult:
    """:func:`merge_write` of ``write`` into a record this node holds."""
    version = dict(current.vv) if current else None
    # The local writes matter only when the incoming one is concurrent with them, and
    # so does the stored row (the plain cases take the incoming fields as they are).
    concurrent = version is not None and not dominates(write.base, version)
    local = store.writes_since(kind, key, write.base, version) if concurrent and version else []
    stored = encode_fields(kind, row) if row and concurrent else None
    return merge_write(write, stored, version, bool(current and current.deleted), local)


def _join_state(
    row: Mapping[str, Value],
    write: Write,
    fields: dict[str, Encoded],
    conflicts: tuple[FieldConflict, ...],
) -> tuple[dict[str, Encoded], tuple[FieldConflict, ...]]:
    """An application's status merges as the join over ``(round, stage)`` (DESIGN §3).

    Taking round and stage field by field from different writers could mix a new
    round with an old round's stage; the join of the two states cannot, and needs no
    ledger entry because it loses nothing: every state is on the way to the joined one.
    """
    if not any(name in write.fields for name in STATE_FIELDS):
        return fields, conflicts
    here = AppState(int(str(row["round"])), Stage(str(row["stage"])))
    theirs = AppState(
        int(str(write.fields.get("round", row["round"]))),
        Stage(str(write.fields.get("stage", row["stage"]))),
    )
    joined = join(here, theirs)
    fields = {**fields, "round": joined.round, "stage": joined.stage.value}
    return fields, tuple(c for c in conflicts if c.field not in STATE_FIELDS)


def conflict_values(conflict: FieldConflict) -> tuple[str, str]:
    """The kept and lost values as JSON text (what the ledger stores)."""
    return (
        json.dumps(conflict.kept_value, ensure_ascii=False),
        json.dumps(conflict.lost_value, ensure_ascii=False),
    )


def import_changesets(
    uow: UnitOfWork,
    store: ClockedImportStore,
    changesets: Iterable[Changeset],
    physical_millis: Callable[[], int],
    *,
    max_ahead_millis: int = MAX_AHEAD_MILLIS,
    accept_ahead: bool = False,
    receives: Callable[[str], bool] | None = None,
) -> ImportReport:
    """Verify and apply another node's changesets, and record their conflicts; no commit.

    A changeset dated more than ``max_ahead_millis`` after this node's wall clock
    refuses the whole batch before the clock observes anything (:class:`ClockAhead`),
    unless an administrator ``accept_ahead`` (a node whose clock was wrong has such
    changes in its log for good: the remedy the refusal names).

    ``store`` is the log of ``uow``'s transaction.  Conflicts found on the way become
    ledger entries, written through ``uow`` as this node's own changes so they
    replicate; entries another node already recorded are equal records and log
    nothing.  Nothing is written if verification refuses.
    """
    report = verify_incoming(store, changesets, receives)
    now = physical_millis()
    if not accept_ahead:
        check_clock(report.new, now, max_ahead_millis)
    # Even accepted, a change dated ahead moves this node's clock no further than the
    # bound: causality is in the version vectors, the clock only breaks ties.
    cap = Timestamp(now + max_ahead_millis, 0)
    clock = HybridClock(physical_millis, store.clock_reading())
    apply_incoming(store, report, clock, observe_at_most=cap)
    store.save_clock(clock.last)
    offices = [min(cs.hlc, cap) for cs in report.new if cs.tier >= Role.CITY.tier]
    if offices and max(offices) > store.office_reading():
        store.save_office_reading(max(offices))
    for kind, key, conflict in report.conflicts:
        if uow.get(Conflict, conflict.conflict_id) is not None:
            # Recorded already, here or by the node that sent it (perhaps resolved
            # since, in this very bundle): writing a fresh entry would reopen it.
            continue
        uow.put(ledger_entry(kind, key, conflict))
    return report


def check_clock(changesets: Iterable[Changeset], now: int, max_ahead_millis: int) -> None:
    """Refuse a batch with a change dated more than ``max_ahead_millis`` after ``now``."""
    for cs in changesets:
        ahead = ahead_by(cs.hlc, now)
        if ahead > max_ahead_millis:
            raise ClockAhead(
                origin=cs.origin, stream=cs.stream, seq=cs.seq, at=cs.hlc.display(),
                now=Timestamp(now, 0).display(), minutes=ahead // 60_000,
                bound=max_ahead_millis // 60_000,
            )  # fmt: skip


def ledger_entry(kind: str, key: str, conflict: FieldConflict) -> Conflict:
    """The conflict ledger's record of a field conflict on record ``(kind, key)``."""
    kept, lost = conflict_values(conflict)
    return Conflict(
        id=conflict.conflict_id,
        record_kind=kind,
        record_key=key,
        field=conflict.field,
        kept_value=kept,
        lost_value=lost,
        kept_origin=conflict.kept.ident,
        lost_origin=conflict.lost.ident,
    )
