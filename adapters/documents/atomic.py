"""Write a document whole or not at all (:func:`regsync.packages_bpz.files.atomic_output`),
with the refusals a user can act on."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from regsync.adapters.documents.errors import OutputNotWritable
from regsync.packages_bpz.files import atomic_output as _atomic_output


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
    try:
        with _atomic_output(target) as tmp:
            yield str(tmp)
    except OSError as exc:
        raise OutputNotWritable(path=path, reason=exc.strerror or str(exc)) from exc
