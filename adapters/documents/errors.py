"""Errors of the document adapter (each says what to do)."""

from __future__ import annotations

from regsync.core.errors import CoreError
from regsync.core.i18n import N_


class DocumentError(CoreError):
    """Root of the document adapter's errors."""


class CjkFontMissing(DocumentError):
    msgid = N_("error.CjkFontMissing")


class CjkFontUnusable(DocumentError):
    msgid = N_("error.CjkFontUnusable")


class OutputNotWritable(DocumentError):
    msgid = N_("error.OutputNotWritable")


class CannotLayOut(DocumentError):
    msgid = N_("error.CannotLayOut")
