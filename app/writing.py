"""Writing a file the user named: a full USB stick or a failing disk is a message.

Every file regsync writes goes through :mod:`regsync.packages_bpz.files` (whole or
not at all); what those helpers raise is the operating system's ``OSError``.  Here,
at the application's boundary, it becomes one :class:`~regsync.app.errors.CannotWrite`
naming the file the user gave (not the hidden temporary beside it), why, and what to
do, in the user's language: :class:`~regsync.app.errors.MediumFull` for a full medium
(ENOSPC, EDQUOT).  ``FileExistsError`` passes through: the callers refuse an existing
output with :class:`~regsync.app.errors.OutputExists`.

:func:`user_error` is the CLI's last line (``main``): an ``OSError`` or a full
database that no command mapped still becomes a message, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from regsync.adapters.documents.errors import OutputNotWritable
from regsync.app.errors import AppError, CannotWrite, DatabaseFull, MediumFull, OutputExists
from regsync.core.catalogue_sync import label
from regsync.core.documents import (
    ApplicationForm,
    Cell,
    DocumentRenderer,
    Sheet,
    SummaryTable,
)

__all__ = ["WritingRenderer", "cannot_write", "unlink_durably", "user_error", "writing"]

_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})

# (reason zh, reason en, remedy zh, remedy en) of the OS errors a user can act on.
# The catalogue's ``write.<reason>`` and ``write.<reason>.remedy`` of each.
_READ_ONLY = "write.read_only"
_NO_PERMISSION = "write.no_permission"
_IO_ERROR = "write.io_error"
_TOO_BIG = "write.too_big"
_NO_FOLDER = "write.no_folder"
_BAD_NAME = "write.bad_name"
_REASONS = {
    errno.EROFS: _READ_ONLY,
    errno.EACCES: _NO_PERMISSION,
    errno.EPERM: _NO_PERMISSION,
    errno.EIO: _IO_ERROR,
    errno.EFBIG: _TOO_BIG,
    errno.ENOENT: _NO_FOLDER,
    errno.ENOTDIR: _NO_FOLDER,
    errno.ENAMETOOLONG: _BAD_NAME,
    errno.EINVAL: _BAD_NAME,
}

# The hidden temporary names of packages_bpz.files (``.NAME.<16 hex>.tmp``) and of
# the bundle writer (mkstemp: ``.NAME.<8 characters>.part``): an error about one of
# them is about NAME, the file the user asked for.
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?:[0-9a-f]{16}\.tmp|[A-Za-z0-9_]{8}\.part)$")

if TYPE_CHECKING:
    import sqlalchemy as sa


def cannot_write(path: str | os.PathLike[str], exc: OSError) -> CannotWrite:
    """The user's refusal for ``exc``, raised while writing ``path``."""
    shown = str(path)
    reason = exc.strerror or str(exc)
    if exc.errno in _FULL:  # the system's own words too, for whoever supports the user
        return MediumFull(path=shown, os_error=reason)
    known = _REASONS.get(exc.errno or 0)
    zh, en = label(known) if known else (reason, reason)
    remedy_zh, remedy_en = label(f"{known}.remedy" if known else "write.other.remedy")
    return CannotWrite(path=shown, reason_zh=zh, reason_en=en, remedy_zh=remedy_zh,
                       remedy_en=remedy_en)  # fmt: skip


@contextlib.contextmanager
def writing(path: str | os.PathLike[str]) -> Iterator[None]:
    """Run the block that writes ``path``; its OS errors become :class:`CannotWrite`.

    A document's :class:`OutputNotWritable` caused by an OS error is told the same
    way (its adapter words it for developers: "No space left on device").
    """
    try:
        yield
    except FileExistsError:
        raise
    except OSError as exc:
        raise cannot_write(path, exc) from exc
    except OutputNotWritable as exc:
        if isinstance(exc.__cause__, OSError):
            raise cannot_write(path, exc.__cause__) from exc
        raise


def unlink_durably(path: Path) -> None:
    """Remove a file this command published, and make its removal durable (best effort:
    this runs while another error is on its way to the user)."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
        fd = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _shown_name(filename: object) -> str:
    if filename is None:
        return "?"
    path = Path(os.fsdecode(filename))  # type: ignore[arg-type]  # str, bytes or PathLike
    found = _TEMPORARY.match(path.name)
    return str(path.with_name(found["name"])) if found else str(path)


def database_exception(exc: BaseException) -> sa.exc.DBAPIError | None:
    """``exc`` if it is SQLAlchemy's database error, else None; a process that never
    loaded SQLAlchemy (``regsync --help``) cannot have one, so it is not imported here."""
    exc_module = sys.modules.get("sqlalchemy.exc")
    if exc_module is None:
        return None
    database_error: type[sa.exc.DBAPIError] = exc_module.DBAPIError
    return exc if isinstance(exc, database_error) else None


def _database_full(exc: sa.exc.DBAPIError) -> bool:
    orig = exc.orig
    sqlite_full = getattr(orig, "sqlite_errorcode", None) == 13  # SQLITE_FULL
    postgres_full = getattr(orig, "sqlstate", None) == "53100"  # disk_full
    return sqlite_full or postgres_full


def user_error(exc: BaseException, home: Path) -> AppError | None:
    """The message for an error no command turned into one: an OS error while writing,
    or a database whose disk is full.  None for anything else (a bug stays a bug)."""
    if isinstance(exc, FileExistsError):
        return OutputExists(path=_shown_name(exc.filename))
    if isinstance(exc, OSError):
        return cannot_write(_shown_name(exc.filename), exc)
    db_error = database_exception(exc)
    if db_error is not None and _database_full(db_error):
        orig = db_error.orig
        reason = str(orig).strip().splitlines()[0] if orig else str(db_error)
        return DatabaseFull(reason=reason, home=str(home))
    return None


class WritingRenderer:
    """A :class:`~regsync.core.documents.DocumentRenderer` whose every output file is
    written through :func:`writing`: the CLI's ``print`` and ``export`` and the
    window's printing tell a full medium the same way."""

    def __init__(self, inner: DocumentRenderer) -> None:
        self._inner = inner

    def forms_pdf(
        self,
        forms: Sequence[ApplicationForm],
        path: str,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        with writing(path):
            return self._inner.forms_pdf(forms, path, progress)

    def summary_pdf(self, table: SummaryTable, path: str) -> None:
        with writing(path):
            self._inner.summary_pdf(table, path)

    def summary_xlsx(self, table: SummaryTable, path: str) -> None:
        with writing(path):
            self._inner.summary_xlsx(table, path)

    def sheet_xlsx(self, sheet: Sheet, rows: Iterable[Sequence[Cell]], path: str) -> int:
        with writing(path):
            return self._inner.sheet_xlsx(sheet, rows, path)
