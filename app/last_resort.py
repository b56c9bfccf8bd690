"""The last line between a failure and the user: no traceback reaches a clerk.

``main`` turns the refusals the program knows (:class:`~regsync.core.errors.CoreError`)
into messages.  What is left reaches :func:`explain`: a write the OS refused (a full or
pulled USB stick, no permission), a database that is locked, damaged or full, Ctrl-C,
and bugs.  Each becomes one message in the user's language and exit code 1 (130 for
Ctrl-C); a bug's traceback goes to a rotated log file in the node's home
(``logs/regsync.log``, or the temporary folder when the home cannot hold it), which the
message names.  A reader that closed the pipe (``regsync log | head``) is not an error
at all: the output stops quietly.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from regsync.app.errors import (
    AppError,
    DatabaseBusy,
    DatabaseDamaged,
    InternalError,
    Interrupted,
)
from regsync.app.writing import database_exception, user_error

LOG_FOLDER = "logs"
LOG_NAME = "regsync.log"
LOG_BYTES = 1_000_000  # one file of about a thousand tracebacks, and three older ones
LOG_BACKUPS = 3
INTERRUPTED_EXIT = 130  # the shell's convention for a command stopped by SIGINT

# How the drivers word a lock that outlived the wait, and a file that is no database.
_BUSY = ("database is locked", "database table is locked", "lock timeout", "locknotavailable")
_DAMAGED = (
    "file is not a database",
    "database disk image is malformed",
    "file is encrypted or is not a database",
    "no such table",  # a truncated or foreign file that still opens
)

if TYPE_CHECKING:
    import sqlalchemy as sa


def explain(exc: BaseException, home: Path, argv: Sequence[str]) -> AppError | None:
    """The message for ``exc``, or ``None`` when it is not an error (a closed pipe).

    An unexpected exception's traceback is written to the log first, so the message
    can name the file."""
    if isinstance(exc, KeyboardInterrupt):
        return Interrupted()
    if isinstance(exc, BrokenPipeError):
        return None
    db_error = database_exception(exc)
    if db_error is not None:
        known = database_error(db_error, home)
        if known is not None:
            return known
    if isinstance(exc, OSError) or db_error is not None:
        mapped = user_error(exc, home)
        if mapped is not None:
            return mapped
    log = write_log(exc, home, argv)
    return InternalError(kind=type(exc).__name__, log=str(log))


def database_error(exc: sa.exc.DBAPIError, home: Path) -> AppError | None:
    """A locked or damaged database, by the driver's words (SQLite and PostgreSQL)."""
    reason = str(exc.orig if exc.orig is not None else exc).strip().splitlines()[0]
    words = f"{reason} {type(exc.orig).__name__}".lower()
    if any(w in words for w in _BUSY):
        return DatabaseBusy(reason=reason, home=str(home))
    if any(w in words for w in _DAMAGED):
        return DatabaseDamaged(reason=reason, home=str(home))
    return None


def write_log(exc: BaseException, home: Path, argv: Sequence[str]) -> Path:
    """Append ``exc``'s traceback to the rotated log; returns the file written."""
    for folder in (home / LOG_FOLDER, Path(tempfile.gettempdir()) / "regsync-logs"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / LOG_NAME
            handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
            )
        except OSError:
            continue  # a read-only or missing home: try the temporary folder
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        logger = logging.getLogger("regsync.crash")
        logger.propagate = False
        logger.addHandler(handler)
        try:
            text = "".join(traceback.format_exception(exc))
            logger.error("regsync %s\n%s", " ".join(argv), text)
        finally:
            logger.removeHandler(handler)
            handler.close()
        return path
    return Path(os.devnull)


def silence_stdout() -> None:
    """After a closed pipe: send what is still buffered nowhere, so the interpreter's
    final flush does not raise again (the Python documentation's recipe)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test's capture): nothing to redirect
        pass
