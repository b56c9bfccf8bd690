"""The fixed parts of a .bpz file: magic, prelude, signing inputs, chunk sizes, limits.

``docs/bpz-format.md`` is the byte-by-byte specification; every constant here is
named there, and ``tests/test_bpz_spec.py`` parses a bundle by the spec alone.

File layout (all integers big-endian)::

    offset        size  field
    0             8     MAGIC  89 42 50 5A 0D 0A 1A 0A   ("\\x89BPZ\\r\\n\\x1a\\n")
    8             2     format version (u16) = 2 (a reader takes 1 and 2)
    10            2     reserved (u16) = 0
    12            4     header length H (u32)
    16            8     payload length P (u64)
    24            P     payload (zstd frame of msgpack items; sealed: secretstream)
    24+P          H     header (canonical msgpack map)
    24+P+H        64    Ed25519 signature of SIGN_DOMAIN + bytes 0..23 + header
    24+P+H+64           end of file
"""

from __future__ import annotations

import dataclasses
import re
import struct

MAGIC = b"\x89BPZ\r\n\x1a\n"
FORMAT_VERSION = 2
"""The version regsync writes: 2 ships a changeset's body as its canonical JSON text."""
READABLE_VERSIONS = (1, 2)
"""The versions a reader takes: 1 shipped bodies as msgpack maps (still read)."""
PRELUDE = struct.Struct(">8sHHIQ")
PRELUDE_SIZE = PRELUDE.size  # 24
SIGNATURE_SIZE = 64
KEY_SIZE = 32
HASH_SIZE = 32
SEALED_KEY_SIZE = 80  # crypto_box_SEALBYTES (48) + the 32-byte symmetric key

SIGN_DOMAIN = b"regsync-bpz-sig1"  # 16 bytes, prefixes the bundle signing input
HEAD_DOMAIN = b"regsync-bpz-head"  # 16 bytes, prefixes a stream head message

ZSTD_LEVEL = 3
SEAL_CHUNK = 65536  # plaintext bytes per secretstream message (the last is shorter)
SEAL_ABYTES = 17  # crypto_secretstream_xchacha20poly1305_ABYTES
SEAL_HEADER = 24  # crypto_secretstream_xchacha20poly1305_HEADERBYTES
SEALED_CHUNK = SEAL_CHUNK + SEAL_ABYTES

CHANGESET = "changeset"
"""Item kind of a changeset: ``{"body": "<canonical JSON text>", "hash": "<hex>",
"changes": N}`` (version 1: ``{"body": {..., "changes": [...]}, "hash": "<hex>"}``)."""

_HEX64 = re.compile(r"[0-9a-f]{64}")

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB


@dataclasses.dataclass(frozen=True)
class Limits:
    """Caps a reader enforces before and while reading; the defaults fit real bundles.

    A bundle over any cap is refused with :class:`TooLarge` (or
    :class:`DecompressionBomb`) before memory grows past the cap.
    """

    max_file_bytes: int = 4 * GiB
    max_header_bytes: int = 16 * MiB
    max_raw_bytes: int = 8 * GiB  # the decompressed msgpack stream
    max_item_bytes: int = 64 * MiB  # one encoded item
    max_items: int = 50_000_000
    max_container_len: int = 4_000_000  # entries of one msgpack array or map
    max_window_bytes: int = 8 * MiB  # zstd window the decoder may allocate


DEFAULT_LIMITS = Limits()


def pack_prelude(header_length: int, payload_length: int) -> bytes:
    return PRELUDE.pack(MAGIC, FORMAT_VERSION, 0, header_length, payload_length)


def signing_input(prelude: bytes, header: bytes) -> bytes:
    """What the sender signs: the domain, the 24-byte prelude and the header bytes.

    The prelude holds the header and payload lengths and the header holds the
    payload length and SHA-256, so the signature covers every length field.
    """
    return SIGN_DOMAIN + prelude + header


def hash_bytes(hex_hash: str) -> bytes:
    """The 32 bytes of a lowercase 64-hex hash; ``ValueError`` for any other text."""
    if not isinstance(hex_hash, str) or not _HEX64.fullmatch(hex_hash):
        raise ValueError(f"not a lowercase 64-hex hash: {hex_hash!r}")
    return bytes.fromhex(hex_hash)


def head_message(stream: str, seq: int, head_hash: str) -> bytes:
    """The bytes an origin signs for its stream head ``(stream, seq, head_hash)``.

    ``HEAD_DOMAIN || u32 len(stream) || stream (UTF-8) || u64 seq || 32-byte hash``.
    """
    if not 0 <= seq < 2**64:
        raise ValueError(f"sequence number out of range: {seq}")
    name = stream.encode("utf-8")
    return (
        HEAD_DOMAIN
        + struct.pack(">I", len(name))
        + name
        + struct.pack(">Q", seq)
        + hash_bytes(head_hash)
    )


def key_id(key: bytes) -> str:
    """A short printable id of a public key for messages: its first 8 bytes in hex."""
    return key[:8].hex()
