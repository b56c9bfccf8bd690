"""Hybrid logical clocks (sync/hlc.py) and ULIDs (core/ids.py).

A skewed or backwards wall clock may only break ties, never override causality:
ticks on one node always increase, and anything stamped after receiving a message
is later than the message.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regsync.core.ids import UlidFactory, encode_ulid
from regsync.sync.hlc import MAX_AHEAD_MILLIS, ZERO, HybridClock, Timestamp

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def wall_clock(times: list[int]) -> Callable[[], int]:
    """A physical clock that reads ``times`` in turn, then keeps the last value."""
    it: Iterator[int] = iter(times)
    last = [times[0] if times else 0]

    def read() -> int:
        last[0] = next(it, last[0])
        return last[0]

    return read


# --- one node ----------------------------------------------------------------------


def test_tick_uses_the_wall_clock_when_it_moves_forward() -> None:
    clock = HybridClock(wall_clock([100, 200, 300]))
    assert [clock.tick() for _ in range(3)] == [
        Timestamp(100, 0),
        Timestamp(200, 0),
        Timestamp(300, 0),
    ]


def test_tick_increases_when_the_wall_clock_goes_backwards() -> None:
    clock = HybridClock(wall_clock([1000, 1000, 400, 999, 1001]))
    stamps = [clock.tick() for _ in range(5)]
    assert stamps == [
        Timestamp(1000, 0),
        Timestamp(1000, 1),
        Timestamp(1000, 2),
        Timestamp(1000, 3),
        Timestamp(1001, 0),
    ]


@given(st.lists(st.integers(min_value=0, max_value=10**13), min_size=1, max_size=60))
def test_tick_is_strictly_increasing_whatever_the_wall_clock_does(times: list[int]) -> None:
    clock = HybridClock(wall_clock(times))
    stamps = [clock.tick() for _ in times]
    assert all(a < b for a, b in itertools.pairwise(stamps))
    # and never behind the wall clock's best reading so far
    assert stamps[-1].wall == max(times)


def test_a_clock_resumes_after_its_last_timestamp() -> None:
    clock = HybridClock(wall_clock([5]), last=Timestamp(50, 7))
    assert clock.tick() == Timestamp(50, 8)


def test_observe_far_future_makes_later_ticks_greater() -> None:
    clock = HybridClock(wall_clock([1000]))
    clock.tick()
    remote = Timestamp(10**12, 4)  # a PC whose clock is decades ahead
    received = clock.observe(remote)
    assert received > remote
    later = [clock.tick() for _ in range(5)]
    assert all(t > remote for t in later)
    assert later == sorted(set(later))
    # the local wall clock is not trusted over causality
    assert all(t.wall == remote.wall for t in later)


def test_observe_of_an_older_timestamp_still_moves_forward() -> None:
    clock = HybridClock(wall_clock([1000]))
    first = clock.tick()
    assert clock.observe(Timestamp(10, 99)) > first


def test_observe_with_equal_walls_takes_the_larger_counter() -> None:
    clock = HybridClock(wall_clock([500]), last=Timestamp(900, 3))
    assert clock.observe(Timestamp(900, 8)) == Timestamp(900, 9)
    assert clock.observe(Timestamp(900, 2)) == Timestamp(900, 10)


# --- several nodes with skewed clocks ---------------------------------------------

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("tick"), st.integers(0, 2), st.just(0)),
        st.tuples(st.just("send"), st.integers(0, 2), st.integers(0, 2)),
        st.tuples(st.just("receive"), st.integers(0, 2), st.integers(0, 50)),
        # real time passes; a negative step is a clock set back (NTP, a user)
        st.tuples(st.just("wait"), st.just(0), st.integers(-5000, 5000)),
    ),
    max_size=80,
)


@settings(max_examples=200)
@given(
    st.lists(st.integers(-(10**9), 10**9), min_size=3, max_size=3),
    OPS,
)
def test_receive_is_after_send_and_each_node_increases(
    skews: list[int], ops: list[tuple[str, int, int]]
) -> None:
    real = [1_700_000_000_000]

    def physical(skew: int) -> Callable[[], int]:
        return lambda: real[0] + skew

    clocks = [HybridClock(physical(skew)) for skew in skews]
    last = [ZERO, ZERO, ZERO]
    in_flight: list[tuple[int, Timestamp]] = []  # (destination, send timestamp)

    def stamp(node: int, ts: Timestamp) -> None:
        assert ts > last[node]
        last[node] = ts

    for op, node, arg in ops:
        if op == "tick":
            stamp(node, clocks[node].tick())
        elif op == "send":
            sent = clocks[node].tick()
            stamp(node, sent)
            in_flight.append((arg, sent))
        elif op == "receive" and in_flight:
            # any message in flight, in any order; it may be delivered twice
            dst, sent = in_flight[arg % len(in_flight)]
            got = clocks[dst].observe(sent)
            stamp(dst, got)
            assert got > sent
            after = clocks[dst].tick()
            stamp(dst, after)
            assert after > sent
        elif op == "wait":
            real[0] += arg


# --- text form ---------------------------------------------------------------------

TIMESTAMPS = st.builds(
    Timestamp,
    st.integers(min_value=0, max_value=10**15 - 1),
    st.integers(min_value=0, max_value=99_999),
)


@given(TIMESTAMPS)
def test_text_round_trip(ts: Timestamp) -> None:
    text = str(ts)
    assert len(text) == 21
    assert Timestamp.parse(text) == ts


@given(TIMESTAMPS, TIMESTAMPS)
def test_text_order_is_time_order(a: Timestamp, b: Timestamp) -> None:
    assert (str(a) < str(b)) == (a < b)
    assert (str(a) == str(b)) == (a == b)


def test_text_form() -> None:
    assert str(Timestamp(1_700_000_000_123, 7)) == "001700000000123.00007"


def test_text_order_survives_a_large_counter() -> None:
    clock = HybridClock(wall_clock([0]))
    remote = Timestamp(10**12, 99_998)
    stamps = [clock.observe(remote), clock.tick(), clock.tick()]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 3
    assert stamps[1:] == [Timestamp(10**12 + 1, 0), Timestamp(10**12 + 1, 1)]  # wall moved on
    assert [str(t) for t in stamps] == sorted(str(t) for t in stamps)


# --- ULIDs -------------------------------------------------------------------------


def test_ulid_known_values() -> None:
    assert encode_ulid(0, 0) == "0" * 26
    assert encode_ulid((1 << 48) - 1, (1 << 80) - 1) == "7" + "Z" * 25
    assert encode_ulid(1, 0) == "0" * 9 + "1" + "0" * 16
    assert encode_ulid(0, 31) == "0" * 25 + "Z"


@given(st.integers(0, (1 << 48) - 1), st.integers(0, (1 << 80) - 1))
def test_ulid_shape_and_decoding(millis: int, randomness: int) -> None:
    ulid = encode_ulid(millis, randomness)
    assert len(ulid) == 26
    assert set(ulid) <= set(CROCKFORD)
    value = 0
    for ch in ulid:
        value = value * 32 + CROCKFORD.index(ch)
    assert value >> 80 == millis
    assert value & ((1 << 80) - 1) == randomness


@given(
    st.integers(0, (1 << 48) - 2),
    st.integers(1, 10**6),
    st.integers(0, (1 << 80) - 1),
    st.integers(0, (1 << 80) - 1),
)
def test_ulids_sort_by_millis(millis: int, gap: int, r1: int, r2: int) -> None:
    later = min(millis + gap, (1 << 48) - 1)
    assert encode_ulid(millis, r1) < encode_ulid(later, r2)


@pytest.mark.parametrize(
    ("millis", "randomness"),
    [(-1, 0), (1 << 48, 0), (0, -1), (0, 1 << 80)],
)
def test_ulid_range_errors(millis: int, randomness: int) -> None:
    with pytest.raises(ValueError, match="out of range"):
        encode_ulid(millis, randomness)


def test_ulid_factory_uses_the_injected_clock_and_random() -> None:
    times = iter([1_000, 1_000, 2_000])
    a = UlidFactory(lambda: next(times), random.Random(42))
    ids = [a.new_id() for _ in range(3)]
    assert ids[0] != ids[1]  # same millisecond, different randomness
    assert ids[0][:10] == ids[1][:10]  # the first 10 characters are the time
    assert ids[2] > ids[0]
    assert ids[2] > ids[1]
    again = UlidFactory(lambda: 1_000, random.Random(42))
    assert again.new_id() == ids[0]  # deterministic given the same injections


def test_a_stored_reading_from_a_wrong_date_is_set_aside_once_the_date_is_right() -> None:
    """Further ahead than any import moves a clock: the computer's date was wrong.  The
    next local time is the corrected wall clock, not the wrong date (causality is in the
    version vectors); a reading within the bound is kept as always."""
    year = 365 * 86_400_000
    clock = HybridClock(wall_clock([1_000, 1_001]), last=Timestamp(1_000 + year, 4))
    assert clock.tick() == Timestamp(1_000, 0)
    assert clock.tick() == Timestamp(1_001, 0)
    near = HybridClock(wall_clock([1_000]), last=Timestamp(1_000 + MAX_AHEAD_MILLIS, 4))
    assert near.tick() == Timestamp(1_000 + MAX_AHEAD_MILLIS, 5)
