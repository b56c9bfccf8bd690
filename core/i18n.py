"""The message catalogue at run time: GNU gettext ``.mo`` files, read with the stdlib.

Every user-facing string has a stable message id -- a key such as ``app.title`` or
``error.InvalidIdNumber``, or (for command-line help) the English text itself -- and a
translation in each language: ``core/locale/{zh,en}/LC_MESSAGES/regsync.po``, compiled
to ``regsync.mo`` beside it (``scripts/pairs_to_po.py``; README "Message catalogue").
Both languages are translations, so a missing entry is visible in either.

:func:`N_` marks a message id for extraction (``pybabel extract``, babel.cfg) and
returns it unchanged.  ``zh`` is the default language; anything but ``en`` means zh.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path

LANGS = ("zh", "en")
DOMAIN = "regsync"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def N_(msgid: str) -> str:  # noqa: N802  -- the gettext convention for a deferred marker
    """Mark ``msgid`` for the catalogue; it is translated where it is shown."""
    return msgid


def language(lang: str | None) -> str:
    """``en`` or ``zh`` (the default)."""
    return "en" if lang == "en" else "zh"


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (an empty one if the .mo file is missing)."""
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language(lang)])
    except OSError:
        return gettext.NullTranslations()


def lookup(msgid: str, lang: str = "zh") -> str | None:
    """The translation of ``msgid`` in ``lang``, or None when the catalogue has none."""
    found = _catalog(language(lang)).get(msgid)
    return found if isinstance(found, str) and found else None


def msgids(lang: str = "zh") -> frozenset[str]:
    """Every message id with a translation in ``lang``."""
    found = _catalog(language(lang)).items()
    return frozenset(k for k, v in found if isinstance(k, str) and k and v)


def _catalog(lang: str) -> dict[object, object]:
    # GNUTranslations keeps the parsed .mo in ``_catalog`` (documented in gettext.py's
    # source since Python 2; a NullTranslations has none).
    found = getattr(translations(lang), "_catalog", None)
    return found if isinstance(found, dict) else {}


def gettext_or_id(msgid: str, lang: str = "zh") -> str:
    """The translation of ``msgid``, or ``msgid`` itself (help texts: English ids)."""
    return translations(language(lang)).gettext(msgid)


def text(key: str, lang: str = "zh", **params: object) -> str:
    """The message ``key`` in ``lang``, filled with ``params``; unknown keys raise KeyError."""
    template = lookup(key, lang)
    if template is None:
        raise KeyError(key)
    return template.format(**params) if params else template
