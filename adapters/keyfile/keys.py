"""The old unencrypted key file: a 32-byte Ed25519 seed as hex, mode 0600.

Superseded by :class:`regsync.adapters.keyfile.signer.KeyFileSigner` (passphrase
protected); kept until ``app/bootstrap.py`` is rewired.  ``protect_legacy`` in the
signer module converts such a file.
"""

from __future__ import annotations

from pathlib import Path

from nacl.signing import SigningKey

from regsync.packages_bpz.files import atomic_write


class KeyFile:
    """The node key at ``path`` (32-byte seed, hex)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @staticmethod
    def generate() -> SigningKey:
        return SigningKey.generate()

    def write(self, key: SigningKey) -> None:
        """Write atomically with mode 0600, refusing to overwrite an existing key."""
        atomic_write(self.path, (bytes(key).hex() + "\n").encode(), mode=0o600, exclusive=True)

    def read(self) -> SigningKey:
        return SigningKey(bytes.fromhex(self.path.read_text().strip()))


def public_key_hex(key: SigningKey) -> str:
    return bytes(key.verify_key).hex()
