"""Reading the payload in bounded memory: raw bytes, decryption, decompression, items.

Each stage is a generator over small chunks, so no stage ever holds more than one
chunk (or one item) however large the bundle is.  Decompression feeds the zstd
decoder at most ``FEED`` input bytes at a time, and fewer as the output nears its
limit: a zstd block needs at least 4 input bytes and yields at most 128 KiB, so one
call can never overshoot the limit by more than one block.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from typing import Any, BinaryIO, NoReturn

import msgpack
import zstandard

from regsync.core.catalogue_reasons import reason_params, with_cause
from regsync.core.catalogue_sync import Label, label
from regsync.packages_bpz.errors import (
    Corrupt,
    DecompressionBomb,
    MalformedPayload,
    TooLarge,
    Truncated,
)
from regsync.packages_bpz.header import BundleHeader
from regsync.packages_bpz.layout import CHANGESET, KiB, Limits, MiB

Item = tuple[str, dict[str, Any]]
"""One payload item: its kind (``"changeset"``, a snapshot kind, ...) and its map."""

READ_CHUNK = 1 * MiB  # raw payload bytes per read of an unsealed payload
FEED = 128  # compressed bytes per decoder call: at most 33 blocks, 4.1 MiB, of output
ZSTD_BLOCK_MAX = 128 * KiB
UNPACK_FEED = 1 * MiB  # decompressed bytes per Unpacker.feed


class RawPayload:
    """The payload bytes of an open bundle, hashed as they are read."""

    def __init__(self, fh: BinaryIO, header: BundleHeader, name: str) -> None:
        self._fh, self._header, self._name = fh, header, name
        self._left = header.payload_length
        self._sha = hashlib.sha256()
        fh.seek(header.payload_offset)

    def remaining(self) -> int:
        return self._left

    def read(self, size: int) -> bytes:
        """Up to ``size`` payload bytes; ``b""`` at the end of the payload."""
        want = min(size, self._left)
        data = self._fh.read(want)
        if len(data) != want:  # the file shrank after its size was checked
            raise Truncated(
                path=self._name,
                expected=self._header.file_size,
                actual=os.fstat(self._fh.fileno()).st_size,
            )
        self._left -= want
        self._sha.update(data)
        return data

    def chunks(self) -> Iterator[bytes]:
        return iter(lambda: self.read(READ_CHUNK), b"")

    def check_digest(self) -> None:
        """After the last read: the bytes read must be the ones the header signed."""
        if self._left or self._sha.digest() != self._header.payload_sha256:
            zh, en = label("bundle.digest_differs")
            raise Corrupt(path=self._name, detail_zh=zh, detail_en=en)


def verify_digest(fh: BinaryIO, header: BundleHeader, name: str) -> None:
    """One streaming pass over the raw payload bytes: :class:`Corrupt` on mismatch."""
    raw = RawPayload(fh, header, name)
    for _ in raw.chunks():
        pass
    raw.check_digest()


def _feed_size(room: int) -> int:
    """Input bytes that decode to at most ``room`` bytes plus one zstd block."""
    return max(1, min(FEED, (room // ZSTD_BLOCK_MAX) * 4))


def decompressed(
    chunks: Iterator[bytes], header: BundleHeader, limits: Limits, name: str
) -> Iterator[bytes]:
    """The decompressed stream of one zstd frame, never past ``header.raw_length``."""
    limit = header.raw_length
    decoder = zstandard.ZstdDecompressor(max_window_size=limits.max_window_bytes).decompressobj()
    total = 0
    for chunk in chunks:
        view, pos = memoryview(chunk), 0
        while pos < len(view):
            if decoder.eof:
                _malformed(name, label("reason.bpz.zstd_trailing"))
            step = _feed_size(limit - total)
            try:
                out = decoder.decompress(view[pos : pos + step])
            except zstandard.ZstdError as exc:
                _malformed(name, with_cause(label("reason.bpz.zstd_bad"), exc))
            pos += step
            total += len(out)
            if total > limit:
                raise DecompressionBomb(path=name, limit=limit, declared=header.raw_length)
            if out:
                yield out
    if decoder.unused_data:
        _malformed(name, label("reason.bpz.zstd_trailing"))
    if not decoder.eof or total != limit:
        _malformed(name, label("reason.bpz.zstd_short", total=total, limit=limit))


def items(
    chunks: Iterator[bytes], header: BundleHeader, limits: Limits, name: str
) -> Iterator[Item]:
    """The items of a decompressed msgpack stream, checked against the header's counts."""
    unpacker = msgpack.Unpacker(
        raw=False,
        use_list=True,
        strict_map_key=True,
        max_buffer_size=limits.max_item_bytes + UNPACK_FEED,  # room for one feed past an item
        max_array_len=limits.max_container_len,
        max_map_len=limits.max_container_len,
        max_ext_len=0,
        ext_hook=_no_ext,
    )
    counts: dict[str, int] = {}
    changes = fed = done = seen = 0
    for chunk in chunks:
        view = memoryview(chunk)
        for start in range(0, len(view), UNPACK_FEED):
            piece = view[start : start + UNPACK_FEED]
            try:
                unpacker.feed(piece)
            except msgpack.BufferFull:
                raise _item_too_large(name, limits.max_item_bytes) from None
            fed += len(piece)
            for obj in _unpack(unpacker, name):
                kind, data = _item(obj, name)
                done, seen = unpacker.tell(), seen + 1
                if seen > header.items:
                    _malformed(name, label("reason.bpz.too_many_items", count=header.items))
                counts[kind] = counts.get(kind, 0) + 1
                if kind == CHANGESET:
                    changes += _changes(data, name)
                yield kind, data
    if done != fed:
        _malformed(name, label("reason.bpz.item_cut"))
    if counts != dict(header.counts) or changes != header.changes:
        held = label(
            "reason.bpz.counts",
            items=sum(counts.values()),
            changes=changes,
            declared_items=sum(dict(header.counts).values()),
            declared_changes=header.changes,
        )
        # The kinds' own counts (code names): for the English reader only.
        _malformed(name, with_cause(held, f"{counts}, not {dict(header.counts)}"))


def _unpack(unpacker: msgpack.Unpacker, name: str) -> Iterator[Any]:
    while True:
        try:
            obj = unpacker.unpack()
        except msgpack.OutOfData:
            return
        except (ValueError, TypeError, msgpack.UnpackException) as exc:
            _malformed(name, with_cause(label("reason.bpz.item_decode"), exc))
        yield obj


def _item(obj: Any, name: str) -> Item:
    if (
        type(obj) is not list
        or len(obj) != 2
        or type(obj[0]) is not str
        or type(obj[1]) is not dict
    ):
        _malformed(name, label("reason.bpz.item_form"))
    return obj[0], obj[1]


def _changes(data: dict[str, Any], name: str) -> int:
    count = change_count(data)
    if count is None:
        _malformed(name, label("reason.bpz.changeset_form"))
    return count


def change_count(data: dict[str, Any]) -> int | None:
    """The changes a changeset item declares (None: not a changeset item's form).

    The body as text (format 2) comes with its count, which the sync layer checks
    against the text when it parses it; a body map (format 1) is counted here.
    """
    body = data.get("body")
    if type(body) is str:
        count = data.get("changes")
        return count if type(count) is int and count >= 0 else None
    changes = body.get("changes") if type(body) is dict else None
    return len(changes) if type(changes) is list else None


def _item_too_large(name: str, limit: int) -> TooLarge:
    zh, en = label("bundle.what.item")
    return TooLarge(path=name, what_zh=zh, what_en=en, size=f">{limit}", limit=limit)


def _no_ext(code: int, data: bytes) -> NoReturn:
    raise ValueError(f"msgpack extension type {code} is not allowed")


def _malformed(name: str, detail: Label) -> NoReturn:
    raise MalformedPayload(path=name, **reason_params(detail, "detail"))
