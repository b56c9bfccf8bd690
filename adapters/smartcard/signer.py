"""``SmartCardSigner``: the ``Signer`` port over the identity lock, through PC/SC (pyscard).

The key never leaves the lock: the host sends the message to sign (in chained
APDUs) and gets the 64-byte Ed25519 signature back; to open a bundle sealed to the
node, the lock does the X25519 key agreement and the host the rest.  The lock signs the message
itself, not a digest of it, so every verifier in regsync checks a lock's signature
exactly as it checks a key file's (see ``docs/identity-lock.md``).

pyscard is an optional extra (``regsync[smartcard]``) and is imported only when a
lock is used.  Every PC/SC failure becomes a :class:`~.errors.LockError` that says
what to do: no reader, no card, wrong card, wrong lock, wrong PIN, blocked, removed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from typing import Any

from nacl.bindings import crypto_box_open_afternm, crypto_sign_ed25519_pk_to_curve25519
from nacl.exceptions import BadSignatureError, CryptoError
from nacl.signing import SigningKey, VerifyKey

from regsync.adapters.smartcard import protocol as p
from regsync.adapters.smartcard.errors import (
    LockCannotUnseal,
    LockFailed,
    LockRemoved,
    NoCard,
    NoReader,
    PcscUnavailable,
    PinBlocked,
    WrongCard,
    WrongLock,
    WrongPin,
)
from regsync.core.catalogue_reasons import reason_params, with_cause
from regsync.core.catalogue_sync import label
from regsync.sync.trust.files import fingerprint


@dataclasses.dataclass(frozen=True)
class LockInfo:
    """What a lock tells about itself before any PIN (``GET INFO``)."""

    reader: str
    serial: str
    unit: str
    version: int
    tries_left: int
    tries_max: int
    public_key: bytes


def _pcsc() -> Any:
    """The pyscard modules, or a clear error when the extra or pcscd is missing."""
    # Imported here, not at the top: pyscard is an optional extra, and a key-file
    # node must run without it.
    try:
        from smartcard import Exceptions, System  # noqa: PLC0415
        from smartcard.pcsc import PCSCExceptions  # noqa: PLC0415
    except ImportError as exc:  # the smartcard extra is not installed
        reason = with_cause(label("reason.pcsc.no_pyscard"), exc)
        raise PcscUnavailable(**reason_params(reason)) from None
    return System, Exceptions, PCSCExceptions


def _sw_text(sw: int) -> str:
    return f"{sw >> 8:02X} {sw & 0xFF:02X}"


class SmartCardSigner:
    """An opened identity lock; satisfies ``regsync.core.ports.Signer``.

    :meth:`connect` finds the lock (the one holding ``expected_key``, when given);
    :meth:`verify_pin` unlocks signing for this session.
    """

    def __init__(self, connection: Any, info: LockInfo, public_key: bytes) -> None:
        self._connection = connection
        self.info = info
        self._public_key = public_key

    def __repr__(self) -> str:
        return f"SmartCardSigner(reader={self.info.reader!r}, serial={self.info.serial!r})"

    @classmethod
    def connect(
        cls, *, expected_key: bytes | None = None, exclude_key: bytes | None = None
    ) -> SmartCardSigner:
        """The first reader whose card answers the regsync applet.

        ``exclude_key`` passes over a lock holding that key (the old lock, when a node
        moves to a new one and both are inserted).
        """
        system, exceptions, pcsc_exceptions = _pcsc()
        try:
            found = list(system.readers())
        except (pcsc_exceptions.BaseSCardException, exceptions.SmartcardException) as exc:
            reason = with_cause(label("reason.pcsc.service"), exc)
            raise PcscUnavailable(**reason_params(reason)) from None
        if not found:
            raise NoReader()
        wrong: tuple[str, int] | None = None
        other: LockInfo | None = None
        for reader in found:
            connection = reader.createConnection()
            try:
                connection.connect()
            except exceptions.NoCardException:
                _release(connection)
                continue
            except exceptions.CardConnectionException:
                _release(connection)
                continue  # an empty or mute slot: try the next reader
            try:
                signer = cls._selected(connection, str(reader))
            except BaseException:
                _release(connection)
                raise
            if isinstance(signer, int):
                wrong = (str(reader), signer)
                _release(connection)
                continue
            key = signer.public_key()
            if key == exclude_key or (expected_key is not None and key != expected_key):
                other = other or signer.info  # another lock: look on, name it if alone
                signer.close()
                continue
            return signer
        if other is not None and expected_key is not None:
            raise WrongLock(
                serial=other.serial,
                unit=other.unit or "?",
                lock_key=fingerprint(other.public_key),
                node_key=fingerprint(expected_key),
            )
        if wrong is not None:
            raise WrongCard(reader=wrong[0], sw=_sw_text(wrong[1]))
        raise NoCard(readers=", ".join(str(r) for r in found))

    @classmethod
    def _selected(cls, connection: Any, reader: str) -> SmartCardSigner | int:
        """SELECT the applet and read its key and info; the status word if it is absent."""
        _data, sw = _transmit(connection, p.select_apdu())
        if sw != p.SW_OK:
            return sw
        key, sw = _transmit(connection, p.get_public_key_apdu())
        _expect(sw, *label("lock.op.read_key"))
        raw, sw = _transmit(connection, p.get_info_apdu())
        _expect(sw, *label("lock.op.read_serial"))
        try:
            tlvs = p.parse_tlvs(raw)
            info = LockInfo(
                reader=reader,
                serial=tlvs[p.TAG_SERIAL].decode("ascii"),
                unit=tlvs.get(p.TAG_UNIT, b"").decode("utf-8", "replace"),
                version=tlvs[p.TAG_VERSION][0],
                tries_left=tlvs[p.TAG_TRIES_LEFT][0],
                tries_max=tlvs[p.TAG_TRIES_MAX][0],
                public_key=key,
            )
        except (KeyError, IndexError, ValueError, UnicodeDecodeError):
            raise LockFailed(**_operation("lock.op.read_serial"), sw="?") from None
        if len(key) != 32:
            raise LockFailed(**_operation("lock.op.read_key"), sw="?")
        return cls(connection, info, key)

    def verify_pin(self, pin: str) -> None:
        """Unlock signing; :class:`WrongPin` with the tries left, or :class:`PinBlocked`."""
        encoded = pin.encode("utf-8")
        if not p.PIN_MIN <= len(encoded) <= p.PIN_MAX:
            # Never send it: a malformed PIN must not cost a try.
            raise WrongPin(tries=self._tries_left())
        _, sw = _transmit(self._connection, p.verify_apdu(encoded))
        if sw != p.SW_OK:
            self._raise_pin(sw)

    def _tries_left(self) -> int:
        _, sw = _transmit(self._connection, p.verify_apdu(b""))
        if sw == p.SW_PIN_BLOCKED:
            raise PinBlocked(serial=self.info.serial)
        return sw & 0x0F if sw & 0xFFF0 == p.SW_PIN_WRONG_BASE else self.info.tries_left

    def _raise_pin(self, sw: int) -> None:
        if sw & 0xFFF0 == p.SW_PIN_WRONG_BASE:
            if sw & 0x0F == 0:
                raise PinBlocked(serial=self.info.serial)
            raise WrongPin(tries=sw & 0x0F)
        if sw == p.SW_PIN_BLOCKED:
            raise PinBlocked(serial=self.info.serial)
        _expect(sw, *label("lock.op.verify_pin"))

    def public_key(self) -> bytes:
        return self._public_key

    @staticmethod
    def public_key_of_seed(seed: bytes) -> bytes:
        """The public key a lock personalised with ``seed`` answers (``lock init``)."""
        return bytes(SigningKey(seed).verify_key)

    def sign(self, message: bytes) -> bytes:
        """The lock's Ed25519 signature of ``message`` (sent in blocks of 255 bytes)."""
        if len(message) > p.MAX_MESSAGE:
            raise LockFailed(**_operation("lock.op.sign_too_long"), sw="6A 84")
        data, sw = b"", p.SW_OK
        for command in p.sign_apdus(message):
            data, sw = _transmit(self._connection, command)
            if sw != p.SW_OK:
                break
        if sw == p.SW_SECURITY_NOT_SATISFIED:
            raise WrongPin(tries=self._tries_left())
        if sw == p.SW_PIN_BLOCKED:
            raise PinBlocked(serial=self.info.serial)
        _expect(sw, *label("lock.op.sign"))
        try:  # a faulty or swapped card must never put a bad signature into a file
            VerifyKey(self._public_key).verify(message, data)
        except (BadSignatureError, ValueError):
            raise LockFailed(**_operation("lock.op.sign_bad"), sw=_sw_text(sw)) from None
        return data

    def unseal(self, ciphertext: bytes) -> bytes:
        """Open a ``crypto_box_seal`` message (a sealed bundle's key) with the lock.

        The lock does the X25519 key agreement with the message's ephemeral key
        (DERIVE); the host finishes ``crypto_box_seal_open`` with the box key, so the
        private key stays on the lock.  Raises ``nacl.exceptions.CryptoError`` when the
        message was sealed to another key (the ``Unsealer`` contract).
        """
        if len(ciphertext) < 2 * p.X25519_KEY:
            raise CryptoError("sealed message too short")
        ephemeral = ciphertext[: p.X25519_KEY]
        box_key, sw = _transmit(self._connection, p.derive_apdu(ephemeral))
        if sw == p.SW_INS_UNSUPPORTED:
            raise LockCannotUnseal()  # an applet without DERIVE
        if sw == p.SW_SECURITY_NOT_SATISFIED:
            raise WrongPin(tries=self._tries_left())
        if sw == p.SW_PIN_BLOCKED:
            raise PinBlocked(serial=self.info.serial)
        if sw == p.SW_WRONG_DATA:
            raise CryptoError("not a usable ephemeral key")
        _expect(sw, *label("lock.op.decrypt"))
        own = crypto_sign_ed25519_pk_to_curve25519(self._public_key)
        nonce = hashlib.blake2b(ephemeral + own, digest_size=24).digest()  # as libsodium
        return bytes(crypto_box_open_afternm(ciphertext[p.X25519_KEY :], nonce, box_key))

    def close(self) -> None:
        _release(self._connection)


def _release(connection: Any) -> None:
    """Disconnect from the card and release the PC/SC context the connection holds.

    pyscard gives every connection its own context and releases it only in ``release``
    or when the object is collected: left to the collector (an exception's traceback
    keeps it alive), a long-running process such as the window would gather contexts
    after each pulled lock, of which pcsc-lite allows one client a limited number.
    A card already gone makes these calls fail: there is nothing left to free then.
    """
    with contextlib.suppress(Exception):
        connection.disconnect()
    with contextlib.suppress(Exception):
        connection.release()


def _transmit(connection: Any, command: bytes) -> tuple[bytes, int]:
    _, exceptions, pcsc_exceptions = _pcsc()
    try:
        data, sw1, sw2 = connection.transmit(list(command))
    except (exceptions.CardConnectionException, pcsc_exceptions.BaseSCardException) as exc:
        raise LockRemoved(reason=str(exc).strip() or type(exc).__name__) from None
    return bytes(data), (sw1 << 8) | sw2


def _operation(msgid: str) -> dict[str, str]:
    """A ``LockFailed`` error's ``operation`` and ``operation_en``, from the catalogue."""
    zh, en = label(msgid)
    return {"operation": zh, "operation_en": en}


def _expect(sw: int, operation: str, operation_en: str) -> None:
    if sw != p.SW_OK:
        raise LockFailed(operation=operation, operation_en=operation_en, sw=_sw_text(sw))
