"""Oversize bundles and decompression bombs are refused before memory grows past a cap."""

from __future__ import annotations

import os
import struct
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgpack
import pytest
import zstandard

from regsync.packages_bpz import (
    DEFAULT_LIMITS,
    MAGIC,
    BundleError,
    BundleInfo,
    DecompressionBomb,
    Limits,
    MalformedHeader,
    MalformedPayload,
    TooLarge,
    Truncated,
    UnsupportedVersion,
    iter_items,
    read_header,
    write_bundle,
)
from regsync.packages_bpz.testing import KeySigner, forge_bundle, sample_changesets

SIGNER = KeySigner()
MiB = 1024 * 1024


def zstd(*pieces: bytes, zeros: int = 0, **params: Any) -> bytes:
    """One zstd frame of ``pieces`` followed by ``zeros`` zero bytes, built in 1 MiB steps."""
    compression = zstandard.ZstdCompressionParameters.from_level(3, **params)
    compressor = zstandard.ZstdCompressor(compression_params=compression).compressobj()
    out = [compressor.compress(piece) for piece in pieces]
    block = bytes(MiB)
    for _ in range(zeros // MiB):
        out.append(compressor.compress(block))
    out.append(compressor.flush())
    return b"".join(out)


def peak_while(action: Callable[[], object]) -> int:
    """Peak Python heap growth (bytes) while ``action`` runs."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        action()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def read_all(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    header = read_header(path, limits=limits)
    for _ in iter_items(path, header, limits=limits):
        pass


# A msgpack bin32 header announcing a 4 GiB item, then 256 MiB of zeros: ~8 KiB on disk.
BOMB_PREFIX = b"\xc6" + struct.pack(">I", 2**32 - 1)
BOMB_SIZE = 256 * MiB


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zstd(BOMB_PREFIX, zeros=BOMB_SIZE)


def test_bomb_with_an_honest_header_is_refused_before_decompressing(
    tmp_path: Path, bomb: bytes
) -> None:
    path = tmp_path / "bomb.bpz"
    forge_bundle(path, bomb, SIGNER, raw_length=5 + BOMB_SIZE, counts={"row": 1})
    assert path.stat().st_size < 64 * 1024
    limits = Limits(max_raw_bytes=32 * MiB)
    with pytest.raises(DecompressionBomb) as refused:
        read_all(path, limits)
    assert "32 MiB" not in refused.value.message("en")  # plain byte counts
    assert str(32 * MiB) in refused.value.message("zh")


def test_bomb_with_a_lying_header_stops_at_the_declared_size(tmp_path: Path, bomb: bytes) -> None:
    path = tmp_path / "bomb.bpz"
    forge_bundle(path, bomb, SIGNER, raw_length=1 * MiB, counts={"row": 1})

    def expect_bomb() -> None:
        with pytest.raises(DecompressionBomb):
            read_all(path)

    # The declared 1 MiB (held by the item buffer) and at most one zstd block (128 KiB)
    # more; the whole bomb would be 256 MiB.
    assert peak_while(expect_bomb) < 4 * MiB


def test_bomb_past_the_item_cap_is_refused(tmp_path: Path, bomb: bytes) -> None:
    path = tmp_path / "bomb.bpz"
    forge_bundle(path, bomb, SIGNER, raw_length=5 + BOMB_SIZE, counts={"row": 1})
    limits = Limits(max_item_bytes=2 * MiB)

    def expect_too_large() -> None:
        with pytest.raises(TooLarge):
            read_all(path, limits)

    # The item buffer (2 MiB + one 1 MiB feed, grown by doubling) and one decoder
    # call's output (<= 4.1 MiB); the whole bomb would be 256 MiB.
    assert peak_while(expect_too_large) < 12 * MiB


def test_a_huge_zstd_window_is_refused(tmp_path: Path) -> None:
    item = msgpack.packb(["row", {"x": "y" * 100}])
    payload = zstd(item, window_log=27)
    path = tmp_path / "window.bpz"
    forge_bundle(path, payload, SIGNER, raw_length=len(item), counts={"row": 1})
    with pytest.raises(MalformedPayload, match="memory"):
        read_all(path)


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.bpz"
    with path.open("wb") as fh:  # a sparse 5 GiB file with a plausible prelude
        fh.write(struct.pack(">8sHHIQ", MAGIC, 1, 0, 100, 5 * 1024 * MiB))
        fh.truncate(5 * 1024 * MiB)
    started = time.monotonic()
    with pytest.raises(TooLarge) as refused:
        read_all(path)
    assert time.monotonic() - started < 1
    assert "file size" in refused.value.message("en")
    small = tmp_path / "small.bpz"
    write_bundle(small, sample_changesets(200), signer=SIGNER, info=BundleInfo("0002", "A"))
    with pytest.raises(TooLarge):
        read_all(small, Limits(max_file_bytes=1000))


def test_oversize_header_is_refused_before_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "x.bpz"
    path.write_bytes(struct.pack(">8sHHIQ", MAGIC, 1, 0, 17 * MiB, 0) + bytes(100))
    with pytest.raises(TooLarge, match="header"):
        read_header(path)


def test_too_many_items_are_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "x.bpz"
    write_bundle(path, sample_changesets(100), signer=SIGNER, info=BundleInfo("0002", "A"))
    with pytest.raises(TooLarge, match="number of items"):
        read_all(path, Limits(max_items=10))


def test_an_item_over_the_item_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.bpz"
    big = [("row", {"n": 1}), ("row", {"text": "长" * MiB})]
    write_bundle(path, big, signer=SIGNER, info=BundleInfo("0002", "A"))
    read_all(path, Limits(max_item_bytes=4 * MiB))
    with pytest.raises(TooLarge, match="one item"):
        read_all(path, Limits(max_item_bytes=1 * MiB))


def test_long_containers_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.bpz"
    write_bundle(
        path, [("row", {"list": list(range(100))})], signer=SIGNER, info=BundleInfo("0002", "A")
    )
    read_all(path, Limits(max_container_len=100))
    with pytest.raises(MalformedPayload, match="max_array_len"):
        read_all(path, Limits(max_container_len=99))


@pytest.mark.parametrize(
    ("payload", "fields", "detail"),
    [
        (b"\x92\xa3row" + b"\x91" * 5000, {}, "does not decode"),  # nesting past the stack
        (b"\x92\xa3row\x81\xa1t\xd6\xff" + bytes(4), {}, "does not decode"),  # timestamp ext
        (b"\x92\xa3row\x81\xa1e\xd4\x05\x00", {}, "does not decode"),  # ext type 5
        (b"\x92\xa3row\x81\x01\x02", {}, "does not decode"),  # int map key
        (b"\x92\xa3row\x81\xa1t\xa2\xff\xfe", {}, "does not decode"),  # invalid UTF-8
        (b"\x93\xa3row\x80\x80", {}, "not a \\[kind, map\\] pair"),
        (b"\x92\x01\x80", {}, "not a \\[kind, map\\] pair"),
        (b"\x92\xa3row\x80", {"counts": {"row": 2}}, "holds"),
        (b"\x92\xa3row\x80\x92\xa3row\x80", {"counts": {"row": 1}}, "more items"),
        (b"\x92\xa9changeset\x80", {"counts": {"changeset": 1}}, "body.changes"),
        (b"\x92\xa3row\x80\x92", {}, "ends inside an item"),
    ],
)
def test_malformed_signed_payloads_are_refused(
    tmp_path: Path, payload: bytes, fields: dict[str, Any], detail: str
) -> None:
    path = tmp_path / "x.bpz"
    fields = {"counts": {"row": 1}, **fields}
    forge_bundle(path, zstd(payload), SIGNER, raw_length=len(payload), **fields)
    with pytest.raises(MalformedPayload, match=detail):
        read_all(path)


@pytest.mark.parametrize(
    ("mangle", "error"),
    [
        (lambda z: z + b"\x00", "data follows"),  # bytes after the frame
        (lambda z: z + b"\x00" * 300, "data follows"),  # more bytes after the frame
        (lambda z: z + z, "data follows"),  # a second frame
        (lambda z: z[:-3], "ends early"),  # a cut frame
        (lambda z: b"\x00" + z[1:], "does not decode"),  # not zstd
    ],
)
def test_zstd_framing_is_strict(
    tmp_path: Path, mangle: Callable[[bytes], bytes], error: str
) -> None:
    item = msgpack.packb(["row", {"x": "y" * 50}])
    path = tmp_path / "x.bpz"
    forge_bundle(path, mangle(zstd(item)), SIGNER, raw_length=len(item), counts={"row": 1})
    with pytest.raises(MalformedPayload, match=error):
        read_all(path)


def test_newer_format_versions_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.bpz"
    write_bundle(path, [], signer=SIGNER, info=BundleInfo("0002", "A"))
    data = bytearray(path.read_bytes())
    assert data[8:10] == (2).to_bytes(2, "big")  # what this regsync writes
    data[8:10] = (3).to_bytes(2, "big")
    path.write_bytes(bytes(data))
    with pytest.raises(UnsupportedVersion) as refused:
        read_header(path)
    assert refused.value.params == {"path": str(path), "version": 3, "supported": 2}


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", Truncated),
        (MAGIC[:5], Truncated),
        (MAGIC + b"\x00\x01", Truncated),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), BundleError),
        (struct.pack(">8sHHIQ", MAGIC, 1, 7, 10, 0) + bytes(74), MalformedHeader),
        (struct.pack(">8sHHIQ", MAGIC, 1, 0, 10, 0) + bytes(74), MalformedHeader),
    ],
)
def test_short_and_foreign_files(tmp_path: Path, content: bytes, error: type[BundleError]) -> None:
    path = tmp_path / "x.bpz"
    path.write_bytes(content)
    with pytest.raises(error):
        read_header(path)


def test_the_file_changing_between_header_and_items_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "x.bpz"
    write_bundle(path, sample_changesets(300), signer=SIGNER, info=BundleInfo("0002", "A"))
    header = read_header(path)
    with path.open("r+b") as fh:
        fh.seek(100)
        byte = fh.read(1)
        fh.seek(100)
        fh.write(bytes([byte[0] ^ 1]))
    with pytest.raises(BundleError, match="digest"):
        list(iter_items(path, header))
    os.truncate(path, header.file_size - 1)
    with pytest.raises(Truncated):
        list(iter_items(path, header))
