"""Progress lines on the terminal for long work (import, export, sync, printing)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")
MIN_TOTAL = 1000  # shorter work finishes before a progress line would help
EVERY = 500


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
    out = sys.stderr if stream is None else stream
    if total >= minimum and (done % every == 0 or done == total) and out.isatty():
        print(f"\r{label} {done}/{total}", end="" if done < total else "\n", file=out)


def counted(
    label: str, items: Iterable[T], total: int, stream: TextIO | None = None
) -> Iterator[T]:
    """``items`` unchanged, showing progress as they are consumed."""
    for done, item in enumerate(items, start=1):
        show(label, done, total, stream)
        yield item
