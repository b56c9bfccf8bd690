"""The catalogue's (zh, en) pairs of a family of keys, for tests that check wording.

The ``core/catalogue_*.py`` modules are emptied once ``scripts/pairs_to_po.py`` has moved
their pairs into the .po files, so a test reads the compiled catalogue, not a module.
"""

from __future__ import annotations

from regsync.core import i18n


def pairs(*prefixes: str) -> dict[str, tuple[str, str]]:
    """Every key starting with one of ``prefixes`` and its zh and en texts (never empty:
    a family that vanished from the catalogue would make the caller's test vacuous)."""
    found = {
        key: (i18n.lookup(key, "zh") or "", i18n.lookup(key, "en") or "")
        for key in i18n.msgids("zh") | i18n.msgids("en")
        if key.startswith(prefixes)
    }
    assert found, f"no catalogue entry starts with {prefixes}"
    return found
