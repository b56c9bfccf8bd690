"""This node's side of a sync with one peer: the :class:`~regsync.sync.session.Link` adapter.

Export writes every changeset the peer may receive and has not acknowledged, with
signed stream heads; accepting a bundle trusts nothing it cannot verify (bundle
signature, every origin's certified key, the chain of every range, the origin's
authority) before it applies all of it in one transaction.  The USB commands and the
HTTP client and server all go through here.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from regsync.adapters.sql.migrate import head_revision, known_revisions
from regsync.adapters.sql.store import COMPACTED_PREFIX
from regsync.adapters.sql.uow import SqlUnitOfWork
from regsync.app.bootstrap import Services
from regsync.app.progress import counted
from regsync.app.trust_commands import read_input
from regsync.core.errors import NotFound
from regsync.core.model import Enterprise
from regsync.core.ports import Signer
from regsync.packages_bpz import (
    CHANGESET,
    BundleHeader,
    BundleInfo,
    Item,
    Unsealer,
    iter_items,
    read_header,
    write_bundle,
)
from regsync.sync.apply import ImportReport
from regsync.sync.authorize import Writer, refusal
from regsync.sync.bundles import SignedHead, build_ranges, check_vouched, visible_to
from regsync.sync.changeset import Changeset, stream_scope
from regsync.sync.compaction import below_compaction
from regsync.sync.errors import (
    NeedsSnapshot,
    SnapshotRefused,
    Unauthorised,
    UnvouchedChangeset,
    WrongOrigin,
    WrongSender,
)
from regsync.sync.session import Sent
from regsync.sync.trust import Certificate, NodeCard, read_trust_file
from regsync.sync.trust_errors import TrustError
from regsync.sync.trust_store import TrustStore
from regsync.sync.vector import merge

HEAD_PREFIX = "head:"
ACKS = "acks"  # payload item: what another node is known to hold
CHANGES = "changes"  # the bundle kind of ordinary exports (the other is a snapshot)
PEER_PREFIX = "peer:"


class NodeKey(Signer, Protocol):
    """The node's key: signs, and opens bundles sealed to it."""

    def unseal(self, ciphertext: bytes) -> bytes:
        """Open a sealed box made for this node's public key."""
        ...


KeyOpener = Callable[[], NodeKey]


def resolve_peer(store: TrustStore, to: str) -> tuple[Writer, bytes]:
    """The peer named by a node id, or by its card or certificate file."""
    cards: list[NodeCard] = []
    if Path(to).is_file():
        item = read_trust_file(read_input(to))
        card = item.subject if isinstance(item, Certificate) else item
        cards = [card] if isinstance(card, NodeCard) else []
    cards += [c.subject for c in store.certificates() if c.subject.node_id == to]
    for card in cards:
        writer = Writer(card.node_id, card.role, card.city_code, card.uscc)
        return writer, bytes.fromhex(card.public_key)
    raise NotFound(what="对方节点（证书或名片）", what_en="peer node (certificate or card)", key=to)


class NodeLink:
    """The :class:`~regsync.sync.session.Link` of this node towards ``peer``.

    ``open_key`` is called only when the key is needed (signing an export, opening a
    sealed bundle), so that reading needs no passphrase.  ``seal`` encrypts exports
    to the peer's key.  ``durable=False`` writes exports without fsync (live sync:
    the bundle is a spool file, sent and deleted; a crash just means the next sync).
    """

    def __init__(
        self,
        services: Services,
        peer: Writer,
        peer_key: bytes,
        open_key: KeyOpener,
        *,
        seal: bool = False,
        durable: bool = True,
    ) -> None:
        self.services, self.peer, self.peer_key = services, peer, peer_key
        self._open_key, self.seal, self.durable = open_key, seal, durable
        self._key: NodeKey | None = None

    def key(self) -> NodeKey:
        if self._key is None:
            self._key = self._open_key()
        return self._key

    def heads(self) -> dict[str, int]:
        with self.services.unit_of_work() as uow:
            sees = streams_seen_by(self.peer, enterprise_city(uow))
            return {stream: seq for stream, seq in uow.store.heads().items() if sees(stream)}

    def learn(self, heads: Mapping[str, int]) -> None:
        with self.services.unit_of_work() as uow:
            uow.store.set_local(PEER_PREFIX + self.peer.node_id, json.dumps(dict(heads)))
            uow.commit()

    def export(self, outbox: Path) -> Sent:
        s, signer = self.services, self.key()
        with s.unit_of_work() as uow:
            acked = json.loads(uow.store.get_local(PEER_PREFIX + self.peer.node_id) or "{}")
            sees = streams_seen_by(self.peer, enterprise_city(uow))
            _check_not_compacted(uow, self.peer.node_id, acked, sees)
            batch = uow.changesets_for(acked, sees)
            gossip = gossip_for(uow, self.peer.node_id, sees)
            relayed = _relayed_heads(uow, batch, s.node.node_id)
            ranges = build_ranges(batch, me=s.node.node_id, signer=signer, relayed=relayed)
            heads = uow.store.heads()
        info = BundleInfo(
            schema=head_revision(),
            sender=s.node.node_id,
            recipient=self.peer.node_id,
            ranges=ranges,
            acks=heads,
            certificates=[c.to_file_bytes() for c in s.trust().certificates()],
        )
        changesets = ((CHANGESET, {"body": cs.body(), "hash": cs.hash}) for cs in batch)
        items = itertools.chain(counted("导出 exporting", changesets, len(batch)), gossip)
        header = write_bundle(
            outbox, items, signer=signer, info=info,
            seal_to=self.peer_key if self.seal else None, durable=self.durable,
        )  # fmt: skip
        return Sent(len(batch), header.changes)

    def accept(self, bundle: Path) -> ImportReport:
        return import_bundle(self.services, bundle, self.key, sender=self.peer.node_id)[1]


def import_bundle(
    s: Services,
    path: Path,
    open_key: KeyOpener,
    *,
    sender: str | None = None,
    commit: bool = True,
) -> tuple[BundleHeader, ImportReport]:
    """Verify the bundle at ``path`` completely, then apply it (and commit, unless a dry run).

    ``sender``, when given, is the only node the bundle may come from.
    """
    header = read_header(path, known_schemas=known_revisions(), me=s.node.node_id)
    if sender is not None and header.sender != sender:
        raise WrongSender(sender=header.sender, peer=sender)
    if header.kind != CHANGES:
        raise SnapshotRefused(
            reason_zh="这是快照数据包，只能在新节点上用 regsync bundle import 导入",
            reason_en="this is a snapshot; only a new node imports it, with regsync bundle import",
        )
    writers = trusted_writers(s.trust(), header)
    # only this node's key opens a sealed bundle: ask for the passphrase only then
    unsealer = open_key().unseal if header.sealed else None
    with s.unit_of_work() as uow:
        report = apply_bundle(uow, str(path), header, writers, unsealer)
        if commit:
            uow.commit()
    if commit:
        keep_certificates(s, header)
    return header, report


def keep_certificates(s: Services, header: BundleHeader) -> None:
    """Install the valid certificates a bundle brought, so this node knows the nodes
    whose data passed through it (needed to tell when a change is everywhere)."""
    store = s.trust()
    known = {c.serial for c in store.certificates()}
    presented = [Certificate.from_file_bytes(c) for c in header.certificates]
    fresh = [c for c in presented if c.serial not in known]
    for cert in fresh:
        try:
            store.verify_chain(cert.subject.public_key, presented=presented)
        except TrustError:
            continue  # revoked or unchained here: it stays out
        store.add(cert)
    if fresh:
        s.save_trust(store)


def enterprise_city(
    uow: SqlUnitOfWork, batch: Sequence[Changeset] = ()
) -> Callable[[str], str | None]:
    """The city of an enterprise, from the batch itself or this node's records."""
    known: dict[str, str | None] = {}
    for cs in batch:
        for c in cs.changes:
            if c.kind == "enterprise" and isinstance(c.fields.get("city_code"), str):
                known[c.key] = str(c.fields["city_code"])

    loaded = False

    def city(uscc: str) -> str | None:
        nonlocal loaded
        if uscc not in known and not loaded:
            # one query for all firms, not one per firm: a province server's heads and
            # exports ask about every firm stream it holds
            rows = uow.store.select(Enterprise.KIND, {})
            stored = {str(r["uscc"]): r["city_code"] for r in rows}
            known.update({k: None if v is None else str(v) for k, v in stored.items()} | known)
            loaded = True
        return known.get(uscc)

    return city


def _relayed_heads(uow: SqlUnitOfWork, batch: list[Changeset], me: str) -> dict[str, SignedHead]:
    streams = {cs.stream for cs in batch if cs.origin != me}
    found = {}
    for stream in streams:
        text = uow.store.get_local(HEAD_PREFIX + stream)
        if text is not None:
            found[stream] = SignedHead.from_json(text)
    return found


def trusted_sender(store: TrustStore, header: BundleHeader) -> Writer:
    """The certified identity of the node that signed a verified header."""
    presented = [Certificate.from_file_bytes(c) for c in header.certificates]
    t = store.verify_chain(header.sender_key, presented=presented)
    if t.node_id != header.sender:
        raise WrongSender(sender=t.node_id, peer=header.sender)
    return Writer(t.node_id, t.role, t.city_code, t.uscc)


def trusted_writers(store: TrustStore, header: BundleHeader) -> dict[str, Writer]:
    """The certified writer of every stream a verified header carries.

    The sender must be certified, and each stream head must be signed by the
    certified, unrevoked key of the stream's origin (so relays cannot forge).  A key
    the origin handed over to a new one (key rotation) still vouches for heads up to
    the handover, and for nothing later; a bundle it signed before the handover
    still imports (its heads are old), one with a newer head does not.
    """
    presented = [Certificate.from_file_bytes(c) for c in header.certificates]
    store.verify_chain(header.sender_key, presented=presented)
    writers: dict[str, Writer] = {}
    for r in header.ranges:
        t = store.verify_chain(r.head_signer, presented=presented)
        store.check_head(r.head_signer, r.stream, r.last_seq)  # old keys: old heads only
        if t.node_id != r.origin:
            raise WrongOrigin(stream=r.stream, signer=t.node_id, origin=r.origin)
        writers[r.stream] = Writer(t.node_id, t.role, t.city_code, t.uscc)
    return writers


def _already_held(uow: SqlUnitOfWork, header: BundleHeader) -> bool:
    """Every range ends at a head this node already has: a replay, nothing to read."""
    return all(uow.store.hash_at(r.stream, r.last_seq) == r.head_hash for r in header.ranges)


def apply_bundle(
    uow: SqlUnitOfWork,
    path: str,
    header: BundleHeader,
    writers: dict[str, Writer],
    unsealer: Unsealer | None = None,
) -> ImportReport:
    """Read, check and apply a bundle whose header and writers are verified; no commit.

    A sealed bundle needs ``unsealer``: this node's key opens the bundle key.
    """
    if _already_held(uow, header):
        report = ImportReport(duplicates=header.items)
    else:
        gossip: list[dict[str, Any]] = []
        items = iter_items(path, header, unsealer=unsealer)
        batch = list(_changesets(items, header.items, gossip))
        check_vouched(header.ranges, batch)
        _authorise(uow, batch, writers)
        report = uow.import_changesets(batch)
        learn_gossip(uow, gossip)
    remember(uow, header)
    return report


def _changesets(
    items: Iterator[Item], total: int, gossip: list[dict[str, Any]]
) -> Iterator[Changeset]:
    for kind, item in counted("读取 reading", items, total):
        if kind == ACKS:
            gossip.append(item)
        if kind != CHANGESET:
            continue
        try:
            yield Changeset.from_body(item["body"], item["hash"])
        except (KeyError, TypeError, ValueError) as exc:
            raise UnvouchedChangeset(stream="?", seq="?") from exc


def streams_seen_by(peer: Writer, city: Callable[[str], str | None]) -> Callable[[str], bool]:
    """Whether ``peer`` may receive a stream, by the stream's scope (partial replication)."""
    return lambda stream: visible_to(peer, stream_scope(stream), city)


def gossip_for(uow: SqlUnitOfWork, peer: str, sees: Callable[[str], bool]) -> list[Item]:
    """What other nodes are known to hold, of the streams ``peer`` sees: relayed
    acknowledgements, so that every node can tell when a change is everywhere
    (:mod:`regsync.sync.compaction`)."""
    items: list[Item] = []
    for node, text in sorted(uow.store.locals_with_prefix(PEER_PREFIX).items()):
        heads = {stream: seq for stream, seq in json.loads(text).items() if sees(stream)}
        if heads and node != peer:
            items.append((ACKS, {"node": node, "heads": heads}))
    return items


def learn_gossip(uow: SqlUnitOfWork, gossip: list[dict[str, Any]]) -> None:
    me = uow.node.node_id
    for item in gossip:
        node, heads = item.get("node"), item.get("heads")
        if not isinstance(node, str) or not isinstance(heads, dict) or node == me:
            continue
        clean = {k: v for k, v in heads.items() if isinstance(k, str) and isinstance(v, int)}
        key = PEER_PREFIX + node
        known = merge(json.loads(uow.store.get_local(key) or "{}"), clean)
        uow.store.set_local(key, json.dumps(known, sort_keys=True))


def _check_not_compacted(
    uow: SqlUnitOfWork, peer: str, acked: Mapping[str, int], sees: Callable[[str], bool]
) -> None:
    compacted = {
        stream: int(seq)
        for stream, seq in uow.store.locals_with_prefix(COMPACTED_PREFIX).items()
        if sees(stream)
    }
    lacking = below_compaction(acked, compacted)
    if lacking:
        streams = ", ".join(f"{s} {have + 1}-{through}" for s, (have, through) in lacking.items())
        raise NeedsSnapshot(peer=peer, streams=streams)


def _authorise(uow: SqlUnitOfWork, batch: list[Changeset], writers: dict[str, Writer]) -> None:
    city = enterprise_city(uow, batch)
    for cs in batch:
        reason = refusal(writers[cs.stream], cs, city)
        if reason is not None:
            raise Unauthorised(origin=cs.origin, reason=reason)


def remember(uow: SqlUnitOfWork, header: BundleHeader) -> None:
    """Keep the newest signed head of every stream (to relay it) and what the sender has."""
    for r in header.ranges:
        old = uow.store.get_local(HEAD_PREFIX + r.stream)
        if old is None or SignedHead.from_json(old).seq < r.last_seq:
            uow.store.set_local(HEAD_PREFIX + r.stream, SignedHead.of_range(r).to_json())
    key = PEER_PREFIX + header.sender
    acked = merge(json.loads(uow.store.get_local(key) or "{}"), header.acks)
    uow.store.set_local(key, json.dumps(acked, sort_keys=True))
