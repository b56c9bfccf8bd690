"""Field values on the wire and in the log, and the canonical encoding for hashing.

Domain values (``str``, ``int``, ``bool``, ``date``, ``None``) are written as JSON
scalars, dates as ISO text.  The canonical encoding (sorted keys, no spaces, UTF-8)
is what the hash chain covers, so every node computes the same hash for the same
changeset whatever transport carried it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from regsync.core.model import RECORD_BY_KIND, Value, field_types

Encoded = str | int | bool | None


def encode_value(value: Value) -> Encoded:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def decode_value(kind: str, field: str, value: Encoded) -> Value:
    """Turn a logged value back into the domain type of ``kind.field``."""
    if value is None:
        return None
    if _types(kind)[field] is dt.date:
        assert isinstance(value, str)
        return dt.date.fromisoformat(value)
    return value


def decode_fields(kind: str, fields: Mapping[str, Encoded]) -> dict[str, Value]:
    types = _types(kind)
    return {
        name: dt.date.fromisoformat(v) if (types[name] is dt.date and isinstance(v, str)) else v
        for name, v in fields.items()
    }


_TYPE_CACHE: dict[str, dict[str, type]] = {}


def _types(kind: str) -> dict[str, type]:
    cached = _TYPE_CACHE.get(kind)
    if cached is None:
        cached = _TYPE_CACHE[kind] = field_types(RECORD_BY_KIND[kind])
    return cached


def canonical(obj: Any) -> bytes:
    """The canonical bytes of a JSON-compatible object."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
