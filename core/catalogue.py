"""The labels of the user interfaces, looked up by key in Chinese and English.

Everything a person reads on a screen or a terminal -- menu names of the seed editions
(附件2-4), buttons, column headers, notices -- is looked up by key, so the CLI and the Tk
shell say the same thing in the same words.  The texts live in the gettext catalogue
(:mod:`regsync.core.i18n`, ``core/locale``); ``zh`` is the default language.

``TEXTS`` holds (zh, en) pairs not yet moved into the catalogue: modules
``core/catalogue_*.py`` merge theirs in at the end of this file, and
``scripts/pairs_to_po.py`` moves them into the .po files (its ``--check`` fails while
any is left).  Until then a pair here wins over the catalogue.
"""

from __future__ import annotations

from regsync.core import i18n

LANGS = i18n.LANGS

# key -> (Chinese, English) not yet in the catalogue; ``{name}`` placeholders are filled
# by :func:`text` (the catalogue's too).
TEXTS: dict[str, tuple[str, str]] = {}


def has(key: str) -> bool:
    """Whether ``key`` names a label (in the catalogue or a pair not yet moved)."""
    return key in TEXTS or i18n.lookup(key, "zh") is not None


def _template(key: str, lang: str) -> str:
    pair = TEXTS.get(key)
    if pair is not None:
        return pair[1] if lang == "en" else pair[0]
    found = i18n.lookup(key, lang)
    if found is None:
        raise KeyError(key)
    return found


def text(key: str, lang: str = "zh", **params: object) -> str:
    """The label ``key`` in ``lang`` (zh unless ``en``); unknown keys raise ``KeyError``."""
    template = _template(key, lang)
    return template.format(**params) if params else template
