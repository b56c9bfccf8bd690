"""What the HTTP server needs from the node it serves (implemented in ``regsync.app``)."""

from __future__ import annotations

from typing import Any, Protocol

from regsync.adapters.http.signing import SignedRequest
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

    def link_for(self, request: SignedRequest) -> Link:
        """This node's link towards the certified node that signed ``request``.

        Raises a :class:`~regsync.core.errors.CoreError` for an unknown, uncertified
        or revoked key, or a key certified for another node id.
        """
        ...

    def remember_nonce(self, node_id: str, nonce: str) -> bool:
        """Record a request nonce; False if it was used before (a replay)."""
        ...

    def sign(self, message: bytes) -> bytes:
        """Sign with the serving node's key (responses to signed requests)."""
        ...

    def enrol(self, card: bytes, request: SignedRequest) -> str:
        """Keep an enrolment request (a node card signed by its own key); its node id."""
        ...

    def certificate(self, node_id: str) -> bytes | None:
        """The certificate file this node issued to ``node_id``, once it has."""
        ...
