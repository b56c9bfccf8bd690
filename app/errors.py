"""Errors of the application layer.

AppError
├── HomeNotInitialised    no node lives in this home yet
├── HomeAlreadyInitialised a node already lives in this home
├── BadConfig             config.json cannot be read
├── PassphraseRequired    the key passphrase is needed and not given
├── PasswordRequired      `regsync user add|passwd`: no terminal and no --password-env
├── NoTrustRoot           no province root certificate installed yet
├── OutputExists          a file to write exists already
├── InputMissing          a file to read cannot be read
├── PortInUse             `regsync serve` cannot listen on its address
├── RootFingerprintMismatch  `init --server` got another root than the one expected
├── UnknownProvince       `init --province NAME` finds no directory of that name
├── NotEnterpriseCard     a personal package is addressed with an enterprise's card
├── IsAPackage            a personal package given to `bundle import`
├── OutputRequired        regsync report --via bundle without -o
├── OutputUnwritable      the folder of an output file does not exist
├── CannotWrite           writing a file failed (read-only, no permission, I/O error...)
│   └── MediumFull        no space left on the USB stick or disk (ENOSPC, EDQUOT)
├── DatabaseFull          the database's disk is full: the change was not saved
├── DatabaseBusy          another program holds the database locked past the wait
├── DatabaseDamaged       the database file is corrupt, truncated or not a database
├── FingerprintMismatch   `node trust --fingerprint`: the file holds another key
├── TrustNotConfirmed     `node trust`: the clerk did not confirm the fingerprint
├── BackupDamaged         a backup file is not one, or a member's digest differs
├── RestoreNeedsDatabase  a PostgreSQL backup restores into a --db database
├── BadEnvironment        an environment variable regsync reads has a wrong value
├── SecretFileUnsafe      `serve --passphrase-file`: other users may read the file
├── MissingExtra          a command needs an extra that is not installed (regsync[server]...)
├── Interrupted           Ctrl-C: the command stopped, its transaction undone
└── InternalError         a failure no rule names: a message, the traceback in the log
"""

from __future__ import annotations

from regsync.core.errors import CoreError
from regsync.core.i18n import N_


class AppError(CoreError):
    """Root of the application-layer errors."""


class HomeNotInitialised(AppError):
    msgid = N_("error.HomeNotInitialised")


class HomeAlreadyInitialised(AppError):
    msgid = N_("error.HomeAlreadyInitialised")


class BadConfig(AppError):
    msgid = N_("error.BadConfig")


class PassphraseRequired(AppError):
    msgid = N_("error.PassphraseRequired")


class NoTrustRoot(AppError):
    msgid = N_("error.NoTrustRoot")


class OutputExists(AppError):
    msgid = N_("error.OutputExists")


class InputMissing(AppError):
    msgid = N_("error.InputMissing")


class NotEnterpriseCard(AppError):
    msgid = N_("error.NotEnterpriseCard")


class IsAPackage(AppError):
    msgid = N_("error.IsAPackage")


class OutputRequired(AppError):
    msgid = N_("error.OutputRequired")


class OutputUnwritable(AppError):
    msgid = N_("error.OutputUnwritable")


class PortInUse(AppError):
    msgid = N_("error.PortInUse")


class RootFingerprintMismatch(AppError):
    msgid = N_("error.RootFingerprintMismatch")


class UnknownProvince(AppError):
    msgid = N_("error.UnknownProvince")


class CannotWrite(AppError):
    """Writing the file ``path`` failed; the reason and the remedy come from the OS error
    (:func:`regsync.app.writing.cannot_write`).  Nothing is left at ``path``."""

    msgid = N_("error.CannotWrite")


class MediumFull(CannotWrite):
    msgid = N_("error.MediumFull")


class DatabaseFull(AppError):
    msgid = N_("error.DatabaseFull")


class DatabaseBusy(AppError):
    msgid = N_("error.DatabaseBusy")


class DatabaseDamaged(AppError):
    msgid = N_("error.DatabaseDamaged")


class BadEnvironment(AppError):
    msgid = N_("error.BadEnvironment")


class Interrupted(AppError):
    msgid = N_("error.Interrupted")


class InternalError(AppError):
    msgid = N_("error.InternalError")


class FingerprintMismatch(AppError):
    msgid = N_("error.FingerprintMismatch")


class TrustNotConfirmed(AppError):
    msgid = N_("error.TrustNotConfirmed")


class BackupDamaged(AppError):
    msgid = N_("error.BackupDamaged")


class RestoreNeedsDatabase(AppError):
    msgid = N_("error.RestoreNeedsDatabase")


class SecretFileUnsafe(AppError):
    msgid = N_("error.SecretFileUnsafe")


class MissingExtra(AppError):
    """A command needs an optional part (:mod:`regsync.app.extras`) not installed here."""

    msgid = N_("error.MissingExtra")


class PasswordRequired(AppError):
    msgid = N_("error.PasswordRequired")


class EnrolmentRequestMissing(AppError):
    """节点登记申请: the request to certify is no longer kept (``node_id``)."""

    msgid = N_("error.EnrolmentRequestMissing")
