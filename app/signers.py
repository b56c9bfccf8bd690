"""The node's signer: its key file, or the identity lock (身份识别锁 / 管理锁).

``config.json`` says which (``"signer": "keyfile" | "smartcard"``).  Commands that
sign open it through :meth:`regsync.app.bootstrap.Services.require_signer` *before*
they do any work, so a node whose key is on a lock does nothing that needs a
signature without the lock and its PIN.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Final, Protocol

from regsync.adapters.keyfile import KeyFileSigner
from regsync.adapters.smartcard import SmartCardSigner
from regsync.app.home import KEY_NAME
from regsync.app.secrets import lock_pin, passphrase
from regsync.core.ports import Signer

KEYFILE: Final = "keyfile"
SMARTCARD: Final = "smartcard"
SIGNER_KINDS: Final = (KEYFILE, SMARTCARD)


class NodeSigner(Signer, Protocol):
    """A ``Signer`` that also opens bundles sealed to the node (key file or lock)."""

    def unseal(self, ciphertext: bytes) -> bytes: ...


def open_lock(
    environ: Mapping[str, str],
    pin_env: str | None,
    *,
    expected_key: bytes | None,
    exclude_key: bytes | None = None,
) -> SmartCardSigner:
    """Find the lock (checking it holds ``expected_key``), then unlock it with its PIN.

    The lock is looked for first, so "no reader" or "wrong lock" is said before a
    PIN is asked for.  ``exclude_key`` skips the node's old lock (key rotation).
    """
    lock = SmartCardSigner.connect(expected_key=expected_key, exclude_key=exclude_key)
    try:
        lock.verify_pin(lock_pin(environ, pin_env))
    except BaseException:
        lock.close()
        raise
    return lock


def open_signer(
    kind: str,
    home: Path,
    environ: Mapping[str, str],
    *,
    node_key: str | None,
    passphrase_env: str | None = None,
    pin_env: str | None = None,
) -> NodeSigner:
    """The node's signer, opened and ready to sign."""
    if kind == SMARTCARD:
        expected = bytes.fromhex(node_key) if node_key else None
        return open_lock(environ, pin_env, expected_key=expected)
    return KeyFileSigner.open(home / KEY_NAME, passphrase(environ, passphrase_env))
