"""Test and benchmark helpers: a key signer and realistic changeset items.

``sample_changesets`` builds hash-chained changeset items shaped like the ones the
sync layer writes (applications, persons, performance records; new records with all
their fields and edits of a few), with Chinese names and valid-looking id numbers,
deterministically from a seed.
"""

from __future__ import annotations

import hashlib
import json
import random
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgpack
from nacl.signing import SigningKey

from regsync.packages_bpz.header import StreamRange
from regsync.packages_bpz.layout import (
    CHANGESET,
    FORMAT_VERSION,
    MAGIC,
    SIGN_DOMAIN,
    head_message,
)

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红晓东海波"
_FIRMS = [
    "太原市建筑设计研究院",
    "山西省建筑设计院有限公司",
    "大同市城乡规划设计院",
    "晋中市华宇工程设计有限公司",
]
_PROJECTS = ["综合楼", "住宅小区", "教学楼", "办公楼", "厂房", "医院门诊楼", "体育馆"]
_CITIES = ["140100", "140200", "140300", "140400", "140500", "140700", "140800", "141000"]
_ULID = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class KeySigner:
    """A ``regsync.core.ports.Signer`` over an in-memory nacl signing key."""

    def __init__(self, key: SigningKey | None = None) -> None:
        self.key = key or SigningKey.generate()

    def public_key(self) -> bytes:
        return bytes(self.key.verify_key)

    def sign(self, message: bytes) -> bytes:
        return self.key.sign(message).signature


def forge_bundle(path: Path, payload: bytes, signer: KeySigner, **fields: Any) -> dict[str, Any]:
    """Write a validly signed bundle around any ``payload`` bytes and header ``fields``.

    Follows ``docs/bpz-format.md`` directly (not the writer), so tests can make
    bundles the writer would never produce: bombs, lying counts, odd encodings.
    Returns the header map written.
    """
    header: dict[str, Any] = {
        "schema": "0002",
        "writer": "forge",
        "bundle_id": "0" * 32,
        "kind": "changes",
        "created": "2026-11-27T00:00:00+00:00",
        "sender": "FORGER",
        "sender_key": signer.public_key(),
        "recipient": None,
        "sealed_key": None,
        "ranges": [],
        "acks": {},
        "counts": {},
        "changes": 0,
        "raw_length": 0,
        "payload_length": len(payload),
        "payload_sha256": hashlib.sha256(payload).digest(),
        "certificates": [],
    }
    header.update(fields)
    raw = msgpack.packb(header, use_bin_type=True)
    prelude = struct.pack(">8sHHIQ", MAGIC, FORMAT_VERSION, 0, len(raw), len(payload))
    signature = signer.sign(SIGN_DOMAIN + prelude + raw)
    path.write_bytes(prelude + payload + raw + signature)
    return header


def signed_range(signer: KeySigner, origin: str, scope: str, first: int, last: int) -> StreamRange:
    """A stream range with made-up hashes and a real head signature by ``signer``."""
    stream = f"{origin}/{scope}"
    prev = "0" * 64 if first == 1 else hashlib.sha256(f"{stream}#{first - 1}".encode()).hexdigest()
    head = hashlib.sha256(f"{stream}#{last}".encode()).hexdigest()
    return StreamRange(
        stream=stream,
        origin=origin,
        scope=scope,
        first_seq=first,
        last_seq=last,
        prev_hash=prev,
        head_hash=head,
        head_sig=signer.sign(head_message(stream, last, head)),
        head_signer=signer.public_key(),
    )


def sample_changesets(changes: int, seed: int = 0) -> Iterator[tuple[str, dict[str, Any]]]:
    """Changeset items carrying ``changes`` changes in total, from a few streams."""
    rng = random.Random(seed)
    streams = [_Stream(rng) for _ in range(4)]
    left = changes
    while left > 0:
        size = min(left, rng.choice((1, 1, 1, 1, 1, 2, 2, 3, 4, 6, 8, 12)))
        left -= size
        yield CHANGESET, rng.choice(streams).changeset(size)


class _Stream:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.origin = "01" + "".join(rng.choice(_ULID) for _ in range(24))
        self.uscc = "9114" + "".join(
            rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(14)
        )
        self.scope = f"enterprise:{self.uscc}"
        self.firm = rng.choice(_FIRMS)
        self.seq, self.prev, self.clock = 0, "0" * 64, 1_795_758_148_915
        self.records: list[tuple[str, str, dict[str, Any]]] = []

    def changeset(self, size: int) -> dict[str, Any]:
        self.seq += 1
        self.clock += self.rng.randint(1, 90_000)
        body = {
            "origin": self.origin,
            "scope": self.scope,
            "seq": self.seq,
            "prev": self.prev,
            "hlc": f"{self.clock:015d}.{self.rng.randint(0, 3):05d}",
            "tier": 1,
            "changes": [self._change() for _ in range(size)],
        }
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        self.prev = hashlib.sha256(text.encode()).hexdigest()
        return {"body": text, "hash": self.prev, "changes": size}

    def _change(self) -> dict[str, Any]:
        rng = self.rng
        if self.records and rng.random() < 0.4:
            kind, key, fields = rng.choice(self.records)
            name = rng.choice([f for f in fields if f not in {"number", "id_number", "id"}])
            edit = {name: _edit(rng, fields[name])}
            base = {f"{self.origin}/{self.scope}": rng.randint(1, max(1, self.seq - 1))}
            return {"kind": kind, "key": key, "op": "upsert", "fields": edit, "base": base}
        kind, key, fields = _new_record(rng, self)
        self.records.append((kind, key, fields))
        return {"kind": kind, "key": key, "op": "upsert", "fields": fields, "base": {}}


def _new_record(rng: random.Random, stream: _Stream) -> tuple[str, str, dict[str, Any]]:
    person, name = _id_number(rng), rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN, 2))
    roll = rng.random()
    if roll < 0.45:
        city = rng.choice(_CITIES)
        number = f"{city}26{rng.randint(1, 5)}{rng.randint(0, 9999):04d}{rng.randint(0, 99999):05d}"
        return (
            "application",
            number,
            {
                "number": number,
                "kind": rng.choice(["initial", "change", "renewal"]),
                "specialty": rng.choice(["architect", "structural"]),
                "person_id_number": person,
                "person_name": name,
                "enterprise_uscc": stream.uscc,
                "enterprise_name": stream.firm,
                "city_code": city,
                "created_on": _date(rng),
                "round": 1,
                "stage": "draft",
                "qualification_cert_no": None,
            },
        )
    if roll < 0.8:
        return (
            "person",
            person,
            {
                "id_number": person,
                "name": name,
                "gender": rng.choice(["男", "女"]),
                "birth_date": f"19{person[8:10]}-{person[10:12]}-{person[12:14]}",
                "phone": f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}",
                "enterprise_uscc": stream.uscc,
                "education": rng.choice(["本科", "硕士", "大专"]),
                "title": rng.choice(["工程师", "高级工程师", "助理工程师"]),
            },
        )
    key = "01" + "".join(rng.choice(_ULID) for _ in range(24))
    return (
        "performance",
        key,
        {
            "id": key,
            "person_id_number": person,
            "project_name": rng.choice(["太原", "大同", "晋城", "运城"]) + rng.choice(_PROJECTS),
            "role": rng.choice(["设计负责人", "专业负责人", "设计人"]),
            "area_m2": rng.randint(800, 90_000),
            "started_on": _date(rng),
            "finished_on": _date(rng),
        },
    )


def _edit(rng: random.Random, value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return value + rng.randint(1, 5)
    if value is None:
        return f"{rng.randint(0, 10**9):010d}"
    return f"{value}"[: max(1, len(f"{value}") - 1)] + rng.choice(_GIVEN)


def _date(rng: random.Random) -> str:
    return f"20{rng.randint(10, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _id_number(rng: random.Random) -> str:
    body = (
        f"{rng.choice(_CITIES)[:4]}{rng.randint(1, 30):02d}19{rng.randint(50, 99)}"
        f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    )
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
