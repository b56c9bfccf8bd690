"""Typed computer-check messages (信息提示)."""

from __future__ import annotations

import dataclasses
import enum


class Severity(enum.StrEnum):
    """An error blocks reporting; a warning is shown and needs a human look."""

    ERROR = "error"
    WARNING = "warning"


@dataclasses.dataclass(frozen=True)
class CheckMessage:
    """One finding of a computer check.

    ``code`` is stable (tests and other offices match on it); ``field`` names the
    record field concerned, so a screen can show the message next to it.
    """

    code: str
    severity: Severity
    field: str | None
    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

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
