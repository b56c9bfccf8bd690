"""The Chinese font embedded in every PDF, found on the machine at run time.

The PDF standard CID font STSong-Light needs no file but is not embedded: a viewer
without the Adobe Asian font pack substitutes another face or shows nothing.  So
regsync embeds (a subset of) a TrueType CJK font instead.  reportlab reads only
TrueType outlines, so the OpenType/CFF Noto CJK fonts cannot be used; WenQuanYi Zen
Hei (Debian ``fonts-wqy-zenhei``) is the reference and ``REGSYNC_CJK_FONT`` names
another file (``PATH`` or ``PATH#INDEX`` for a face of a .ttc collection).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from regsync.adapters.documents.errors import CjkFontMissing, CjkFontUnusable

FONT_NAME = "RegsyncCJK"
ENV_VAR = "REGSYNC_CJK_FONT"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)


def find_font(environ: dict[str, str] | None = None) -> tuple[str, int]:
    """The font file and face index to embed; raises :class:`CjkFontMissing`."""
    env = os.environ if environ is None else environ
    chosen = env.get(ENV_VAR)
    if chosen:
        path, _, index = chosen.partition("#")
        if not Path(path).is_file():
            raise CjkFontUnusable(path=path, reason="no such file")
        return path, int(index or 0)
    for path in CANDIDATES:
        if Path(path).is_file():
            return path, 0
    raise CjkFontMissing(searched=", ".join(CANDIDATES))


@functools.cache
def _register(path: str, index: int) -> str:
    try:
        pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=index))
    except (TTFError, OSError) as exc:
        raise CjkFontUnusable(path=path, reason=str(exc)) from exc
    return FONT_NAME


def cjk_font() -> str:
    """Register the CJK font with reportlab once per process; returns its name."""
    return _register(*find_font())


@functools.cache
def _coverage(path: str, index: int) -> frozenset[int]:
    try:
        face = TTFont("RegsyncCJKCoverage", path, subfontIndex=index).face
    except (TTFError, OSError) as exc:
        raise CjkFontUnusable(path=path, reason=str(exc)) from exc
    # A code point maps to glyph 0 (.notdef) when the font has no drawing for it.
    return frozenset(cp for cp, glyph in face.charToGlyph.items() if glyph)


def font_glyphs() -> frozenset[int]:
    """The code points the embedded font draws: the entry checks and the printer both
    refuse any other character (``core.text_rules``), so nothing vanishes from a form."""
    return _coverage(*find_font())


def font_glyphs_or_none() -> frozenset[int] | None:
    """:func:`font_glyphs`, or None on a machine without the font (it cannot print at
    all then, and says so when asked to; entry goes on without the coverage check)."""
    try:
        return font_glyphs()
    except (CjkFontMissing, CjkFontUnusable):
        return None
