"""Changesets, their canonical hash chain, version vectors and local materialisation."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regsync.core.model import Application, from_fields
from regsync.sync.changeset import GENESIS, Change, Changeset, Op, stream_id
from regsync.sync.codec import Encoded, canonical, decode_value, encode_value
from regsync.sync.hlc import Timestamp
from regsync.sync.materialise import RecordVersion, plan_local
from regsync.sync.vector import concurrent, dominates, merge

NUMBER = "140100241000100012"
SCOPE = "enterprise:91140100MA0GRP138M"

APPLICATION = Application(
    number=NUMBER,
    kind="initial",
    specialty="architect",
    person_id_number="11010519491231002X",
    person_name="王芳",
    enterprise_uscc="91140100MA0GRP138M",
    enterprise_name="太原建筑设计有限公司",
    city_code="140100",
    created_on=dt.date(2024, 3, 5),
    qualification_cert_no="ZG2020-0001",
    qualification_date=dt.date(2022, 12, 1),
    ce_compulsory_hours=40,
)


def encoded_fields(record: Application) -> dict[str, Encoded]:
    return {name: encode_value(value) for name, value in record.fields().items()}


def change(**overrides: object) -> Change:
    values: dict[str, object] = {
        "kind": "application",
        "key": NUMBER,
        "op": Op.UPSERT,
        "fields": {"stage": "reported", "reported_on": "2024-03-06"},
        "base": {"n1/" + SCOPE: 1},
    }
    values.update(overrides)
    return Change(**values)  # type: ignore[arg-type]  # test helper: overrides are per field


def changeset(**overrides: object) -> Changeset:
    values: dict[str, object] = {
        "origin": "n1",
        "scope": SCOPE,
        "seq": 2,
        "prev_hash": "a" * 64,
        "hlc": Timestamp(1_700_000_000_000, 3),
        "tier": 1,
        "changes": (change(),),
    }
    values.update(overrides)
    return Changeset(**values).sealed()  # type: ignore[arg-type]  # as above


# --- the hash ------------------------------------------------------------------------


def test_hash_is_deterministic_and_hex_sha256() -> None:
    a, b = changeset(), changeset()
    assert a.hash == b.hash
    assert len(a.hash) == 64
    assert int(a.hash, 16) >= 0
    assert a.verify_hash()
    assert a.hash == hashlib.sha256(canonical(a.body())).hexdigest()


def test_an_unsealed_changeset_does_not_verify() -> None:
    cs = dataclasses.replace(changeset(), hash="")
    assert not cs.verify_hash()


MUTATIONS: dict[str, Callable[[], Changeset]] = {
    "origin": lambda: changeset(origin="n2"),
    "scope": lambda: changeset(scope="city:140100"),
    "seq": lambda: changeset(seq=3),
    "prev_hash": lambda: changeset(prev_hash="b" * 64),
    "hlc wall": lambda: changeset(hlc=Timestamp(1_700_000_000_001, 3)),
    "hlc counter": lambda: changeset(hlc=Timestamp(1_700_000_000_000, 4)),
    "tier": lambda: changeset(tier=2),
    "change kind": lambda: changeset(changes=(change(kind="person"),)),
    "change key": lambda: changeset(changes=(change(key="140100241000200011"),)),
    "change op": lambda: changeset(changes=(change(op=Op.DELETE),)),
    "field value": lambda: changeset(
        changes=(change(fields={"stage": "received", "reported_on": "2024-03-06"}),)
    ),
    "field name": lambda: changeset(
        changes=(change(fields={"stage": "reported", "reported_on2": "2024-03-06"}),)
    ),
    "field dropped": lambda: changeset(changes=(change(fields={"stage": "reported"}),)),
    "field type (str vs int)": lambda: changeset(
        changes=(change(fields={"stage": "reported", "reported_on": 1}),)
    ),
    "field null": lambda: changeset(
        changes=(change(fields={"stage": "reported", "reported_on": None}),)
    ),
    "base seq": lambda: changeset(changes=(change(base={"n1/" + SCOPE: 2}),)),
    "base stream": lambda: changeset(changes=(change(base={"n9/" + SCOPE: 1}),)),
    "base empty": lambda: changeset(changes=(change(base={}),)),
    "extra change": lambda: changeset(changes=(change(), change(key="140100241000200011"))),
    "no changes": lambda: changeset(changes=()),
    "change order": lambda: changeset(changes=(change(key="140100241000200011"), change())),
}


@pytest.mark.parametrize("what", list(MUTATIONS))
def test_hash_covers_every_field(what: str) -> None:
    original = changeset()
    mutated = MUTATIONS[what]()
    assert mutated.body() != original.body()
    assert mutated.hash != original.hash
    # keeping the old hash on altered content is detected
    assert not dataclasses.replace(mutated, hash=original.hash).verify_hash()


def test_bool_and_int_fields_hash_differently() -> None:
    a = changeset(changes=(change(fields={"passed": True}),))
    b = changeset(changes=(change(fields={"passed": 1}),))
    assert a.hash != b.hash


def test_canonical_encoding_ignores_dict_insertion_order() -> None:
    fields: dict[str, Encoded] = {"a": 1, "b": "二", "c": None, "d": True}
    base = {"x/1": 1, "y/2": 2, "z/3": 3}
    forward = changeset(changes=(change(fields=fields, base=base),))
    backward = changeset(
        changes=(
            change(
                fields=dict(reversed(list(fields.items()))),
                base=dict(reversed(list(base.items()))),
            ),
        )
    )
    assert forward.hash == backward.hash
    assert canonical({"b": 1, "a": [2, {"d": 3, "c": 4}]}) == b'{"a":[2,{"c":4,"d":3}],"b":1}'


def test_chinese_text_hashes_stably() -> None:
    cs = Changeset(
        origin="n1",
        scope="enterprise:X",
        seq=1,
        prev_hash=GENESIS,
        hlc=Timestamp(1000, 0),
        tier=1,
        changes=(Change("application", "K", Op.UPSERT, {"person_name": "张三"}, {}),),
    ).sealed()
    # The canonical form written by hand: sorted keys, no spaces, UTF-8, not \u escapes.
    expected = (
        '{"changes":[{"base":{},"fields":{"person_name":"张三"},"key":"K",'
        '"kind":"application","op":"upsert"}],"hlc":"000000000001000.00000",'
        '"origin":"n1","prev":"' + "0" * 64 + '","scope":"enterprise:X","seq":1,"tier":1}'
    ).encode("utf-8")
    assert canonical(cs.body()) == expected
    assert "张三".encode() in expected
    assert cs.hash == hashlib.sha256(expected).hexdigest()
    # pinned: a change to the encoding would split every replica's chains
    assert cs.hash == "ac01d8155d2f9d4a2c8b02800cf3ccc0d6771e92914f07408939c4da71b84243"


# --- body round trip -------------------------------------------------------------------

ENCODED = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.text(max_size=20),
)
NAMES = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=10)
CHANGES = st.builds(
    Change,
    kind=st.sampled_from(["application", "person", "performance", "review"]),
    key=st.text(min_size=1, max_size=20),
    op=st.sampled_from(Op),
    fields=st.dictionaries(NAMES, ENCODED, max_size=5),
    base=st.dictionaries(NAMES, st.integers(1, 10**6), max_size=3),
)
CHANGESETS = st.builds(
    Changeset,
    origin=NAMES,
    scope=st.text(max_size=30),
    seq=st.integers(1, 10**9),
    prev_hash=st.text("0123456789abcdef", min_size=64, max_size=64),
    hlc=st.builds(Timestamp, st.integers(0, 10**15 - 1), st.integers(0, 99_999)),
    tier=st.integers(0, 3),
    changes=st.lists(CHANGES, max_size=4).map(tuple),
).map(Changeset.sealed)


@given(CHANGESETS)
def test_body_round_trip(cs: Changeset) -> None:
    again = Changeset.from_body(cs.body(), cs.hash)
    assert again == cs
    assert again.verify_hash()


@given(CHANGESETS)
def test_body_round_trip_through_json(cs: Changeset) -> None:
    wire = json.dumps(cs.body(), ensure_ascii=True)
    again = Changeset.from_body(json.loads(wire), cs.hash)
    assert again == cs
    assert again.verify_hash()
    assert canonical(json.loads(wire)) == canonical(cs.body())


# --- the chain -------------------------------------------------------------------------


def chain_problems(chain: Sequence[Changeset]) -> list[tuple[int, str]]:
    """What a receiver would refuse: ``(index, reason)`` for each broken changeset."""
    problems = []
    prev, seq = GENESIS, 0
    for i, cs in enumerate(chain):
        if not cs.verify_hash():
            problems.append((i, "hash"))
        if cs.prev_hash != prev:
            problems.append((i, "link"))
        if cs.seq != seq + 1:
            problems.append((i, "seq"))
        prev, seq = cs.hash, cs.seq
    return problems


def build_chain(n: int) -> list[Changeset]:
    chain: list[Changeset] = []
    prev = GENESIS
    for seq in range(1, n + 1):
        cs = changeset(
            seq=seq,
            prev_hash=prev,
            hlc=Timestamp(1_700_000_000_000 + seq, 0),
            changes=(change(fields={"reason": f"第{seq}次修改"}),),
        )
        chain.append(cs)
        prev = cs.hash
    return chain


def test_a_chain_verifies() -> None:
    chain = build_chain(5)
    assert chain_problems(chain) == []
    assert chain[0].prev_hash == GENESIS
    assert len({cs.hash for cs in chain}) == 5


def test_tampering_in_place_breaks_the_changeset() -> None:
    chain = build_chain(5)
    chain[2] = dataclasses.replace(chain[2], changes=(change(fields={"reason": "篡改"}),))
    assert chain_problems(chain) == [(2, "hash")]


def test_tampering_and_resealing_breaks_the_next_link() -> None:
    chain = build_chain(5)
    chain[2] = dataclasses.replace(chain[2], changes=(change(fields={"reason": "篡改"}),)).sealed()
    assert chain_problems(chain) == [(3, "link")]


def test_dropping_or_reordering_breaks_the_chain() -> None:
    chain = build_chain(5)
    assert chain_problems(chain[:2] + chain[3:]) == [(2, "link"), (2, "seq")]
    swapped = [chain[0], chain[2], chain[1], *chain[3:]]
    assert (1, "link") in chain_problems(swapped)


def test_stream_id() -> None:
    assert stream_id("n1", SCOPE) == "n1/" + SCOPE
    assert changeset().stream == "n1/" + SCOPE


# --- version vectors -------------------------------------------------------------------

VECTORS = st.dictionaries(st.sampled_from(["a/x", "b/x", "c/y", "d/z"]), st.integers(0, 20))


def norm(vv: Mapping[str, int]) -> dict[str, int]:
    """A missing stream and a stream at 0 mean the same thing."""
    return {k: v for k, v in vv.items() if v}


@given(VECTORS, VECTORS)
def test_merge_is_commutative(a: dict[str, int], b: dict[str, int]) -> None:
    assert norm(merge(a, b)) == norm(merge(b, a))


@given(VECTORS, VECTORS, VECTORS)
def test_merge_is_associative(a: dict[str, int], b: dict[str, int], c: dict[str, int]) -> None:
    assert norm(merge(merge(a, b), c)) == norm(merge(a, merge(b, c)))


@given(VECTORS)
def test_merge_is_idempotent(a: dict[str, int]) -> None:
    assert norm(merge(a, a)) == norm(a)


@given(VECTORS, VECTORS)
def test_merge_is_the_pointwise_maximum_and_dominates_both(
    a: dict[str, int], b: dict[str, int]
) -> None:
    m = merge(a, b)
    for stream in set(a) | set(b):
        assert m.get(stream, 0) == max(a.get(stream, 0), b.get(stream, 0))
    assert dominates(m, a)
    assert dominates(m, b)
    assert not concurrent(m, a)


@given(VECTORS, VECTORS)
def test_dominates_and_concurrent_agree_with_the_pointwise_order(
    a: dict[str, int], b: dict[str, int]
) -> None:
    streams = set(a) | set(b)
    a_ge_b = all(a.get(s, 0) >= b.get(s, 0) for s in streams)
    b_ge_a = all(b.get(s, 0) >= a.get(s, 0) for s in streams)
    assert dominates(a, b) == a_ge_b
    assert concurrent(a, b) == (not a_ge_b and not b_ge_a)
    # when a already has everything b has, merging adds nothing
    if a_ge_b:
        assert norm(merge(a, b)) == norm(a)


def test_version_vector_examples() -> None:
    assert dominates({"a": 2, "b": 1}, {"a": 1})
    assert not dominates({"a": 1}, {"a": 1, "b": 1})
    assert concurrent({"a": 2}, {"b": 1})
    assert not concurrent({}, {})
    assert merge({"a": 2, "b": 1}, {"a": 1, "c": 5}) == {"a": 2, "b": 1, "c": 5}


# --- plan_local ------------------------------------------------------------------------

STREAM = "n1/" + SCOPE


def local(*changes: Change, seq: int = 7) -> Changeset:
    return changeset(seq=seq, changes=changes)


def test_insert_decodes_every_field() -> None:
    cs = local(change(fields=encoded_fields(APPLICATION), base={}))
    plan = plan_local(cs, {}, {})
    (row,) = plan.upserts["application"]
    assert row == APPLICATION.fields()
    assert row["created_on"] == dt.date(2024, 3, 5)
    assert isinstance(row["qualification_date"], dt.date)
    assert row["valid_until"] is None
    assert from_fields(Application, row) == APPLICATION
    assert plan.deletes == {}
    (version,) = plan.versions
    assert version == RecordVersion(
        "application", NUMBER, {STREAM: 7}, str(cs.hlc), "n1", deleted=False
    )


def test_update_merges_changed_fields_onto_the_current_row() -> None:
    rid = ("application", NUMBER)
    current = RecordVersion("application", NUMBER, {STREAM: 3, "c1/city:140100": 2}, "x", "c1")
    cs = local(
        change(fields={"stage": "reported", "reported_on": "2024-03-06"}, base={STREAM: 3}),
        seq=4,
    )
    plan = plan_local(cs, {rid: APPLICATION.fields()}, {rid: current})
    (row,) = plan.upserts["application"]
    assert row == {
        **APPLICATION.fields(),
        "stage": "reported",
        "reported_on": dt.date(2024, 3, 6),
    }
    (version,) = plan.versions
    assert version.vv == {STREAM: 4, "c1/city:140100": 2}
    assert version.origin == "n1"
    assert not version.deleted


def test_update_takes_the_base_into_the_version_vector() -> None:
    rid = ("application", NUMBER)
    current = RecordVersion("application", NUMBER, {"a/s": 5}, "x", "a")
    cs = local(change(fields={"reason": "x"}, base={"a/s": 4, "b/s": 9}), seq=11)
    plan = plan_local(cs, {rid: APPLICATION.fields()}, {rid: current})
    assert plan.versions[0].vv == {"a/s": 5, "b/s": 9, STREAM: 11}
    # the input is not mutated
    assert current.vv == {"a/s": 5}


def test_delete_produces_a_delete_and_a_tombstone() -> None:
    rid = ("application", NUMBER)
    current = RecordVersion("application", NUMBER, {STREAM: 6}, "x", "n1")
    cs = local(change(op=Op.DELETE, fields={}, base={STREAM: 6}), seq=7)
    plan = plan_local(cs, {rid: APPLICATION.fields()}, {rid: current})
    assert plan.deletes == {"application": [NUMBER]}
    assert plan.upserts == {}
    (tombstone,) = plan.versions
    assert tombstone.deleted
    assert tombstone.vv == {STREAM: 7}
    assert tombstone.hlc == str(cs.hlc)


def test_several_changes_of_several_kinds() -> None:
    cs = local(
        change(fields=encoded_fields(APPLICATION), base={}),
        change(
            kind="performance",
            key="01PERF",
            fields={
                "id": "01PERF",
                "application_number": NUMBER,
                "project_name": "太原某住宅楼",
                "role": "设计负责人",
                "start_date": "2021-05-01",
            },
            base={},
        ),
        change(kind="person", key="gone", op=Op.DELETE, fields={}, base={}),
    )
    plan = plan_local(cs, {}, {})
    assert set(plan.upserts) == {"application", "performance"}
    assert plan.upserts["performance"][0]["start_date"] == dt.date(2021, 5, 1)
    assert plan.deletes == {"person": ["gone"]}
    assert [v.kind for v in plan.versions] == ["application", "performance", "person"]
    assert all(v.vv == {STREAM: 7} for v in plan.versions)


def test_codec_values() -> None:
    assert encode_value(dt.date(2024, 2, 29)) == "2024-02-29"
    assert encode_value(True) is True
    assert decode_value("application", "created_on", "2024-02-29") == dt.date(2024, 2, 29)
    assert decode_value("application", "round", 2) == 2
    assert decode_value("application", "valid_until", None) is None
