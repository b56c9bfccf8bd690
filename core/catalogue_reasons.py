"""The reasons and details an error shows inside its message, in each language.

Their texts are in the catalogue (core/locale) under ``reason.*``.  An error whose
template shows ``{reason}`` or ``{detail}`` gets ``reason_zh``/``reason_en``
(:func:`regsync.core.errors.per_language`), built from one of those keys with
:func:`regsync.core.catalogue_sync.label`, so a Chinese reader never reads an English
reason.  :func:`with_cause` adds a library's own English words (an exception's text)
to the English reason only: they are a technician's clue, not a sentence for the
office.
"""

from __future__ import annotations

from regsync.core.catalogue_sync import Label


def with_cause(reason: Label, cause: object) -> Label:
    """``reason`` with a library's own (English) text added to the English side only."""
    text = str(cause).strip()
    return Label(reason.zh, f"{reason.en} ({text})") if text else reason


def reason_params(reason: Label, name: str = "reason") -> dict[str, str]:
    """``{name}_zh`` and ``{name}_en`` for an error's parameters."""
    return {f"{name}_zh": reason.zh, f"{name}_en": reason.en}
