"""The node a sync server serves: the :class:`~regsync.adapters.http.ports.SyncBackend`.

Every decision is taken from the database at each request (trust store, nonces,
what each peer acknowledged), so several workers or machines on one PostgreSQL
answer alike; the trust store is re-read whenever its stored form changes, so a
revocation installed with ``regsync node trust`` takes effect at the next request.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from regsync.adapters.http.errors import BadRequestSignature, MalformedRequest
from regsync.adapters.http.signing import REPLAY_WINDOW, SignedRequest
from regsync.adapters.sql.enrolments import save_request
from regsync.adapters.sql.nonces import remember_nonce
from regsync.app.bootstrap import Services
from regsync.app.directory import newest_per_node, province_directory, valid
from regsync.app.progress import show
from regsync.sync.authorize import Writer
from regsync.sync.peer import NodeLink
from regsync.sync.ports import NodeKey
from regsync.sync.trust import NodeCard, fingerprint
from regsync.sync.trust_errors import TrustError, UntrustedKey
from regsync.sync.trust_store import TrustStore


class NodeBackend:
    """Serves ``services``' node with its opened ``key``.

    The directory shows ``public_url`` as this node's address and ``addresses`` (node
    id -> URL, from ``config.json``) as those of other servers.
    """

    def __init__(
        self,
        services: Services,
        key: NodeKey,
        public_url: str | None = None,
        addresses: Mapping[str, str] | None = None,
    ) -> None:
        self.services, self.key = services, key
        self.addresses = dict(addresses or {})
        if public_url:
            self.addresses[services.node.node_id] = public_url
        self._lock = threading.Lock()
        self._trust: tuple[object, TrustStore] | None = None

    @property
    def node_id(self) -> str:
        return self.services.node.node_id

    def now(self) -> int:
        return int(self.services.clock.now().timestamp())

    def trust(self) -> TrustStore:
        """The trust store as stored now (parsed again only when it changed)."""
        stored = self.services.db.load_trust()
        with self._lock:
            if self._trust is None or self._trust[0] != stored:
                self._trust = (stored, self.services.trust())
            return self._trust[1]

    def info(self) -> dict[str, Any]:
        node = self.services.node
        return {
            "status": "ok",
            "node_id": node.node_id,
            "role": node.role.value,
            "name": node.name,
            "scope": node.scope,
            "city_code": node.city_code,
            "public_key": self.key.public_key().hex(),
            "schema": self.services.schema_head(),
        }

    def directory(self) -> dict[str, Any]:
        return province_directory(self.trust(), self.node_id, self.addresses)

    def link_for(self, request: SignedRequest) -> NodeLink:
        trusted = self.trust().verify_chain(request.public_key)
        if trusted.node_id != request.node_id:
            raise BadRequestSignature(
                reason=f"the key is certified for node {trusted.node_id}, not {request.node_id}"
            )
        if not trusted.certified:
            raise UntrustedKey(
                key=fingerprint(request.public_key),
                reason_zh="只有持有证书的节点可以在线同步；个人版请通过所在企业上报",
                reason_en="only certified nodes sync online; personal nodes report through a firm",
            )
        peer = Writer(trusted.node_id, trusted.role, trusted.city_code, trusted.uscc)
        return NodeLink(
            self.services, peer, request.public_key, lambda: self.key, durable=False, progress=show
        )

    def remember_nonce(self, node_id: str, nonce: str) -> bool:
        return remember_nonce(
            self.services.db, node_id, nonce, now=self.now(), window=REPLAY_WINDOW
        )

    def sign(self, message: bytes) -> bytes:
        return self.key.sign(message)

    def enrol(self, card: bytes, request: SignedRequest) -> str:
        try:
            parsed = NodeCard.from_file_bytes(card)
        except TrustError as exc:
            raise MalformedRequest(detail=exc.message("en")) from None
        if (parsed.node_id, parsed.public_key) != (request.node_id, request.public_key.hex()):
            raise BadRequestSignature(reason="the card is not signed for by its own key")
        save_request(self.services.db, parsed.node_id, card, self.services.clock.now().isoformat())
        return parsed.node_id

    def certificate(self, node_id: str) -> bytes | None:
        store = self.trust()
        for cert in newest_per_node(store):
            if cert.subject.node_id == node_id and valid(store, cert):
                return cert.to_file_bytes()
        return None
