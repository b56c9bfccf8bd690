"""Argument types that refuse a number out of range at parse time (exit 2, one line)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from regsync.app.cli.language import current
from regsync.core.catalogue import text as label


def at_least(
    low: float, kind: type[int] | type[float], high: float | None = None
) -> Callable[[str], float]:
    """An argparse ``type``: ``kind(text)`` within ``[low, high]``, else a usage error
    (``--retries -5`` is refused before anything runs, not deep in a retry loop)."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                label("cli.not_a_number", current(), value=text)
            ) from None
        if value < low or (high is not None and value > high):
            key, limits = ("cli.at_least", {}) if high is None else ("cli.in_range", {"high": high})
            raise argparse.ArgumentTypeError(label(key, current(), low=low, value=text, **limits))
        return value

    return parse
