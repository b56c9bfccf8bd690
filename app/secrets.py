"""Where the key-file passphrase and the lock PIN come from: an environment variable or a prompt."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Mapping

from regsync.adapters.keyfile.format import KDF_INTERACTIVE, KDF_MIN, KDF_MODERATE, KdfLimits
from regsync.adapters.smartcard.errors import PinRequired
from regsync.app.errors import PassphraseRequired

DEFAULT_PASSPHRASE_ENV = "REGSYNC_PASSPHRASE"


def passphrase(environ: Mapping[str, str], variable: str | None, *, confirm: bool = False) -> str:
    """``$VARIABLE`` (``--passphrase-env``), else ``$REGSYNC_PASSPHRASE``, else a prompt."""
    name = variable or DEFAULT_PASSPHRASE_ENV
    if environ.get(name):
        return environ[name]
    if variable is None and sys.stdin.isatty():
        first = getpass.getpass("节点密钥口令 (passphrase): ")
        if confirm and getpass.getpass("再次输入 (again): ") != first:
            raise PassphraseRequired(
                variable=name, reason="两次输入不一致 / the two entries differ"
            )
        return first
    raise PassphraseRequired(variable=name, reason="not set")


def kdf_limits(environ: Mapping[str, str]) -> KdfLimits:
    """Key-derivation cost for new key files: moderate unless ``REGSYNC_KDF`` says less.

    ``REGSYNC_KDF=interactive`` suits slow office PCs; ``min`` exists for tests only.
    """
    return {"min": KDF_MIN, "interactive": KDF_INTERACTIVE}.get(
        environ.get("REGSYNC_KDF", ""), KDF_MODERATE
    )


DEFAULT_PIN_ENV = "REGSYNC_LOCK_PIN"


def lock_pin(environ: Mapping[str, str], variable: str | None, *, confirm: bool = False) -> str:
    """The identity lock's PIN: ``$VARIABLE`` (``--pin-env``), else ``$REGSYNC_LOCK_PIN``,
    else a prompt on a terminal."""
    name = variable or DEFAULT_PIN_ENV
    if environ.get(name):
        return environ[name]
    if variable is None and sys.stdin.isatty():
        first = getpass.getpass("身份识别锁 PIN (lock PIN): ")
        if confirm and getpass.getpass("再次输入 (again): ") != first:
            raise PinRequired(variable=name)
        return first
    raise PinRequired(variable=name)
