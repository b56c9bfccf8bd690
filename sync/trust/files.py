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
from collections.abc import Iterable
from typing import Any, Final

from regsync.core.catalogue_sync import Label, joined, role_label, trust_field
from regsync.core.catalogue_sync import label as pair
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


def key_hex(public_key: bytes | str) -> str:
    """A public key as 64 lowercase hex characters (from raw bytes or hex text)."""
    text = public_key.hex() if isinstance(public_key, bytes) else public_key.lower()
    if not KEY_HEX.fullmatch(text):
        raise UntrustedKey(
            key=str(public_key)[:32],
            **_reason("trust.key.not_a_key"),
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

    def error(self, msgid: str, **params: object) -> TrustFileError:
        """The file is not a valid one of this kind: the catalogue's reason ``msgid``."""
        return TrustFileError(what=self.zh, what_en=self.en, **_reason(msgid, **params))


def _reason(msgid: str, **params: object) -> dict[str, str]:
    """An error's ``reason_zh`` and ``reason_en``: the catalogue message ``msgid``."""
    zh, en = pair(msgid, **params)
    return {"reason_zh": zh, "reason_en": en}


def role_zh(role: Role) -> str:
    """A node's role in Chinese (个人版, 企业, 市级, 省级), from the catalogue."""
    return role_label(role.value).zh


CARD = Kind("regsync-node-card", "card", *pair("trust.kind.card"))
CERT = Kind("regsync-certificate", "certificate", *pair("trust.kind.certificate"))
REVOCATION = Kind("regsync-revocation", "revocation", *pair("trust.kind.revocation"))
HANDOVER = Kind("regsync-key-handover", "handover", *pair("trust.kind.handover"))
_KINDS = {kind.type: kind for kind in (CARD, CERT, REVOCATION, HANDOVER)}
_ANY = Kind("", "", *pair("trust.kind.any"))


def file_text(kind: Kind, body: dict[str, Any]) -> str:
    doc = {"type": kind.type, "version": FORMAT_VERSION, kind.body: body}
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _parse_document(data: bytes, kind: Kind) -> tuple[str, dict[str, Any]]:
    """The text and JSON object of a trust file, before any check of its content."""
    if len(data) > MAX_FILE_BYTES:
        raise kind.error("trust.file.too_large", size=len(data))
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8").replace("\r\n", "\n")
        doc = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise kind.error("trust.file.not_json", error=type(exc).__name__) from None
    if not isinstance(doc, dict):
        raise kind.error("trust.file.not_object")
    return text, doc


def read_file(data: bytes, kind: Kind) -> dict[str, Any]:
    """The body of a trust file of ``kind``, refusing any other type, version or layout."""
    text, doc = _parse_document(data, kind)
    found = doc.get("type")
    if found != kind.type:
        raise kind.error(
            "trust.file.wrong_type", found=_kind_of(found), expected=Label(kind.zh, kind.en)
        )
    version = doc.get("version")
    if type(version) is not int:
        raise kind.error("trust.file.no_version")
    if version != FORMAT_VERSION:
        raise UnsupportedTrustFileVersion(
            what=kind.zh, what_en=kind.en, version=version, supported=FORMAT_VERSION
        )
    body = doc.get(kind.body)
    if set(doc) != {"type", "version", kind.body} or not isinstance(body, dict):
        raise kind.error("trust.file.layout", body=Label(kind.zh, kind.en))
    if file_text(kind, body) != text:
        raise kind.error("trust.file.edited")
    return body


def strings(
    body: dict[str, Any], required: tuple[str, ...], optional: tuple[str, ...], kind: Kind
) -> dict[str, str | None]:
    """The text fields of a body: exactly these keys, text (or null where optional)."""
    expected = set(required) | set(optional)
    if set(body) != expected:
        raise kind.error("trust.file.fields", fields=field_list(expected))
    out: dict[str, str | None] = {}
    for name, value in body.items():
        if not (isinstance(value, str) or (value is None and name in optional)):
            raise kind.error("trust.file.field_type", field=trust_field(name))
        out[name] = value
    return out


def file_type(data: bytes) -> str:
    """The ``type`` tag of a trust file (``regsync-node-card`` ...), checked to be known."""
    _, doc = _parse_document(data, _ANY)
    found = doc.get("type")
    if not isinstance(found, str) or found not in _KINDS:
        raise _ANY.error(
            "trust.file.unknown_type",
            found=repr(found),
            expected=joined([Label(k.zh, k.en) for k in _KINDS.values()]),
        )
    return found


def field_list(names: Iterable[str]) -> Label:
    """The names of a trust file's fields, listed in each language."""
    return joined([trust_field(name) for name in sorted(names)])


def _kind_of(found: object) -> Label:
    """A trust file's ``type`` tag in words (a foreign tag as it is)."""
    kind = _KINDS.get(found) if isinstance(found, str) else None
    return Label(kind.zh, kind.en) if kind is not None else Label(repr(found), repr(found))
