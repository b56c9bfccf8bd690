"""Writing a bundle: one streaming pass into a temporary file, then an atomic rename.

The payload goes first (items → msgpack → zstd → optionally sealed → file, hashed and
counted on the way), so the header, which holds the counts, the payload length and
its digest, is written after it; the fixed-size prelude at offset 0 is filled in
last.  Nothing appears at the final path until the file is complete and synced: a
failure, an exception from the item iterator or a pulled USB stick leaves at most the
hidden temporary file, which is removed when the failure is a Python exception.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import importlib.metadata
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import msgpack
import zstandard
from nacl.exceptions import CryptoError
from nacl.signing import VerifyKey

from regsync.core.catalogue_reasons import reason_params, with_cause
from regsync.core.catalogue_sync import Label, label
from regsync.core.ports import Signer
from regsync.packages_bpz.errors import UnencodableItem
from regsync.packages_bpz.files import publish
from regsync.packages_bpz.header import BundleHeader, StreamRange
from regsync.packages_bpz.layout import (
    CHANGESET,
    PRELUDE_SIZE,
    ZSTD_LEVEL,
    MiB,
    pack_prelude,
    signing_input,
)
from regsync.packages_bpz.payload import change_count
from regsync.packages_bpz.sealing import Encryptor, new_sealed_key

PACK_BUFFER = 1 * MiB  # msgpack bytes gathered before each compressor call


@dataclasses.dataclass(frozen=True)
class BundleInfo:
    """What the caller says about a bundle; the writer adds the rest of the header.

    ``schema`` is the database schema revision the items follow; ``sender`` the
    sending node's id (its key comes from the signer); ``recipient`` the node the
    bundle is for (required when sealing); ``ranges`` the stream ranges carried, with
    their origins' signed heads; ``acks`` the version vector the sender
    acknowledges; ``certificates`` opaque certificate blobs that travel along.
    ``created`` (ISO text) defaults to now in UTC, ``writer`` to this regsync version.
    """

    schema: str
    sender: str
    kind: str = "changes"
    recipient: str | None = None
    ranges: Sequence[StreamRange] = ()
    acks: Mapping[str, int] = dataclasses.field(default_factory=dict)
    certificates: Sequence[bytes] = ()
    created: str = ""
    writer: str = ""


@dataclasses.dataclass
class _Stats:
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    changes: int = 0
    raw_length: int = 0


class _Sink:
    """The payload's way into the file: hashes and counts every byte."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh, self.sha, self.length = fh, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        if data:
            self.fh.write(data)
            self.sha.update(data)
            self.length += len(data)


def write_bundle(
    path: str | os.PathLike[str],
    items: Iterable[tuple[str, dict[str, Any]]],
    *,
    signer: Signer,
    info: BundleInfo,
    seal_to: bytes | None = None,
    durable: bool = True,
) -> BundleHeader:
    """Write ``items`` as a signed bundle at ``path`` atomically; return its header.

    ``items`` is consumed once, as a stream: ``(kind, map)`` pairs whose values are
    None, bool, int (64-bit), float, str, bytes, lists and str-keyed dicts (tuples
    come back as lists).  ``seal_to`` is the recipient's Ed25519 public key: the
    payload is then readable by the recipient only.  An existing file at ``path`` is
    replaced.  Raises :class:`UnencodableItem` for an item the format cannot carry
    and ``ValueError`` for an invalid ``info``.  ``durable=False`` skips the fsyncs,
    for a bundle that only lives until it is sent (a live-sync spool file): the
    rename still makes it appear whole or not at all.
    """
    target = Path(path)
    if seal_to is not None and info.recipient is None:
        raise ValueError("a sealed bundle needs info.recipient")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w+b") as fh:
            header = _write(fh, items, signer, info, seal_to)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        publish(Path(tmp), target, durable=durable)  # the rename, then the folder's fsync
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return header


def _write(
    fh: BinaryIO,
    items: Iterable[tuple[str, dict[str, Any]]],
    signer: Signer,
    info: BundleInfo,
    seal_to: bytes | None,
) -> BundleHeader:
    fh.write(bytes(PRELUDE_SIZE))  # filled in once the lengths are known
    sink = _Sink(fh)
    _header(info, signer.public_key(), None, _Stats(), sink).to_wire()  # check info first
    sealed_key = encryptor = None
    out: Callable[[bytes], None] = sink.write
    if seal_to is not None:
        key, sealed_key = new_sealed_key(seal_to)
        encryptor = Encryptor(key, sink.write)
        out = encryptor.write
    stats = _compress(items, out)
    if encryptor is not None:
        encryptor.close()
    header = _header(info, signer.public_key(), sealed_key, stats, sink)
    raw: bytes = msgpack.packb(header.to_wire(), use_bin_type=True)
    prelude = pack_prelude(len(raw), sink.length)
    signature = _sign(signer, signing_input(prelude, raw))
    fh.write(raw)
    fh.write(signature)
    fh.seek(0)
    fh.write(prelude)
    return dataclasses.replace(header, header_length=len(raw), signature=signature)


def _compress(items: Iterable[tuple[str, dict[str, Any]]], out: Callable[[bytes], None]) -> _Stats:
    compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL).compressobj()
    packer = msgpack.Packer(use_bin_type=True, datetime=False)
    stats, buffer = _Stats(), bytearray()
    for index, item in enumerate(items):
        kind, data = _checked(index, item)
        try:
            buffer += packer.pack((kind, data))
        except (TypeError, ValueError, OverflowError) as exc:
            raise _unencodable(index, with_cause(label("reason.bpz.unencodable"), exc)) from None
        stats.counts[kind] = stats.counts.get(kind, 0) + 1
        if kind == CHANGESET:
            stats.changes += _change_count(index, data)
        if len(buffer) >= PACK_BUFFER:
            stats.raw_length += len(buffer)
            out(compressor.compress(buffer))
            buffer.clear()
    stats.raw_length += len(buffer)
    out(compressor.compress(buffer))
    out(compressor.flush())
    return stats


def _checked(index: int, item: object) -> tuple[str, dict[str, Any]]:
    if not isinstance(item, tuple | list) or len(item) != 2:
        raise _unencodable(index, label("reason.bpz.item_pair"))
    kind, data = item
    if not isinstance(kind, str) or not kind or not isinstance(data, dict):
        raise _unencodable(index, label("reason.bpz.item_pair_types"))
    return kind, data


def _change_count(index: int, data: dict[str, Any]) -> int:
    count = change_count(data)
    if count is None:
        raise _unencodable(index, label("reason.bpz.changeset_needs"))
    return count


def _unencodable(index: int, detail: Label) -> UnencodableItem:
    return UnencodableItem(index=index, **reason_params(detail, "detail"))


def _header(
    info: BundleInfo, sender_key: bytes, sealed_key: bytes | None, stats: _Stats, sink: _Sink
) -> BundleHeader:
    return BundleHeader(
        schema=info.schema,
        writer=info.writer or _regsync_version(),
        bundle_id=os.urandom(16).hex(),
        kind=info.kind,
        created=info.created or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        sender=info.sender,
        sender_key=sender_key,
        recipient=info.recipient,
        sealed_key=sealed_key,
        ranges=tuple(info.ranges),
        acks=dict(info.acks),
        counts=stats.counts,
        changes=stats.changes,
        raw_length=stats.raw_length,
        payload_length=sink.length,
        payload_sha256=sink.sha.digest(),
        certificates=tuple(info.certificates),
    )


def _sign(signer: Signer, message: bytes) -> bytes:
    """The signer's signature, checked: a faulty card must not produce unreadable files."""
    signature = signer.sign(message)
    try:
        VerifyKey(signer.public_key()).verify(message, signature)
    except (CryptoError, ValueError, TypeError):
        raise ValueError("the signer's signature does not verify with its public key") from None
    return signature


@functools.cache  # reading the installed metadata costs ~5 ms, at every bundle written
def _regsync_version() -> str:
    try:
        return importlib.metadata.version("regsync")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
