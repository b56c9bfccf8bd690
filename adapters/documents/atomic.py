"""Write a document whole or not at all: a temporary file beside it, then a rename."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from regsync.adapters.documents.errors import OutputNotWritable


@contextlib.contextmanager
def atomic_output(path: str) -> Iterator[str]:
    """Yield a temporary path in the target folder; on success it replaces ``path``.

    Any failure (of the renderer, or a full disk) removes the temporary file, so
    ``path`` is either the complete new document or what it was before.  The folder
    is tried first, so an unwritable path fails before any rendering work.
    """
    target = Path(path)
    if target.is_dir():
        raise OutputNotWritable(path=path, reason="it is a folder")
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except OSError as exc:
        raise OutputNotWritable(path=path, reason=exc.strerror or str(exc)) from exc
    try:
        yield str(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputNotWritable(path=path, reason=exc.strerror or str(exc)) from exc
    finally:
        tmp.unlink(missing_ok=True)
