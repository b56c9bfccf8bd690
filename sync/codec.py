"""Field values on the wire and in the log, and the canonical encoding for hashing.

Domain values (``str``, ``int``, ``bool``, ``date``, ``None``) are written as JSON
scalars, dates as ISO text.  The canonical encoding (sorted keys, no spaces, UTF-8)
is what the hash chain covers, so every node computes the same hash for the same
changeset whatever transport carried it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from typing import Any

from regsync.core.model import RECORD_BY_KIND, Value, field_types

Encoded = str | int | bool | None

# One encoder for all calls: json.dumps with options builds a new encoder each time,
# which dominated bulk commits.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def encode_value(value: Value) -> Encoded:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@functools.cache
def date_fields(kind: str) -> frozenset[str]:
    """The fields of ``kind`` that hold dates (the only ones that need decoding)."""
    return frozenset(name for name, t in field_types(RECORD_BY_KIND[kind]).items() if t is dt.date)


def decode_value(kind: str, field: str, value: Encoded) -> Value:
    """Turn a logged value back into the domain type of ``kind.field``."""
    if isinstance(value, str) and field in date_fields(kind):
        return dt.date.fromisoformat(value)
    return value


def decode_fields(kind: str, fields: Mapping[str, Encoded]) -> dict[str, Value]:
    out: dict[str, Value] = dict(fields)
    for name in date_fields(kind):  # a handful: cheaper than intersecting the fields
        value = fields.get(name)
        if isinstance(value, str):
            out[name] = dt.date.fromisoformat(value)
    return out


def encode_fields(kind: str, fields: Mapping[str, Value]) -> dict[str, Encoded]:
    """Domain values to logged values: only dates change form."""
    out = dict(fields)
    for name in date_fields(kind):
        value = fields.get(name)
        if isinstance(value, dt.date):
            out[name] = value.isoformat()
    return out  # type: ignore[return-value]  # the dates were the only non-JSON values


def canonical_text(obj: Any) -> str:
    """The canonical JSON text of a JSON-compatible object."""
    return _CANONICAL.encode(obj)


def canonical(obj: Any) -> bytes:
    """The canonical bytes of a JSON-compatible object."""
    return canonical_text(obj).encode()
