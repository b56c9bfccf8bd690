"""Sealing a payload to its recipient: a sealed random key and a chunked secretstream.

The writer draws a fresh 32-byte key, seals it to the recipient's X25519 key (derived
from the recipient's Ed25519 public key) with a ``SealedBox`` (80 bytes, stored in the
header as ``sealed_key``), and encrypts the compressed payload with
``crypto_secretstream_xchacha20poly1305`` in messages of ``SEAL_CHUNK`` plaintext
bytes.  Only the recipient's private key opens the sealed key, so even the sender
cannot read the payload again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

import nacl.utils
from nacl.bindings import (
    crypto_secretstream_xchacha20poly1305_init_pull,
    crypto_secretstream_xchacha20poly1305_init_push,
    crypto_secretstream_xchacha20poly1305_pull,
    crypto_secretstream_xchacha20poly1305_push,
    crypto_secretstream_xchacha20poly1305_state,
    crypto_secretstream_xchacha20poly1305_TAG_FINAL,
    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
    crypto_sign_ed25519_pk_to_curve25519,
)
from nacl.exceptions import CryptoError
from nacl.public import PublicKey, SealedBox
from nacl.signing import SigningKey

from regsync.core.catalogue_reasons import with_cause
from regsync.core.catalogue_sync import Label, label
from regsync.packages_bpz.layout import SEAL_CHUNK, SEAL_HEADER, SEALED_CHUNK

Unsealer = Callable[[bytes], bytes]
"""Opens a header's ``sealed_key`` (80 bytes) and returns the 32-byte payload key.

It raises ``nacl.exceptions.CryptoError`` when the key was sealed to someone else.
A smart-card or key-file adapter can implement it without exposing the private key.
"""

SYMMETRIC_KEY_SIZE = 32
_T = TypeVar("_T")


def new_sealed_key(recipient_key: bytes) -> tuple[bytes, bytes]:
    """A fresh payload key and that key sealed to the Ed25519 public ``recipient_key``."""
    curve = crypto_sign_ed25519_pk_to_curve25519(recipient_key)
    key = nacl.utils.random(SYMMETRIC_KEY_SIZE)
    return key, SealedBox(PublicKey(curve)).encrypt(key)


class KeyUnsealer:
    """An :data:`Unsealer` holding an Ed25519 signing key (key files and tests)."""

    def __init__(self, signing_key: SigningKey) -> None:
        self._box = SealedBox(signing_key.to_curve25519_private_key())

    def __call__(self, sealed_key: bytes) -> bytes:
        return self._box.decrypt(sealed_key)


class Encryptor:
    """Encrypts a byte stream into secretstream messages handed to ``sink``.

    The stream header (24 bytes) goes out first; every ``SEAL_CHUNK`` plaintext bytes
    become one message tagged MESSAGE; :meth:`close` pushes the rest (possibly
    nothing) as the one FINAL message, always shorter than a full message.
    """

    def __init__(self, key: bytes, sink: Callable[[bytes], None]) -> None:
        self._state = crypto_secretstream_xchacha20poly1305_state()
        self._sink = sink
        self._buffer = bytearray()
        sink(crypto_secretstream_xchacha20poly1305_init_push(self._state, key))

    def write(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) >= SEAL_CHUNK:
            chunk = bytes(self._buffer[:SEAL_CHUNK])
            del self._buffer[:SEAL_CHUNK]
            self._push(chunk, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)

    def close(self) -> None:
        self._push(bytes(self._buffer), crypto_secretstream_xchacha20poly1305_TAG_FINAL)
        self._buffer.clear()

    def _push(self, chunk: bytes, tag: int) -> None:
        self._sink(crypto_secretstream_xchacha20poly1305_push(self._state, chunk, tag=tag))


class SealError(Exception):
    """The sealed payload does not decrypt (raised inside the package only); ``reason``
    says why in each language."""

    def __init__(self, reason: Label) -> None:
        super().__init__(reason.en)
        self.reason = reason


def decrypt(
    read: Callable[[int], bytes], remaining: Callable[[], int], key: bytes
) -> Iterator[bytes]:
    """The plaintext of a sealed payload, read through ``read`` message by message.

    ``remaining()`` tells how many payload bytes are left: the message that ends the
    payload must be the one tagged FINAL, and no earlier one may be.
    """
    state = crypto_secretstream_xchacha20poly1305_state()
    _call(crypto_secretstream_xchacha20poly1305_init_pull, state, read(SEAL_HEADER), key)
    while True:
        piece = read(SEALED_CHUNK)
        last = remaining() == 0
        plain, tag = _call(crypto_secretstream_xchacha20poly1305_pull, state, piece)
        if tag != (FINAL if last else MESSAGE):
            raise SealError(label("reason.bpz.seal_final"))
        yield plain
        if last:
            return


FINAL = crypto_secretstream_xchacha20poly1305_TAG_FINAL
MESSAGE = crypto_secretstream_xchacha20poly1305_TAG_MESSAGE


def _call(function: Callable[..., _T], *args: object) -> _T:
    try:
        return function(*args)
    except (CryptoError, ValueError) as exc:
        raise SealError(with_cause(label("reason.bpz.seal_decrypt"), exc)) from None
