"""docs/bpz-format.md and the code agree: bundles parsed by the spec alone, tables in step.

The parser below uses only struct, hashlib, msgpack, zstandard and PyNaCl, following
the document section by section; it never calls regsync.packages_bpz to read.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from pathlib import Path
from typing import Any

import msgpack
import pytest
import zstandard
from nacl.bindings import (
    crypto_secretstream_xchacha20poly1305_init_pull,
    crypto_secretstream_xchacha20poly1305_pull,
    crypto_secretstream_xchacha20poly1305_state,
)
from nacl.public import SealedBox
from nacl.signing import VerifyKey

from regsync.packages_bpz import BundleInfo, write_bundle
from regsync.packages_bpz.header import HEADER_KEYS, RANGE_KEYS
from regsync.packages_bpz.layout import DEFAULT_LIMITS, MAGIC, SEAL_CHUNK
from regsync.packages_bpz.testing import KeySigner, sample_changesets, signed_range

SPEC = (Path(__file__).resolve().parent.parent / "docs" / "bpz-format.md").read_text(
    encoding="utf-8"
)
ALICE, BOB, CITY = KeySigner(), KeySigner(), KeySigner()


def spec_table(heading: str) -> list[list[str]]:
    """The rows of the first table after the line containing ``heading``."""
    rest = SPEC[SPEC.index(heading) :]
    rows = re.findall(r"^\|(.+)\|$", rest[rest.index("\n|") :].split("\n\n")[0], re.M)
    return [[cell.strip() for cell in row.split("|")] for row in rows[2:]]


def parse_by_spec(data: bytes, recipient: KeySigner | None) -> tuple[dict[str, Any], list[Any]]:
    # §1 layout
    magic, version, reserved, h, p = struct.unpack(">8sHHIQ", data[:24])
    assert magic == bytes.fromhex("89 42 50 5A 0D 0A 1A 0A") == b"\x89BPZ\r\n\x1a\n"
    assert (version, reserved) == (2, 0)
    assert len(data) == 24 + p + h + 64
    payload, raw_header, signature = (
        data[24 : 24 + p],
        data[24 + p : 24 + p + h],
        data[24 + p + h :],
    )
    # §2 header: a canonical msgpack map with the keys in order
    header = msgpack.unpackb(raw_header, raw=False)
    assert msgpack.packb(header, use_bin_type=True) == raw_header
    assert header["payload_length"] == p
    # §4 signatures
    VerifyKey(header["sender_key"]).verify(b"regsync-bpz-sig1" + data[:24] + raw_header, signature)
    for r in header["ranges"]:
        stream = r["stream"].encode()
        message = (
            b"regsync-bpz-head" + struct.pack(">I", len(stream)) + stream
            + struct.pack(">Q", r["last_seq"]) + r["head_hash"]
        )  # fmt: skip
        VerifyKey(r["head_signer"]).verify(message, r["head_sig"])
    assert hashlib.sha256(payload).digest() == header["payload_sha256"]
    # §5 sealing
    if header["sealed_key"] is not None:
        assert recipient is not None
        payload = unseal_by_spec(payload, header["sealed_key"], recipient)
    # §3 payload: one zstd frame of [kind, map] items
    decoder = zstandard.ZstdDecompressor().decompressobj()
    stream_bytes = decoder.decompress(payload)
    assert decoder.eof
    assert decoder.unused_data == b""
    assert len(stream_bytes) == header["raw_length"]
    unpacker = msgpack.Unpacker(raw=False)
    unpacker.feed(stream_bytes)
    return header, list(unpacker)


def unseal_by_spec(payload: bytes, sealed_key: bytes, recipient: KeySigner) -> bytes:
    key = SealedBox(recipient.key.to_curve25519_private_key()).decrypt(sealed_key)
    state = crypto_secretstream_xchacha20poly1305_state()
    crypto_secretstream_xchacha20poly1305_init_pull(state, payload[:24], key)
    pieces, tags = [], []
    for start in range(24, len(payload), SEAL_CHUNK + 17):
        plain, tag = crypto_secretstream_xchacha20poly1305_pull(
            state, payload[start : start + 65_553]
        )
        pieces.append(plain)
        tags.append(tag)
    assert tags == [0] * (len(tags) - 1) + [3]  # MESSAGE ... FINAL
    assert all(len(piece) == 65_536 for piece in pieces[:-1])
    assert len(pieces[-1]) < 65_536
    return b"".join(pieces)


@pytest.mark.parametrize("sealed", [False, True])
def test_a_written_bundle_parses_by_the_spec(tmp_path: Path, sealed: bool) -> None:
    items = list(sample_changesets(3_000, seed=11))
    ranges = [signed_range(CITY, "CITY", "city:140100", 4, 9), signed_range(ALICE, "A", "s", 1, 2)]
    info = BundleInfo(
        schema="0002",
        sender="A",
        recipient="B",
        ranges=ranges,
        acks={"x/y": 3},
        certificates=[b"c"],
    )
    path = tmp_path / "x.bpz"
    written = write_bundle(
        path, items, signer=ALICE, info=info, seal_to=BOB.public_key() if sealed else None
    )
    header, parsed = parse_by_spec(path.read_bytes(), BOB)
    assert parsed == [list(item) for item in items]
    assert list(header) == list(HEADER_KEYS)
    assert [list(r) for r in header["ranges"]] == [list(RANGE_KEYS)] * 2
    assert header["ranges"][0]["prev_hash"] == bytes.fromhex(ranges[0].prev_hash)
    assert header["ranges"][1]["prev_hash"] == bytes(32)
    assert header["counts"] == {"changeset": len(items)}
    assert header["changes"] == 3_000
    for _, item in parsed:  # §3: the body as its canonical JSON text, hashed as it is
        assert hashlib.sha256(item["body"].encode()).hexdigest() == item["hash"]
        assert len(json.loads(item["body"])["changes"]) == item["changes"]
    assert header["sender_key"] == ALICE.public_key()
    assert (header["sealed_key"] is not None) == sealed
    assert len(header["sealed_key"] or bytes(80)) == 80
    assert header["bundle_id"] == written.bundle_id
    assert (tmp_path / "x.bpz").stat().st_size == written.file_size


def test_the_spec_tables_name_the_code_fields() -> None:
    header_rows = spec_table("exactly these keys, **in this order**")
    assert [row[0].strip("`") for row in header_rows] == list(HEADER_KEYS)
    range_rows = spec_table("Each element of `ranges`")
    assert [row[0].strip("`") for row in range_rows] == list(RANGE_KEYS)


def test_the_spec_layout_table_matches() -> None:
    rows = spec_table("## 1. File layout")
    assert [row[:2] for row in rows] == [
        ["0", "8"], ["8", "2"], ["10", "2"], ["12", "4"], ["16", "8"], ["24", "`P`"],
        ["24 + `P`", "`H`"], ["24 + `P` + `H`", "64"],
    ]  # fmt: skip
    assert MAGIC.hex(" ").upper() in SPEC


def test_the_spec_limits_table_matches_the_defaults() -> None:
    rows = {
        row[0].strip("`"): row[1] for row in spec_table("Limits (`regsync.packages_bpz.Limits`")
    }
    units = {"GiB": 2**30, "MiB": 2**20}
    for name, text in rows.items():
        number, _, unit = text.partition(" ")
        expected = int(number.replace(",", "")) * units.get(unit, 1)
        assert getattr(DEFAULT_LIMITS, name) == expected, name
    assert set(rows) == set(DEFAULT_LIMITS.__dataclass_fields__)


def test_the_spec_names_every_error() -> None:
    from regsync.packages_bpz import errors

    documented = {row[0].strip("`") for row in spec_table("## 7. Errors")}
    defined = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type)
        and issubclass(value, errors.BundleError)
        and value is not errors.BundleError
    }
    assert documented == defined
