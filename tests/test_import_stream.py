"""A bundle import streams in chunks inside one transaction (issue 19, item 1).

With chunks of two changesets, a refusal in the last chunk must still undo the chunks
applied before it; a bundle that overlaps what the node holds (a lost acknowledgement)
applies only what is new and counts the rest as duplicates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from regsync.adapters.sql.database import Database
from regsync.adapters.sql.schema import RECORD_TABLES, changeset
from regsync.core.model import Role
from regsync.core.usecases.setup import plan_identity
from regsync.packages_bpz import CHANGESET, BundleInfo, read_header, write_bundle
from regsync.packages_bpz.layout import MAGIC, PRELUDE, PRELUDE_SIZE, SIGN_DOMAIN
from regsync.packages_bpz.testing import KeySigner
from regsync.sync.apply import ImportReport
from regsync.sync.changeset import Change, Changeset, Op
from regsync.sync.codec import encode_fields
from regsync.sync.errors import ClockAhead, ForkError, UnvouchedChangeset
from regsync.sync.hlc import Timestamp
from regsync.sync.inbox import trusted_writers
from regsync.sync.peer import apply_bundle
from regsync.sync.ports import NodeKey
from regsync.sync.ranges import build_ranges
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.certificates import certify
from regsync.sync.trust.store import TrustStore
from tests.storage_helpers import NOW, open_node_db, person

CITY = plan_identity(
    node_id="01STREAMCITY00000000000001",
    role=Role.CITY,
    name="太原市住建局",
    city_code="140100",
    uscc=None,
    public_key=None,
)
CHANGESETS = 7  # of two persons each: chunks of 2 changes put the last one in chunk 8


def _no_key() -> NodeKey:
    raise AssertionError("these bundles are not sealed")


@dataclasses.dataclass
class Source:
    batch: list[Changeset]
    signer: KeySigner
    trust: TrustStore

    def bundle(
        self,
        path: Path,
        batch: list[Changeset],
        item: Callable[[Changeset], dict[str, Any]] = Changeset.wire_item,
    ) -> Path:
        me = self.batch[0].origin
        ranges = build_ranges(batch, me=me, signer=self.signer, relayed={})
        info = BundleInfo(schema="0002", sender=me, recipient=CITY.node_id, ranges=ranges)
        write_bundle(path, ((CHANGESET, item(cs)) for cs in batch), signer=self.signer, info=info)
        return path

    def format_1(self, path: Path) -> Path:
        """A bundle as regsync wrote them before format 2: bodies as msgpack maps."""
        self.bundle(path, self.batch, lambda cs: {"body": cs.body(), "hash": cs.hash})
        data = path.read_bytes()
        _, _, _, h, p = PRELUDE.unpack(data[:PRELUDE_SIZE])
        prelude = PRELUDE.pack(MAGIC, 1, 0, h, p)
        header = data[PRELUDE_SIZE + p : PRELUDE_SIZE + p + h]
        signature = self.signer.sign(SIGN_DOMAIN + prelude + header)
        path.write_bytes(prelude + data[PRELUDE_SIZE : PRELUDE_SIZE + p + h] + signature)
        return path


@pytest.fixture
def source(tmp_path: Path) -> Source:
    db, node = open_node_db(f"sqlite:///{tmp_path / 'source.db'}")
    for n in range(CHANGESETS):
        with db.unit_of_work(node) as uow:
            uow.put(person(2 * n + 1))
            uow.put(person(2 * n + 2))
            uow.commit()
    with db.unit_of_work(node) as uow:
        batch = uow.changesets_for({})
    db.dispose()
    assert len(batch) == CHANGESETS + 1  # and the one `regsync init` logs
    signer = KeySigner()
    # The exporting node certified as the root (a province: it may write anything),
    # so the import runs the same trust checks as `regsync bundle import`.
    me = dataclasses.replace(
        node, role=Role.PROVINCE, scope="province", city_code=None, uscc=None,
        public_key=signer.public_key().hex(),
    )  # fmt: skip
    card = NodeCard.from_identity(me, created="2026-11-27T00:00:00+00:00")
    root = certify(
        card, me, signer, serial="01AAAAAAAAAAAAAAAAAAAAAAAA",
        issued="2026-11-27T00:00:00+00:00", root_key=signer.public_key(),
    )  # fmt: skip
    trust = TrustStore(signer.public_key())
    trust.add(root)
    return Source(batch, signer, trust)


def _import(db: Database, path: Path, trust: TrustStore, *, chunk: int) -> ImportReport:
    header = read_header(path, me=CITY.node_id)
    writers = trusted_writers(trust, header)
    with db.unit_of_work(CITY) as uow:
        report = apply_bundle(uow, path, header, writers, _no_key, chunk=chunk)
        uow.commit()
    return report


def _counts(db: Database) -> tuple[int, int]:
    with db.connect() as conn:
        logged = conn.execute(sa.select(sa.func.count()).select_from(changeset)).scalar_one()
        persons = conn.execute(
            sa.select(sa.func.count()).select_from(RECORD_TABLES["person"])
        ).scalar_one()
    return int(logged), int(persons)


def _ahead(last: Changeset) -> Changeset:
    """One more changeset of the stream, correctly chained, dated a year ahead."""
    later = NOW + dt.timedelta(days=365)
    fields = encode_fields("person", person(999).fields())
    return Changeset(
        origin=last.origin, scope=last.scope, seq=last.seq + 1, prev_hash=last.hash,
        hlc=Timestamp(int(later.timestamp() * 1000), 0), tier=last.tier,
        changes=(Change("person", str(fields["id_number"]), Op.UPSERT, fields, {}),),
    ).sealed()  # fmt: skip


def test_a_refusal_in_the_last_chunk_undoes_the_chunks_before(
    db_url: str, tmp_path: Path, source: Source
) -> None:
    bad = source.bundle(tmp_path / "bad.bpz", [*source.batch, _ahead(source.batch[-1])])
    target, _ = open_node_db(db_url, CITY)
    try:
        empty = _counts(target)
        with pytest.raises(ClockAhead):
            _import(target, bad, source.trust, chunk=2)
        assert _counts(target) == empty
        # The same changesets without the bad one go through, chunk by chunk.
        good = source.bundle(tmp_path / "good.bpz", source.batch)
        report = _import(target, good, source.trust, chunk=2)
        changes = sum(len(cs.changes) for cs in source.batch)
        assert (report.new_changesets, report.changes) == (len(source.batch), changes)
        assert _counts(target) == (empty[0] + len(source.batch), empty[1] + 2 * CHANGESETS)
    finally:
        target.dispose()


def test_an_overlapping_bundle_applies_only_what_is_new(
    db_url: str, tmp_path: Path, source: Source
) -> None:
    first = source.bundle(tmp_path / "first.bpz", source.batch[:3])
    whole = source.bundle(tmp_path / "whole.bpz", source.batch)
    target, _ = open_node_db(db_url, CITY)
    try:
        empty = _counts(target)
        assert _import(target, first, source.trust, chunk=2).new_changesets == 3
        # The acknowledgement of `first` was lost: the sender sends everything again.
        report = _import(target, whole, source.trust, chunk=2)
        assert (report.new_changesets, report.duplicates) == (len(source.batch) - 3, 3)
        assert _counts(target) == (empty[0] + len(source.batch), empty[1] + 2 * CHANGESETS)
    finally:
        target.dispose()


def test_an_overlapping_bundle_that_forks_at_the_held_head_is_refused(
    db_url: str, tmp_path: Path, source: Source
) -> None:
    # The node holds 1-3; the bundle's own changeset 3 differs (a forked stream).
    forked = dataclasses.replace(source.batch[2], hlc=Timestamp(1, 0), hash="").sealed()
    rest = [forked]
    for cs in source.batch[3:]:
        rest.append(dataclasses.replace(cs, prev_hash=rest[-1].hash, hash="").sealed())
    first = source.bundle(tmp_path / "first.bpz", source.batch[:3])
    fork = source.bundle(tmp_path / "fork.bpz", [*source.batch[:2], *rest])
    target, _ = open_node_db(db_url, CITY)
    try:
        _import(target, first, source.trust, chunk=2)
        held = _counts(target)
        with pytest.raises(ForkError):
            _import(target, fork, source.trust, chunk=2)
        assert _counts(target) == held
    finally:
        target.dispose()


def _logged_bodies(db: Database) -> dict[str, str]:
    with db.connect() as conn:
        rows = conn.execute(sa.select(changeset.c.hash, changeset.c.body))
        return {row.hash: row.body for row in rows}


def test_the_writers_text_is_logged_and_shipped_as_it_came(
    db_url: str, tmp_path: Path, source: Source
) -> None:
    # Key order and spacing the canonical encoder would not write: the text is hashed,
    # logged and exported as received, never re-encoded (issue 19 item 2).
    def odd(cs: Changeset) -> Changeset:
        text = json.dumps(cs.body(), ensure_ascii=False, indent=1)
        return Changeset.from_text(text, hashlib.sha256(text.encode()).hexdigest())

    chained = [odd(source.batch[0])]
    for cs in source.batch[1:]:
        chained.append(odd(dataclasses.replace(cs, prev_hash=chained[-1].hash, hash="")))
    path = source.bundle(tmp_path / "odd.bpz", chained)
    target, _ = open_node_db(db_url, CITY)
    try:
        _import(target, path, source.trust, chunk=2)
        logged = _logged_bodies(target)
        assert all(logged[cs.hash] == cs.canonical_text for cs in chained)
        assert any("\n" in text for text in logged.values())
        with target.unit_of_work(CITY) as uow:
            shipped = [c.wire_item() for c in uow.store.logged_after({})]
        ours = {cs.hash for cs in chained}
        assert [i["body"] for i in shipped if i["hash"] in ours] == [
            cs.canonical_text for cs in chained
        ]
    finally:
        target.dispose()


def test_a_format_1_bundle_still_imports(db_url: str, tmp_path: Path, source: Source) -> None:
    path = source.format_1(tmp_path / "old.bpz")
    assert read_header(path).format_version == 1
    target, _ = open_node_db(db_url, CITY)
    try:
        report = _import(target, path, source.trust, chunk=2)
        assert report.new_changesets == len(source.batch)
        logged = _logged_bodies(target)
        assert all(logged[cs.hash] == cs.canonical_text for cs in source.batch)
    finally:
        target.dispose()


@pytest.mark.parametrize("lie", ["count", "text", "nesting"])
def test_an_item_whose_text_is_not_what_it_says_is_refused(
    db_url: str, tmp_path: Path, source: Source, lie: str
) -> None:
    last = source.batch[-1]

    def item(cs: Changeset) -> dict[str, Any]:
        wire = cs.wire_item()
        if cs is last and lie == "count":
            wire["changes"] += 1
        elif cs is last and lie == "text":
            wire["body"] = wire["body"].replace('"seq":', '"seq": ', 1)
        elif cs is last:  # hashed right, but a JSON decoder cannot follow it
            wire["body"] = "[" * 100_000 + "]" * 100_000
            wire["hash"] = hashlib.sha256(wire["body"].encode()).hexdigest()
        return wire

    path = source.bundle(tmp_path / "lie.bpz", source.batch, item)
    target, _ = open_node_db(db_url, CITY)
    try:
        empty = _counts(target)
        with pytest.raises(UnvouchedChangeset):
            _import(target, path, source.trust, chunk=2)
        assert _counts(target) == empty
    finally:
        target.dispose()
