"""Times shown to users are China time (UTC+8, no daylight saving), whatever the
computer's own zone: the offices are all in Shanxi, and a time in a message, a list or a
bundle's header must read the same on every machine.  Stored times stay UTC."""

from __future__ import annotations

import datetime as dt

CHINA = dt.timezone(dt.timedelta(hours=8), "UTC+8")


def in_china(moment: dt.datetime) -> dt.datetime:
    """``moment`` in China time (a naive datetime is taken as UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(CHINA)


def show(moment: dt.datetime, *, seconds: bool = True) -> str:
    """``2026-11-27 18:00:05`` (China time) for people."""
    return in_china(moment).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def show_millis(millis: int, *, with_millis: bool = False) -> str:
    """Unix milliseconds as China time; ``.123`` appended when ``with_millis``."""
    moment = dt.datetime.fromtimestamp(millis / 1000, dt.UTC)
    text = show(moment)
    return f"{text}.{millis % 1000:03d}" if with_millis else text


def show_iso(text: str) -> str:
    """An ISO 8601 time (as stored in headers and cards) as China time; other text as is."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return text
    return show(moment)
