"""``KeyFileSigner``: the ``Signer`` port over a passphrase-protected key file.

The private key lives only inside the signer object: callers get signatures and
unsealed plaintexts, never key bytes.  The passphrase is the caller's business (the
CLI takes ``--passphrase-env VAR`` or prompts); this adapter reads no environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import nacl.utils
from nacl.exceptions import CryptoError
from nacl.public import SealedBox
from nacl.secret import SecretBox
from nacl.signing import SigningKey

from regsync.adapters.keyfile.errors import (
    CorruptKeyFile,
    KeyFileError,
    KeyFileExists,
    KeyFileMissing,
    KeyFileUnreadable,
    UnprotectedKeyFile,
    UnsealFailed,
    UnsupportedKeyFileVersion,
    WeakPassphrase,
    WrongPassphrase,
)
from regsync.adapters.keyfile.format import (
    KDF_MODERATE,
    KEY_FILE_VERSION,
    MAX_KEY_FILE_BYTES,
    SEED_BYTES,
    FormatProblem,
    KdfLimits,
    SealedKey,
    derive_box_key,
    parse_key_file,
)
from regsync.core.catalogue_reasons import reason_params
from regsync.core.catalogue_sync import Label, label
from regsync.packages_bpz.files import atomic_write

MIN_PASSPHRASE_CHARS: Final = 8


class KeyFileSigner:
    """An Ed25519 key opened from a key file; satisfies ``regsync.core.ports.Signer``.

    Make one with :meth:`create` (new key file) or :meth:`open` (existing one).
    """

    __slots__ = ("_key", "_path")

    def __init__(self, key: SigningKey, path: Path) -> None:
        self._key = key
        self._path = path

    def __repr__(self) -> str:  # never the key itself
        return f"KeyFileSigner(path={str(self._path)!r}, public_key={self.public_key().hex()!r})"

    @property
    def path(self) -> Path:
        return self._path

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        limits: KdfLimits = KDF_MODERATE,
        seed: bytes | None = None,
    ) -> KeyFileSigner:
        """Make a new key (or protect the given 32-byte ``seed``) and write it to ``path``.

        The file is created atomically with mode 0600 and never replaces an existing
        file (:class:`KeyFileExists`).  Tests pass ``limits=KDF_MIN``.
        """
        if len(passphrase) < MIN_PASSPHRASE_CHARS:
            raise WeakPassphrase(minimum=MIN_PASSPHRASE_CHARS)
        key = SigningKey(seed) if seed is not None else SigningKey.generate()
        salt = nacl.utils.random(16)
        box = SecretBox(derive_box_key(passphrase, salt, limits))
        sealed = SealedKey(
            public_key=bytes(key.verify_key),
            salt=salt,
            limits=limits,
            ciphertext=bytes(box.encrypt(bytes(key))),
        )
        try:
            atomic_write(path, sealed.to_bytes(), mode=0o600, exclusive=True)
        except FileExistsError:
            raise KeyFileExists(path=str(path)) from None
        return cls(key, path)

    @classmethod
    def open(cls, path: Path, passphrase: str) -> KeyFileSigner:
        """Open the key file at ``path``; every failure is a :class:`KeyFileError`."""
        sealed = _parse(path, _read(path))
        box = SecretBox(derive_box_key(passphrase, sealed.salt, sealed.limits))
        try:
            seed = box.decrypt(sealed.ciphertext)
        except CryptoError:
            # The authenticator cannot tell a wrong passphrase from a damaged
            # ciphertext; the message says so without revealing anything else.
            raise WrongPassphrase(path=str(path)) from None
        if len(seed) != SEED_BYTES:
            raise _corrupt(path, label("reason.keyfile.seed_length"))
        key = SigningKey(seed)
        if bytes(key.verify_key) != sealed.public_key:
            raise _corrupt(path, label("reason.keyfile.public_mismatch"))
        return cls(key, path)

    def public_key(self) -> bytes:
        """The 32-byte Ed25519 public key."""
        return bytes(self._key.verify_key)

    def sign(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``message`` (detached)."""
        return bytes(self._key.sign(message).signature)

    def unseal(self, ciphertext: bytes) -> bytes:
        """Open a ``SealedBox`` made for this node's public key (converted to X25519).

        This is how the bundle layer reads a personal package or a symmetric key
        sealed to this node, without ever seeing the private key.
        """
        box = SealedBox(self._key.to_curve25519_private_key())
        try:
            return bytes(box.decrypt(ciphertext))
        except CryptoError:
            raise UnsealFailed(key=self.public_key().hex()[:16]) from None


def read_public_key(path: Path) -> bytes:
    """The public key recorded in a key file, without the passphrase (``node show``).

    It is what the file says, checked against the private key only by :meth:`open`:
    use it for display, and the opened signer's key for anything that is signed.
    """
    return _parse(path, _read(path)).public_key


def protect_legacy(
    legacy_path: Path, path: Path, passphrase: str, *, limits: KdfLimits = KDF_MODERATE
) -> KeyFileSigner:
    """Protect an old unencrypted hex-seed key file: write its key to the new ``path``.

    The old file is left alone; the caller deletes it once the new one is in place.
    """
    text = _read(legacy_path).strip()
    try:
        seed = bytes.fromhex(text.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise _corrupt(legacy_path, label("reason.keyfile.not_hex")) from None
    if len(seed) != SEED_BYTES:
        raise _corrupt(legacy_path, label("reason.keyfile.not_32"))
    return KeyFileSigner.create(path, passphrase, limits=limits, seed=seed)


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            # One byte more than allowed is enough to tell that a file is too large.
            return handle.read(MAX_KEY_FILE_BYTES + 1)
    except FileNotFoundError:
        raise KeyFileMissing(path=str(path)) from None
    except OSError as exc:
        raise KeyFileUnreadable(path=str(path), reason=exc.strerror or type(exc).__name__) from None


def _parse(path: Path, data: bytes) -> SealedKey:
    try:
        return parse_key_file(data)
    except FormatProblem as problem:
        error: KeyFileError
        if problem.legacy:
            error = UnprotectedKeyFile(path=str(path))
        elif problem.version is not None:
            error = UnsupportedKeyFileVersion(
                path=str(path), version=problem.version, supported=KEY_FILE_VERSION
            )
        else:
            error = _corrupt(path, problem.reason)
        raise error from None


def _corrupt(path: Path, reason: Label) -> CorruptKeyFile:
    return CorruptKeyFile(path=str(path), **reason_params(reason))


__all__ = ["MIN_PASSPHRASE_CHARS", "KeyFileSigner", "protect_legacy", "read_public_key"]
