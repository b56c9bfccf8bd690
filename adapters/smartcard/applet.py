"""The identity-lock applet, as the virtual lock runs it: command APDU in, response out.

The rules a physical card would enforce are here: nothing answers before SELECT, a
signature (or a key agreement) needs a verified PIN, every wrong PIN costs a try
(saved before the answer), and a lock without tries left refuses VERIFY, SIGN and
DERIVE for good.  The protocol is in
``docs/identity-lock.md``.
"""

from __future__ import annotations

from collections.abc import Callable

from nacl.bindings import crypto_box_beforenm
from nacl.exceptions import CryptoError
from nacl.signing import SigningKey

from regsync.adapters.smartcard import protocol as p
from regsync.adapters.smartcard.card_state import CardState


def _sw(sw: int, data: bytes = b"") -> bytes:
    return data + sw.to_bytes(2, "big")


class Applet:
    """One powered-on session of the virtual lock.

    ``save`` persists the state (the retry counter) and is called before any answer
    that depends on it.  A power-off or reset makes a new :class:`Applet`: the PIN
    must be given again, as on a real card.
    """

    def __init__(self, state: CardState, save: Callable[[CardState], None]) -> None:
        self._state = state
        self._save = save
        self._selected = False
        self._verified = False
        self._chain: bytearray | None = None
        self._key = SigningKey(state.seed)
        self._x25519 = bytes(self._key.to_curve25519_private_key())

    def process(self, command: bytes) -> bytes:
        """Answer one command APDU with its response APDU (data and status word)."""
        parsed = _parse(command)
        if parsed is None:
            return _sw(p.SW_WRONG_LENGTH)
        cla, ins, p1, p2, data = parsed
        if self._chain is not None and (
            ins != p.INS_SIGN or cla & ~p.CLA_CHAIN != p.CLA_PROPRIETARY
        ):
            self._chain = None  # an interrupted chain is dropped, as ISO 7816-4 wants
            return _sw(p.SW_CHAIN_EXPECTED)
        if cla == p.CLA_ISO and ins == p.INS_SELECT:
            return self._select(p1, data)
        if not self._selected:
            return _sw(p.SW_CONDITIONS_NOT_SATISFIED)
        if cla == p.CLA_ISO and ins == p.INS_VERIFY:
            return self._verify(p2, data)
        if cla & ~p.CLA_CHAIN != p.CLA_PROPRIETARY:
            return _sw(p.SW_CLA_UNSUPPORTED)
        if ins == p.INS_SIGN:
            return self._sign(bool(cla & p.CLA_CHAIN), data)
        if cla & p.CLA_CHAIN:
            return _sw(p.SW_CHAINING_UNSUPPORTED)
        if ins == p.INS_GET_PUBLIC_KEY:
            return _sw(p.SW_OK, bytes(self._key.verify_key))
        if ins == p.INS_GET_INFO:
            return _sw(p.SW_OK, self._info())
        if ins == p.INS_DERIVE:
            return self._derive(data)
        return _sw(p.SW_INS_UNSUPPORTED)

    def _select(self, p1: int, data: bytes) -> bytes:
        if p1 != p.P1_SELECT_BY_NAME or data != p.AID:
            self._selected = self._verified = False
            return _sw(p.SW_NOT_FOUND)
        self._selected, self._verified = True, False
        return _sw(p.SW_OK, bytes([p.APPLET_VERSION]))

    def _verify(self, p2: int, pin: bytes) -> bytes:
        state = self._state
        if p2 != p.P2_PIN_REF:
            return _sw(p.SW_WRONG_P1P2)
        if state.tries_left == 0:
            return _sw(p.SW_PIN_BLOCKED)
        if not pin:  # a status query: verified already, or how many tries are left
            return _sw(p.SW_OK if self._verified else p.SW_PIN_WRONG_BASE | state.tries_left)
        if not p.PIN_MIN <= len(pin) <= p.PIN_MAX:
            return _sw(p.SW_WRONG_LENGTH)
        # Take the try first and save it: pulling the card mid-check never refunds it.
        state.tries_left -= 1
        self._save(state)
        if not state.pin_matches(pin):
            self._verified = False
            return _sw(p.SW_PIN_WRONG_BASE | state.tries_left)
        state.tries_left = state.tries_max
        self._save(state)
        self._verified = True
        return _sw(p.SW_OK)

    def _sign(self, more: bool, block: bytes) -> bytes:
        if self._state.tries_left == 0:
            self._chain = None
            return _sw(p.SW_PIN_BLOCKED)
        if not self._verified:
            self._chain = None
            return _sw(p.SW_SECURITY_NOT_SATISFIED)
        chain = self._chain if self._chain is not None else bytearray()
        if len(chain) + len(block) > p.MAX_MESSAGE:
            self._chain = None
            return _sw(p.SW_NO_MEMORY)
        chain += block
        if more:
            self._chain = chain
            return _sw(p.SW_OK)
        self._chain = None
        return _sw(p.SW_OK, self._key.sign(bytes(chain)).signature)

    def _derive(self, ephemeral: bytes) -> bytes:
        """The box key ``crypto_box_beforenm(ephemeral, own X25519 key)`` for unsealing.

        It opens one sealed message and reveals nothing about the lock's own key.
        """
        if self._state.tries_left == 0:
            return _sw(p.SW_PIN_BLOCKED)
        if not self._verified:
            return _sw(p.SW_SECURITY_NOT_SATISFIED)
        if len(ephemeral) != p.X25519_KEY:
            return _sw(p.SW_WRONG_LENGTH)
        try:
            key = crypto_box_beforenm(ephemeral, self._x25519)
        except (CryptoError, ValueError):  # a low-order point: no shared key
            return _sw(p.SW_WRONG_DATA)
        return _sw(p.SW_OK, key)

    def _info(self) -> bytes:
        s = self._state
        return (
            p.tlv(p.TAG_SERIAL, s.serial.encode("ascii"))
            + p.tlv(p.TAG_UNIT, s.unit.encode("utf-8")[:255])
            + p.tlv(p.TAG_VERSION, bytes([p.APPLET_VERSION]))
            + p.tlv(p.TAG_TRIES_LEFT, bytes([s.tries_left]))
            + p.tlv(p.TAG_TRIES_MAX, bytes([s.tries_max]))
        )


def _parse(command: bytes) -> tuple[int, int, int, int, bytes] | None:
    """Split a short APDU into header and data; ``None`` when the lengths are wrong."""
    if len(command) < 4:
        return None
    cla, ins, p1, p2 = command[:4]
    body = command[4:]
    if len(body) <= 1:  # case 1 (nothing) or case 2 (Le only)
        return cla, ins, p1, p2, b""
    lc = body[0]
    if lc == 0 or len(body) not in (1 + lc, 2 + lc):  # case 3, or case 4 with Le
        return None
    return cla, ins, p1, p2, bytes(body[1 : 1 + lc])
