"""Turning a changeset into table rows: a pure function on loaded state.

The storage adapters load the current rows and record versions of the records a
changeset touches, ask :func:`plan_local` what to write, and write it, all in the
transaction that appends the changeset to the log.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from regsync.core.model import Value
from regsync.sync.changeset import Changeset, Op
from regsync.sync.codec import decode_fields
from regsync.sync.vector import merge

RecordId = tuple[str, str]
"""``(kind, key)`` of a record."""


@dataclasses.dataclass(frozen=True)
class RecordVersion:
    """Replication metadata of one record: who has written it, and whether it is deleted."""

    kind: str
    key: str
    vv: Mapping[str, int]
    hlc: str
    origin: str
    deleted: bool = False


@dataclasses.dataclass
class Plan:
    """What to write to the tables for one changeset."""

    upserts: dict[str, list[Mapping[str, Value]]] = dataclasses.field(default_factory=dict)
    deletes: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    versions: list[RecordVersion] = dataclasses.field(default_factory=list)


def plan_local(
    cs: Changeset,
    rows: Mapping[RecordId, Mapping[str, Value] | None],
    versions: Mapping[RecordId, RecordVersion],
    after: Mapping[RecordId, Mapping[str, Value]] | None = None,
) -> Plan:
    """Rows and versions after a changeset written on this node.

    A local writer holds the stream lock and read the records in the same
    transaction, so each change descends from the current version: the new version
    vector is the current one plus this changeset.  ``after`` gives the whole new
    rows when the writer has them (it saves decoding what it just encoded); it must
    equal the current rows with the changes applied.
    """
    plan = Plan()
    hlc = cs.hlc_text
    for change in cs.changes:
        rid = (change.kind, change.key)
        current = versions.get(rid)
        vv = merge(current.vv if current else {}, change.base)
        vv[cs.stream] = cs.seq
        deleted = change.op is Op.DELETE
        plan.versions.append(RecordVersion(change.kind, change.key, vv, hlc, cs.origin, deleted))
        if deleted:
            plan.deletes.setdefault(change.kind, []).append(change.key)
            continue
        known = after.get(rid) if after is not None else None
        if known is None:
            row = dict(rows.get(rid) or {})
            row.update(decode_fields(change.kind, change.fields))
            known = row
        plan.upserts.setdefault(change.kind, []).append(known)
    return plan
