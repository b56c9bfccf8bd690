"""Trust file formats and the helpers the trust modules share.

The constants (format version, size limit, signature domain tags, field patterns),
public keys as text (:func:`key_hex`, :func:`fingerprint`), checks of times and free
text, role names for messages, and the JSON layout of card, certificate and
revocation files (:class:`Kind`, :func:`file_text`, :func:`read_file`,
:func:`file_type`) described in :mod:`regsync.sync.trust.certificates`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import unicodedata
from typing import Any, Final

from regsync.core.model import Role
from regsync.sync.trust.errors import TrustFileError, UnsupportedTrustFileVersion, UntrustedKey

FORMAT_VERSION: Final = 1
"""The version of the card, certificate and revocation file formats."""

MAX_FILE_BYTES: Final = 64 * 1024
"""Trust files are a few hundred bytes; anything far larger is refused unread."""

CERT_DOMAIN: Final = b"regsync certificate v1\x00"
REVOCATION_DOMAIN: Final = b"regsync revocation v1\x00"
HANDOVER_DOMAIN: Final = b"regsync key handover v1\x00"

KEY_HEX = re.compile(r"[0-9a-f]{64}")
SIGNATURE_HEX = re.compile(r"[0-9a-f]{128}")
ULID = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")
# Node ids are ULIDs in practice; stream ids join them with "/", so no "/" here.
NODE_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
ENTERPRISE_NUMBER = re.compile(r"[0-9]{4}")
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
    if not KEY_HEX.fullmatch(text):
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


def moment(text: str) -> dt.datetime:
    """An ISO time of a card, certificate or revocation (validated on construction)."""
    return dt.datetime.fromisoformat(text)


def is_aware_iso(text: str) -> bool:
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return parsed.tzinfo is not None


# Control and format characters (bidi overrides among them) and line breaks have no
# place in a name or a reason; full-width spaces and the like are fine.
_BANNED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def is_text(value: str) -> bool:
    """Non-blank single-line text of sensible length (names, reasons)."""
    return (
        bool(value.strip())
        and len(value) <= _MAX_TEXT
        and not any(unicodedata.category(c) in _BANNED_CATEGORIES for c in value)
    )


@dataclasses.dataclass(frozen=True)
class Kind:
    """One kind of trust file: its ``type`` tag, body key and name for messages."""

    type: str
    body: str
    zh: str
    en: str

    def error(self, reason: str) -> TrustFileError:
        return TrustFileError(what=self.zh, what_en=self.en, reason=reason)


CARD = Kind("regsync-node-card", "card", "节点密钥卡", "node card")
CERT = Kind("regsync-certificate", "certificate", "节点证书", "node certificate")
REVOCATION = Kind("regsync-revocation", "revocation", "证书吊销文件", "certificate revocation")
HANDOVER = Kind("regsync-key-handover", "handover", "密钥交接文件", "key handover")
_KINDS = {kind.type: kind for kind in (CARD, CERT, REVOCATION, HANDOVER)}
_ANY = Kind(
    "",
    "",
    "节点密钥卡、节点证书、吊销通知或密钥交接文件",
    "card, certificate, revocation or key handover",
)


def file_text(kind: Kind, body: dict[str, Any]) -> str:
    doc = {"type": kind.type, "version": FORMAT_VERSION, kind.body: body}
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _parse_document(data: bytes, kind: Kind) -> tuple[str, dict[str, Any]]:
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


def read_file(data: bytes, kind: Kind) -> dict[str, Any]:
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
    if file_text(kind, body) != text:
        raise kind.error("the file was changed after it was written")
    return body


def strings(
    body: dict[str, Any], required: tuple[str, ...], optional: tuple[str, ...], kind: Kind
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
