"""Messages of sync, trust, bundles and the adapters in both languages at once
(issue 18 item 5, issue 17 item 6).

Their texts are in the catalogue (core/locale) under ``refusal.*``, ``node.role.*``,
``record.kind.*`` and ``record.field.*`` (the names a refusal gives a node's role, a
record and a field), ``trust.*``, ``bundle.*``, ``http.*``, ``progress.*``,
``prompt.*``, ``write.*``, ``lock.*``, ``db.*``.

The helpers below build a message in both languages at once, for the objects that
carry a ``zh`` and an ``en`` text (a refusal, an error's ``reason_zh``/``reason_en``):
a parameter given as a :class:`Label` is itself filled in each language.
"""

from __future__ import annotations

from typing import NamedTuple


class Label(NamedTuple):
    """A parameter with a text in each language (a role, a record kind, a field)."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def label(msgid: str, /, **params: object) -> Label:
    """The message ``key`` in Chinese and English, each filled with ``params`` (a
    :class:`Label` parameter in the same language)."""
    from regsync.core.catalogue import text  # noqa: PLC0415  -- catalogue imports this module

    def fill(lang: str) -> str:
        values = {k: v.get(lang) if isinstance(v, Label) else v for k, v in params.items()}
        return text(msgid, lang, **values)

    return Label(fill("zh"), fill("en"))


def both(msgid: str, /, **params: object) -> str:
    """The message ``key`` as "中文 English", for a text one reader of either language
    sees (a progress line, a terminal prompt, a log line before any language is known)."""
    zh, en = label(msgid, **params)
    return f"{zh} {en}"


def field_label(kind: str, name: str) -> Label:
    """The name of field ``name`` of a ``kind`` record, in both languages."""
    from regsync.core.catalogue import has  # noqa: PLC0415  -- catalogue imports this module

    # A kind's own wording first, then the sync's, then the field's label as every
    # other message names it (core/field_labels.py).
    for key in (f"record.field.{kind}.{name}", f"record.field.{name}", f"label.{name}"):
        if has(key):
            return label(key)
    return label("record.field.other", name=name)


def kind_label(kind: str) -> Label:
    """The name of a record kind (申请, 工作业绩 ...), in both languages."""
    from regsync.core.catalogue import has  # noqa: PLC0415  -- catalogue imports this module

    key = f"record.kind.{kind}"
    return label(key) if has(key) else label("record.kind.other", kind=kind)


def role_label(role: str) -> Label:
    """A node's role (个人版, 企业, 市级, 省级), by its value."""
    return label(f"node.role.{role}")


def trust_field(name: str) -> Label:
    """The name of a field of a node card, certificate, revocation or key handover."""
    from regsync.core.catalogue import has  # noqa: PLC0415  -- catalogue imports this module

    return label(f"trust.field.{name}") if has(f"trust.field.{name}") else field_label("node", name)


def joined(labels: list[Label]) -> Label:
    """Several names as one list, in each language (、 in Chinese)."""
    sep = label("refusal.list_separator")
    return Label(sep.zh.join(x.zh for x in labels), sep.en.join(x.en for x in labels))


def scope_label(scope: str) -> Label:
    """A data scope (``enterprise:USCC``, ``city:140100`` ...) in words."""
    prefix, _, rest = scope.partition(":")
    if prefix in ("enterprise", "city", "personal") and rest:
        return label(f"scope.{prefix}", id=rest)
    if scope == "province":
        return label("scope.province")
    return Label(scope, scope)
