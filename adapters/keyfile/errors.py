"""Errors of the passphrase-protected key file.

CoreError
└── KeyFileError                root of the key-file errors
    ├── KeyFileMissing          no key file at the path
    ├── KeyFileExists           a key file is already there (never overwritten)
    ├── KeyFileUnreadable       the file exists but cannot be read (permissions)
    ├── WeakPassphrase          the new passphrase is too short
    ├── WrongPassphrase         the passphrase does not open the key
    ├── CorruptKeyFile          the file is not a readable key file
    ├── UnsupportedKeyFileVersion
    ├── UnprotectedKeyFile      an old unencrypted key file: protect it first
    └── UnsealFailed            a sealed message is not addressed to this key
"""

from __future__ import annotations

from nacl.exceptions import CryptoError

from regsync.core.errors import CoreError
from regsync.core.i18n import N_


class KeyFileError(CoreError):
    """Root of the key-file errors."""


class KeyFileMissing(KeyFileError):
    msgid = N_("error.KeyFileMissing")


class KeyFileExists(KeyFileError):
    msgid = N_("error.KeyFileExists")


class KeyFileUnreadable(KeyFileError):
    msgid = N_("error.KeyFileUnreadable")


class WeakPassphrase(KeyFileError):
    msgid = N_("error.WeakPassphrase")


class WrongPassphrase(KeyFileError):
    msgid = N_("error.WrongPassphrase")


class CorruptKeyFile(KeyFileError):
    msgid = N_("error.CorruptKeyFile")


class UnsupportedKeyFileVersion(KeyFileError):
    msgid = N_("error.UnsupportedKeyFileVersion")


class UnprotectedKeyFile(KeyFileError):
    msgid = N_("error.UnprotectedKeyFile")


class UnsealFailed(KeyFileError, CryptoError):
    """Also a ``CryptoError``: the bundle reader's ``Unsealer`` contract raises that
    for a key sealed to someone else, so ``signer.unseal`` plugs in unchanged."""

    msgid = N_("error.UnsealFailed")
