"""照片: the person's ID photo, a JPEG or PNG image stored with the person record.

Record values are JSON scalars (DESIGN §3), so the image travels as base64 text in
the ``photo`` field: it replicates like any other field and needs no blob column.

The image is recognised by its magic bytes, never by a file name; anything else is
refused.  The limit is :data:`PHOTO_MAX_BYTES` (200 KB): a 2-inch ID photo
(413 × 579 px at 300 dpi) is 30-100 KB as JPEG, so 200 KB leaves room for a PNG or a
better quality, while every edit of the photo is carried whole in every bundle and
held by every office above the firm (thousands of persons at the province).
"""

from __future__ import annotations

import base64
import binascii

from regsync.core.catalogue import text
from regsync.core.errors import InvalidPhoto

PHOTO_MAX_BYTES = 200 * 1024
"""Largest accepted photo, in bytes of the image file."""

_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"


def photo_format(data: bytes) -> str | None:
    """``"jpeg"`` or ``"png"`` from the magic bytes, None for anything else."""
    if data.startswith(_JPEG):
        return "jpeg"
    if data.startswith(_PNG):
        return "png"
    return None


def encode_photo(data: bytes, *, field: str = "photo") -> str:
    """The stored text of a photo; not an image, empty or too large: :class:`InvalidPhoto`."""
    limit_kb = PHOTO_MAX_BYTES // 1024
    if len(data) > PHOTO_MAX_BYTES:
        size_kb = (len(data) + 1023) // 1024
        raise InvalidPhoto(
            field=field,
            limit_kb=limit_kb,
            reason_zh=text("reason.photo.size", "zh", size_kb=size_kb, limit_kb=limit_kb),
            reason_en=text("reason.photo.size", "en", size_kb=size_kb, limit_kb=limit_kb),
        )
    if photo_format(data) is None:
        raise InvalidPhoto(
            field=field,
            limit_kb=limit_kb,
            reason_zh=text("reason.photo.format", "zh"),
            reason_en=text("reason.photo.format", "en"),
        )
    return base64.b64encode(data).decode("ascii")


def decode_photo(text: str) -> bytes | None:
    """The image bytes of a stored photo, None when the text is not a valid photo.

    A photo that arrived by sync was checked where it was entered; a damaged one is
    left out of the printed form rather than stopping the print.
    """
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return None
    return data if photo_format(data) is not None and len(data) <= PHOTO_MAX_BYTES else None


def check_photo_text(text: str, *, field: str = "photo") -> str:
    """A photo value typed as text (``--set photo=...``): valid base64 of an accepted image."""
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        data = b""
    return encode_photo(data, field=field)
