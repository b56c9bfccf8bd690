"""Turning results into text for people or JSON for scripts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from regsync.app.cli import language
from regsync.core import catalogue
from regsync.core.checks.messages import CheckMessage
from regsync.core.model import Record
from regsync.core.photos import decode_photo, photo_format


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
    """A record's fields, one a line, each named by its label in the command line's
    language (``field.<name>``, else ``cli.field.<name>``, else the name itself)."""
    return pairs_text([(field_name(name), _shown(name, value))
                       for name, value in record.fields().items()])  # fmt: skip


def field_name(name: str) -> str:
    """A record field's label in the command line's language."""
    for key in (f"field.{name}", f"cli.field.{name}"):
        if catalogue.has(key):
            return catalogue.text(key, language.current())
    return name


# Record fields holding a stored code, and the catalogue entry that names the code.
_CODES = {
    "kind": "cli.kind.{}",
    "specialty": "cli.specialty.{}",
    "stage": "cli.stage.{}",
    "gender": "gender.{}",
    "registration_status": "cli.registration.{}",
    "status": "reg.enterprise_{}",
}


def _shown(name: str, value: object) -> object:
    # A photo is kilobytes of base64: the terminal says what it is (--json has it whole).
    if name == "photo" and isinstance(value, str) and value:
        data = decode_photo(value)
        if data is None:
            return say("cli.photo_unreadable")
        return f"{photo_format(data)}, {(len(data) + 1023) // 1024} KB"
    if name in _CODES and isinstance(value, str):
        return code_text(_CODES[name], value)
    return "" if value is None else jsonable(value)


def pairs_text(pairs: Sequence[tuple[str, object]]) -> str:
    """Labelled values, one a line, the values aligned (CJK labels count two columns)."""
    width = max((_width(label) for label, _ in pairs), default=0)
    return "\n".join(f"{_pad(label, width)}  {value}".rstrip() for label, value in pairs)


def table_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain aligned table; widths count CJK characters as two columns.  A header is
    shown in the command line's language: catalogue entry ``table.<header>``."""
    shown = [header_text(str(h)) for h in headers]
    cells = [shown] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in lines)


def code_text(key: str, code: str, lang: str | None = None) -> str:
    """A stored code (``female``, ``active``) as a word in ``lang`` (default: the command
    line's): the catalogue entry ``key`` with ``{}`` replaced by the code (``gender.{}``),
    else the code itself."""
    found = key.replace("{}", code)
    if not catalogue.has(found):
        return code
    return catalogue.text(found, lang or language.current())


def header_text(header: str) -> str:
    """A column header in the current language (itself when the catalogue has none)."""
    key = f"table.{header}"
    return catalogue.text(key, language.current()) if catalogue.has(key) else header


def say(key: str, **params: object) -> str:
    """The catalogue text ``key`` in the command line's language, filled with ``params``."""
    return catalogue.text(key, language.current(), **params)


def kind_text(kind: str) -> str:
    """申请类别 (``initial`` ...) in the command line's language."""
    return code_text("cli.kind.{}", kind)


def specialty_text(specialty: str) -> str:
    """注册专业 (``architect`` / ``structural``) in the command line's language."""
    return code_text("cli.specialty.{}", specialty)


def stage_text(stage: str) -> str:
    """申请状态 (``draft`` ... ``issued``) in the command line's language."""
    return code_text("cli.stage.{}", stage)


def joined(items: Sequence[object]) -> str:
    """Items listed in the command line's language: ``a、b`` in zh, ``a, b`` in en."""
    return say("cli.list_sep").join(str(x) for x in items)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
