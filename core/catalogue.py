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


from regsync.core.catalogue_operators import TEXTS as _OPERATORS  # noqa: E402

TEXTS.update(_OPERATORS)

from regsync.core.catalogue_setup import TEXTS as _SETUP  # noqa: E402

TEXTS.update(_SETUP)

from regsync.core.catalogue_screens import TEXTS as _SCREENS  # noqa: E402

TEXTS.update(_SCREENS)

from regsync.core.catalogue_round import TEXTS as _ROUND  # noqa: E402

TEXTS.update(_ROUND)

from regsync.core.catalogue_sync import TEXTS as _SYNC  # noqa: E402

TEXTS.update(_SYNC)

from regsync.core.catalogue_gui import TEXTS as _GUI  # noqa: E402

TEXTS.update(_GUI)

from regsync.core.catalogue_usecases import TEXTS as _USECASES  # noqa: E402

TEXTS.update(_USECASES)

from regsync.core.catalogue_cli import TEXTS as _CLI  # noqa: E402

TEXTS.update(_CLI)

from regsync.core.catalogue_core import TEXTS as _CORE  # noqa: E402

TEXTS.update(_CORE)

from regsync.core.catalogue_enrol import TEXTS as _ENROL  # noqa: E402

TEXTS.update(_ENROL)

from regsync.core.catalogue_reasons import TEXTS as _REASONS  # noqa: E402

TEXTS.update(_REASONS)
