"""How a message names a record field: its label in the catalogue (``label.<field>``).

A Chinese message says 资格证书号, never the code name ``qualification_cert_no``; an
English one may add the code name in brackets.  A field without a label reads
``该项`` / ``this field`` (``label.field_unknown``).
"""

from __future__ import annotations

from regsync.core import catalogue


def label_key(field: str) -> str:
    return f"label.{field.lower().lstrip('-')}"


def has_label(field: str) -> bool:
    return catalogue.has(label_key(field))


def field_label(field: str | None, lang: str = "zh") -> str:
    """The label of ``field`` in ``lang``."""
    key = label_key(field) if field else "label.field_unknown"
    return catalogue.text(key if catalogue.has(key) else "label.field_unknown", lang)


def field_name(field: object, lang: str = "zh") -> str:
    """How a message names ``field``: its label, in English followed by the code name
    (``qualification date (qualification_date)``: what a ``--set`` takes); the name as
    typed when it has no label (a command-line option such as ``--set``)."""
    name = str(field) if field is not None else ""
    if not name or name.startswith("-") or not has_label(name):
        return name
    label = catalogue.text(label_key(name), lang)
    return f"{label} ({name})" if lang == "en" else label
