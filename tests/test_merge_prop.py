"""Property tests of the merge: random multi-node edit and exchange schedules converge.

Replicas here are in-memory models that use the real merge decision
(:func:`regsync.sync.merge.merge_write`) and the real version vectors and clocks; the
SQL import path runs the same function.  Schedules mix concurrent edits of the same
records, deletes, skewed clocks, and bundle deliveries that are duplicated,
reordered, lost and relayed.  After a final full exchange every replica must hold the
same records and the same conflict ledger.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from regsync.sync.changeset import Op
from regsync.sync.hlc import HybridClock
from regsync.sync.merge import MergeResult, Write, merge_write
from regsync.sync.vector import merge

MergeFn = Callable[..., MergeResult]
KEYS = ("A1", "A2")
FIELDS = ("stage", "name", "phone")
TIERS = (1, 1, 2, 3, 2)  # two enterprises, a city, the province, another city


@dataclasses.dataclass
class Replica:
    node: str
    tier: int
    clock: HybridClock
    log: dict[str, list[tuple[str, Write]]] = dataclasses.field(default_factory=dict)
    rows: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    versions: dict[str, dict[str, int]] = dataclasses.field(default_factory=dict)
    deleted: set[str] = dataclasses.field(default_factory=set)
    ledger: dict[str, tuple[Any, ...]] = dataclasses.field(default_factory=dict)
    arrivals: list[tuple[str, Write]] = dataclasses.field(default_factory=list)

    @property
    def stream(self) -> str:
        return f"{self.node}/scope"

    def head(self, stream: str) -> int:
        return len(self.log.get(stream, []))

    def edit(self, key: str, fields: dict[str, Any], delete: bool) -> None:
        op = Op.DELETE if delete else Op.UPSERT
        if not delete and key in self.deleted:
            fields = {f: fields.get(f, f"new-{self.node}") for f in FIELDS}  # re-create
        base = dict(self.versions.get(key, {}))
        ts = self.clock.tick()
        write = Write(
            self.stream,
            self.head(self.stream) + 1,
            (self.tier, str(ts), self.node),
            op,
            {} if delete else fields,
            base,
        )
        self.log.setdefault(self.stream, []).append((key, write))
        self.arrivals.append((key, write))
        self.versions[key] = merge(base, write.version)
        if delete:
            self.deleted.add(key)
            self.rows.pop(key, None)
        else:
            self.deleted.discard(key)
            self.rows.setdefault(key, {}).update(fields)

    def receive(self, bundle: list[tuple[str, Write]], merge_fn: MergeFn) -> None:
        """Apply a bundle all or nothing: a gap in a stream, or a write whose base this
        replica lacks (a missing prerequisite), refuses it whole."""
        fresh = [(k, w) for k, w in bundle if w.seq > self.head(w.stream)]
        expected: dict[str, int] = {}
        for _, w in fresh:
            want = expected.get(w.stream, self.head(w.stream)) + 1
            if w.seq != want:
                return  # gap: refused, nothing applied
            if any(n > expected.get(s, self.head(s)) for s, n in w.base.items()):
                return  # the writer had seen something this replica has not
            expected[w.stream] = want
        for key, write in fresh:
            self._apply(key, write, merge_fn)

    def _apply(self, key: str, write: Write, merge_fn: MergeFn) -> None:
        local = [w for entries in self.log.values() for k, w in entries if k == key]
        result = merge_fn(
            write, self.rows.get(key), self.versions.get(key), key in self.deleted, local
        )
        self.log.setdefault(write.stream, []).append((key, write))
        self.arrivals.append((key, write))
        self.clock.observe(_ts(write))
        self.versions[key] = result.version
        if result.delete:
            self.deleted.add(key)
            self.rows.pop(key, None)
        elif result.fields:
            self.deleted.discard(key)
            self.rows.setdefault(key, {}).update(result.fields)
        for c in result.conflicts:
            self.ledger[c.conflict_id] = (
                key,
                c.field,
                c.kept.ident,
                c.kept_value,
                c.lost.ident,
                c.lost_value,
            )

    def bundle_for(self, peer: Replica) -> list[tuple[str, Write]]:
        """Everything this replica holds that the peer lacks (relays too), in arrival
        order, which is causal: a replica applies nothing before what it depends on."""
        return [(k, w) for k, w in self.arrivals if w.seq > peer.head(w.stream)]


def _ts(write: Write) -> Any:
    from regsync.sync.hlc import Timestamp

    return Timestamp.parse(write.key[1])


def make_replicas(count: int, skews: list[int]) -> list[Replica]:
    replicas = []
    for i in range(count):
        ticks = itertools.count(1_700_000_000_000 + skews[i] * 86_400_000, 1000)
        replicas.append(Replica(f"N{i}", TIERS[i], HybridClock(lambda t=ticks: next(t))))
    return replicas


OPS = st.one_of(
    st.tuples(
        st.just("edit"),
        st.integers(0, 4),
        st.sampled_from(KEYS),
        st.dictionaries(st.sampled_from(FIELDS), st.integers(0, 3), min_size=1),
    ),
    st.tuples(st.just("delete"), st.integers(0, 4), st.sampled_from(KEYS)),
    st.tuples(st.just("send"), st.integers(0, 4), st.integers(0, 4)),
    st.tuples(st.just("deliver"), st.integers(0, 1000), st.booleans(), st.booleans()),
)
SCHEDULES = st.tuples(
    st.integers(3, 5),
    st.lists(st.integers(-3, 3), min_size=5, max_size=5),
    st.lists(OPS, min_size=1, max_size=40),
)


def run(schedule: tuple[int, list[int], list[tuple[Any, ...]]], merge_fn: MergeFn) -> list[Replica]:
    """Play a schedule, then exchange everything until every replica has every write."""
    count, skews, ops = schedule
    replicas = make_replicas(count, skews)
    # Every replica starts knowing both records, created at the last node.
    creator = replicas[count - 1]
    for key in KEYS:
        creator.edit(key, dict.fromkeys(FIELDS, "init"), delete=False)
    for replica in replicas[:-1]:
        replica.receive(creator.bundle_for(replica), merge_fn)
    in_flight: list[tuple[Replica, list[tuple[str, Write]]]] = []
    for op in ops:
        if op[0] == "edit":
            replicas[op[1] % count].edit(op[2], op[3], delete=False)
        elif op[0] == "delete":
            replicas[op[1] % count].edit(op[2], {}, delete=True)
        elif op[0] == "send":
            src, dst = replicas[op[1] % count], replicas[op[2] % count]
            if src is not dst:
                in_flight.append((dst, src.bundle_for(dst)))
        elif in_flight:  # deliver one in-flight bundle: any order, maybe twice, maybe lost
            index = op[1] % len(in_flight)
            dst, bundle = in_flight[index]
            keep, lose = op[2], op[3]
            if not keep:
                in_flight.pop(index)
            if not lose:
                dst.receive(bundle, merge_fn)
    for _ in range(count + 1):  # full exchange, ledger entries travel as records do
        for src, dst in itertools.permutations(replicas, 2):
            dst.receive(src.bundle_for(dst), merge_fn)
            dst.ledger.update(src.ledger)
    return replicas


def converged(replicas: list[Replica]) -> bool:
    def state(r: Replica) -> tuple[Any, ...]:
        return (r.rows, r.deleted, r.ledger, r.versions)

    return all(state(r) == state(replicas[0]) for r in replicas[1:])


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SCHEDULES)
def test_every_replica_ends_equal(schedule: tuple[int, list[int], list[tuple[Any, ...]]]) -> None:
    replicas = run(schedule, merge_write)
    assert converged(replicas), [(r.node, r.rows, sorted(r.deleted)) for r in replicas]


def test_concurrent_edit_is_a_ledger_entry_on_every_node() -> None:
    schedule = (
        3,
        [0, 0, 0, 0, 0],
        [
            ("edit", 0, "A1", {"phone": 1}),  # enterprise
            ("edit", 1, "A1", {"phone": 2}),  # the other enterprise, concurrently
        ],
    )
    replicas = run(schedule, merge_write)
    assert converged(replicas)
    (entry,) = replicas[0].ledger.values()
    assert entry[1] == "phone"
    assert {entry[3], entry[5]} == {1, 2}
    assert replicas[0].rows["A1"]["phone"] == entry[3]


def test_a_skewed_clock_does_not_override_causality() -> None:
    # N0's clock is three days ahead.  N1 sees N0's write and then edits the same field:
    # N1's edit is causally later and must win everywhere, whatever the clocks say.
    schedule = (
        3,
        [3, -3, 0, 0, 0],
        [
            ("edit", 0, "A1", {"name": 1}),
            ("send", 0, 1),
            ("deliver", 0, False, False),
            ("edit", 1, "A1", {"name": 2}),
        ],
    )
    replicas = run(schedule, merge_write)
    assert converged(replicas)
    assert all(r.rows["A1"]["name"] == 2 for r in replicas)
    assert replicas[0].ledger == {}


def _tie_break_without_node_id(incoming: Write, *args: Any) -> MergeResult:
    """A planted bug: writer order that ignores the node id (ties go to the arrival)."""
    blind = dataclasses.replace(incoming, key=(incoming.key[0], incoming.key[1], "~"))
    return merge_write(blind, *args)


def _wrong_order_merge(
    incoming: Write, current: Any, version: Any, deleted: bool, local: Any
) -> MergeResult:
    """A planted bug: the incoming write always wins a conflict (last arrival wins)."""
    promoted = dataclasses.replace(incoming, key=(9, "9" * 21, "~"))
    return merge_write(promoted, current, version, deleted, local)


# Two firms (same tier, clocks in step) edit one field concurrently: the tie-break must
# fall to the node id.  A firm edits a field the city edited concurrently: the order
# must not depend on who receives what first.
TIED = (3, [0, 0, 0, 0, 0], [("edit", 0, "A1", {"phone": 1}), ("edit", 1, "A1", {"phone": 2})])
CROSSED = (3, [0, 0, 0, 0, 0], [("edit", 0, "A1", {"name": 1}), ("edit", 2, "A1", {"name": 2})])


@pytest.mark.parametrize(
    ("broken", "schedule"),
    [(_wrong_order_merge, CROSSED), (_tie_break_without_node_id, TIED)],
)
def test_the_property_catches_a_planted_bug(
    broken: MergeFn, schedule: tuple[int, list[int], list[tuple[Any, ...]]]
) -> None:
    """The convergence check has teeth: each planted bug splits the replicas."""
    assert converged(run(schedule, merge_write))
    assert not converged(run(schedule, broken))


def test_random_schedules_also_find_a_planted_bug() -> None:
    counterexample = find(
        SCHEDULES,
        lambda s: not converged(run(s, _wrong_order_merge)),
        settings=settings(max_examples=5000, deadline=None, database=None),
    )
    assert counterexample is not None
