"""Tampering: over 10,000 seeded random mutations of real bundles, every one refused.

Each mutated file goes through what an importer does (``read_header`` with the
expected sender, this node's id and the known schemas, then the whole ``iter_items``
loop): it must raise a ``BundleError``; any other exception, or reading through to
the end, fails the test.
"""

from __future__ import annotations

import collections
import random
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgpack
import pytest

from regsync.packages_bpz import (
    BundleError,
    BundleInfo,
    KeyUnsealer,
    iter_items,
    read_header,
    write_bundle,
)
from regsync.packages_bpz.layout import SIGN_DOMAIN
from regsync.packages_bpz.testing import KeySigner, sample_changesets, signed_range

ALICE, BOB, CAROL, CITY, MALLORY = (KeySigner() for _ in range(5))
SCHEMAS = {"0001", "0002"}
Mutation = Callable[[random.Random, bytes], bytes]


def import_like_a_node(path: Path) -> None:
    """What `regsync bundle import` at node BOB does before applying anything."""
    header = read_header(path, known_schemas=SCHEMAS, expect_sender=ALICE.public_key(), me="BOB")
    for _ in iter_items(path, header, unsealer=KeyUnsealer(BOB.key)):
        pass


def make_bundle(
    path: Path, rng: random.Random, *, signer: KeySigner = ALICE, recipient: str | None = "BOB",
    seal_to: KeySigner | None = None, changes: int = 40,
) -> bytes:  # fmt: skip
    ranges = [
        signed_range(CITY, "CITY", "city:140100", 3, 8),
        signed_range(ALICE, "ALICE", "e", 1, 4),
    ]
    info = BundleInfo(
        schema="0002", sender="ALICE", recipient=recipient, ranges=ranges,
        acks={"BOB/city:140100": 7}, certificates=[b"certificate of ALICE"],
    )  # fmt: skip
    items = sample_changesets(changes, seed=rng.randrange(2**32))
    write_bundle(
        path, items, signer=signer, info=info, seal_to=seal_to.public_key() if seal_to else None
    )
    return path.read_bytes()


def split(data: bytes) -> tuple[bytes, bytes, bytes, bytes]:
    _, _, _, h, p = struct.unpack(">8sHHIQ", data[:24])
    return data[:24], data[24 : 24 + p], data[24 + p : 24 + p + h], data[24 + p + h :]


def assemble(
    header: dict[str, Any], payload: bytes, signer: KeySigner | None, old_sig: bytes
) -> bytes:
    raw = msgpack.packb(header, use_bin_type=True)
    prelude = struct.pack(">8sHHIQ", b"\x89BPZ\r\n\x1a\n", 1, 0, len(raw), len(payload))
    signature = signer.sign(SIGN_DOMAIN + prelude + raw) if signer else old_sig
    return prelude + payload + raw + signature


# --- byte-level mutations -------------------------------------------------------------


def flip_bits(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3, 8))):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data))]


def insert(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 32)) + data[at:]


def delete(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 32) :]


def overwrite(rng: random.Random, data: bytes) -> bytes:
    at, size = rng.randrange(len(data)), rng.randint(1, 16)
    return data[:at] + rng.randbytes(size) + data[at + size :]


def swap_payload_region(rng: random.Random, data: bytes) -> bytes:
    prelude, payload, header, sig = split(data)
    if len(payload) < 4:
        return flip_bits(rng, data)
    a, b = sorted(rng.sample(range(len(payload)), 2))
    moved = payload[:a] + payload[b:] + payload[a:b]
    return prelude + moved + header + sig if moved != payload else flip_bits(rng, data)


# --- header edits --------------------------------------------------------------------

EDITS: list[Callable[[random.Random, dict[str, Any]], None]] = [
    lambda r, h: h.update(changes=h["changes"] + r.randint(1, 5)),
    lambda r, h: h.update(counts={"changeset": r.randint(0, 1000)}),
    lambda r, h: h.update(schema=r.choice(["0001", "0003", "9999"])),
    lambda r, h: h.update(recipient=r.choice([None, "CAROL", "BOB "])),
    lambda r, h: h.update(sender=r.choice(["CITY", "PROVINCE", "alice"])),
    lambda r, h: h.update(sender_key=MALLORY.public_key()),
    lambda r, h: h.update(payload_sha256=r.randbytes(32)),
    lambda r, h: h.update(raw_length=h["raw_length"] + r.choice([-1, 1, 1000])),
    lambda r, h: h.update(acks={**h["acks"], "MALLORY/x": r.randint(1, 9)}),
    lambda r, h: h.update(certificates=[*h["certificates"], b"forged certificate"]),
    lambda r, h: h.update(bundle_id=r.randbytes(16).hex()),
    lambda r, h: h.update(created="2020-01-01T00:00:00+00:00"),
    lambda r, h: h.update(kind="snapshot"),
    lambda r, h: r.choice(h["ranges"]).update(last_seq=r.randint(9, 99)),
    lambda r, h: r.choice(h["ranges"]).update(first_seq=1, prev_hash=bytes(32)),
    lambda r, h: r.choice(h["ranges"]).update(head_hash=r.randbytes(32)),
    lambda r, h: r.choice(h["ranges"]).update(head_signer=MALLORY.public_key()),
    lambda r, h: h["ranges"].pop(r.randrange(len(h["ranges"]))),
    lambda r, h: h.update(extra="field"),
]


def edited_header(signer: KeySigner | None) -> Mutation:
    """Edit header fields and re-encode; keep the old signature, or re-sign with ``signer``."""

    def mutate(rng: random.Random, data: bytes) -> bytes:
        _, payload, raw, sig = split(data)
        header = msgpack.unpackb(raw, raw=False)
        for edit in rng.sample(EDITS, rng.randint(1, 3)):
            edit(rng, header)
        return assemble(header, payload, signer, sig)

    return mutate


def resigned_by_mallory(rng: random.Random, data: bytes) -> bytes:
    """Mallory signs the unchanged header with her own key (claiming ALICE's or her own)."""
    _, payload, raw, sig = split(data)
    header = msgpack.unpackb(raw, raw=False)
    if rng.random() < 0.5:
        header["sender_key"] = MALLORY.public_key()
    return assemble(header, payload, MALLORY, sig)


def relay_head_forged(rng: random.Random, data: bytes) -> bytes:
    """Mallory re-signs with her key in the header and forges one stream head herself."""
    _, payload, raw, sig = split(data)
    header = msgpack.unpackb(raw, raw=False)
    header["sender_key"] = MALLORY.public_key()
    forged = signed_range(MALLORY, "CITY", "city:140100", 3, rng.randint(8, 20))
    header["ranges"][0].update(head_sig=forged.head_sig, last_seq=forged.last_seq)
    return assemble(header, payload, MALLORY, sig)


def mutations() -> dict[str, tuple[int, Mutation]]:
    return {
        "bit flips": (3500, flip_bits),
        "truncation": (1500, truncate),
        "insertion": (1200, insert),
        "deletion": (900, delete),
        "overwrite": (900, overwrite),
        "payload reordered": (400, swap_payload_region),
        "header edited, old signature": (1200, edited_header(None)),
        "header edited and re-signed by MALLORY": (300, edited_header(MALLORY)),
        "re-signed by an uncertified key": (300, resigned_by_mallory),
        "relayed head forged": (200, relay_head_forged),
    }


def fresh_bundles(tmp: Path, rng: random.Random) -> dict[str, Callable[[], bytes]]:
    """Whole bundles that are well formed but must still be refused at node BOB."""
    path = tmp / "fresh.bpz"
    return {
        "sealed to another node": lambda: make_bundle(path, rng, recipient="CAROL", seal_to=CAROL),
        "addressed to another node": lambda: make_bundle(path, rng, recipient="CAROL"),
        "written and signed by an uncertified key": lambda: make_bundle(path, rng, signer=MALLORY),
        "sealed to BOB but by an uncertified key": lambda: make_bundle(
            path, rng, signer=MALLORY, seal_to=BOB
        ),
    }


def refused(path: Path, data: bytes, tally: collections.Counter[str], what: str) -> None:
    path.write_bytes(data)
    with pytest.raises(BundleError) as caught:
        import_like_a_node(path)
    tally[type(caught.value).__name__] += 1
    assert caught.value.message("zh"), what
    assert caught.value.message("en"), what


def test_ten_thousand_mutations_are_all_refused(tmp_path: Path) -> None:
    rng = random.Random(20261127)
    bases = [
        make_bundle(tmp_path / "plain.bpz", rng),
        make_bundle(tmp_path / "sealed.bpz", rng, seal_to=BOB),
        make_bundle(tmp_path / "empty.bpz", rng, changes=0),
        make_bundle(tmp_path / "bigger.bpz", rng, seal_to=BOB, changes=6_000),
    ]
    for base in bases:  # the originals are accepted
        (tmp_path / "check.bpz").write_bytes(base)
        import_like_a_node(tmp_path / "check.bpz")
    target, total = tmp_path / "mutated.bpz", 0
    by_kind: dict[str, collections.Counter[str]] = {}
    for what, (count, mutate) in mutations().items():
        tally = by_kind.setdefault(what, collections.Counter())
        for n in range(count):
            base = bases[3] if n % 50 == 0 else rng.choice(bases[:3])
            mutated = mutate(rng, base)
            while mutated == base:  # two flips of one bit, an overwrite with the same bytes
                mutated = mutate(rng, base)
            refused(target, mutated, tally, what)
            total += 1
    for what, make in fresh_bundles(tmp_path, rng).items():
        tally = by_kind.setdefault(what, collections.Counter())
        for _ in range(60):
            refused(target, make(), tally, what)
            total += 1
    print(f"\n{total} mutations refused:")
    for what, tally in by_kind.items():
        print(f"  {what:60} {dict(tally)}")
    assert total >= 10_000
    # Each kind of tampering is caught by the check meant for it.
    assert by_kind["header edited, old signature"]["BadSignature"] > 1000
    assert by_kind["re-signed by an uncertified key"]["UntrustedSender"] > 100
    assert by_kind["relayed head forged"] == {"BadSignature": 200}
    assert by_kind["payload reordered"]["Corrupt"] > 390
    assert by_kind["truncation"]["Truncated"] > 1400
    assert set(by_kind["sealed to another node"]) == {"WrongRecipient"}
    assert set(by_kind["addressed to another node"]) == {"WrongRecipient"}
    assert set(by_kind["written and signed by an uncertified key"]) == {"UntrustedSender"}
    assert {"BadSignature", "Corrupt", "Truncated"} <= set(by_kind["bit flips"])
