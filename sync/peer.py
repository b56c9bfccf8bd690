"""This node's side of a sync with one peer: the :class:`~regsync.sync.session.Link`.

Export writes every changeset the peer may receive and has not acknowledged, with
signed stream heads; accepting a bundle trusts nothing it cannot verify (bundle
signature, every origin's certified key, the chain of every range, the origin's
authority) before it applies all of it in one transaction.  The USB commands, the
window, the HTTP client and the HTTP server all go through here.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from regsync.core.catalogue_sync import both, label
from regsync.core.errors import NotFound
from regsync.core.model import Role
from regsync.packages_bpz import (
    CHANGESET,
    BundleHeader,
    BundleInfo,
    Item,
    StreamRange,
    write_bundle,
)
from regsync.sync.acks import gossip_for, learn_gossip, relayed_heads, remember
from regsync.sync.apply import ImportReport
from regsync.sync.authorize import Identities, Writer, refusal
from regsync.sync.bulk_memory import collector_paused
from regsync.sync.changeset import Changeset
from regsync.sync.compaction import below_compaction
from regsync.sync.errors import ForkError, NeedsSnapshot, SnapshotRefused, Unauthorised
from regsync.sync.inbox import (
    CHANGES,
    Payload,
    SignedWriters,
    presented,
    read_bundle_header,
    stream_payload,
    trusted_writers,
)
from regsync.sync.ports import KeyOpener, NodeKey, Replica, SyncNode
from regsync.sync.progress import Progress, counted, no_progress
from regsync.sync.ranges import build_ranges
from regsync.sync.session import Heads, SendBundle, Sent, push_pull
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.certificates import Certificate
from regsync.sync.trust.errors import TrustError
from regsync.sync.trust.store import TrustStore
from regsync.sync.visibility import enterprise_city, streams_seen_by


def resolve_peer(store: TrustStore, to: str, card: NodeCard | None = None) -> tuple[Writer, bytes]:
    """The peer named by a node id, or by its card (read from a file by the caller)."""
    cards = [card] if card is not None else []
    current = store.current_certificate(to)  # after a key rotation, the new key's
    cards += [current.subject] if current is not None else []
    for found in cards:
        writer = Writer(found.node_id, found.role, found.city_code, found.uscc)
        return writer, bytes.fromhex(found.public_key)
    what, what_en = label("sync.peer_node")
    raise NotFound(what=what, what_en=what_en, key=to)


@dataclasses.dataclass
class NodeLink:
    """The :class:`~regsync.sync.session.Link` of this node towards ``peer``.

    ``open_key`` is called only when the key is needed (signing an export, opening a
    sealed bundle), so that reading needs no passphrase.  ``seal`` encrypts exports
    to the peer's key.  ``durable=False`` writes exports without fsync (live sync:
    the bundle is a spool file, sent and deleted; a crash just means the next sync).
    """

    node: SyncNode
    peer: Writer
    peer_key: bytes
    open_key: KeyOpener
    seal: bool = False
    durable: bool = True
    progress: Progress = no_progress
    _key: NodeKey | None = dataclasses.field(default=None, init=False, repr=False)

    def key(self) -> NodeKey:
        if self._key is None:
            self._key = self.open_key()
        return self._key

    def heads(self) -> dict[str, int]:
        with self.node.unit_of_work() as uow:
            sees = streams_seen_by(self.peer, enterprise_city(uow.store))
            return {stream: seq for stream, seq in uow.store.heads().items() if sees(stream)}

    def learn(self, heads: Mapping[str, int]) -> None:
        with self.node.unit_of_work() as uow:
            uow.store.set_acknowledged(self.peer.node_id, heads)
            uow.commit()

    def export(self, outbox: Path) -> Sent:
        me, signer = self.node.node.node_id, self.key()
        with self.node.unit_of_work() as uow:
            store = uow.store
            acked = store.acknowledged(self.peer.node_id)
            sees = streams_seen_by(self.peer, enterprise_city(store))
            _check_not_compacted(uow, self.peer.node_id, acked, sees)
            batch = store.logged_after(acked, sees)
            gossip = gossip_for(store, self.peer.node_id, sees)
            ranges = build_ranges(
                batch, me=me, signer=signer, relayed=relayed_heads(store, batch, me)
            )
            heads = store.heads()
        info = BundleInfo(
            schema=self.node.schema_head(),
            sender=me,
            recipient=self.peer.node_id,
            ranges=ranges,
            acks=heads,
            certificates=[
                c.to_file_bytes()
                for c in certificates_for(self.node.trust(), me, self.peer, ranges, gossip)
            ],
        )
        changesets = ((CHANGESET, cs.wire_item()) for cs in batch)
        exported = counted(self.progress, both("progress.exporting"), changesets, len(batch))
        header = write_bundle(
            outbox, itertools.chain(exported, gossip), signer=signer, info=info,
            seal_to=self.peer_key if self.seal else None, durable=self.durable,
        )  # fmt: skip
        return Sent(len(batch), header.changes)

    def accept(self, bundle: Path) -> ImportReport:
        header = read_bundle_header(self.node, bundle, sender=self.peer.node_id)
        return import_bundle(self.node, bundle, header, self.key, progress=self.progress)


def export_changes(
    node: SyncNode,
    peer: Writer,
    peer_key: bytes,
    output: Path,
    open_key: KeyOpener,
    *,
    seal: bool = False,
    resend_own: bool = False,
    progress: Progress = no_progress,
) -> Sent:
    """Write what ``peer`` lacks, by its last acknowledgement, to ``output`` (offline).

    ``resend_own`` also sends the peer's own changes back, whatever it acknowledged:
    a node restored from a backup (:mod:`regsync.sync.restore`) gets back what it sent
    after the backup was taken.

    The USB path drives the same sync session as live HTTP: export answers the
    session's question "what does the peer hold?" with what the peer last
    acknowledged, writes the bundle the session sends, and stops; the peer's answer
    comes back later through :func:`import_bundle`.
    """
    link = NodeLink(node, peer, peer_key, open_key, seal=seal, progress=progress)
    with node.unit_of_work() as uow:
        acked = uow.store.acknowledged(peer.node_id)
    if resend_own:
        own = peer.node_id + "/"
        acked = {stream: seq for stream, seq in acked.items() if not stream.startswith(own)}
    session = push_pull(link, output)
    next(session)
    message = session.send(Heads(acked))
    assert isinstance(message, SendBundle)  # the session's second step
    session.close()  # the answer comes back as a file, through `bundle import`
    return message.sent


def import_bundle(
    node: SyncNode,
    path: str | os.PathLike[str],
    header: BundleHeader,
    open_key: KeyOpener,
    *,
    commit: bool = True,
    progress: Progress = no_progress,
) -> ImportReport:
    """Verify a bundle of changes completely, then apply it (and commit, unless a dry run)."""
    if header.kind != CHANGES:
        zh, en = label("bundle.snapshot_not_changes")
        raise SnapshotRefused(reason_zh=zh, reason_en=en)
    writers = trusted_writers(node.trust(), header)
    with node.unit_of_work() as uow:
        report = apply_bundle(uow, path, header, writers, open_key, progress=progress)
        if commit:
            uow.commit()
    if commit:
        keep_certificates(node, header)
    return report


CHUNK_CHANGES = 20_000
"""Changes verified and applied at a time by :func:`apply_bundle` (bounded memory):
a chunk ends after the changeset that reaches it (20,000 clerks' one-change
changesets, or 200 changesets of 100 changes)."""


def apply_bundle(
    uow: Replica,
    path: str | os.PathLike[str],
    header: BundleHeader,
    writers: SignedWriters,
    open_key: KeyOpener,
    *,
    progress: Progress = no_progress,
    chunk: int = CHUNK_CHANGES,
) -> ImportReport:
    """Read, check and apply a bundle whose header and writers are verified; no commit.

    The payload streams through in chunks of about ``chunk`` changes, each verified,
    authorised and applied in the caller's one transaction before the next is read:
    memory holds one chunk whatever the bundle's size.  The hash chain and the signed
    ranges are checked as the stream goes and closed at its end, so a refusal in the
    last chunk still refuses everything (the caller does not commit).
    """
    if _already_held(uow, header):
        # A replay: nothing to apply, but the copy must be the one its sender signed
        # (payload digest, every changeset in the signed ranges) or it is refused.
        for _ in stream_payload(path, header, open_key, Payload(), progress=progress):
            pass
        report = ImportReport(duplicates=header.items)
    else:
        rest = Payload()
        report = ImportReport()
        changesets = stream_payload(path, header, open_key, rest, progress=progress)
        chunks = _chunks(_not_held(uow, header, changesets, report), chunk)
        while True:
            with collector_paused():  # reading and applying one chunk
                batch = next(chunks, None)
                if batch is None:
                    break
                _authorise(uow, batch, writers)
                report.add(uow.import_changesets(batch))
        learn_gossip(uow.store, uow.node.node_id, rest.gossip, writers.speaks_for)
    remember(uow.store, header)
    return report


def _not_held(
    uow: Replica, header: BundleHeader, changesets: Iterable[Changeset], report: ImportReport
) -> Iterator[Changeset]:
    """The changesets of a bundle this node does not hold yet (counting the others as
    duplicates), found by comparing heads: a bundle that overlaps what is held (a lost
    acknowledgement) costs a read, not a re-import.

    Where this node's head lies inside a range, the bundle's changeset at that head
    must carry the same hash (else :class:`ForkError`); with the hash chain, checked
    as the stream goes, the ones before it are then the same too.  A range that ends
    at or below this node's head is skipped whole when the hash at its end matches;
    otherwise (compacted or forked) it goes through the full check of the import.
    """
    heads = {h.stream: (h.seq, h.hash) for h in uow.store.streams()}
    held: dict[str, tuple[int, str]] = {}
    for r in header.ranges:
        have, head_hash = heads.get(r.stream, (0, ""))
        if have < r.first_seq:
            continue
        if have < r.last_seq:
            held[r.stream] = (have, head_hash)
        elif uow.store.hash_at(r.stream, r.last_seq) == r.head_hash:
            held[r.stream] = (r.last_seq, r.head_hash)
    for cs in changesets:
        mark = held.get(cs.stream)
        if mark is None or cs.seq > mark[0]:
            yield cs
            continue
        if cs.seq == mark[0] and cs.hash != mark[1]:
            raise ForkError(stream=cs.stream, seq=cs.seq, ours=mark[1], theirs=cs.hash)
        report.duplicates += 1


def _chunks(changesets: Iterable[Changeset], size: int) -> Iterator[list[Changeset]]:
    batch: list[Changeset] = []
    changes = 0
    for cs in changesets:
        batch.append(cs)
        changes += max(1, len(cs.changes))
        if changes >= size:
            yield batch
            batch, changes = [], 0
    if batch:
        yield batch


def certificates_for(
    store: TrustStore,
    me: str,
    peer: Writer,
    ranges: Sequence[StreamRange],
    gossip: Sequence[Item],
) -> list[Certificate]:
    """The certificates a bundle to ``peer`` carries: the chains its ranges need, not
    every certificate the sender holds (issue 19: 1.74 MB at 2,000 firms).

    Carried: the sender's (``me``); the province's and the cities' (few, and the
    issuers of every chain); every certificate of a node the bundle names (a range's
    origin or head signer, a node the gossip reports on); and the nodes that share
    scopes with the peer (a city: its own firms; a firm: its own certificates; the
    province: all), so that the peer knows every writer of what it holds (compaction
    waits for all of them).  Then the chain
    of each up to the root.
    """
    named = {me, *(r.origin for r in ranges)}
    named |= {str(body.get("node")) for _, body in gossip if isinstance(body, dict)}
    signers = {r.head_signer.hex() for r in ranges}

    def wanted(cert: Certificate) -> bool:
        subject = cert.subject
        if subject.role in (Role.PROVINCE, Role.CITY) or peer.role is Role.PROVINCE:
            return True
        if subject.node_id in named or subject.public_key in signers:
            return True
        if peer.role is Role.CITY:
            return subject.city_code == peer.city_code
        return subject.uscc is not None and subject.uscc == peer.uscc

    held = store.certificates()
    by_subject_key: dict[str, list[Certificate]] = {}
    for cert in held:
        by_subject_key.setdefault(cert.subject.public_key, []).append(cert)
    chosen = {cert.serial: cert for cert in held if wanted(cert)}
    todo = list(chosen.values())
    while todo:  # the issuers, up to the root
        for issuer in by_subject_key.get(todo.pop().issuer_public_key, []):
            if issuer.serial not in chosen:
                chosen[issuer.serial] = issuer
                todo.append(issuer)
    return [chosen[serial] for serial in sorted(chosen)]


def keep_certificates(node: SyncNode, header: BundleHeader) -> None:
    """Install the valid certificates a bundle brought, so this node knows the nodes
    whose data passed through it (needed to tell when a change is everywhere)."""
    store = node.trust()
    known = {c.serial for c in store.certificates()}
    certificates = presented(header)
    fresh = [c for c in certificates if c.serial not in known]
    for cert in fresh:
        try:
            store.verify_chain(cert.subject.public_key, presented=certificates)
        except TrustError:
            continue  # revoked or unchained here: it stays out
        store.add(cert)
    if fresh:
        node.save_trust(store)


def _already_held(uow: Replica, header: BundleHeader) -> bool:
    """Every range ends at a head this node already has: a replay, nothing to apply."""
    return all(uow.store.hash_at(r.stream, r.last_seq) == r.head_hash for r in header.ranges)


def _check_not_compacted(
    uow: Replica, peer: str, acked: Mapping[str, int], sees: Callable[[str], bool]
) -> None:
    compacted = {stream: seq for stream, seq in uow.store.compacted().items() if sees(stream)}
    lacking = below_compaction(acked, compacted)
    if lacking:
        streams = ", ".join(f"{s} {have + 1}-{through}" for s, (have, through) in lacking.items())
        raise NeedsSnapshot(peer=peer, streams=streams)


def _authorise(uow: Replica, batch: list[Changeset], writers: dict[str, Writer]) -> None:
    """Every changeset against its certified writer and the records' stored identity."""
    store = uow.store
    identities = Identities(store.load_rows, store.enterprise_cities, batch, store.load_versions)
    for cs in batch:
        reason = refusal(writers[cs.stream], cs, identities)
        if reason is not None:
            raise Unauthorised(origin=cs.origin, reason_zh=reason.zh, reason_en=reason.en)
