"""Turning results into text for people or JSON for scripts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from regsync.core.checks.messages import CheckMessage
from regsync.core.model import Record


@dataclasses.dataclass(frozen=True)
class Output:
    """What a command prints: ``data`` for ``--json``, ``text`` for people."""

    data: Any
    text: str


def jsonable(value: Any) -> Any:
    if isinstance(value, Record):
        return {k: jsonable(v) for k, v in value.fields().items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, CheckMessage):
        return value.as_dict()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def to_json(data: Any) -> str:
    return json.dumps(jsonable(data), ensure_ascii=False, indent=2)


def record_text(record: Record) -> str:
    fields = record.fields()
    width = max(len(name) for name in fields)
    return "\n".join(
        f"{name:<{width}}  {'' if value is None else jsonable(value)}"
        for name, value in fields.items()
    )


def table_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain aligned table; widths count CJK characters as two columns."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in lines)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
