"""An Ed25519 signing key kept in a file readable only by its owner.

The offline-sync issue puts this behind the ``Signer`` port and protects the file
with a passphrase (``pwhash`` + ``SecretBox``); for now it only gives the node the
key pair whose public half ``regsync node show`` reports.
"""

from __future__ import annotations

import os
from pathlib import Path

from nacl.signing import SigningKey


class KeyFile:
    """The node key at ``path`` (32-byte seed, hex)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @staticmethod
    def generate() -> SigningKey:
        return SigningKey.generate()

    def write(self, key: SigningKey) -> None:
        """Write atomically with mode 0600, refusing to overwrite an existing key."""
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(bytes(key).hex() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, self.path)  # fails if a key is already there
        tmp.unlink()

    def read(self) -> SigningKey:
        return SigningKey(bytes.fromhex(self.path.read_text().strip()))


def public_key_hex(key: SigningKey) -> str:
    return bytes(key.verify_key).hex()
