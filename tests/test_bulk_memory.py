"""The collector pause of a bulk import: off inside, back on after, garbage freed."""

from __future__ import annotations

import gc
import weakref

from regsync.sync.bulk_memory import collector_paused


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_the_collector_is_off_inside_and_the_blocks_cycles_are_freed_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: only the collector frees it
        gone = weakref.ref(a)
        del a, b
        assert gone() is not None
    assert gc.isenabled()
    assert gone() is None


def test_a_program_that_turned_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
