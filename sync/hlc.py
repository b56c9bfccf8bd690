"""Hybrid logical clock (Kulkarni et al. 2014).

A timestamp is ``(wall milliseconds, counter)``.  It never goes backwards on one node
(except after its date was put right, see :class:`HybridClock`), and after receiving
a remote timestamp every later local one is greater, so it respects causality even
when a PC's wall clock is a little wrong; the wall part keeps it close to real time
for people reading the log.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from regsync.core.china_time import show_millis


@dataclasses.dataclass(frozen=True, order=True)
class Timestamp:
    wall: int
    counter: int

    def __str__(self) -> str:
        # Fixed width so that text order equals time order in SQL.
        return f"{self.wall:015d}.{self.counter:05d}"

    def display(self) -> str:
        """Wall time in China time (UTC+8) for people, with the counter when it is not zero."""
        text = show_millis(self.wall, with_millis=True)
        return f"{text}+{self.counter}" if self.counter else text

    @classmethod
    def parse(cls, text: str) -> Timestamp:
        wall, _, counter = text.partition(".")
        return cls(int(wall), int(counter))


ZERO = Timestamp(0, 0)
MAX_AHEAD_MILLIS = 10 * 60 * 1000
"""How far ahead of this node's clock an imported change may be dated (the default of
``rules.clock_max_ahead_minutes``): a PC whose date is wrong must not drag every
office's clock along."""
MAX_COUNTER = 99_999
"""The text form pads the counter to five digits; past this the wall part moves on."""


def _bounded(wall: int, counter: int) -> Timestamp:
    # A node whose wall clock lags a timestamp it has seen counts up from it; rather
    # than let the counter outgrow its text width (and sort wrongly), move the logical
    # wall time on by a millisecond.  Still greater than everything before it.
    if counter > MAX_COUNTER:
        return Timestamp(wall + 1, 0)
    return Timestamp(wall, counter)


def ahead_by(remote: Timestamp, physical_millis: int) -> int:
    """How many milliseconds ``remote`` is dated after this node's wall clock (0: not)."""
    return max(0, remote.wall - physical_millis)


class HybridClock:
    """A node's HLC; ``physical`` returns wall-clock milliseconds (injected)."""

    def __init__(self, physical: Callable[[], int], last: Timestamp = ZERO) -> None:
        self._physical = physical
        self.last = last
        self._loaded = True  # ``last`` comes from storage: checked on first use

    def _now(self) -> int:
        now = self._physical()
        if self._loaded and self.last.wall > now + MAX_AHEAD_MILLIS:
            # A stored reading further ahead than any import lets a clock move: this
            # computer's date was wrong and has been put right.  Start again from it,
            # or every later change stays dated ahead and refused: causality is in the
            # version vectors, the clock only breaks ties between concurrent writes.
            self.last = ZERO
        self._loaded = False
        return now

    def tick(self) -> Timestamp:
        """Timestamp a local event."""
        now = self._now()  # first: it may set a wrong stored reading aside
        wall = max(self.last.wall, now)
        counter = self.last.counter + 1 if wall == self.last.wall else 0
        self.last = _bounded(wall, counter)
        return self.last

    def observe(self, remote: Timestamp) -> Timestamp:
        """Merge a timestamp received from another node."""
        now = self._now()
        wall = max(self.last.wall, remote.wall, now)
        if wall == self.last.wall == remote.wall:
            counter = max(self.last.counter, remote.counter) + 1
        elif wall == self.last.wall:
            counter = self.last.counter + 1
        elif wall == remote.wall:
            counter = remote.counter + 1
        else:
            counter = 0
        self.last = _bounded(wall, counter)
        return self.last
