"""Writing a file whole or not at all: the one helper for every file regsync writes.

Every file the program writes (config, key files, the identity lock's state, cards
and certificates, PDFs and workbooks; bundles through :func:`publish`) goes the same
way: the content goes to a uniquely named hidden temporary file *in the target's
folder* (a rename is atomic only within one filesystem), the file is flushed and
fsynced, then moved to its name and the folder is fsynced so that the new name
survives a power cut too.  A failure (an exception, a full disk) removes the
temporary file and leaves what was at the name before; a killed process leaves at
most a hidden ``.NAME.<random>.tmp`` beside it, which never blocks a later write
because temporary names are unique.

Why here: this is stdlib-only file I/O, and ``packages_bpz`` is the lowest layer
that does file I/O (the file-format layer: the bundle writer is its other user and
shares :func:`publish`).  The core is kept free of I/O by design (DESIGN §2), and
every writer (``adapters.keyfile``, ``adapters.smartcard``, ``adapters.documents``,
``app``) sits above ``packages_bpz`` in the layers, so all may import it without two
adapters importing each other.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_output", "atomic_write", "fsync_directory", "publish", "temporary_name"]

# Filesystems without hard links (FAT on a USB stick, some network shares) answer
# link() with one of these; there the name is claimed first and the content renamed
# over the claim, which still never replaces someone else's file.
_NO_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV})

# Opening or fsyncing a folder fails with these where the OS or filesystem cannot sync
# directories (some network and FUSE filesystems); the file itself is synced already.
_NO_DIRECTORY_SYNC = frozenset(
    {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EACCES, errno.EPERM, errno.EBADF}
)


def temporary_name(path: Path, suffix: str = ".tmp") -> Path:
    """A hidden, unique name beside ``path``: ``.NAME.<16 hex digits><suffix>``."""
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}{suffix}")


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    mode: int | None = None,
    exclusive: bool = False,
    durable: bool = True,
) -> None:
    """Write ``data`` as the file ``path``, whole or not at all.

    ``mode`` is the exact permission of the new file (e.g. ``0o600`` for a key; the
    umask is not applied); None creates it as ``open()`` would (``0o666`` less the
    umask).  ``exclusive`` never replaces an existing file: ``FileExistsError`` if
    ``path`` exists (a key or a certificate is evidence).  ``durable=False`` skips
    the fsyncs (the rename still makes the file appear whole or not at all).
    Raises ``OSError`` when the folder is not writable or the disk is full; then
    ``path`` is as it was and no temporary file is left.
    """
    target = Path(path)
    tmp = temporary_name(target)
    fd = _create(tmp, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        publish(tmp, target, exclusive=exclusive, durable=durable)
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str], *, mode: int | None = None, durable: bool = True
) -> Iterator[Path]:
    """Yield the path of a new empty temporary file beside ``path``; on success it
    becomes ``path``.  For libraries that write a file by name (reportlab, openpyxl).

    The temporary file is created before the caller does any work, so an unwritable
    folder fails first (``OSError``).  Any exception inside the block removes the
    temporary file and leaves ``path`` as it was.  ``mode`` and ``durable`` are as in
    :func:`atomic_write`.
    """
    target = Path(path)
    tmp = temporary_name(target)
    os.close(_create(tmp, mode))
    try:
        yield tmp
        if durable:
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
        publish(tmp, target, durable=durable)
    finally:
        tmp.unlink(missing_ok=True)


def publish(source: Path, target: Path, *, exclusive: bool = False, durable: bool = True) -> None:
    """Give the complete (and, if durable, synced) file ``source`` the name ``target``.

    ``os.replace`` atomically replaces what is there (``source`` is gone after it);
    with ``exclusive`` a hard link that fails with ``FileExistsError`` when ``target``
    exists (``source`` stays, for the caller to remove).  ``durable`` fsyncs the
    folder afterwards.  Also for renaming a kept file (a retired key) durably.
    """
    if exclusive:
        _link(source, target)
    else:
        os.replace(source, target)
    if durable:
        fsync_directory(target.parent)


def fsync_directory(directory: Path) -> None:
    """Make a new name in ``directory`` durable (POSIX).

    A no-op where the OS has no directory handles (Windows) or the filesystem cannot
    sync a folder; any other error (an I/O error) is raised.
    """
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        if exc.errno in _NO_DIRECTORY_SYNC:
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _NO_DIRECTORY_SYNC:
            raise
    finally:
        os.close(fd)


def _create(tmp: Path, mode: int | None) -> int:
    """Create the temporary file (never an existing one); its descriptor, for writing."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o666 if mode is None else mode)
    if mode is not None and hasattr(os, "fchmod"):  # the umask may have taken bits away
        try:
            os.fchmod(fd, mode)
        except BaseException:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            raise
    return fd


def _link(tmp: Path, target: Path) -> None:
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        claim = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(claim)
        try:
            os.replace(tmp, target)
        except BaseException:
            target.unlink(missing_ok=True)  # our own empty claim, never someone's file
            raise
