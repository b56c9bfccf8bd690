"""The node a sync server serves: identity, trust decisions, replay guard and key.

Implements :class:`regsync.adapters.http.ports.SyncBackend`.  Every decision is taken
from the node's database at each request (trust store, nonces, what each peer
acknowledged), so several workers or machines on one PostgreSQL answer alike; the
trust store is re-read whenever its stored form changes, so a revocation installed
with ``regsync node trust`` takes effect at the next request.

A request's link works on its own copy of that parsed store (:class:`RequestNode`):
parsing it verifies every certificate's signature, and a pushed bundle needs the store
three times (the writers' chains, the certificates it brought, the answer's chains) --
tens of milliseconds a request at a city of a hundred firms, and growing with the city.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Mapping
from typing import Any, Protocol

from regsync.core.catalogue_sync import label
from regsync.core.model import Role
from regsync.core.ports import NodeIdentity
from regsync.sync.authorize import Writer
from regsync.sync.errors import WrongSender
from regsync.sync.peer import NodeLink
from regsync.sync.ports import NodeKey, Replica, SyncNode
from regsync.sync.progress import Progress, no_progress
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.certificates import Certificate
from regsync.sync.trust.errors import TrustError, UntrustedKey
from regsync.sync.trust.files import fingerprint
from regsync.sync.trust.store import TrustStore

DIRECTORY_ROLES = (Role.PROVINCE, Role.CITY)


class ServedNode(SyncNode, Protocol):
    """What serving needs of the node beyond syncing: the clock, nonces, enrolments."""

    def unix_now(self) -> int:
        """The node's clock, unix seconds."""
        ...

    def stored_trust(self) -> object:
        """The trust store's stored form, compared to tell when it changed."""
        ...

    def remember_nonce(self, node_id: str, nonce: str, *, now: int, window: int) -> bool:
        """Record a request nonce; False if it was used within ``window`` seconds."""
        ...

    def save_enrolment(self, node_id: str, card: bytes) -> None:
        """Keep an enrolment request (a node card), received now, until it is certified."""
        ...

    def pending_enrolments(self) -> list[tuple[str, bytes, str]]:
        """The enrolment requests kept: ``(node id, card, received)``."""
        ...


class NodeBackend:
    """Serves ``node`` with its opened ``key``.

    The directory shows ``public_url`` as this node's address and ``addresses`` (node
    id -> URL, from ``config.json``) as those of other servers; ``replay_window`` is
    how long a request nonce is remembered.
    """

    def __init__(
        self,
        node: ServedNode,
        key: NodeKey,
        *,
        replay_window: int,
        public_url: str | None = None,
        addresses: Mapping[str, str] | None = None,
        progress: Progress = no_progress,
    ) -> None:
        self.node, self.key, self.replay_window = node, key, replay_window
        self.progress = progress
        self.addresses = dict(addresses or {})
        if public_url:
            self.addresses[node.node.node_id] = public_url
        self._lock = threading.Lock()
        self._trust: tuple[object, TrustStore] | None = None

    @property
    def node_id(self) -> str:
        return self.node.node.node_id

    def now(self) -> int:
        return self.node.unix_now()

    def trust(self) -> TrustStore:
        """The trust store as stored now (parsed again only when it changed).

        Shared by the requests: read it, never change it (:meth:`link_for` hands each
        request a copy of its own).
        """
        stored = self.node.stored_trust()
        with self._lock:
            if self._trust is None or self._trust[0] != stored:
                self._trust = (stored, self.node.trust())
            return self._trust[1]

    def info(self) -> dict[str, Any]:
        me = self.node.node
        return {
            "status": "ok",
            "node_id": me.node_id,
            "role": me.role.value,
            "name": me.name,
            "scope": me.scope,
            "city_code": me.city_code,
            "public_key": self.key.public_key().hex(),
            "schema": self.node.schema_head(),
        }

    def directory(self) -> dict[str, Any]:
        return province_directory(self.trust(), self.node_id, self.addresses)

    def link_for(self, node_id: str, public_key: bytes) -> NodeLink:
        """This node's link towards the certified node ``node_id`` whose key signed a request.

        Raises :class:`WrongSender` when the key is certified for another node, and a
        :class:`TrustError` for an unknown, revoked or uncertified key.
        """
        store = self.trust()
        trusted = store.verify_chain(public_key)
        if trusted.node_id != node_id:
            raise WrongSender(sender=trusted.node_id, peer=node_id)
        if not trusted.certified:
            zh, en = label("trust.online.certified_only")
            raise UntrustedKey(key=fingerprint(public_key), reason_zh=zh, reason_en=en)
        peer = Writer(trusted.node_id, trusted.role, trusted.city_code, trusted.uscc)
        node = RequestNode(self.node, private_copy(store))
        return NodeLink(
            node, peer, public_key, lambda: self.key, durable=False, progress=self.progress
        )

    def remember_nonce(self, node_id: str, nonce: str) -> bool:
        return self.node.remember_nonce(node_id, nonce, now=self.now(), window=self.replay_window)

    def sign(self, message: bytes) -> bytes:
        return self.key.sign(message)

    def enrol(self, card: bytes, node_id: str, public_key: bytes) -> str:
        """Keep an enrolment request; the card must be the signer's own.

        Raises a :class:`TrustError` for a card that cannot be read and
        :class:`WrongSender` for another node's card.
        """
        parsed = NodeCard.from_file_bytes(card)
        if (parsed.node_id, parsed.public_key) != (node_id, public_key.hex()):
            raise WrongSender(sender=parsed.node_id, peer=node_id)
        self.node.save_enrolment(parsed.node_id, card)
        return parsed.node_id

    def pending_enrolments(self) -> set[str]:
        """The node ids of the enrolment requests kept and not yet certified (what the
        server's enrolment quota counts)."""
        certified = {cert.subject.node_id for cert in self.trust().certificates()}
        return {node_id for node_id, _card, _received in self.node.pending_enrolments()} - certified

    def certificate(self, node_id: str) -> bytes | None:
        store = self.trust()
        for cert in newest_per_node(store):
            if cert.subject.node_id == node_id and valid(store, cert):
                return cert.to_file_bytes()
        return None


def private_copy(store: TrustStore) -> TrustStore:
    """An independent copy of a parsed trust store, without parsing and verifying every
    certificate again (a round trip through pickle: about 1/50 of a parse)."""
    data = pickle.dumps(store, pickle.HIGHEST_PROTOCOL)
    copied: TrustStore = pickle.loads(data)  # our own bytes, made on the line above
    return copied


class RequestNode:
    """The served node as one request's link sees it: the trust store is the one the
    request was authenticated with, parsed once for the request.

    The link may add certificates a bundle brought to it and save it (``save_trust``);
    it is the request's own copy, so other requests never see a store that was not saved.
    """

    def __init__(self, node: SyncNode, store: TrustStore) -> None:
        self._node, self._store = node, store

    @property
    def node(self) -> NodeIdentity:
        return self._node.node

    def unit_of_work(self) -> Replica:
        return self._node.unit_of_work()

    def trust(self) -> TrustStore:
        return self._store

    def save_trust(self, store: TrustStore) -> None:
        self._node.save_trust(store)
        self._store = store

    def schema_head(self) -> str:
        return self._node.schema_head()

    def known_schemas(self) -> frozenset[str]:
        return self._node.known_schemas()


def newest_per_node(store: TrustStore) -> list[Certificate]:
    """Each node's newest certificate, offices of higher tier first."""
    newest: dict[str, Certificate] = {}
    for cert in store.certificates():
        known = newest.get(cert.subject.node_id)
        if known is None or known.issued < cert.issued:
            newest[cert.subject.node_id] = cert
    return sorted(newest.values(), key=lambda c: (c.subject.role.tier, c.subject.node_id))


def valid(store: TrustStore, cert: Certificate) -> bool:
    """The certificate's key is certified and not revoked."""
    try:
        return store.verify_chain(cert.subject.public_key).certified
    except TrustError:
        return False


def province_directory(
    store: TrustStore, server: str, addresses: Mapping[str, str]
) -> dict[str, Any]:
    """The directory document: the root, and every valid province and city office."""
    root = [c for c in store.certificates() if c.self_signed]
    nodes = [
        {
            "node_id": cert.subject.node_id,
            "role": cert.subject.role.value,
            "name": cert.subject.name,
            "city_code": cert.subject.city_code,
            "fingerprint": fingerprint(cert.subject.public_key),
            "certificate": cert.to_file_bytes().decode(),
            "url": addresses.get(cert.subject.node_id),
        }
        for cert in newest_per_node(store)
        if cert.subject.role in DIRECTORY_ROLES and valid(store, cert)
    ]
    return {
        "root": root[0].to_file_bytes().decode() if root else None,
        "root_fingerprint": fingerprint(store.root_key),
        "server": server,
        "nodes": nodes,
    }
