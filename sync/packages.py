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

import datetime as dt
import os
from collections.abc import Iterable, Sequence

from regsync.core.catalogue_sync import label
from regsync.core.errors import NotAllowed, NotFound
from regsync.core.model import (
    RECORD_BY_KIND,
    Application,
    PerformanceRecord,
    Person,
    Record,
    Role,
    Value,
    from_fields,
)
from regsync.core.usecases.packages import Intake, PersonalPackage, receive_package
from regsync.packages_bpz import CHANGESET, BundleHeader, BundleInfo, Item, write_bundle
from regsync.sync.authorize import NO_IDENTITIES, Writer, refusal
from regsync.sync.changeset import Changeset, Op
from regsync.sync.codec import decode_fields
from regsync.sync.errors import (
    NotAPackage,
    NothingToPackage,
    Unauthorised,
    UnknownApplicant,
    UnvouchedChangeset,
)
from regsync.sync.inbox import read_payload
from regsync.sync.ports import KeyOpener, SyncNode
from regsync.sync.ranges import build_ranges
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.errors import UntrustedKey
from regsync.sync.trust.files import fingerprint

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


def write_package(
    node: SyncNode,
    numbers: Sequence[str],
    card: NodeCard,
    output: str | os.PathLike[str],
    open_key: KeyOpener,
) -> list[str]:
    """Write the applicant's drafts as a package sealed to the enterprise of ``card``.

    ``numbers`` picks drafts (none: all of them); returns the numbers packaged.
    """
    me = node.node
    if me.role is not Role.PERSONAL:
        zh, en = label("sync.action.write_package")
        raise NotAllowed(role=me.role.value, action_zh=zh, action_en=en)
    with node.unit_of_work() as uow:
        batch = [
            cs
            for cs in uow.store.changesets_after({})
            if cs.origin == me.node_id and cs.scope == me.scope
        ]
        drafts = uow.find(Application)
    chosen = _selection(drafts, numbers)
    signer = open_key()
    info = BundleInfo(
        schema=node.schema_head(),
        sender=me.node_id,
        kind=PACKAGE,
        recipient=card.node_id,
        ranges=build_ranges(batch, me=me.node_id, signer=signer, relayed={}),
    )
    items: list[Item] = [(CHANGESET, cs.wire_item()) for cs in batch]
    items.append((SELECTION, {"applications": chosen}))
    write_bundle(output, items, signer=signer, info=info, seal_to=bytes.fromhex(card.public_key))
    return chosen


def _selection(drafts: list[Application], wanted: Sequence[str]) -> list[str]:
    known = {d.number for d in drafts}
    if not known:
        raise NothingToPackage()
    for number in wanted:
        if number.strip() not in known:
            what, what_en = label("sync.application")
            raise NotFound(what=what, what_en=what_en, key=number)
    return sorted({n.strip() for n in wanted} or known)


def take_in_package(
    node: SyncNode,
    path: str | os.PathLike[str],
    header: BundleHeader,
    open_key: KeyOpener,
    *,
    today: dt.date,
) -> tuple[Writer, list[Intake]]:
    """注册数据接收: verify a personal package completely, then take its drafts in,
    all or nothing.  Returns the applicant's node and what became of each application.
    """
    if header.kind != PACKAGE:
        raise NotAPackage(path=str(path), kind=header.kind)
    if node.node.role is not Role.ENTERPRISE:
        zh, en = label("sync.action.receive_package")
        raise NotAllowed(role=node.node.role.value, action_zh=zh, action_en=en)
    writer = _applicant(node, header)
    key = open_key()  # the key (or identity lock) is needed before any work, as to report
    payload = read_payload(path, header, lambda: key)
    selection: list[str] | None = None
    for kind, item in payload.items:
        chosen = item.get("applications") if kind == SELECTION else None
        if isinstance(chosen, list):
            selection = [str(n) for n in chosen]
    stream = _authorise(writer, header, payload.changesets)
    with node.unit_of_work() as uow:
        # What this enterprise took in from the applicant's stream last time: the
        # fields written after it are the applicant's corrections.
        since = uow.store.taken_in(stream)
        package = fold(writer.node_id, payload.changesets, since=since)
        intakes = receive_package(uow, package, today=today, selected=selection)
        uow.store.set_taken_in(stream, max(since, header.ranges[0].last_seq))
        uow.commit()
    return writer, intakes


def _applicant(node: SyncNode, header: BundleHeader) -> Writer:
    """The personal node that signed the package, trusted by its installed card."""
    try:
        trusted = node.trust().verify_chain(header.sender_key)
    except UntrustedKey:
        raise UnknownApplicant(
            sender=header.sender, fingerprint=fingerprint(header.sender_key.hex())
        ) from None
    if trusted.role is not Role.PERSONAL or trusted.node_id != header.sender:
        raise NotAPackage(path=header.bundle_id, kind=f"{header.kind} from {trusted.role.value}")
    return Writer(trusted.node_id, trusted.role)


def _authorise(writer: Writer, header: BundleHeader, batch: list[Changeset]) -> str:
    """One whole stream of the applicant's, written within a personal node's authority;
    returns the stream."""
    if len(header.ranges) != 1 or header.ranges[0].first_seq != 1:
        raise UnvouchedChangeset(stream=header.sender, seq=1)
    for cs in batch:
        reason = refusal(writer, cs, NO_IDENTITIES)
        if reason is not None:
            raise Unauthorised(origin=cs.origin, reason_zh=reason.zh, reason_en=reason.en)
    return header.ranges[0].stream
