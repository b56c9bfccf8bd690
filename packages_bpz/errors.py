"""Errors of the .bpz bundle format.

Every refusal says, in Chinese and English, which file, what is wrong with it and
what to do.  Reading a bundle never raises anything else for a bad file: a damaged,
cut, edited, foreign, oversize or too-new bundle is one of these.

    CoreError
    └── BundleError                 root of the bundle errors
        ├── NotABundle              the file does not start with the .bpz magic
        ├── UnsupportedVersion      a format version this program cannot read
        ├── NewerSchema             written for a database schema this program does not know
        ├── Truncated               the file ends before its declared length (copy cut short)
        ├── Corrupt                 bytes changed: lengths or the payload digest disagree
        │   └── MalformedHeader     the header does not decode or has wrong fields
        ├── BadSignature            the bundle or a stream head signature does not verify
        ├── UntrustedSender         validly signed, but by another key than the expected sender's
        ├── WrongRecipient          addressed (or sealed) to another node
        │   └── SealedToOtherKey    addressed here, sealed to a key this node no longer holds
        ├── TooLarge                over a size cap (file, header, item, item count)
        │   └── DecompressionBomb   the payload expands past its declared size or the cap
        ├── MalformedPayload        the signed payload does not decode as bundle items
        └── UnencodableItem         (writing) an item holds a value the format cannot carry

Parameters common to the reading errors: ``path`` (the file name as given).
"""

from __future__ import annotations

from regsync.core.errors import CoreError
from regsync.core.i18n import N_


class BundleError(CoreError):
    """Root of the bundle errors; nothing of a refused bundle may be applied."""


class NotABundle(BundleError):
    msgid = N_("error.NotABundle")


class UnsupportedVersion(BundleError):
    msgid = N_("error.UnsupportedVersion")


class NewerSchema(BundleError):
    msgid = N_("error.NewerSchema")


class Truncated(BundleError):
    msgid = N_("error.Truncated")


class Corrupt(BundleError):
    msgid = N_("error.Corrupt")


class MalformedHeader(Corrupt):
    msgid = N_("error.MalformedHeader")


class BadSignature(BundleError):
    msgid = N_("error.BadSignature")


class UntrustedSender(BundleError):
    msgid = N_("error.UntrustedSender")


class WrongRecipient(BundleError):
    msgid = N_("error.WrongRecipient")


class SealedToOtherKey(WrongRecipient):
    msgid = N_("error.SealedToOtherKey")


class TooLarge(BundleError):
    msgid = N_("error.TooLarge")


class DecompressionBomb(TooLarge):
    msgid = N_("error.DecompressionBomb")


class MalformedPayload(BundleError):
    msgid = N_("error.MalformedPayload")


class UnencodableItem(BundleError):
    msgid = N_("error.UnencodableItem")
