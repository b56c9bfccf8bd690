"""A progress line on the terminal for long work (imports, exports, printing many forms)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(label: str, done: int, total: int, *, every: int = 500, minimum: int = 1000) -> None:
    """Show ``label done/total`` on stderr, for ``total >= minimum``, not when piped."""
    if total >= minimum and (done % every == 0 or done == total) and sys.stderr.isatty():
        print(f"\r{label} {done}/{total}", end="" if done < total else "\n", file=sys.stderr)


def counted(label: str, items: Iterator[T], total: int) -> Iterator[T]:
    """Pass ``items`` through, showing progress as they go."""
    for done, item in enumerate(items, start=1):
        progress(label, done, total)
        yield item
