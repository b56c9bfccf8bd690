"""Signed requests: every request names its node and is signed by the node's key.

The signature covers the method, the path and query, the sending node, the server
node it is meant for, a timestamp, a random nonce and the SHA-256 of the body, so a
request cannot be altered, sent to another server, or replayed (the server keeps the
nonces of the replay window in its database).  Responses to signed requests are
signed by the server the same way, bound to the request's nonce.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from collections.abc import Mapping
from typing import Final

from nacl.exceptions import CryptoError
from nacl.signing import VerifyKey

from regsync.adapters.http.errors import BadRequestSignature, StaleRequest, WrongServer
from regsync.core.catalogue_reasons import reason_params, with_cause
from regsync.core.catalogue_sync import Label, label
from regsync.core.ports import Signer

DOMAIN: Final = b"regsync-http-1"
NODE, KEY, TO = "x-regsync-node", "x-regsync-key", "x-regsync-to"
TIME, NONCE, DIGEST, SIGNATURE = (
    "x-regsync-time",
    "x-regsync-nonce",
    "x-regsync-content-sha256",
    "x-regsync-signature",
)
REPLAY_WINDOW: Final = 300
"""Seconds a request stays valid either side of the server's clock."""
EMPTY_DIGEST: Final = hashlib.sha256(b"").hexdigest()


@dataclasses.dataclass(frozen=True)
class SignedRequest:
    """The verified signing facts of a request (the key is not yet known to be trusted)."""

    node_id: str
    public_key: bytes
    time: int
    nonce: str
    digest: str


def request_message(
    method: str, target: str, *, node_id: str, to: str, time: int, nonce: str, digest: str
) -> bytes:
    """What a request signature covers (``target`` is the path with its query)."""
    parts = [method.upper(), target, node_id, to, str(time), nonce, digest]
    return b"\n".join([DOMAIN, b"request", *(p.encode() for p in parts)])


def response_message(nonce: str, status: int, digest: str) -> bytes:
    """What the server's signature of a response covers: bound to the request's nonce."""
    return b"\n".join([DOMAIN, b"response", nonce.encode(), str(status).encode(), digest.encode()])


def sign_request(
    signer: Signer, *, node_id: str, to: str, method: str, target: str, digest: str, now: int
) -> dict[str, str]:
    """The headers that sign one request."""
    nonce = secrets.token_hex(16)
    message = request_message(
        method, target, node_id=node_id, to=to, time=now, nonce=nonce, digest=digest
    )
    return {
        NODE: node_id,
        KEY: signer.public_key().hex(),
        TO: to,
        TIME: str(now),
        NONCE: nonce,
        DIGEST: digest,
        SIGNATURE: signer.sign(message).hex(),
    }


def bad_signature(reason: Label) -> BadRequestSignature:
    """A :class:`BadRequestSignature` saying ``reason`` in each language."""
    return BadRequestSignature(**reason_params(reason))


def verify_request(
    headers: Mapping[str, str], *, method: str, target: str, me: str, now: int
) -> SignedRequest:
    """Check the signature, audience and timestamp of a request; the body digest is
    checked by the caller once it has read the body."""
    try:
        node_id, key_hex, to = headers[NODE], headers[KEY], headers[TO]
        time, nonce, digest = int(headers[TIME]), headers[NONCE], headers[DIGEST]
        key, signature = bytes.fromhex(key_hex), bytes.fromhex(headers[SIGNATURE])
    except (KeyError, ValueError) as exc:
        raise bad_signature(with_cause(label("reason.http.header_missing"), exc)) from None
    if not (8 <= len(nonce) <= 64 and nonce.isalnum()) or len(digest) != 64:
        raise bad_signature(label("reason.http.nonce_digest"))
    try:
        message = request_message(
            method, target, node_id=node_id, to=to, time=time, nonce=nonce, digest=digest
        )
        VerifyKey(key).verify(message, signature)
    except (CryptoError, ValueError, TypeError):
        raise bad_signature(label("reason.http.no_verify")) from None
    if to != me:
        raise WrongServer(to=to, me=me)
    if abs(now - time) > REPLAY_WINDOW:
        raise StaleRequest(sent=time, now=now, window=REPLAY_WINDOW)
    return SignedRequest(node_id, key, time, nonce, digest)


def verify_response(
    key: bytes, *, nonce: str, status: int, body: bytes, signature_hex: str | None
) -> bool:
    """Whether the server ``key`` signed this response to the request with ``nonce``."""
    try:
        message = response_message(nonce, status, hashlib.sha256(body).hexdigest())
        VerifyKey(key).verify(message, bytes.fromhex(signature_hex or ""))
    except (CryptoError, ValueError, TypeError):
        return False
    return True
