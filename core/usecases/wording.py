"""The use cases' messages in both languages, from the catalogue (``usecase.*`` keys).

The domain errors carry a Chinese and an English text of each part they name (the
refused action, the missing record); :func:`both` fills such a pair from one key.
"""

from __future__ import annotations

from collections.abc import Mapping

from regsync.core.catalogue import text


def both(key: str, **params: object) -> tuple[str, str]:
    """The message ``key`` in Chinese and in English, filled with ``params``."""
    return text(key, "zh", **params), text(key, "en", **params)


def what(key: str) -> dict[str, str]:
    """The ``what`` / ``what_en`` parameters of an error naming a kind of record."""
    zh, en = both(key)
    return {"what": zh, "what_en": en}


def each(
    key: str, zh: Mapping[str, object], en: Mapping[str, object], /, **params: object
) -> tuple[str, str]:
    """Like :func:`both`, with parameters said differently in each language (a
    specialty's Chinese name and its code, ...)."""
    return text(key, "zh", **params, **zh), text(key, "en", **params, **en)
