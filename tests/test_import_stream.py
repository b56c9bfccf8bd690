"""A bundle import streams in chunks inside one transaction (issue 19, item 1).

With chunks of two changesets, a refusal in the last chunk must still undo the chunks
applied before it; a bundle that overlaps what the node holds (a lost acknowledgement)
applies only what is new and counts the rest as duplicates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from regsync.adapters.sql.database import Database
from regsync.adapters.sql.schema import RECORD_TABLES, changeset
from regsync.core.model import Role
from regsync.core.usecases.setup import plan_identity
from regsync.packages_bpz import CHANGESET, BundleInfo, read_header, write_bundle
from regsync.packages_bpz.testing import KeySigner
from regsync.sync.apply import ImportReport
from regsync.sync.changeset import Change, Changeset, Op
from regsync.sync.codec import encode_fields
from regsync.sync.errors import ClockAhead, ForkError
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

    def bundle(self, path: Path, batch: list[Changeset]) -> Path:
        me = self.batch[0].origin
        ranges = build_ranges(batch, me=me, signer=self.signer, relayed={})
        info = BundleInfo(schema="0002", sender=me, recipient=CITY.node_id, ranges=ranges)
        items = ((CHANGESET, {"body": cs.body(), "hash": cs.hash}) for cs in batch)
        write_bundle(path, items, signer=self.signer, info=info)
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
