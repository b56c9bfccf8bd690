"""The signed header: its fields, their wire form (a msgpack map) and their validation.

The header is encoded as one canonical msgpack map (keys in the order of
``HEADER_KEYS``, shortest encodings, ``bin`` for bytes); a reader refuses any other
key set, type or length.  Validation raises ``ValueError``; the reader turns that into
:class:`MalformedHeader`, the writer lets it through (the caller built a bad header).
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from typing import Any

from regsync.packages_bpz.layout import (
    FORMAT_VERSION,
    HASH_SIZE,
    KEY_SIZE,
    PRELUDE_SIZE,
    SEALED_KEY_SIZE,
    SIGNATURE_SIZE,
    hash_bytes,
    head_message,
)

HEADER_KEYS = (
    "schema", "writer", "bundle_id", "kind", "created", "sender", "sender_key",
    "recipient", "sealed_key", "ranges", "acks", "counts", "changes", "raw_length",
    "payload_length", "payload_sha256", "certificates",
)  # fmt: skip
RANGE_KEYS = (
    "stream", "origin", "scope", "first_seq", "last_seq", "prev_hash", "head_hash",
    "head_sig", "head_signer",
)  # fmt: skip
_MAX_INT = 2**63 - 1


class _Fields:
    """Typed access to one decoded msgpack map with exactly the expected keys."""

    def __init__(self, data: object, where: str, keys: tuple[str, ...]) -> None:
        if type(data) is not dict:
            raise ValueError(f"{where} is not a map")
        if list(data) != list(keys):
            raise ValueError(f"{where} has keys {list(data)}, expected {list(keys)}")
        self.data: dict[str, Any] = data
        self.where = where

    def _fail(self, key: str, expected: str) -> ValueError:
        return ValueError(f"{self.where}.{key} is not {expected}")

    def text(self, key: str) -> str:
        value = self.data[key]
        if type(value) is not str or not value:
            raise self._fail(key, "non-empty text")
        return value

    def opt_text(self, key: str) -> str | None:
        return None if self.data[key] is None else self.text(key)

    def count(self, key: str, minimum: int = 0) -> int:
        value = self.data[key]
        if type(value) is not int or not minimum <= value <= _MAX_INT:
            raise self._fail(key, f"an integer >= {minimum}")
        return value

    def blob(self, key: str, size: int) -> bytes:
        value = self.data[key]
        if type(value) is not bytes or len(value) != size:
            raise self._fail(key, f"{size} bytes")
        return value

    def opt_blob(self, key: str, size: int) -> bytes | None:
        return None if self.data[key] is None else self.blob(key, size)

    def blobs(self, key: str) -> tuple[bytes, ...]:
        value = self.data[key]
        if type(value) is not list or any(type(item) is not bytes for item in value):
            raise self._fail(key, "a list of byte strings")
        return tuple(value)

    def counts(self, key: str) -> Mapping[str, int]:
        value = self.data[key]
        if type(value) is not dict or any(
            type(k) is not str or not k or type(v) is not int or not 0 <= v <= _MAX_INT
            for k, v in value.items()
        ):
            raise self._fail(key, "a map of text to integers >= 0")
        return types.MappingProxyType(dict(value))


@dataclasses.dataclass(frozen=True)
class StreamRange:
    """The changesets ``first_seq..last_seq`` of one stream carried by a bundle.

    ``prev_hash`` is the hash of changeset ``first_seq - 1`` (``"0" * 64`` when
    ``first_seq`` is 1): what the receiver must already hold.  ``head_sig`` is the
    origin's Ed25519 signature of :func:`head_message` ``(stream, last_seq,
    head_hash)`` by ``head_signer``; whether that key is the origin's certified key is
    for the caller to decide.
    """

    stream: str
    origin: str
    scope: str
    first_seq: int
    last_seq: int
    prev_hash: str
    head_hash: str
    head_sig: bytes
    head_signer: bytes

    def head_message(self) -> bytes:
        return head_message(self.stream, self.last_seq, self.head_hash)

    def to_wire(self) -> dict[str, Any]:
        wire = dataclasses.asdict(self)
        wire["prev_hash"] = hash_bytes(self.prev_hash)
        wire["head_hash"] = hash_bytes(self.head_hash)
        StreamRange.from_wire(wire, "range")  # emit only what a reader accepts
        return wire

    @classmethod
    def from_wire(cls, data: object, where: str) -> StreamRange:
        f = _Fields(data, where, RANGE_KEYS)
        first, last = f.count("first_seq", 1), f.count("last_seq", 1)
        if first > last:
            raise ValueError(f"{where}: first_seq {first} > last_seq {last}")
        return cls(
            stream=f.text("stream"),
            origin=f.text("origin"),
            scope=f.text("scope"),
            first_seq=first,
            last_seq=last,
            prev_hash=f.blob("prev_hash", HASH_SIZE).hex(),
            head_hash=f.blob("head_hash", HASH_SIZE).hex(),
            head_sig=f.blob("head_sig", SIGNATURE_SIZE),
            head_signer=f.blob("head_signer", KEY_SIZE),
        )


@dataclasses.dataclass(frozen=True)
class BundleHeader:
    """Everything a bundle says about itself, as verified by ``read_header``.

    ``sender_key`` signed the bundle; trusting it (certificates, the expected peer)
    is the caller's decision.  ``counts`` maps each item kind to its number of items
    and ``changes`` is the number of changes in the ``"changeset"`` items.
    ``payload_sha256`` is the digest of the payload bytes as stored (compressed and,
    when ``sealed``, encrypted).  ``header_length`` and ``signature`` describe the
    file and are not part of the encoded header.
    """

    schema: str
    writer: str
    bundle_id: str
    kind: str
    created: str
    sender: str
    sender_key: bytes
    recipient: str | None
    sealed_key: bytes | None
    ranges: tuple[StreamRange, ...]
    acks: Mapping[str, int]
    counts: Mapping[str, int]
    changes: int
    raw_length: int
    payload_length: int
    payload_sha256: bytes
    certificates: tuple[bytes, ...]
    format_version: int = FORMAT_VERSION
    header_length: int = 0
    signature: bytes = b""

    @property
    def sealed(self) -> bool:
        return self.sealed_key is not None

    @property
    def items(self) -> int:
        return sum(self.counts.values())

    @property
    def payload_offset(self) -> int:
        return PRELUDE_SIZE

    @property
    def file_size(self) -> int:
        return PRELUDE_SIZE + self.payload_length + self.header_length + SIGNATURE_SIZE

    def to_wire(self) -> dict[str, Any]:
        wire = {key: getattr(self, key) for key in HEADER_KEYS}
        wire["ranges"] = [r.to_wire() for r in self.ranges]
        wire["acks"] = dict(self.acks)
        wire["counts"] = dict(self.counts)
        wire["certificates"] = list(self.certificates)
        BundleHeader.from_wire(wire)  # emit only what a reader accepts
        return wire

    @classmethod
    def from_wire(cls, data: object) -> BundleHeader:
        f = _Fields(data, "header", HEADER_KEYS)
        bundle_id = f.text("bundle_id")
        if len(bundle_id) != 32 or bundle_id.strip("0123456789abcdef"):
            raise ValueError("header.bundle_id is not 32 lowercase hex digits")
        recipient, sealed_key = f.opt_text("recipient"), f.opt_blob("sealed_key", SEALED_KEY_SIZE)
        if sealed_key is not None and recipient is None:
            raise ValueError("header.sealed_key is set but header.recipient is not")
        ranges = tuple(
            StreamRange.from_wire(item, f"header.ranges[{i}]")
            for i, item in enumerate(_list(f.data["ranges"], "header.ranges"))
        )
        if len({r.stream for r in ranges}) != len(ranges):
            raise ValueError("header.ranges names a stream twice")
        return cls(
            schema=f.text("schema"),
            writer=f.text("writer"),
            bundle_id=bundle_id,
            kind=f.text("kind"),
            created=f.text("created"),
            sender=f.text("sender"),
            sender_key=f.blob("sender_key", KEY_SIZE),
            recipient=recipient,
            sealed_key=sealed_key,
            ranges=ranges,
            acks=f.counts("acks"),
            counts=f.counts("counts"),
            changes=f.count("changes"),
            raw_length=f.count("raw_length"),
            payload_length=f.count("payload_length"),
            payload_sha256=f.blob("payload_sha256", HASH_SIZE),
            certificates=f.blobs("certificates"),
        )


def _list(value: object, where: str) -> list[Any]:
    if type(value) is not list:
        raise ValueError(f"{where} is not a list")
    return value
