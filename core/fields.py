"""Field values typed in by people (``FIELD=VALUE`` on the CLI, a text box in Tk)."""

from __future__ import annotations

import datetime as dt

from regsync.core import catalogue
from regsync.core.errors import InvalidValue, UnknownField
from regsync.core.model import Record, Value, field_types

_TRUE = {"1", "true", "yes", "y", "是"}
_FALSE = {"0", "false", "no", "n", "否"}


def expected_texts(key: str, **params: object) -> dict[str, str]:
    """What an :class:`InvalidValue` expects: in English, and in Chinese (``expected_zh``)."""
    return {
        "expected": catalogue.text(key, "en", **params),
        "expected_zh": catalogue.text(key, "zh", **params),
    }


def parse_value(record_type: type[Record], field: str, text: str) -> Value:
    """Convert ``text`` to the type of ``record_type.field``; empty text means no value."""
    types = field_types(record_type)
    if field not in types:
        raise UnknownField(field=field, known=", ".join(sorted(types)))
    if text == "":
        return None
    kind = types[field]
    try:
        if kind is dt.date:
            return dt.date.fromisoformat(text)
        if kind is int:
            return int(text)
    except ValueError:
        expected = "expected.date" if kind is dt.date else "expected.whole_number"
        raise InvalidValue(field=field, value=text, **expected_texts(expected)) from None
    if kind is bool:
        lowered = text.strip().lower()
        if lowered in _TRUE | _FALSE:
            return lowered in _TRUE
        raise InvalidValue(field=field, value=text, **expected_texts("expected.yes_no"))
    return text


def parse_assignment(record_type: type[Record], assignment: str) -> tuple[str, Value]:
    """Split ``FIELD=VALUE`` and convert the value."""
    field, sep, text = assignment.partition("=")
    if not sep or not field.strip():
        raise InvalidValue(field="--set", value=assignment, **expected_texts("expected.assignment"))
    name = field.strip()
    return name, parse_value(record_type, name, text.strip())
