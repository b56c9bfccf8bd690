"""Argument types that refuse a number out of range at parse time (exit 2, one line)."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def at_least(
    low: float, kind: type[int] | type[float], high: float | None = None
) -> Callable[[str], float]:
    """An argparse ``type``: ``kind(text)`` within ``[low, high]``, else a usage error
    (``--retries -5`` is refused before anything runs, not deep in a retry loop)."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text}") from None
        if value < low or (high is not None and value > high):
            limits = f"at least {low}" if high is None else f"from {low} to {high}"
            raise argparse.ArgumentTypeError(f"must be {limits}: {text}")
        return value

    return parse
