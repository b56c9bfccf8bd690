"""Times shown to users are China time (UTC+8), whatever the computer's zone."""

from __future__ import annotations

import datetime as dt

from regsync.core.china_time import show, show_iso, show_millis
from regsync.sync.hlc import Timestamp

# 2026-11-27 16:30:05.250 UTC is 2026-11-28 00:30:05 in China: the date changes too.
MILLIS = int(dt.datetime(2026, 11, 27, 16, 30, 5, 250_000, tzinfo=dt.UTC).timestamp() * 1000)


def test_utc_is_shown_eight_hours_later() -> None:
    assert show(dt.datetime(2026, 11, 27, 16, 30, 5, tzinfo=dt.UTC)) == "2026-11-28 00:30:05"
    assert show(dt.datetime(2026, 11, 27, 16, 30, 5)) == "2026-11-28 00:30:05"  # naive = UTC
    assert show_millis(MILLIS, with_millis=True) == "2026-11-28 00:30:05.250"
    assert show_iso("2026-11-27T16:30:05+00:00") == "2026-11-28 00:30:05"
    assert show_iso("not a time") == "not a time"


def test_another_zone_is_converted_too() -> None:
    new_york = dt.timezone(dt.timedelta(hours=-5))
    assert show(dt.datetime(2026, 11, 27, 11, 30, tzinfo=new_york), seconds=False) == (
        "2026-11-28 00:30"
    )


def test_the_change_log_shows_china_time() -> None:
    assert Timestamp(MILLIS, 0).display() == "2026-11-28 00:30:05.250"
    assert Timestamp(MILLIS, 3).display() == "2026-11-28 00:30:05.250+3"
