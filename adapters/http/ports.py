"""What the HTTP server needs from the node it serves (`regsync.sync.serving.NodeBackend`)."""

from __future__ import annotations

from typing import Any, Protocol

from regsync.sync.session import Link


class SyncBackend(Protocol):
    """The serving node: its identity, trust decisions, replay guard and key."""

    @property
    def node_id(self) -> str:
        """The serving node's id (requests must be signed for it)."""
        ...

    def now(self) -> int:
        """The server's clock, unix seconds."""
        ...

    def info(self) -> dict[str, Any]:
        """What ``GET /v1/health`` shows: the node, its public key, the schema."""
        ...

    def directory(self) -> dict[str, Any]:
        """The province root certificate and the province and city nodes with addresses."""
        ...

    def link_for(self, node_id: str, public_key: bytes) -> Link:
        """This node's link towards the certified node ``node_id`` whose key signed a request.

        Raises :class:`~regsync.sync.errors.WrongSender` for a key certified for another
        node id, and another :class:`~regsync.core.errors.CoreError` for an unknown,
        uncertified or revoked key.
        """
        ...

    def remember_nonce(self, node_id: str, nonce: str) -> bool:
        """Record a request nonce; False if it was used before (a replay)."""
        ...

    def sign(self, message: bytes) -> bytes:
        """Sign with the serving node's key (responses to signed requests)."""
        ...

    def enrol(self, card: bytes, node_id: str, public_key: bytes) -> str:
        """Keep an enrolment request (a node card signed by its own key); its node id.

        Raises a :class:`~regsync.sync.trust.errors.TrustError` for an unreadable card and
        :class:`~regsync.sync.errors.WrongSender` for another node's card.
        """
        ...

    def pending_enrolments(self) -> set[str]:
        """The node ids of the enrolment requests kept and not yet certified."""
        ...

    def certificate(self, node_id: str) -> bytes | None:
        """The certificate file this node issued to ``node_id``, once it has."""
        ...
