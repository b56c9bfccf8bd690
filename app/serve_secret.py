"""How ``regsync serve`` gets the node key's passphrase (or the lock's PIN) and how its
worker processes get it **without** it in their environment.

Sources, first found wins: ``--passphrase-file FILE``; systemd's credentials
(``LoadCredential=regsync-passphrase:...`` puts the file in ``$CREDENTIALS_DIRECTORY``);
the environment variable (``--passphrase-env`` / ``--pin-env`` or their defaults); a
prompt.  A file must be readable by its owner only (like ssh's keys): a passphrase other
users can read protects nothing.

Worker processes (``--workers N``) inherit the parent's environment, and an environment
is readable in ``/proc/PID/environ`` for the process's lifetime and copied into every
child.  So the parent removes the variables that held the secret from its own
environment before uvicorn starts the workers, and the workers read the secret from a
file instead: the credentials file itself, or (typed or taken from a variable) a private
copy in a fresh directory only the service user may enter, preferably in memory
(``/dev/shm``), removed when the server stops.  Only the file's *path* travels in the
environment.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Final

from regsync.app.errors import InputMissing, SecretFileUnsafe
from regsync.app.secrets import DEFAULT_PASSPHRASE_ENV, DEFAULT_PIN_ENV, lock_pin, passphrase
from regsync.app.signers import SMARTCARD

CREDENTIAL_PASSPHRASE: Final = "regsync-passphrase"
"""The systemd credential holding a key file's passphrase."""
CREDENTIAL_PIN: Final = "regsync-pin"
"""The systemd credential holding the identity lock's PIN."""
SECRET_VARIABLE: Final = "REGSYNC_SERVE_SECRET"
"""The name under which the secret is handed to the signer **inside** a process (a local
mapping, never ``os.environ``)."""
MEMORY_DIR: Final = Path("/dev/shm")


def read_secret_file(path: Path) -> str:
    """The secret in ``path`` (one line; a final newline is not part of it)."""
    try:
        info = path.stat()
        if sys.platform != "win32" and info.st_mode & 0o077:
            mode = f"{stat.S_IMODE(info.st_mode):04o}"
            raise SecretFileUnsafe(path=str(path), mode=mode)
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputMissing(path=str(path), reason=exc.strerror or str(exc)) from None
    return text.rstrip("\r\n")


def secret_file(signer_kind: str, option: str | None, environ: Mapping[str, str]) -> Path | None:
    """The file holding the secret: ``--passphrase-file``, else systemd's credential."""
    if option:
        return Path(option)
    directory = environ.get("CREDENTIALS_DIRECTORY")
    if directory:
        name = CREDENTIAL_PIN if signer_kind == SMARTCARD else CREDENTIAL_PASSPHRASE
        candidate = Path(directory) / name
        if candidate.exists():
            return candidate
    return None


def server_secret(
    signer_kind: str,
    environ: Mapping[str, str],
    *,
    passphrase_file: str | None,
    passphrase_env: str | None,
    pin_env: str | None,
) -> tuple[str, Path | None]:
    """The secret that opens the node's key, and the file it came from (if any)."""
    path = secret_file(signer_kind, passphrase_file, environ)
    if path is not None:
        return read_secret_file(path), path
    if signer_kind == SMARTCARD:
        return lock_pin(environ, pin_env), None
    return passphrase(environ, passphrase_env), None


def scrub_environment(
    environ: MutableMapping[str, str], passphrase_env: str | None, pin_env: str | None
) -> None:
    """Remove every variable that may hold the secret (children inherit the rest)."""
    for name in {DEFAULT_PASSPHRASE_ENV, DEFAULT_PIN_ENV, passphrase_env, pin_env}:
        if name:
            environ.pop(name, None)


@contextlib.contextmanager
def handover(secret: str, source: Path | None) -> Iterator[Path]:
    """A file the workers read the secret from: ``source`` when the secret came from a
    file, else a private copy removed when the block ends."""
    if source is not None:
        yield source.resolve()
        return
    base = MEMORY_DIR if MEMORY_DIR.is_dir() and os.access(MEMORY_DIR, os.W_OK) else None
    folder = Path(tempfile.mkdtemp(prefix="regsync-serve-", dir=base))  # mode 0700
    try:
        path = folder / "secret"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secret)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def signer_environ(environ: Mapping[str, str], secret: str) -> dict[str, str]:
    """A private mapping for :meth:`Services.require_signer` holding the secret under
    :data:`SECRET_VARIABLE` (passed with ``passphrase_env``/``pin_env`` naming it)."""
    return {**environ, SECRET_VARIABLE: secret}
