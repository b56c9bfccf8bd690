"""Progress lines on the terminal for long work (import, export, sync, printing).

A window shows the same progress on a bar: :func:`observed` routes every report of
the work it wraps to a callback instead of the terminal (the Tk shell's callback
also raises there to cancel the work).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TextIO, TypeVar

from regsync.sync import progress as sync_progress

T = TypeVar("T")
MIN_TOTAL = 1000  # shorter work finishes before a progress line would help
EVERY = 500

Observer = Callable[[int, int], None]
# A context variable, not a global: each worker thread of the window has its own.
_OBSERVER: ContextVar[Observer | None] = ContextVar("progress_observer", default=None)


@contextmanager
def observed(callback: Observer) -> Iterator[None]:
    """Send the progress of the work inside the block to ``callback(done, total)``.

    Every item is reported (a window's bar is cheap to move and Cancel must be
    noticed promptly); an exception from ``callback`` stops the work.
    """
    token = _OBSERVER.set(callback)
    try:
        yield
    finally:
        _OBSERVER.reset(token)


def show(
    label: str,
    done: int,
    total: int,
    stream: TextIO | None = None,
    *,
    every: int = EVERY,
    minimum: int = MIN_TOTAL,
) -> None:
    """Rewrite one progress line ``label done/total`` (only on a terminal, never when piped).

    ``every`` and ``minimum`` suit slow items: printing shows every form from two on.
    """
    observer = _OBSERVER.get()
    if observer is not None:
        observer(done, total)
        return
    out = sys.stderr if stream is None else stream
    if total >= minimum and (done % every == 0 or done == total) and out.isatty():
        print(f"\r{label} {done}/{total}", end="" if done < total else "\n", file=out)


MB = 1024 * 1024


def show_bytes(label: str, done: int, total: int, stream: TextIO | None = None) -> None:
    """Progress of a transfer in bytes (HTTP sync): the window's bar when observed, else
    one rewritten ``label done/total MB`` line per phase (only on a terminal)."""
    observer = _OBSERVER.get()
    if observer is not None:
        observer(done, total)
        return
    out = sys.stderr if stream is None else stream
    if not out.isatty():
        return
    if total <= 0:
        print(label, file=out)
    elif done == total or done % (4 * MB) < 256 * 1024:
        end = "\n" if done == total else ""
        print(f"\r{label} {done / MB:.1f}/{total / MB:.1f} MB", end=end, file=out)


def counted(
    label: str, items: Iterable[T], total: int, stream: TextIO | None = None
) -> Iterator[T]:
    """``items`` unchanged, showing progress on ``stream`` as they are consumed."""
    return sync_progress.counted(functools.partial(show, stream=stream), label, items, total)
