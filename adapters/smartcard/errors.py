"""Errors of the identity lock (身份识别锁 / 管理锁).

CoreError
└── LockError                  root of the identity-lock errors
    ├── PcscUnavailable        no PC/SC service (pcscd) or no pyscard
    ├── NoReader               no card reader connected
    ├── NoCard                 a reader, but no card in it
    ├── WrongCard              a card that is not a regsync lock
    ├── WrongLock              a regsync lock, but another node's
    ├── WrongPin               the PIN is wrong; tries are left
    ├── PinBlocked             no tries left: the lock refuses to sign for good
    ├── PinRequired            no PIN given and no terminal to ask on
    ├── LockRemoved            the lock was pulled out (or the reader lost it) mid-operation
    ├── LockFailed             the lock answered an unexpected status word
    ├── LockCannotUnseal       a lock whose applet has no DERIVE cannot open sealed bundles
    ├── LockStateExists        ``lock init`` never overwrites a virtual lock
    └── LockStateUnreadable    the virtual lock's state file cannot be read
"""

from __future__ import annotations

from regsync.core.errors import CoreError
from regsync.core.i18n import N_


class LockError(CoreError):
    """Root of the identity-lock errors."""


class PcscUnavailable(LockError):
    msgid = N_("error.PcscUnavailable")


class NoReader(LockError):
    msgid = N_("error.NoReader")


class NoCard(LockError):
    msgid = N_("error.NoCard")


class WrongCard(LockError):
    msgid = N_("error.WrongCard")


class WrongLock(LockError):
    msgid = N_("error.WrongLock")


class WrongPin(LockError):
    msgid = N_("error.WrongPin")


class PinBlocked(LockError):
    msgid = N_("error.PinBlocked")


class PinRequired(LockError):
    msgid = N_("error.PinRequired")


class LockRemoved(LockError):
    msgid = N_("error.LockRemoved")


class LockFailed(LockError):
    msgid = N_("error.LockFailed")


class LockCannotUnseal(LockError):
    msgid = N_("error.LockCannotUnseal")


class LockStateExists(LockError):
    msgid = N_("error.LockStateExists")


class LockStateUnreadable(LockError):
    msgid = N_("error.LockStateUnreadable")
