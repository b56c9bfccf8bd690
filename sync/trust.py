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
  PCs are unreliable, so revocation is not dated against the data it refuses.
- The **trust store** (:class:`TrustStore`) holds the pinned root, installed
  certificates, revocations and trusted personal cards, and answers
  :meth:`TrustStore.verify_chain`: the certified identity of a key, or a typed error.

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

Errors are in :mod:`regsync.sync.trust_errors`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, Final

from nacl.exceptions import CryptoError
from nacl.signing import VerifyKey

from regsync.core.model import Role
from regsync.core.ports import NodeIdentity, Signer
from regsync.core.scopes import PROVINCE, city_scope, enterprise_scope, personal_scope
from regsync.sync.codec import canonical
from regsync.sync.trust_errors import (
    BadCertificate,
    BadEnterpriseNumber,
    BadRevocation,
    CardNotTrustable,
    InvalidCard,
    NotAllowedToCertify,
    RevokedKey,
    SignerMismatch,
    TrustError,
    TrustFileError,
    UnsupportedTrustFileVersion,
    UntrustedKey,
)

FORMAT_VERSION: Final = 1
"""The version of the card, certificate and revocation file formats."""

MAX_FILE_BYTES: Final = 64 * 1024
"""Trust files are a few hundred bytes; anything far larger is refused unread."""

MAX_CHAIN: Final = 6
"""Longest chain walked (root → province → city → enterprise needs 3 links)."""

_CERT_DOMAIN: Final = b"regsync certificate v1\x00"
_REVOCATION_DOMAIN: Final = b"regsync revocation v1\x00"

_KEY_HEX = re.compile(r"[0-9a-f]{64}")
_SIGNATURE_HEX = re.compile(r"[0-9a-f]{128}")
_ULID = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")
# Node ids are ULIDs in practice; stream ids join them with "/", so no "/" here.
_NODE_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
_ENTERPRISE_NUMBER = re.compile(r"[0-9]{4}")
_MAX_TEXT = 500

ROLE_ZH: Final = {
    Role.PERSONAL: "个人版",
    Role.ENTERPRISE: "企业",
    Role.CITY: "地市",
    Role.PROVINCE: "省级",
}


def key_hex(public_key: bytes | str) -> str:
    """A public key as 64 lowercase hex characters (from raw bytes or hex text)."""
    text = public_key.hex() if isinstance(public_key, bytes) else public_key.lower()
    if not _KEY_HEX.fullmatch(text):
        raise UntrustedKey(
            key=str(public_key)[:32],
            reason_zh="不是32字节的 Ed25519 公钥",
            reason_en="it is not a 32-byte Ed25519 public key",
        )
    return text


def fingerprint(public_key: bytes | str) -> str:
    """A short form of a key for people to compare by phone: ``ab12 cd34 ef56 7890``."""
    text = key_hex(public_key)[:16]
    return " ".join(text[i : i + 4] for i in range(0, 16, 4))


def _moment(text: str) -> dt.datetime:
    """An ISO time of a card, certificate or revocation (validated on construction)."""
    return dt.datetime.fromisoformat(text)


def _is_aware_iso(text: str) -> bool:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return moment.tzinfo is not None


# Control and format characters (bidi overrides among them) and line breaks have no
# place in a name or a reason; full-width spaces and the like are fine.
_BANNED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def _is_text(value: str) -> bool:
    """Non-blank single-line text of sensible length (names, reasons)."""
    return (
        bool(value.strip())
        and len(value) <= _MAX_TEXT
        and not any(unicodedata.category(c) in _BANNED_CATEGORIES for c in value)
    )


# --- files -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Kind:
    """One kind of trust file: its ``type`` tag, body key and name for messages."""

    type: str
    body: str
    zh: str
    en: str

    def error(self, reason: str) -> TrustFileError:
        return TrustFileError(what=self.zh, what_en=self.en, reason=reason)


_CARD = _Kind("regsync-node-card", "card", "节点名片", "node card")
_CERT = _Kind("regsync-certificate", "certificate", "节点证书", "node certificate")
_REVOCATION = _Kind("regsync-revocation", "revocation", "证书吊销文件", "certificate revocation")
_KINDS = {kind.type: kind for kind in (_CARD, _CERT, _REVOCATION)}
_ANY = _Kind("", "", "名片、证书或吊销文件", "card, certificate or revocation")


def _file_text(kind: _Kind, body: dict[str, Any]) -> str:
    doc = {"type": kind.type, "version": FORMAT_VERSION, kind.body: body}
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _parse_document(data: bytes, kind: _Kind) -> tuple[str, dict[str, Any]]:
    """The text and JSON object of a trust file, before any check of its content."""
    if len(data) > MAX_FILE_BYTES:
        raise kind.error(f"file too large ({len(data)} bytes)")
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8").replace("\r\n", "\n")
        doc = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise kind.error(f"not UTF-8 JSON ({type(exc).__name__})") from None
    if not isinstance(doc, dict):
        raise kind.error("not a JSON object")
    return text, doc


def _read_file(data: bytes, kind: _Kind) -> dict[str, Any]:
    """The body of a trust file of ``kind``, refusing any other type, version or layout."""
    text, doc = _parse_document(data, kind)
    found = doc.get("type")
    if found != kind.type:
        raise kind.error(f"its type is {found!r}, expected {kind.type!r}")
    version = doc.get("version")
    if type(version) is not int:
        raise kind.error("the version is missing or not a whole number")
    if version != FORMAT_VERSION:
        raise UnsupportedTrustFileVersion(
            what=kind.zh, what_en=kind.en, version=version, supported=FORMAT_VERSION
        )
    body = doc.get(kind.body)
    if set(doc) != {"type", "version", kind.body} or not isinstance(body, dict):
        raise kind.error(f"expected exactly the keys type, version and {kind.body}")
    if _file_text(kind, body) != text:
        raise kind.error("the file was changed after it was written")
    return body


def _strings(
    body: dict[str, Any], required: tuple[str, ...], optional: tuple[str, ...], kind: _Kind
) -> dict[str, str | None]:
    """The text fields of a body: exactly these keys, text (or null where optional)."""
    expected = set(required) | set(optional)
    if set(body) != expected:
        raise kind.error(f"expected the fields {', '.join(sorted(expected))}")
    out: dict[str, str | None] = {}
    for name, value in body.items():
        if not (isinstance(value, str) or (value is None and name in optional)):
            raise kind.error(f"field {name} has the wrong type")
        out[name] = value
    return out


def file_type(data: bytes) -> str:
    """The ``type`` tag of a trust file (``regsync-node-card`` ...), checked to be known."""
    _, doc = _parse_document(data, _ANY)
    found = doc.get("type")
    if not isinstance(found, str) or found not in _KINDS:
        raise _ANY.error(f"unknown type {found!r}; expected one of {', '.join(sorted(_KINDS))}")
    return found


# --- cards -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class NodeCard:
    """A node's public identity: what ``regsync node card`` writes.

    The scope must be the one the role implies (``enterprise:<USCC>``,
    ``city:<code>``, ``province``, ``personal:<node_id>``); invalid cards raise
    :class:`InvalidCard` on construction.
    """

    node_id: str
    role: Role
    name: str
    scope: str
    city_code: str | None
    uscc: str | None
    public_key: str
    created: str

    def __post_init__(self) -> None:
        # Accept the role's text too (Role is a StrEnum), but always hold a Role.
        try:
            object.__setattr__(self, "role", Role(self.role))
        except ValueError:
            raise InvalidCard(field="role", reason=f"{self.role!r} is not a role") from None
        _check_card(self)

    @classmethod
    def from_identity(cls, identity: NodeIdentity, *, created: str) -> NodeCard:
        """The card of a node; ``created`` is ISO text with a timezone."""
        if identity.public_key is None:
            raise InvalidCard(field="public_key", reason="the node has no key yet")
        return cls(
            node_id=identity.node_id,
            role=identity.role,
            name=identity.name,
            scope=identity.scope,
            city_code=identity.city_code,
            uscc=identity.uscc,
            public_key=identity.public_key,
            created=created,
        )

    @property
    def label(self) -> str:
        """``name（node id）`` for messages."""
        return f"{self.name}（{self.node_id}）"

    def to_dict(self) -> dict[str, str | None]:
        data: dict[str, str | None] = dataclasses.asdict(self)
        data["role"] = self.role.value
        return data

    def canonical_bytes(self) -> bytes:
        """Sorted-key compact JSON, UTF-8: what certificate signatures cover."""
        return canonical(self.to_dict())

    def to_file_bytes(self) -> bytes:
        return _file_text(_CARD, self.to_dict()).encode()

    @classmethod
    def from_file_bytes(cls, data: bytes) -> NodeCard:
        """Read a card file; raises :class:`TrustFileError` or :class:`InvalidCard`."""
        return _card_from_body(_read_file(data, _CARD), _CARD)


_CARD_REQUIRED = ("node_id", "role", "name", "scope", "public_key", "created")
_CARD_OPTIONAL = ("city_code", "uscc")


def _card_from_body(body: Any, kind: _Kind) -> NodeCard:
    if not isinstance(body, dict):
        raise kind.error("the card is not a JSON object")
    fields = _strings(body, _CARD_REQUIRED, _CARD_OPTIONAL, kind)
    return NodeCard(**fields)  # type: ignore[arg-type]  # _strings checked names and types


def _expected_scope(card: NodeCard) -> str | None:
    """The scope the card's role implies, or None when a required field is missing."""
    if card.role is Role.PROVINCE:
        return PROVINCE
    if card.role is Role.PERSONAL:
        return personal_scope(card.node_id)
    if card.role is Role.CITY:
        return city_scope(card.city_code) if card.city_code else None
    return enterprise_scope(card.uscc) if card.uscc and card.city_code else None


def _check_card(card: NodeCard) -> None:
    def bad(field: str, reason: str) -> InvalidCard:
        return InvalidCard(field=field, reason=reason)

    if not _NODE_ID.fullmatch(card.node_id):
        raise bad("node_id", "expected 1-64 letters, digits, '-' or '_'")
    if not _is_text(card.name):
        raise bad("name", "expected non-blank single-line text")
    if not _KEY_HEX.fullmatch(card.public_key):
        raise bad("public_key", "expected 64 lowercase hex characters")
    if not _is_aware_iso(card.created):
        raise bad("created", "expected ISO date-time text with a timezone")
    for name in ("city_code", "uscc"):
        value = getattr(card, name)
        if value is not None and not (value.isalnum() and value.isascii()):
            raise bad(name, "expected letters and digits")
    expected = _expected_scope(card)
    if expected is None:
        needs = "uscc and city_code" if card.role is Role.ENTERPRISE else "city_code"
        raise bad(needs, f"a {card.role.value} card needs {needs}")
    if card.scope != expected:
        raise bad("scope", f"a {card.role.value} card has scope {expected!r}, not {card.scope!r}")


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
        return _CERT_DOMAIN + canonical(self.body())

    @property
    def self_signed(self) -> bool:
        return self.issuer_public_key == self.subject.public_key

    def verify_signature(self) -> None:
        """Raise :class:`BadCertificate` unless the issuer's key signed this body."""
        if not _signature_ok(self.issuer_public_key, self.signed_bytes(), self.signature):
            raise _bad_certificate(
                self, "签名与内容不符", "the signature does not match the content"
            )

    def to_file_bytes(self) -> bytes:
        return _file_text(_CERT, {**self.body(), "signature": self.signature}).encode()

    @classmethod
    def from_file_bytes(cls, data: bytes) -> Certificate:
        """Read a certificate file and check its signature (always a typed error)."""
        body = _read_file(data, _CERT)
        subject = _card_from_body(body.pop("subject", None), _CERT)
        fields = _strings(body, _CERT_REQUIRED, ("enterprise_number",), _CERT)
        certificate = cls(subject=subject, **fields)  # type: ignore[arg-type]  # checked by _strings
        certificate.verify_signature()
        return certificate


def _bad_certificate(cert: Certificate, reason_zh: str, reason_en: str) -> BadCertificate:
    return BadCertificate(
        subject=cert.subject.label, serial=cert.serial, reason_zh=reason_zh, reason_en=reason_en
    )


_CERT_REQUIRED = ("issuer_node_id", "issuer_public_key", "issued", "serial", "signature")


def _signature_ok(public_key: str, message: bytes, signature: str) -> bool:
    try:
        VerifyKey(bytes.fromhex(public_key)).verify(message, bytes.fromhex(signature))
    except (CryptoError, ValueError):
        return False
    return True


def _check_certificate(cert: Certificate) -> None:
    checks = (
        (_ULID.fullmatch(cert.serial), "序列号不是 ULID", "the serial is not a ULID"),
        (_NODE_ID.fullmatch(cert.issuer_node_id), "签发者编号无效", "bad issuer node id"),
        (_KEY_HEX.fullmatch(cert.issuer_public_key), "签发者公钥无效", "bad issuer key"),
        (_is_aware_iso(cert.issued), "签发时间无效", "bad issue time"),
        (_SIGNATURE_HEX.fullmatch(cert.signature), "签名格式无效", "malformed signature"),
    )
    for ok, reason_zh, reason_en in checks:
        if not ok:
            raise _bad_certificate(cert, reason_zh, reason_en)
    if cert.enterprise_number is not None:
        _check_number_form(cert.enterprise_number, cert.subject)


def _check_number_form(number: str, subject: NodeCard) -> None:
    if subject.role is not Role.ENTERPRISE:
        raise BadEnterpriseNumber(
            value=number,
            reason_zh="只有企业的证书带企业编号",
            reason_en="only enterprise certificates carry an enterprise number",
        )
    if not _ENTERPRISE_NUMBER.fullmatch(number):
        raise BadEnterpriseNumber(
            value=number, reason_zh="应为4位数字", reason_en="expected four digits"
        )


@dataclasses.dataclass(frozen=True)
class _Issuer:
    """What the certification rules need to know about an issuer."""

    label: str
    role: Role
    city_code: str | None
    is_root: bool


def _refusal(issuer: _Issuer, subject: NodeCard, zh: str, en: str) -> NotAllowedToCertify:
    return NotAllowedToCertify(
        issuer=issuer.label,
        issuer_role=issuer.role.value,
        issuer_role_zh=ROLE_ZH[issuer.role],
        subject=subject.label,
        subject_role=subject.role.value,
        subject_role_zh=ROLE_ZH[subject.role],
        reason_zh=zh,
        reason_en=en,
    )


def _check_may_certify(issuer: _Issuer, subject: NodeCard, enterprise_number: str | None) -> None:
    """Enforce who may certify whom; the same rules at signing and at verifying."""
    if subject.role is Role.PERSONAL:
        raise _refusal(
            issuer,
            subject,
            "个人版节点不签发证书，由接收其申报包的企业用 regsync node trust 直接导入其名片",
            "personal nodes are not certified; the enterprise that receives their packages "
            "installs their card with `regsync node trust`",
        )
    if issuer.role is Role.PROVINCE:
        if subject.role is Role.PROVINCE and not issuer.is_root:
            raise _refusal(
                issuer,
                subject,
                "只有省级信任根可以为省级节点签发证书",
                "only the province trust root may certify province nodes",
            )
    elif issuer.role is Role.CITY and subject.role is Role.ENTERPRISE:
        if subject.city_code != issuer.city_code:
            raise _refusal(
                issuer,
                subject,
                f"该企业属于地市 {subject.city_code}，只能由该地市或省级签发",
                f"the enterprise belongs to city {subject.city_code}; only that city or the "
                "province may certify it",
            )
        if enterprise_number is None:
            raise BadEnterpriseNumber(
                value="",
                reason_zh="地市为企业签发证书时必须分配4位企业编号（--enterprise-number）",
                reason_en="a city must give the enterprise its four-digit number "
                "(--enterprise-number)",
            )
    else:
        raise _refusal(
            issuer,
            subject,
            "省级可为地市和企业签发证书，地市只能为本市企业签发",
            "the province certifies cities and enterprises, a city only its own enterprises",
        )
    if enterprise_number is not None:
        _check_number_form(enterprise_number, subject)


def _check_self_signed(issuer: _Issuer, subject: NodeCard, self_signed: bool) -> None:
    """Only the province root signs its own card (the root certificate)."""
    if self_signed and subject.role is not Role.PROVINCE:
        raise _refusal(
            issuer,
            subject,
            "只有省级信任根可以自签名",
            "only the province trust root signs its own certificate",
        )


def _check_signer(identity: NodeIdentity, signer: Signer) -> str:
    """The signer's key as hex, after checking it is the identity's registered key."""
    signer_key = signer.public_key().hex()
    if identity.public_key is not None and identity.public_key.lower() != signer_key:
        raise SignerMismatch(
            signer_key=fingerprint(signer_key),
            node_id=identity.node_id,
            node_key=fingerprint(identity.public_key),
        )
    return signer_key


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
    signer_key = _check_signer(issuer_identity, issuer_signer)
    root = key_hex(root_key) if root_key is not None else None
    issuer = _Issuer(
        label=f"{issuer_identity.name}（{issuer_identity.node_id}）",
        role=issuer_identity.role,
        city_code=issuer_identity.city_code,
        # A province signing its own card is creating the root; otherwise only the
        # pinned root key is the root.
        is_root=signer_key == root or (root is None and card.public_key == signer_key),
    )
    _check_self_signed(issuer, card, card.public_key == signer_key)
    _check_may_certify(issuer, card, enterprise_number)
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
    """The withdrawal of certificate ``serial``, signed by its issuer or the root."""

    serial: str
    issuer_node_id: str
    issuer_public_key: str
    revoked: str
    reason: str
    signature: str

    def __post_init__(self) -> None:
        checks = (
            (_ULID.fullmatch(self.serial), "序列号不是 ULID", "the serial is not a ULID"),
            (_NODE_ID.fullmatch(self.issuer_node_id), "签发者编号无效", "bad issuer node id"),
            (_KEY_HEX.fullmatch(self.issuer_public_key), "签发者公钥无效", "bad issuer key"),
            (_is_aware_iso(self.revoked), "吊销时间无效", "bad revocation time"),
            (_is_text(self.reason), "缺少吊销原因", "the reason is missing"),
            (_SIGNATURE_HEX.fullmatch(self.signature), "签名格式无效", "malformed signature"),
        )
        for ok, reason_zh, reason_en in checks:
            if not ok:
                raise BadRevocation(serial=self.serial, reason_zh=reason_zh, reason_en=reason_en)

    def body(self) -> dict[str, str]:
        """Everything but the signature."""
        return {
            "serial": self.serial,
            "issuer_node_id": self.issuer_node_id,
            "issuer_public_key": self.issuer_public_key,
            "revoked": self.revoked,
            "reason": self.reason,
        }

    def signed_bytes(self) -> bytes:
        return _REVOCATION_DOMAIN + canonical(self.body())

    def verify_signature(self) -> None:
        """Raise :class:`BadRevocation` unless the revoker's key signed this body."""
        if not _signature_ok(self.issuer_public_key, self.signed_bytes(), self.signature):
            raise BadRevocation(
                serial=self.serial,
                reason_zh="签名与内容不符",
                reason_en="the signature does not match the content",
            )

    def to_file_bytes(self) -> bytes:
        return _file_text(_REVOCATION, {**self.body(), "signature": self.signature}).encode()

    @classmethod
    def from_file_bytes(cls, data: bytes) -> Revocation:
        """Read a revocation file and check its signature."""
        fields = _strings(_read_file(data, _REVOCATION), _REVOCATION_FIELDS, (), _REVOCATION)
        revocation = cls(**fields)  # type: ignore[arg-type]  # all required text
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


def revoke(
    certificate: Certificate,
    revoker_identity: NodeIdentity,
    revoker_signer: Signer,
    *,
    revoked: str,
    reason: str,
    root_key: bytes | str | None = None,
) -> Revocation:
    """Revoke ``certificate``: its issuer may, and so may the root (pass ``root_key``)."""
    signer_key = _check_signer(revoker_identity, revoker_signer)
    root = key_hex(root_key) if root_key is not None else None
    if signer_key not in (certificate.issuer_public_key, root):
        issuer = _Issuer(
            label=f"{revoker_identity.name}（{revoker_identity.node_id}）",
            role=revoker_identity.role,
            city_code=revoker_identity.city_code,
            is_root=False,
        )
        raise _refusal(
            issuer,
            certificate.subject,
            "只有证书的签发者或省级信任根可以吊销证书",
            "only the certificate's issuer or the province trust root may revoke it",
        )
    unsigned = Revocation(
        serial=certificate.serial,
        issuer_node_id=revoker_identity.node_id,
        issuer_public_key=signer_key,
        revoked=revoked,
        reason=reason,
        signature="0" * 128,
    )
    signature = revoker_signer.sign(unsigned.signed_bytes()).hex()
    return dataclasses.replace(unsigned, signature=signature)


TrustItem = NodeCard | Certificate | Revocation
"""Anything ``regsync node trust`` installs."""


def read_trust_file(data: bytes) -> TrustItem:
    """Read a card, certificate or revocation file, whichever it is."""
    readers: dict[str, Callable[[bytes], TrustItem]] = {
        _CARD.type: NodeCard.from_file_bytes,
        _CERT.type: Certificate.from_file_bytes,
        _REVOCATION.type: Revocation.from_file_bytes,
    }
    return readers[file_type(data)](data)


# --- the trust store ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class TrustedNode:
    """The certified identity of a key, as :meth:`TrustStore.verify_chain` found it.

    ``chain`` lists certificate serials from this node's certificate up to the one the
    root signed; it is empty for a personal node trusted by its card
    (``certified`` false).
    """

    node_id: str
    role: Role
    name: str
    scope: str
    city_code: str | None
    uscc: str | None
    enterprise_number: str | None
    public_key: str
    certified: bool
    chain: tuple[str, ...]

    @classmethod
    def from_card(cls, card: NodeCard) -> TrustedNode:
        return cls(
            node_id=card.node_id,
            role=card.role,
            name=card.name,
            scope=card.scope,
            city_code=card.city_code,
            uscc=card.uscc,
            enterprise_number=None,
            public_key=card.public_key,
            certified=False,
            chain=(),
        )

    @classmethod
    def from_certificate(cls, cert: Certificate, parent: tuple[str, ...]) -> TrustedNode:
        base = cls.from_card(cert.subject)
        return dataclasses.replace(
            base,
            enterprise_number=cert.enterprise_number,
            certified=True,
            chain=(cert.serial, *parent),
        )


class TrustStore:
    """The pinned province root, certificates, revocations and trusted personal cards.

    Pure and in memory; :meth:`export` and :meth:`load` turn it into a list of file
    bytes and back, for the node's database.  Installing checks signatures and
    structure only: whether a chain reaches the root is decided by
    :meth:`verify_chain`, so certificates may be installed in any order.
    """

    def __init__(self, root_key: bytes | str) -> None:
        self._root = key_hex(root_key)
        self._certs: dict[str, Certificate] = {}
        self._by_key: dict[str, list[Certificate]] = {}
        self._revocations: dict[str, list[Revocation]] = {}
        self._cards: dict[str, NodeCard] = {}

    @classmethod
    def from_root_certificate(cls, data: bytes) -> TrustStore:
        """A store pinned to the self-signed province certificate of the province directory."""
        cert = Certificate.from_file_bytes(data)
        if not cert.self_signed or cert.subject.role is not Role.PROVINCE:
            raise _bad_certificate(
                cert,
                "不是省级自签名根证书",
                "it is not the province's self-signed root certificate",
            )
        store = cls(cert.subject.public_key)
        store.add(cert)
        return store

    @classmethod
    def load(cls, root_key: bytes | str, items: Iterable[bytes]) -> TrustStore:
        """A store from the pinned root and what :meth:`export` returned."""
        store = cls(root_key)
        for data in items:
            store.install(data)
        return store

    @property
    def root_key(self) -> bytes:
        return bytes.fromhex(self._root)

    def export(self) -> list[bytes]:
        """Every certificate, revocation and trusted card as file bytes, in a stable order."""
        certs = [self._certs[serial] for serial in sorted(self._certs)]
        revocations = sorted(
            (r for rs in self._revocations.values() for r in rs),
            key=lambda r: (r.serial, r.issuer_public_key, r.revoked),
        )
        cards = [self._cards[key] for key in sorted(self._cards)]
        items: list[TrustItem] = [*certs, *revocations, *cards]
        return [item.to_file_bytes() for item in items]

    def install(self, data: bytes) -> TrustItem:
        """Read and add a card, certificate or revocation file (``regsync node trust``)."""
        item = read_trust_file(data)
        self.add(item)
        return item

    def add(self, item: TrustItem) -> None:
        """Add an item after checking its signature; adding the same item again is a no-op."""
        if isinstance(item, Certificate):
            self._add_certificate(item)
        elif isinstance(item, Revocation):
            self._add_revocation(item)
        else:
            self._add_card(item)

    def forget_card(self, public_key: bytes | str) -> None:
        """Stop trusting a personal node's card (its certificates are unaffected)."""
        self._cards.pop(key_hex(public_key), None)

    def certificates(self) -> tuple[Certificate, ...]:
        return tuple(self._certs[serial] for serial in sorted(self._certs))

    def revocations(self) -> tuple[Revocation, ...]:
        return tuple(r for serial in sorted(self._revocations) for r in self._revocations[serial])

    def cards(self) -> tuple[NodeCard, ...]:
        return tuple(self._cards[key] for key in sorted(self._cards))

    def verify_chain(
        self, public_key: bytes | str, *, presented: Iterable[Certificate] = ()
    ) -> TrustedNode:
        """The certified identity of ``public_key``, or a typed :class:`TrustError`.

        ``presented`` certificates (for example those a peer sends with a bundle) are
        used for this check only, after their signatures are checked.
        """
        extra: dict[str, list[Certificate]] = {}
        for cert in presented:
            cert.verify_signature()
            extra.setdefault(cert.subject.public_key, []).append(cert)
        return _ChainWalker(self, extra).node(key_hex(public_key), ())

    def _add_certificate(self, cert: Certificate) -> None:
        cert.verify_signature()
        known = self._certs.get(cert.serial)
        if known == cert:
            return
        if known is not None:
            raise _bad_certificate(
                cert,
                "已导入另一份相同序列号的证书",
                "another certificate with this serial is installed",
            )
        self._certs[cert.serial] = cert
        self._by_key.setdefault(cert.subject.public_key, []).append(cert)

    def _add_revocation(self, revocation: Revocation) -> None:
        revocation.verify_signature()
        cert = self._certs.get(revocation.serial)
        if cert is not None and not self._may_revoke(revocation, cert):
            raise BadRevocation(
                serial=revocation.serial,
                reason_zh="签名者既不是证书签发者也不是省级信任根",
                reason_en="it is signed by neither the certificate's issuer nor the province root",
            )
        known = self._revocations.setdefault(revocation.serial, [])
        if revocation not in known:
            known.append(revocation)

    def _add_card(self, card: NodeCard) -> None:
        if card.role is not Role.PERSONAL:
            raise CardNotTrustable(
                role=card.role.value, role_zh=ROLE_ZH[card.role], node=card.label
            )
        known = self._cards.get(card.public_key)
        if known is None or _moment(known.created) < _moment(card.created):
            self._cards[card.public_key] = card

    def _may_revoke(self, revocation: Revocation, cert: Certificate) -> bool:
        return revocation.issuer_public_key in (cert.issuer_public_key, self._root)

    def _revocation_of(self, cert: Certificate) -> Revocation | None:
        """The earliest valid revocation of ``cert``, if any."""
        valid = [r for r in self._revocations.get(cert.serial, ()) if self._may_revoke(r, cert)]
        return min(valid, key=lambda r: _moment(r.revoked), default=None)


# Which failure to report when every certificate of a key fails: the most specific.
_PRIORITY: tuple[type[TrustError], ...] = (
    RevokedKey,
    NotAllowedToCertify,
    BadEnterpriseNumber,
    BadCertificate,
    UntrustedKey,
)


def _most_telling(failures: list[TrustError]) -> TrustError:
    for kind in _PRIORITY:
        for failure in failures:
            if isinstance(failure, kind):
                return failure
    return failures[0]


class _ChainWalker:
    """One :meth:`TrustStore.verify_chain` walk from a key up to the root."""

    def __init__(self, store: TrustStore, extra: dict[str, list[Certificate]]) -> None:
        self._store = store
        self._extra = extra

    def _certificates(self, key: str) -> list[Certificate]:
        """The key's certificates, newest first (the newest names the node best)."""
        found = {
            c.serial: c for c in (*self._store._by_key.get(key, ()), *self._extra.get(key, ()))
        }
        return sorted(found.values(), key=lambda c: (_moment(c.issued), c.serial), reverse=True)

    def node(self, key: str, below: tuple[str, ...]) -> TrustedNode:
        """The trusted identity of ``key``; ``below`` are the keys already on the walk."""
        if key in below or len(below) >= MAX_CHAIN:
            raise self._untrusted(
                key, "证书链成环或过长", "its certificate chain loops or is too long"
            )
        certs = self._certificates(key)
        for cert in certs:
            revocation = self._store._revocation_of(cert)
            if revocation is not None:
                raise RevokedKey(
                    key=fingerprint(key),
                    subject=cert.subject.label,
                    serial=cert.serial,
                    revoked=revocation.revoked,
                    reason=revocation.reason,
                )
        if not certs:
            card = self._store._cards.get(key)
            if card is not None:
                return TrustedNode.from_card(card)
            if key == self._store._root:
                raise self._untrusted(
                    key,
                    "这是省级信任根，但未导入其自签名根证书（随省级目录提供）",
                    "it is the province root, but its self-signed root certificate (shipped "
                    "with the province directory) is not installed",
                )
            raise self._untrusted(
                key, "没有该公钥的证书", "no certificate for this key is installed"
            )
        failures: list[TrustError] = []
        for cert in certs:
            try:
                return self._certified(cert, (*below, key))
            except TrustError as exc:
                failures.append(exc)
        raise _most_telling(failures)

    def _certified(self, cert: Certificate, below: tuple[str, ...]) -> TrustedNode:
        root = self._store._root
        if cert.self_signed:
            if cert.subject.public_key != root:
                raise self._untrusted(
                    cert.subject.public_key,
                    "自签名证书，但不是省级信任根",
                    "its certificate is self-signed but it is not the province root",
                )
            issuer = _Issuer(cert.subject.label, Role.PROVINCE, None, is_root=True)
            _check_self_signed(issuer, cert.subject, self_signed=True)
            _check_may_certify(issuer, cert.subject, cert.enterprise_number)
            return TrustedNode.from_certificate(cert, ())
        if cert.issuer_public_key == root:
            issuer = _Issuer(cert.issuer_node_id, Role.PROVINCE, None, is_root=True)
            parent: tuple[str, ...] = ()
        else:
            trusted = self.node(cert.issuer_public_key, below)
            if trusted.node_id != cert.issuer_node_id:
                raise _bad_certificate(
                    cert,
                    f"签发者编号 {cert.issuer_node_id} 与签发者证书中的 {trusted.node_id} 不符",
                    f"issuer id {cert.issuer_node_id} differs from {trusted.node_id} "
                    "in the issuer's certificate",
                )
            label = f"{trusted.name}（{trusted.node_id}）"
            issuer = _Issuer(label, trusted.role, trusted.city_code, is_root=False)
            parent = trusted.chain
        _check_may_certify(issuer, cert.subject, cert.enterprise_number)
        return TrustedNode.from_certificate(cert, parent)

    @staticmethod
    def _untrusted(key: str, reason_zh: str, reason_en: str) -> UntrustedKey:
        return UntrustedKey(key=fingerprint(key), reason_zh=reason_zh, reason_en=reason_en)
