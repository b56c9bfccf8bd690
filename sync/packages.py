"""Personal packages (个人版数据包): the applicant's stream, folded into records.

A personal package is a bundle of kind ``package``: the personal node's whole
stream (it never learns what the enterprise holds, so every package starts at
sequence 1), sealed to one enterprise, and a ``selection`` item naming the
applications the applicant chose.  The enterprise verifies it like any bundle
(signature, the applicant's trusted card, the chain, the personal node's
authority) and then does *not* replay the stream: it folds it into the records'
latest values and makes its own drafts of them (core/usecases/packages.py), so
the personal node's provisional numbers never enter the enterprise's log.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from regsync.core.model import (
    RECORD_BY_KIND,
    Application,
    PerformanceRecord,
    Person,
    Record,
    Value,
    from_fields,
)
from regsync.core.usecases.packages import PersonalPackage
from regsync.sync.changeset import Changeset, Op
from regsync.sync.codec import decode_fields
from regsync.sync.errors import UnvouchedChangeset

PACKAGE = "package"
"""The header kind of a personal package."""
SELECTION = "selection"
"""The payload item naming the chosen applications: ``{"applications": [number, ...]}``."""

RecordId = tuple[str, str]
_KINDS = (Person, Application, PerformanceRecord)


def fold(source: str, batch: Sequence[Changeset], *, since: int) -> PersonalPackage:
    """The records a personal stream ends with, and what changed after ``since``.

    ``batch`` is the whole verified stream in order.  Fields written by changesets
    numbered above ``since`` (the last package the enterprise took in) are the
    ``touched`` ones; deleted performance records are ``removed``.
    """
    state: dict[RecordId, dict[str, Value] | None] = {}
    touched: dict[RecordId, set[str]] = {}
    removed: set[str] = set()
    for cs in batch:
        fresh = cs.seq > since
        for change in cs.changes:
            rid = (change.kind, change.key)
            if change.op is Op.DELETE:
                state[rid] = None
                if fresh and change.kind == PerformanceRecord.KIND:
                    removed.add(change.key)
                continue
            state[rid] = {**(state.get(rid) or {}), **decode_fields(change.kind, change.fields)}
            if fresh:
                touched.setdefault(rid, set()).update(change.fields)
    records = {kind: list(_records(kind, state, batch)) for kind in _KINDS}
    return PersonalPackage(
        source=source,
        persons=tuple(r for r in records[Person] if isinstance(r, Person)),
        applications=tuple(r for r in records[Application] if isinstance(r, Application)),
        performance=tuple(
            r for r in records[PerformanceRecord] if isinstance(r, PerformanceRecord)
        ),
        removed=frozenset(k for k in removed if state.get((PerformanceRecord.KIND, k)) is None),
        touched={rid: frozenset(fields) for rid, fields in touched.items()},
    )


def _records(
    kind: type[Record], state: dict[RecordId, dict[str, Value] | None], batch: Sequence[Changeset]
) -> Iterable[Record]:
    for (name, _key), values in sorted(state.items(), key=lambda item: item[0]):
        if name != kind.KIND or values is None:
            continue
        try:
            yield from_fields(RECORD_BY_KIND[name], values)
        except TypeError:  # a record whose required fields never came: not a whole stream
            last = batch[-1]
            raise UnvouchedChangeset(stream=last.stream, seq=last.seq) from None
