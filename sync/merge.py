"""Merging a remote change into a replica's record: pure decisions on loaded state.

A remote change either

* is already reflected here (its version is covered by the record's): **skip**;
* descends from everything this replica has of the record (its base covers the
  record's version): **apply** plainly;
* or is **concurrent** with local writes.  Then the fields merge one by one: a field
  that no concurrent local write touched takes the incoming value; a field that both
  sides changed to different values is a conflict, decided by the writer order
  (authority tier, then hybrid logical clock, then node id) and written to the
  conflict ledger with both values.  A delete concurrent with updates wins
  (remove-wins), so replicas agree whichever they saw first.

The stored value of a field is always the value of the highest write, in writer
order, among the writes of that field that no other write of it has seen.  That
invariant is what makes every delivery order end in the same state; see
``tests/test_merge_prop.py``.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from collections.abc import Mapping, Sequence

from regsync.sync.changeset import Op
from regsync.sync.codec import Encoded, canonical
from regsync.sync.once import computed_once
from regsync.sync.vector import dominates, merge

WriterKey = tuple[int, str, str]
"""``(authority tier, HLC text, origin node id)``: the order that decides conflicts."""


@dataclasses.dataclass(frozen=True)
class Write:
    """One change to one record, with what its writer had seen and who it was."""

    stream: str
    seq: int
    key: WriterKey
    op: Op
    fields: Mapping[str, Encoded]
    base: Mapping[str, int]

    @computed_once
    def version(self) -> Mapping[str, int]:
        """The record version this write produced: its base plus itself (computed
        once: the merge asks for it more than once per write)."""
        return merge(self.base, {self.stream: self.seq})

    @property
    def ident(self) -> str:
        return f"{self.stream}#{self.seq}"

    def touches(self, field: str) -> bool:
        return self.op is Op.DELETE or field in self.fields


class Outcome(enum.StrEnum):
    SKIP = "skip"  # already reflected
    APPLY = "apply"  # descends from the local version
    MERGE = "merge"  # concurrent: merged field by field


@dataclasses.dataclass(frozen=True)
class FieldConflict:
    """A field both sides changed; ``kept`` won by writer order, ``lost`` is recorded."""

    field: str
    kept: Write
    kept_value: Encoded
    lost: Write
    lost_value: Encoded

    @property
    def conflict_id(self) -> str:
        """The same id on every replica: derived from the two writes and the field."""
        pair = sorted((self.kept.ident, self.lost.ident))
        digest = hashlib.sha256(canonical([self.field, *pair])).hexdigest()
        return "CF" + digest[:24].upper()


@dataclasses.dataclass(frozen=True)
class MergeResult:
    """What to do with one incoming write."""

    outcome: Outcome
    fields: dict[str, Encoded]  # the incoming fields that take effect
    delete: bool
    version: dict[str, int]  # the record version afterwards
    conflicts: tuple[FieldConflict, ...] = ()


def merge_write(
    incoming: Write,
    current: Mapping[str, Encoded] | None,
    version: Mapping[str, int] | None,
    deleted: bool,
    local: Sequence[Write],
) -> MergeResult:
    """Decide how ``incoming`` changes a record.

    ``current`` is the record's row (logged form) or None, ``version`` its version
    vector, ``deleted`` whether it is a tombstone, and ``local`` the writes of this
    record that this replica has and ``incoming.base`` does not cover (only needed
    for the concurrent case; the caller loads them from its log).
    """
    mine = version or {}
    if version is not None and dominates(mine, incoming.version):
        return MergeResult(Outcome.SKIP, {}, False, dict(mine))
    after = merge(mine, incoming.version)
    if version is None or dominates(incoming.base, mine):
        return MergeResult(Outcome.APPLY, dict(incoming.fields), incoming.op is Op.DELETE, after)
    rivals = [w for w in local if not dominates(incoming.base, w.version)]
    if incoming.op is Op.DELETE:
        return MergeResult(Outcome.MERGE, {}, True, after, _delete_conflicts(incoming, rivals))
    if deleted:
        standing = [w for w in _maximal(rivals) if w.op is Op.DELETE]
        if standing:
            # Remove-wins: a delete this update has not seen outlasts it.
            best = max(standing, key=lambda w: w.key)
            conflict = FieldConflict("*", best, None, incoming, "updated")
            return MergeResult(Outcome.MERGE, {}, True, after, (conflict,))
        # The update has seen every delete here: it re-creates the record.
    return _merge_fields(incoming, current or {}, rivals, after)


def _maximal(writes: Sequence[Write]) -> list[Write]:
    """The writes that no other write in the list has seen."""
    return [
        w for w in writes if not any(o is not w and dominates(o.version, w.version) for o in writes)
    ]


def _merge_fields(
    incoming: Write,
    current: Mapping[str, Encoded],
    rivals: Sequence[Write],
    after: dict[str, int],
) -> MergeResult:
    taken: dict[str, Encoded] = {}
    conflicts: list[FieldConflict] = []
    for field, value in incoming.fields.items():
        touching = _maximal([w for w in rivals if w.touches(field)])
        if not touching:
            taken[field] = value
            continue
        best = max(touching, key=lambda w: w.key)
        # The best rival's own value, not the stored one: a write the incoming one
        # has seen may still hold the field here, and it no longer counts.
        theirs = best.fields.get(field, current.get(field))
        if theirs == value:
            taken[field] = value  # both sides agree: nothing to decide
        elif incoming.key > best.key:
            taken[field] = value
            conflicts.append(FieldConflict(field, incoming, value, best, theirs))
        else:
            taken[field] = theirs
            conflicts.append(FieldConflict(field, best, theirs, incoming, value))
    return MergeResult(Outcome.MERGE, taken, False, after, tuple(conflicts))


def _delete_conflicts(incoming: Write, rivals: Sequence[Write]) -> tuple[FieldConflict, ...]:
    updates = _maximal([w for w in rivals if w.op is Op.UPSERT])
    if not updates:
        return ()
    best = max(updates, key=lambda w: w.key)
    return (FieldConflict("*", incoming, None, best, "updated"),)
