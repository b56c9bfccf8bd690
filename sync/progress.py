"""Progress of long work (import, export, snapshot), reported to whoever drives it.

The engine only counts; the CLI draws a line on the terminal and the window moves a
bar (:mod:`regsync.app.progress`), both through one :data:`Progress` callable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

Progress = Callable[[str, int, int], None]
"""``progress(label, done, total)``; raising from it cancels the work it is called from."""


def no_progress(label: str, done: int, total: int) -> None:
    """Report nothing (tests, and work too short to show)."""


def counted(progress: Progress, label: str, items: Iterable[T], total: int) -> Iterator[T]:
    """``items`` unchanged, reporting progress as they are consumed."""
    for done, item in enumerate(items, start=1):
        progress(label, done, total)
        yield item
