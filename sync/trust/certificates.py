"""Node identity and trust: cards, certificates, revocations and the trust store.

Every node has an Ed25519 key behind the ``Signer`` port.  The province key is the
trust root; it ships with the province directory and is pinned when a node is set up.

- A **card** (:class:`NodeCard`) is a node's public identity: who it is, its role
  and scope, and its public key.  ``regsync node card`` writes it.
- A **certificate** (:class:`Certificate`) is a card signed by an issuer who is
  allowed to vouch for it: the root certifies province nodes (itself included, in
  the self-signed root certificate), any certified province node certifies cities
  and enterprises, and a city certifies the enterprises of its own city, giving each
  its four-digit enterprise number.  Personal nodes are never certified: the
  enterprise that receives their sealed packages installs their card directly.
- A **revocation** (:class:`Revocation`) withdraws a certificate; the certificate's
  issuer or the root signs it.  A revoked certificate revokes its subject key for
  good (every certificate of that key), since revocation mostly means a lost or
  stolen key; the node makes a new key and is certified again.  Clocks on offline
  PCs are unreliable, so revocation is not dated against the data it refuses: it
  carries a **cut-off** instead, the revoked node's stream heads the revoking office
  had accepted when it revoked.  Changes up to the cut-off stay valid everywhere
  (relayed too), so a lost laptop never blocks its city; nothing later is accepted
  (docs/decisions/0015).
- A **key handover** (:class:`~regsync.sync.trust.handover.Handover`) retires a node's
  key for a new one without revoking it: what the old key signed before stays valid,
  nothing newer is accepted from it (:mod:`regsync.sync.trust.handover`).
- The **trust store** (:class:`~regsync.sync.trust.store.TrustStore`) holds the
  pinned root, installed certificates, revocations and trusted personal cards, and
  answers :meth:`~regsync.sync.trust.store.TrustStore.verify_chain`: the certified
  identity of a key, or a typed error.

Certificates carry no expiry: a node rotates its key by being certified again, and
its old certificates stay valid for the data it signed until they are revoked.

File formats (all version 1) are JSON documents ``{"type": ..., "version": 1,
<body>: {...}}`` written with sorted keys and two-space indentation.  A reader
accepts exactly that layout (CRLF line ends and a UTF-8 byte-order mark, which
Windows editors add, are tolerated): a file whose bytes differ from the canonical
form of its own content was edited and is refused, so no two different files ever
stand for one certificate.  Signatures cover a domain tag plus the canonical JSON
(sorted keys, no spaces, UTF-8) of everything but the signature; the tag keeps a
certificate signature from ever being valid as a signature of anything else the
node key signs (stream heads, bundles, requests).

This module holds the certificates and revocations.  The cards are
:mod:`regsync.sync.trust.cards`, file formats and key text
:mod:`regsync.sync.trust.files`, who may certify whom :mod:`regsync.sync.trust.rules`,
the trust store :mod:`regsync.sync.trust.store` and the errors
:mod:`regsync.sync.trust.errors`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from typing import Any

from nacl.exceptions import CryptoError
from nacl.signing import VerifyKey

from regsync.core.catalogue_sync import label as pair
from regsync.core.ports import NodeIdentity, Signer
from regsync.sync.codec import canonical
from regsync.sync.trust.cards import NodeCard, card_from_body
from regsync.sync.trust.errors import BadCertificate, BadRevocation
from regsync.sync.trust.files import (
    CARD,
    CERT,
    CERT_DOMAIN,
    FORMAT_VERSION,
    HANDOVER,
    KEY_HEX,
    MAX_FILE_BYTES,
    NODE_ID,
    REVOCATION,
    REVOCATION_DOMAIN,
    SIGNATURE_HEX,
    ULID,
    file_text,
    file_type,
    fingerprint,
    is_aware_iso,
    is_text,
    key_hex,
    read_file,
    strings,
)
from regsync.sync.trust.handover import Handover, hand_over
from regsync.sync.trust.rules import (
    Issuer,
    check_may_certify,
    check_number_form,
    check_self_signed,
    check_signer,
    refusal,
)

# --- certificates ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Certificate:
    """A card signed by its issuer (see the module docstring for who may certify whom).

    ``enterprise_number`` is the four-digit number a city gives an enterprise it
    certifies (it goes into every application number).  ``serial`` is a ULID made by
    the issuer.  Structural problems raise on construction; the signature is checked
    by :meth:`verify_signature`, which :meth:`from_file_bytes` and the trust store
    call.
    """

    subject: NodeCard
    issuer_node_id: str
    issuer_public_key: str
    issued: str
    serial: str
    enterprise_number: str | None
    signature: str

    def __post_init__(self) -> None:
        _check_certificate(self)

    def body(self) -> dict[str, Any]:
        """Everything but the signature."""
        return {
            "subject": self.subject.to_dict(),
            "issuer_node_id": self.issuer_node_id,
            "issuer_public_key": self.issuer_public_key,
            "issued": self.issued,
            "serial": self.serial,
            "enterprise_number": self.enterprise_number,
        }

    def signed_bytes(self) -> bytes:
        """The message the issuer signs: a domain tag and the canonical body."""
        return CERT_DOMAIN + canonical(self.body())

    @property
    def self_signed(self) -> bool:
        return self.issuer_public_key == self.subject.public_key

    def verify_signature(self) -> None:
        """Raise :class:`BadCertificate` unless the issuer's key signed this body."""
        if not _signature_ok(self.issuer_public_key, self.signed_bytes(), self.signature):
            raise bad_certificate(self, *pair("trust.sig.mismatch"))

    def to_file_bytes(self) -> bytes:
        return file_text(CERT, {**self.body(), "signature": self.signature}).encode()

    @classmethod
    def from_file_bytes(cls, data: bytes) -> Certificate:
        """Read a certificate file and check its signature (always a typed error)."""
        body = read_file(data, CERT)
        subject = card_from_body(body.pop("subject", None), CERT)
        fields = strings(body, _CERT_REQUIRED, ("enterprise_number",), CERT)
        certificate = cls(subject=subject, **fields)  # type: ignore[arg-type]  # checked by strings
        certificate.verify_signature()
        return certificate


def bad_certificate(cert: Certificate, reason_zh: str, reason_en: str) -> BadCertificate:
    return BadCertificate(
        subject=cert.subject.label, serial=cert.serial, reason_zh=reason_zh, reason_en=reason_en
    )


_CERT_REQUIRED = ("issuer_node_id", "issuer_public_key", "issued", "serial", "signature")


# Signatures found good in this process (issue 19): a trust store loaded again, or a
# certificate a bundle presents once per range, is not verified again.  Only exact
# (key, message, signature) triples that verified are kept, so an answer from the memo
# is the answer Ed25519 gives; bounded, and emptied when full.
_GOOD: set[tuple[str, bytes, str]] = set()
_GOOD_MAX = 65_536
_checks = [0]  # Ed25519 verifications done (tests count them)


def signature_checks() -> int:
    """How many signatures this process has verified with Ed25519 (not from the memo)."""
    return _checks[0]


def _signature_ok(public_key: str, message: bytes, signature: str) -> bool:
    triple = (public_key, message, signature)
    if triple in _GOOD:
        return True
    _checks[0] += 1
    try:
        VerifyKey(bytes.fromhex(public_key)).verify(message, bytes.fromhex(signature))
    except (CryptoError, ValueError):
        return False
    if len(_GOOD) >= _GOOD_MAX:
        _GOOD.clear()
    _GOOD.add(triple)
    return True


def _check_certificate(cert: Certificate) -> None:
    checks = (
        (ULID.fullmatch(cert.serial), "trust.cert.serial"),
        (NODE_ID.fullmatch(cert.issuer_node_id), "trust.cert.issuer_id"),
        (KEY_HEX.fullmatch(cert.issuer_public_key), "trust.cert.issuer_key"),
        (is_aware_iso(cert.issued), "trust.cert.issued"),
        (SIGNATURE_HEX.fullmatch(cert.signature), "trust.sig.malformed"),
    )
    for ok, reason in checks:
        if not ok:
            raise bad_certificate(cert, *pair(reason))
    if cert.enterprise_number is not None:
        check_number_form(cert.enterprise_number, cert.subject)


def certify(
    card: NodeCard,
    issuer_identity: NodeIdentity,
    issuer_signer: Signer,
    *,
    serial: str,
    issued: str,
    enterprise_number: str | None = None,
    root_key: bytes | str | None = None,
) -> Certificate:
    """Sign ``card`` as ``issuer_identity``, enforcing who may certify whom.

    A province certifying its own card makes the self-signed root certificate.  Only
    the root may certify other province nodes: pass ``root_key`` (the pinned root)
    so that this is checked here rather than only when the chain is verified.
    """
    signer_key = check_signer(issuer_identity, issuer_signer)
    root = key_hex(root_key) if root_key is not None else None
    issuer = Issuer(
        label=f"{issuer_identity.name}（{issuer_identity.node_id}）",
        role=issuer_identity.role,
        city_code=issuer_identity.city_code,
        # A province signing its own card is creating the root; otherwise only the
        # pinned root key is the root.
        is_root=signer_key == root or (root is None and card.public_key == signer_key),
    )
    check_self_signed(issuer, card, card.public_key == signer_key)
    check_may_certify(issuer, card, enterprise_number)
    unsigned = Certificate(
        subject=card,
        issuer_node_id=issuer_identity.node_id,
        issuer_public_key=signer_key,
        issued=issued,
        serial=serial,
        enterprise_number=enterprise_number,
        signature="0" * 128,
    )
    signature = issuer_signer.sign(unsigned.signed_bytes()).hex()
    return dataclasses.replace(unsigned, signature=signature)


# --- revocations -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Revocation:
    """The withdrawal of certificate ``serial``, signed by its issuer or the root.

    ``heads`` is the cut-off: the revoked node's own streams (``node_id/scope``)
    with the last sequence number the revoking office had accepted of each; the
    revoked key still vouches for those changes and for nothing later.  A
    revocation written before cut-offs existed has none (``None``): it refuses
    everything the key signed.
    """

    serial: str
    issuer_node_id: str
    issuer_public_key: str
    revoked: str
    reason: str
    signature: str
    heads: Mapping[str, int] | None = None

    def __post_init__(self) -> None:
        checks = (
            (ULID.fullmatch(self.serial), "trust.cert.serial"),
            (NODE_ID.fullmatch(self.issuer_node_id), "trust.cert.issuer_id"),
            (KEY_HEX.fullmatch(self.issuer_public_key), "trust.cert.issuer_key"),
            (is_aware_iso(self.revoked), "trust.revocation.time"),
            (is_text(self.reason), "trust.revocation.reason"),
            (SIGNATURE_HEX.fullmatch(self.signature), "trust.sig.malformed"),
            (self.heads is None or _cutoff_ok(self.heads), "trust.revocation.heads"),
        )
        for ok, reason in checks:
            if not ok:
                zh, en = pair(reason)
                raise BadRevocation(serial=self.serial, reason_zh=zh, reason_en=en)

    def body(self) -> dict[str, Any]:
        """Everything but the signature (no ``heads`` in a revocation without a cut-off)."""
        body: dict[str, Any] = {
            "serial": self.serial,
            "issuer_node_id": self.issuer_node_id,
            "issuer_public_key": self.issuer_public_key,
            "revoked": self.revoked,
            "reason": self.reason,
        }
        if self.heads is not None:
            body["heads"] = dict(self.heads)
        return body

    def cutoff(self, stream: str) -> int:
        """The last sequence number of ``stream`` still valid (0: none)."""
        return (self.heads or {}).get(stream, 0)

    def signed_bytes(self) -> bytes:
        return REVOCATION_DOMAIN + canonical(self.body())

    def verify_signature(self) -> None:
        """Raise :class:`BadRevocation` unless the revoker's key signed this body."""
        if not _signature_ok(self.issuer_public_key, self.signed_bytes(), self.signature):
            zh, en = pair("trust.sig.mismatch")
            raise BadRevocation(serial=self.serial, reason_zh=zh, reason_en=en)

    def to_file_bytes(self) -> bytes:
        return file_text(REVOCATION, {**self.body(), "signature": self.signature}).encode()

    @classmethod
    def from_file_bytes(cls, data: bytes) -> Revocation:
        """Read a revocation file and check its signature."""
        body = read_file(data, REVOCATION)
        has_cutoff = "heads" in body
        heads = body.pop("heads", None)
        if has_cutoff and not isinstance(heads, dict):
            raise REVOCATION.error("trust.revocation.heads_type")
        fields = strings(body, _REVOCATION_FIELDS, (), REVOCATION)
        revocation = cls(heads=heads, **fields)  # type: ignore[arg-type]  # all required text
        revocation.verify_signature()
        return revocation


_REVOCATION_FIELDS = (
    "serial",
    "issuer_node_id",
    "issuer_public_key",
    "revoked",
    "reason",
    "signature",
)
_MAX_SEQ = 2**63


def _cutoff_ok(heads: object) -> bool:
    """Stream ids with whole sequence numbers (whose streams: checked against the
    revoked certificate's subject when the cut-off is used)."""
    return isinstance(heads, Mapping) and all(
        isinstance(stream, str) and "/" in stream and type(seq) is int and 0 <= seq < _MAX_SEQ
        for stream, seq in heads.items()
    )


def revoke(
    certificate: Certificate,
    revoker_identity: NodeIdentity,
    revoker_signer: Signer,
    *,
    revoked: str,
    reason: str,
    heads: Mapping[str, int] | None = None,
    root_key: bytes | str | None = None,
    successors: Collection[str] = (),
) -> Revocation:
    """Revoke ``certificate``: its issuer may, and so may the root (pass ``root_key``).

    ``successors`` are the keys the issuer's key was handed over to
    (:meth:`TrustStore.successors <regsync.sync.trust.store.TrustStore.successors>`):
    an office that rotated its key still revokes what its retired key certified.

    ``heads`` is the cut-off: of each of the subject's own streams, the last
    sequence number the revoker accepted (other streams are left out); ``None``
    makes a revocation without a cut-off, which refuses everything the key signed.
    """
    signer_key = check_signer(revoker_identity, revoker_signer)
    root = key_hex(root_key) if root_key is not None else None
    if signer_key not in (certificate.issuer_public_key, root, *successors):
        issuer = Issuer(
            label=f"{revoker_identity.name}（{revoker_identity.node_id}）",
            role=revoker_identity.role,
            city_code=revoker_identity.city_code,
            is_root=False,
        )
        raise refusal(
            issuer,
            certificate.subject,
            *pair("trust.revoke.only_issuer"),
        )
    own = certificate.subject.node_id + "/"
    unsigned = Revocation(
        serial=certificate.serial,
        issuer_node_id=revoker_identity.node_id,
        issuer_public_key=signer_key,
        revoked=revoked,
        reason=reason,
        signature="0" * 128,
        heads=None
        if heads is None
        else {stream: seq for stream, seq in sorted(heads.items()) if stream.startswith(own)},
    )
    signature = revoker_signer.sign(unsigned.signed_bytes()).hex()
    return dataclasses.replace(unsigned, signature=signature)


TrustItem = NodeCard | Certificate | Revocation | Handover
"""Anything ``regsync node trust`` installs."""


def read_trust_file(data: bytes) -> TrustItem:
    """Read a card, certificate, revocation or key handover file, whichever it is."""
    readers: dict[str, Callable[[bytes], TrustItem]] = {
        CARD.type: NodeCard.from_file_bytes,
        CERT.type: Certificate.from_file_bytes,
        REVOCATION.type: Revocation.from_file_bytes,
        HANDOVER.type: Handover.from_file_bytes,
    }
    return readers[file_type(data)](data)


__all__ = [
    "FORMAT_VERSION",
    "MAX_FILE_BYTES",
    "Certificate",
    "Handover",
    "NodeCard",
    "Revocation",
    "TrustItem",
    "bad_certificate",
    "certify",
    "file_type",
    "fingerprint",
    "hand_over",
    "key_hex",
    "read_trust_file",
    "revoke",
]
