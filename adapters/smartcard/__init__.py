"""The identity lock (身份识别锁 / 管理锁): the node key on a smart card, through PC/SC.

:class:`SmartCardSigner` is the ``Signer`` port over a lock in any PC/SC reader
(pyscard, the ``regsync[smartcard]`` extra).  The virtual lock (:mod:`.emulator`,
:mod:`.applet`, :mod:`.card_state`) speaks the same applet over the vpcd driver of
Debian's ``vsmartcard-vpcd``, so tests and demos run the real pcscd stack.  The
applet protocol is in :mod:`.protocol` and ``docs/identity-lock.md``.
"""

from regsync.adapters.smartcard.card_state import CardState, create_state, load_state
from regsync.adapters.smartcard.emulator import emulate
from regsync.adapters.smartcard.signer import LockInfo, SmartCardSigner

__all__ = ["CardState", "LockInfo", "SmartCardSigner", "create_state", "emulate", "load_state"]
