"""Where the key-file passphrase and the lock PIN come from: an environment variable or a prompt."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Mapping

from regsync.adapters.keyfile.format import KDF_INTERACTIVE, KDF_MIN, KDF_MODERATE, KdfLimits
from regsync.adapters.smartcard.errors import PinRequired
from regsync.app.errors import PassphraseRequired
from regsync.core.catalogue_sync import Label, label

DEFAULT_PASSPHRASE_ENV = "REGSYNC_PASSPHRASE"


def passphrase(environ: Mapping[str, str], variable: str | None, *, confirm: bool = False) -> str:
    """``$VARIABLE`` (``--passphrase-env``), else ``$REGSYNC_PASSPHRASE``, else a prompt."""

    def missing(name: str, reason: Label) -> Exception:
        return PassphraseRequired(variable=name, reason_zh=reason.zh, reason_en=reason.en)

    prompt = _prompt("prompt.passphrase")
    return _secret(
        environ, variable, default=DEFAULT_PASSPHRASE_ENV, prompt=prompt, missing=missing,
        confirm=confirm,
    )  # fmt: skip


def _secret(
    environ: Mapping[str, str],
    variable: str | None,
    *,
    default: str,
    prompt: str,
    missing: Callable[[str, Label], Exception],
    confirm: bool,
) -> str:
    """``$VARIABLE``, else ``$DEFAULT``, else (on a terminal, when no variable was
    named) typed at ``prompt``, twice when ``confirm``; else ``missing(name, reason)``."""
    name = variable or default
    if environ.get(name):
        return environ[name]
    if variable is None and sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass(_prompt("prompt.again")) != first:
            raise missing(name, label("prompt.entries_differ"))
        return first
    raise missing(name, label("prompt.not_set"))


def _prompt(msgid: str) -> str:
    """A terminal prompt in both languages: ``中文 (English): ``."""
    zh, en = label(msgid)
    return f"{zh} ({en}): "


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

    def missing(name: str, _reason: Label) -> Exception:
        return PinRequired(variable=name)

    prompt = _prompt("prompt.lock_pin")
    return _secret(
        environ, variable, default=DEFAULT_PIN_ENV, prompt=prompt, missing=missing,
        confirm=confirm,
    )  # fmt: skip
