"""Create a file atomically, never replacing an existing one.

The content is written to a uniquely named temporary file in the same directory,
flushed to disk, and then hard-linked to the final name: ``link`` fails when the
name exists, so an existing key is never overwritten, and the final name only ever
appears with its whole content (a power cut leaves at most a stray temporary file,
which the next attempt does not trip over because temporary names are unique).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

# Filesystems without hard links (FAT on a USB stick, some network shares) answer
# link() with one of these; there the name is claimed first and the content renamed
# over the claim, which still never replaces someone else's file.
_NO_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV})


def create_exclusive(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write ``data`` to the new file ``path`` with ``mode``.

    Raises ``FileExistsError`` if ``path`` exists; leaves no temporary file behind.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):  # the umask may have taken bits away; never added
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _publish(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    _sync_directory(path.parent)


def _publish(tmp: Path, path: Path) -> None:
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        claim = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(claim)
        try:
            os.replace(tmp, path)
        except BaseException:
            path.unlink(missing_ok=True)  # our own empty claim, never someone's file
            raise


def _sync_directory(directory: Path) -> None:
    """Make the new name durable (POSIX); a no-op where directories cannot be opened."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
