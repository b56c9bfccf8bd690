"""The .bpz format round-trips items and header fields exactly, plain and sealed."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regsync.packages_bpz import (
    BundleError,
    BundleInfo,
    KeyUnsealer,
    NewerSchema,
    SealedToOtherKey,
    UnencodableItem,
    UntrustedSender,
    WrongRecipient,
    head_message,
    iter_items,
    read_header,
    write_bundle,
)
from regsync.packages_bpz.testing import KeySigner, sample_changesets, signed_range

ALICE, BOB, CAROL = KeySigner(), KeySigner(), KeySigner()
INFO = BundleInfo(schema="0002", sender="ALICE")

CHANGESET_ITEM: tuple[str, dict[str, Any]] = (
    "changeset",
    {
        "body": {
            "origin": "01M8DRDD9BF60MJ4417VVXT328",
            "scope": "enterprise:91140100MA0GRP138M",
            "seq": 3,
            "prev": "d6915b67" * 8,
            "hlc": "001795758148915.00000",
            "tier": 1,
            "changes": [
                {
                    "kind": "application",
                    "key": "140100261000100017",
                    "op": "upsert",
                    "fields": {
                        "person_name": "张三",
                        "enterprise_name": "太原市建筑设计研究院",
                        "round": 1,
                        "qualification_cert_no": None,
                        "confirmed": True,
                    },
                    "base": {"01M8DRDD9BF60MJ4417VVXT328/enterprise:91140100MA0GRP138M": 2},
                }
            ],
        },
        "hash": "ab" * 32,
    },
)
ODD_ITEMS: list[tuple[str, dict[str, Any]]] = [
    CHANGESET_ITEM,
    ("row", {"big": 2**64 - 1, "small": -(2**63), "zero": 0, "float": 1.5, "neg": -1.25e300}),
    ("row", {"nested": {"a": [1, [2, [3, {"b": None}]]], "中文键": "值"}, "empty": {}, "l": []}),
    ("row", {"bytes": b"\x00\xff" * 10, "text": "𠮷野家 \u0000 \n", "bool": False}),
    ("snapshot:person", {"id_number": "11010519491231002X", "name": "李四"}),
]


def roundtrip(
    tmp: Path, items: list[tuple[str, dict[str, Any]]], **kwargs: Any
) -> tuple[Any, list[tuple[str, dict[str, Any]]]]:
    path = tmp / "x.bpz"
    written = write_bundle(path, items, signer=ALICE, info=kwargs.pop("info", INFO), **kwargs)
    header = read_header(path, known_schemas={"0001", "0002"}, expect_sender=ALICE.public_key())
    assert header == written
    return header, list(iter_items(path, header, unsealer=KeyUnsealer(BOB.key)))


def test_plain_round_trip_is_exact(tmp_path: Path) -> None:
    header, items = roundtrip(tmp_path, ODD_ITEMS)
    assert items == ODD_ITEMS
    assert [type(v) for v in items[1][1].values()] == [int, int, int, float, float]
    assert dict(header.counts) == {"changeset": 1, "row": 3, "snapshot:person": 1}
    assert header.changes == 1
    assert not header.sealed
    assert header.sender_key == ALICE.public_key()
    assert header.file_size == (tmp_path / "x.bpz").stat().st_size


def test_sealed_round_trip_is_exact(tmp_path: Path) -> None:
    info = BundleInfo(schema="0002", sender="ALICE", recipient="BOB")
    header, items = roundtrip(tmp_path, ODD_ITEMS, info=info, seal_to=BOB.public_key())
    assert items == ODD_ITEMS
    assert header.sealed
    assert header.recipient == "BOB"
    assert "张三".encode() not in (tmp_path / "x.bpz").read_bytes()


@pytest.mark.parametrize("sealed", [False, True])
def test_empty_payload(tmp_path: Path, sealed: bool) -> None:
    info = BundleInfo(schema="0002", sender="ALICE", recipient="BOB")
    header, items = roundtrip(tmp_path, [], info=info, seal_to=BOB.public_key() if sealed else None)
    assert items == []
    assert header.items == 0
    assert header.changes == 0
    assert header.raw_length == 0


@pytest.mark.parametrize("sealed", [False, True])
def test_many_items_across_chunks(tmp_path: Path, sealed: bool) -> None:
    # Enough data for several secretstream messages and compressor flushes.
    items = list(sample_changesets(20_000, seed=7))
    info = BundleInfo(schema="0002", sender="ALICE", recipient="BOB")
    header, back = roundtrip(
        tmp_path, items, info=info, seal_to=BOB.public_key() if sealed else None
    )
    assert back == items
    assert header.changes == 20_000
    assert header.payload_length > 3 * 65_553


def test_header_fields_round_trip(tmp_path: Path) -> None:
    ranges = [
        signed_range(CAROL, "CAROL", "city:140100", 1, 5),
        signed_range(ALICE, "ALICE", "s", 3, 9),
    ]
    info = BundleInfo(
        schema="0002",
        sender="ALICE",
        kind="snapshot",
        recipient="BOB",
        ranges=ranges,
        acks={"BOB/city:140100": 12, "CAROL/x": 0},
        certificates=[b"cert-1", b"\x00" * 300],
        created="2026-11-27T08:00:00+08:00",
        writer="9.9.9",
    )
    header, _ = roundtrip(tmp_path, [CHANGESET_ITEM], info=info)
    assert header.ranges == tuple(ranges)
    assert header.ranges[0].prev_hash == "0" * 64
    assert dict(header.acks) == {"BOB/city:140100": 12, "CAROL/x": 0}
    assert header.certificates == (b"cert-1", b"\x00" * 300)
    assert (header.kind, header.created, header.writer) == ("snapshot", info.created, "9.9.9")
    assert header.recipient == "BOB"
    assert not header.sealed
    assert len(header.bundle_id) == 32


def test_each_bundle_has_its_own_id(tmp_path: Path) -> None:
    first, _ = roundtrip(tmp_path, [CHANGESET_ITEM])
    second, _ = roundtrip(tmp_path, [CHANGESET_ITEM])
    assert first.bundle_id != second.bundle_id


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5)
    ),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=12), st.dictionaries(st.text(), json_values)),
        max_size=6,
    ),
    st.booleans(),
)
def test_any_json_items_round_trip(items: list[tuple[str, dict[str, Any]]], sealed: bool) -> None:
    items = [(kind, data) for kind, data in items if kind != "changeset"]
    info = BundleInfo(schema="0002", sender="ALICE", recipient="BOB")
    with tempfile.TemporaryDirectory() as tmp:
        _, back = roundtrip(
            Path(tmp), items, info=info, seal_to=BOB.public_key() if sealed else None
        )
    assert back == items


@pytest.mark.parametrize(
    ("value", "why"),
    [(2**64, "integer"), (-(2**63) - 1, "integer"), ({1, 2}, "set"), (object(), "object")],
)
def test_unencodable_values_are_refused_and_nothing_written(
    tmp_path: Path, value: object, why: str
) -> None:
    with pytest.raises(UnencodableItem) as info:
        write_bundle(
            tmp_path / "x.bpz", [("row", {"ok": 1}), ("row", {"v": value})], signer=ALICE, info=INFO
        )
    assert info.value.params["index"] == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("item", [("row",), ("", {}), ("row", [1]), ("changeset", {"body": {}})])
def test_malformed_items_are_refused(tmp_path: Path, item: Any) -> None:
    with pytest.raises(UnencodableItem):
        write_bundle(tmp_path / "x.bpz", [item], signer=ALICE, info=INFO)


def test_invalid_info_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="recipient"):
        write_bundle(tmp_path / "x.bpz", [], signer=ALICE, info=INFO, seal_to=BOB.public_key())
    bad_range = signed_range(ALICE, "ALICE", "s", 4, 2)
    with pytest.raises(ValueError, match="first_seq"):
        write_bundle(
            tmp_path / "x.bpz", [], signer=ALICE, info=BundleInfo("0002", "A", ranges=[bad_range])
        )
    assert list(tmp_path.iterdir()) == []


def test_sealed_bundle_opens_only_for_its_recipient(tmp_path: Path) -> None:
    path = tmp_path / "x.bpz"
    info = BundleInfo(schema="0002", sender="ALICE", recipient="BOB-NODE")
    write_bundle(path, [CHANGESET_ITEM], signer=ALICE, info=info, seal_to=BOB.public_key())
    header = read_header(path)
    for unsealer in (None, KeyUnsealer(CAROL.key), KeyUnsealer(ALICE.key)):
        with pytest.raises(WrongRecipient) as refused:
            list(iter_items(path, header, unsealer=unsealer))
        assert "BOB-NODE" in refused.value.message("zh")
        assert "BOB-NODE" in refused.value.message("en")
        # holding a key that does not open it: sealed to another key (a retired one)
        assert isinstance(refused.value, SealedToOtherKey) == (unsealer is not None)
    with pytest.raises(WrongRecipient, match="BOB-NODE"):
        read_header(path, me="CAROL-NODE")
    assert read_header(path, me="BOB-NODE") == header


def test_expectations_of_the_caller(tmp_path: Path) -> None:
    path = tmp_path / "x.bpz"
    write_bundle(
        path, [], signer=ALICE, info=BundleInfo(schema="0003", sender="ALICE", writer="0.4.0")
    )
    with pytest.raises(UntrustedSender):
        read_header(path, expect_sender=BOB.public_key())
    with pytest.raises(NewerSchema) as newer:
        read_header(path, known_schemas={"0001", "0002"})
    assert "0.4.0" in newer.value.message("en")
    assert "0003" in newer.value.message("zh")
    assert read_header(path, me="ANYONE").recipient is None


def test_head_message_layout() -> None:
    message = head_message("N/scope", 258, "0f" * 32)
    assert (
        message
        == b"regsync-bpz-head"
        + b"\x00\x00\x00\x07N/scope"
        + (258).to_bytes(8, "big")
        + b"\x0f" * 32
    )
    with pytest.raises(ValueError, match="hex"):
        head_message("N/scope", 1, "0F" * 32)


def test_errors_speak_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "x.bpz"
    path.write_bytes(b"PK\x03\x04 not a bundle at all" * 4)
    with pytest.raises(BundleError) as refused:
        read_header(path)
    assert "不是 regsync 数据包" in refused.value.message("zh")
    assert "is not a regsync bundle" in refused.value.message("en")
    assert str(refused.value) == refused.value.message("en")
