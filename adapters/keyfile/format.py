"""The passphrase-protected key file, format version 1.

A UTF-8 JSON document (sorted keys, two-space indentation)::

    {
      "ciphertext": "<hex: 24-byte nonce + SecretBox of the 32-byte Ed25519 seed>",
      "cipher": "xsalsa20poly1305",
      "kdf": {"algorithm": "argon2id", "memlimit": <bytes>, "opslimit": <passes>,
              "salt": "<hex, 16 bytes>"},
      "public_key": "<hex, 32 bytes>",
      "type": "regsync-key",
      "version": 1
    }

The box key is ``argon2id.kdf(32, passphrase, salt, opslimit, memlimit)`` with the
passphrase NFC-normalised and UTF-8 encoded (an input method may produce either
form of the same Chinese text).  The public key is kept in clear so that a node can
show its key without the passphrase; opening checks it against the decrypted seed.
Limits are recorded per file, so stronger defaults later do not break old files.
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from typing import Any, Final

from nacl.pwhash import argon2id

from regsync.core.catalogue import has
from regsync.core.catalogue_reasons import with_cause
from regsync.core.catalogue_sync import Label, label

KEY_FILE_TYPE: Final = "regsync-key"
KEY_FILE_VERSION: Final = 1
CIPHER: Final = "xsalsa20poly1305"
KDF: Final = "argon2id"
MAX_KEY_FILE_BYTES: Final = 64 * 1024

SEED_BYTES: Final = 32
# SecretBox output: 24-byte nonce, 16-byte authenticator, then the 32-byte seed.
CIPHERTEXT_BYTES: Final = 24 + 16 + SEED_BYTES

_HEX = re.compile(r"[0-9a-f]*")


@dataclasses.dataclass(frozen=True)
class KdfLimits:
    """Argon2id cost: passes over memory (``opslimit``) and memory in bytes."""

    opslimit: int
    memlimit: int

    def is_sane(self) -> bool:
        """Within libsodium's minimum and the 'sensitive' preset.

        A file asking for more is refused as damaged rather than allowed to make
        the opening PC allocate gigabytes.
        """
        return (
            argon2id.OPSLIMIT_MIN <= self.opslimit <= argon2id.OPSLIMIT_SENSITIVE
            and argon2id.MEMLIMIT_MIN <= self.memlimit <= argon2id.MEMLIMIT_SENSITIVE
        )


KDF_MODERATE: Final = KdfLimits(argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE)
"""For real key files: about a second and 256 MiB on an office PC."""

KDF_INTERACTIVE: Final = KdfLimits(argon2id.OPSLIMIT_INTERACTIVE, argon2id.MEMLIMIT_INTERACTIVE)
"""Faster (64 MiB); for weak machines."""

KDF_MIN: Final = KdfLimits(argon2id.OPSLIMIT_MIN, argon2id.MEMLIMIT_MIN)
"""Almost no protection; for tests only."""


def derive_box_key(passphrase: str, salt: bytes, limits: KdfLimits) -> bytes:
    """The SecretBox key for ``passphrase`` (NFC-normalised, UTF-8)."""
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return argon2id.kdf(32, secret, salt, opslimit=limits.opslimit, memlimit=limits.memlimit)


@dataclasses.dataclass(frozen=True)
class SealedKey:
    """The parsed content of a key file (nothing secret in clear)."""

    public_key: bytes
    salt: bytes
    limits: KdfLimits
    ciphertext: bytes

    def to_bytes(self) -> bytes:
        doc = {
            "type": KEY_FILE_TYPE,
            "version": KEY_FILE_VERSION,
            "public_key": self.public_key.hex(),
            "kdf": {
                "algorithm": KDF,
                "opslimit": self.limits.opslimit,
                "memlimit": self.limits.memlimit,
                "salt": self.salt.hex(),
            },
            "cipher": CIPHER,
            "ciphertext": self.ciphertext.hex(),
        }
        return (json.dumps(doc, sort_keys=True, indent=2) + "\n").encode()


class FormatProblem(Exception):
    """Why bytes are not a key file; the signer turns it into a typed error with the path."""

    def __init__(self, reason: Label, *, version: int | None = None, legacy: bool = False) -> None:
        super().__init__(reason.en)
        self.reason = reason
        self.version = version
        self.legacy = legacy


def _field(name: str) -> Label:
    """A key file's field (公钥, 盐值 ...) in each language."""
    key = f"reason.keyfile.field.{name}"
    return label(key) if has(key) else label("reason.keyfile.field.other", name=name)


def _hex_field(doc: dict[str, Any], name: str, size: int) -> bytes:
    value = doc.get(name)
    if not isinstance(value, str) or len(value) != 2 * size or not _HEX.fullmatch(value):
        raise FormatProblem(label("reason.keyfile.hex_field", field=_field(name), size=size))
    return bytes.fromhex(value)


def _whole(value: object) -> int | None:
    return value if type(value) is int else None


def parse_key_file(data: bytes) -> SealedKey:
    """Parse key-file bytes, or raise :class:`FormatProblem` saying why not."""
    if len(data) > MAX_KEY_FILE_BYTES:
        raise FormatProblem(label("reason.keyfile.too_large"))
    text = data.strip()
    if len(text) == 2 * SEED_BYTES and _HEX.fullmatch(text.decode("ascii", "replace")):
        raise FormatProblem(label("reason.keyfile.legacy"), legacy=True)
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise FormatProblem(label("reason.keyfile.not_text")) from None
    if not isinstance(doc, dict) or doc.get("type") != KEY_FILE_TYPE:
        raise FormatProblem(with_cause(label("reason.keyfile.not_type"), KEY_FILE_TYPE))
    version = _whole(doc.get("version"))
    if version is None:
        raise FormatProblem(label("reason.keyfile.no_version"))
    if version != KEY_FILE_VERSION:
        raise FormatProblem(label("reason.keyfile.unsupported_version"), version=version)
    kdf = doc.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("algorithm") != KDF or doc.get("cipher") != CIPHER:
        expected = f"expected {KDF} and {CIPHER}"
        raise FormatProblem(with_cause(label("reason.keyfile.algorithms"), expected))
    ops, mem = _whole(kdf.get("opslimit")), _whole(kdf.get("memlimit"))
    limits = KdfLimits(ops, mem) if ops is not None and mem is not None else None
    if limits is None or not limits.is_sane():
        raise FormatProblem(label("reason.keyfile.kdf_limits"))
    return SealedKey(
        public_key=_hex_field(doc, "public_key", 32),
        salt=_hex_field(kdf, "salt", argon2id.SALTBYTES),
        limits=limits,
        ciphertext=_hex_field(doc, "ciphertext", CIPHERTEXT_BYTES),
    )
