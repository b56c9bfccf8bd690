"""Typed computer-check messages (信息提示).

A message is its stable ``code``, severity, field and parameters; its words come from
the message catalogue (:mod:`regsync.core.catalogue`, key ``check.<code>``) filled with
the parameters, in the language asked for.  A parameter that reads differently per
language (a field's label, an application kind's name) is a :class:`Term`, a
:class:`Phrase` (a catalogue entry of its own) or a :class:`Joined` list of those.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping

from regsync.core import catalogue
from regsync.core.field_labels import field_label, field_name


class Severity(enum.StrEnum):
    """An error blocks reporting; a warning is shown and needs a human look."""

    ERROR = "error"
    WARNING = "warning"


@dataclasses.dataclass(frozen=True)
class Term:
    """A parameter with a Chinese and an English wording (domain vocabulary, data)."""

    zh_text: str
    en_text: str

    def text(self, lang: str = "zh") -> str:
        return self.en_text if lang == "en" else self.zh_text


@dataclasses.dataclass(frozen=True)
class Phrase:
    """A parameter that is itself a catalogue entry, filled with its own parameters."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **params: object) -> Phrase:
        return cls(key, tuple(params.items()))

    def text(self, lang: str = "zh") -> str:
        return catalogue.text(self.key, lang, **fill(dict(self.params), lang))


def label(field: str | None) -> Term:
    """The label of ``field`` as a parameter: 资格证书号 / ``qualification certificate
    number (qualification_cert_no)`` (:func:`~regsync.core.field_labels.field_name`)."""
    if field is None or not field_name(field):
        return Term(field_label(None, "zh"), field_label(None, "en"))
    return Term(field_name(field, "zh"), field_name(field, "en"))


@dataclasses.dataclass(frozen=True)
class Joined:
    """A list as a parameter, joined with 、 in Chinese and ``, `` in English."""

    items: tuple[Term | Phrase | str, ...]

    def text(self, lang: str = "zh") -> str:
        separator = catalogue.text("check.piece.list_separator", lang)
        return separator.join(i if isinstance(i, str) else i.text(lang) for i in self.items)


def fill(params: Mapping[str, object], lang: str) -> dict[str, object]:
    """``params`` with every :class:`Term` and :class:`Phrase` read in ``lang``."""
    return {
        name: value.text(lang) if isinstance(value, Term | Phrase | Joined) else value
        for name, value in params.items()
    }


def message_key(code: str) -> str:
    """The catalogue key of a message code (``check.application.kind_unknown``)."""
    return f"check.{code}"


@dataclasses.dataclass(frozen=True)
class CheckMessage:
    """One finding of a computer check.

    ``code`` is stable (tests and other offices match on it); ``field`` names the
    record field concerned, so a screen can show the message next to it.  ``params``
    are the values the message names; :attr:`zh`, :attr:`en` and :meth:`text` read
    the catalogue entry ``check.<code>`` filled with them.
    """

    code: str
    severity: Severity
    field: str | None
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(
        cls, code: str, severity: Severity, field: str | None, /, **params: object
    ) -> CheckMessage:
        """A message; ``{field}`` (the code name) and ``{label}`` (:func:`label`) are
        always available to its texts."""
        params.setdefault("field", field or "")
        params.setdefault("label", label(field))
        return cls(code, severity, field, tuple(params.items()))

    @property
    def key(self) -> str:
        return message_key(self.code)

    def text(self, lang: str = "zh") -> str:
        return catalogue.text(self.key, lang, **fill(dict(self.params), lang))

    @property
    def zh(self) -> str:
        return self.text("zh")

    @property
    def en(self) -> str:
        return self.text("en")

    def as_dict(self) -> dict[str, str | None]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "field": self.field,
            "zh": self.zh,
            "en": self.en,
        }


def has_errors(messages: list[CheckMessage]) -> bool:
    return any(m.severity is Severity.ERROR for m in messages)
