"""The application state merges as a join over ``(round, stage rank)`` (DESIGN §3).

The properties are written once, as plain predicates over a join function, so that
the same checker that passes :func:`regsync.core.state.join` can be shown to catch
deliberately wrong joins (last writer wins, stage-only, round-blind, meet instead
of join).  A stateful model then runs three replicas that move locally and swap
states with duplicated, reordered deliveries, and checks that they converge.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Sequence

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from regsync.core.state import (
    ACTIVE,
    INITIAL,
    LOCKED_FOR_ENTERPRISE,
    REOPENABLE,
    AppState,
    Stage,
    join,
)

JoinFn = Callable[[AppState, AppState], AppState]

ROUNDS = st.integers(min_value=1, max_value=5)
STATES = st.builds(AppState, ROUNDS, st.sampled_from(Stage))
SMALL_DOMAIN = [AppState(r, s) for r in (1, 2, 3) for s in Stage]


def key(state: AppState) -> tuple[int, int]:
    return state.order_key


def fold(j: JoinFn, states: Iterable[AppState]) -> AppState:
    return functools.reduce(j, states)


# --- the properties, as predicates over any join -----------------------------------


def commutative(j: JoinFn, a: AppState, b: AppState) -> bool:
    return j(a, b) == j(b, a)


def associative(j: JoinFn, a: AppState, b: AppState, c: AppState) -> bool:
    return j(j(a, b), c) == j(a, j(b, c))


def idempotent(j: JoinFn, a: AppState) -> bool:
    return j(a, a) == a


def upper_bound(j: JoinFn, a: AppState, b: AppState) -> bool:
    result = j(a, b)
    return key(result) >= key(a) and key(result) >= key(b)


def reopen_wins(j: JoinFn, failed: AppState, other_stage: Stage) -> bool:
    """A reopened round beats every state of the round it corrects, in both orders."""
    reopened = failed.reopen()
    old = AppState(failed.round, other_stage)
    return j(reopened, old) == reopened and j(old, reopened) == reopened


def converges(j: JoinFn, edits: Sequence[AppState], delivered: Sequence[AppState]) -> bool:
    """Folding a replica's deliveries (any order, duplicates) equals folding the edits."""
    return fold(j, delivered) == fold(j, edits)


def exhaustive_counterexample(
    prop: Callable[..., bool], j: JoinFn, arity: int
) -> tuple[AppState, ...] | None:
    """The first tuple of the small domain (rounds 1-3, every stage) that breaks ``prop``."""
    for args in itertools.product(SMALL_DOMAIN, repeat=arity):
        if not prop(j, *args):
            return args
    return None


# --- the real join -----------------------------------------------------------------


@given(STATES, STATES)
def test_join_is_commutative(a: AppState, b: AppState) -> None:
    assert commutative(join, a, b)


@given(STATES, STATES, STATES)
def test_join_is_associative(a: AppState, b: AppState, c: AppState) -> None:
    assert associative(join, a, b, c)


@given(STATES)
def test_join_is_idempotent(a: AppState) -> None:
    assert idempotent(join, a)


@given(STATES, STATES)
def test_join_is_an_upper_bound_and_the_least_one(a: AppState, b: AppState) -> None:
    assert upper_bound(join, a, b)
    # least: the result is one of the two inputs (the order is total)
    assert join(a, b) in (a, b)
    assert key(join(a, b)) == max(key(a), key(b))


def test_join_laws_hold_on_the_whole_small_domain() -> None:
    assert exhaustive_counterexample(commutative, join, 2) is None
    assert exhaustive_counterexample(idempotent, join, 1) is None
    assert exhaustive_counterexample(upper_bound, join, 2) is None
    assert exhaustive_counterexample(associative, join, 3) is None


def test_order_key_is_injective_so_the_order_is_total() -> None:
    # Two different states never tie: otherwise join would depend on argument order.
    assert len({key(s) for s in SMALL_DOMAIN}) == len(SMALL_DOMAIN)


@settings(max_examples=200)
@given(st.lists(STATES, min_size=1, max_size=8), st.data())
def test_replicas_converge_whatever_the_order_and_duplicates(
    edits: list[AppState], data: st.DataObject
) -> None:
    duplicates = data.draw(st.lists(st.sampled_from(edits), max_size=6), label="duplicates")
    delivered = data.draw(st.permutations(edits + duplicates), label="delivered")
    assert converges(join, edits, delivered)
    assert fold(join, delivered) == max(edits, key=key)


@given(st.integers(min_value=1, max_value=50), st.sampled_from(sorted(REOPENABLE)))
def test_reopen_starts_a_round_above_every_state_of_the_old_round(
    round_: int, failed_stage: Stage
) -> None:
    failed = AppState(round_, failed_stage)
    reopened = failed.reopen()
    assert reopened == AppState(round_ + 1, Stage.DRAFT)
    for stage in Stage:
        assert key(reopened) > key(AppState(round_, stage))
        assert reopen_wins(join, failed, stage)


@pytest.mark.parametrize("stage", sorted(set(Stage) - REOPENABLE))
def test_only_failed_or_rejected_rounds_reopen(stage: Stage) -> None:
    with pytest.raises(ValueError, match="cannot be reopened"):
        AppState(1, stage).reopen()


@pytest.mark.parametrize("stage", list(Stage))
def test_legal_local_moves_never_go_down(stage: Stage) -> None:
    state = AppState(3, stage)
    for target in Stage:
        if state.can_move_to(target):
            moved = state.advance(target)
            assert key(moved) > key(state)
            assert join(state, moved) == moved
        else:
            with pytest.raises(ValueError, match="not a legal move"):
                state.advance(target)


def test_the_happy_path_is_a_chain_of_legal_moves() -> None:
    state = INITIAL
    for stage in (
        Stage.REPORTED,
        Stage.RECEIVED,
        Stage.CITY_PASSED,
        Stage.FORWARDED,
        Stage.APPROVED,
        Stage.ISSUED,
    ):
        state = state.advance(stage)
    assert state == AppState(1, Stage.ISSUED)
    assert not any(state.can_move_to(s) for s in Stage)


def test_stage_sets() -> None:
    assert Stage.DRAFT not in LOCKED_FOR_ENTERPRISE
    # Frozen after reporting (issue 16): the firm edits drafts only.
    assert {
        Stage.REPORTED,
        Stage.RECEIVED,
        Stage.CITY_FAILED,
        Stage.ISSUED,
    } <= LOCKED_FOR_ENTERPRISE
    assert {Stage.CITY_FAILED, Stage.REJECTED} == REOPENABLE
    assert not ACTIVE & (REOPENABLE | {Stage.DRAFT})


# --- teeth: the same checker catches wrong joins -------------------------------------


def last_writer_wins(a: AppState, b: AppState) -> AppState:
    return b


def stage_only(a: AppState, b: AppState) -> AppState:
    """Ignores the round: a corrected round loses to the failure it corrects."""
    return a if a.stage.rank >= b.stage.rank else b


def stage_then_round(a: AppState, b: AppState) -> AppState:
    """A lattice join, but in the wrong order: commutative, associative, idempotent."""
    return a if (a.stage.rank, a.round) >= (b.stage.rank, b.round) else b


def meet(a: AppState, b: AppState) -> AppState:
    """The greatest lower bound: satisfies every algebraic law but goes backwards."""
    return a if key(a) <= key(b) else b


NO_DB = settings(database=None, max_examples=500, suppress_health_check=list(HealthCheck))


def test_checker_finds_last_writer_wins_is_not_commutative() -> None:
    a, b = find(
        st.tuples(STATES, STATES),
        lambda ab: not commutative(last_writer_wins, *ab),
        settings=NO_DB,
    )
    assert a != b
    assert last_writer_wins(a, b) != last_writer_wins(b, a)
    # ... and that it does not converge when replicas see edits in different orders.
    edits = find(
        st.lists(STATES, min_size=2, max_size=4),
        lambda xs: not converges(last_writer_wins, xs, list(reversed(xs))),
        settings=NO_DB,
    )
    assert fold(last_writer_wins, edits) != fold(last_writer_wins, list(reversed(edits)))


def test_checker_finds_a_stage_only_join_loses_the_round() -> None:
    a, b = find(
        st.tuples(STATES, STATES), lambda ab: not upper_bound(stage_only, *ab), settings=NO_DB
    )
    assert a.round != b.round
    assert exhaustive_counterexample(commutative, stage_only, 2) is not None
    failed = find(
        st.builds(AppState, ROUNDS, st.sampled_from(sorted(REOPENABLE))),
        lambda f: not reopen_wins(stage_only, f, Stage.CITY_FAILED),
        settings=NO_DB,
    )
    assert stage_only(failed.reopen(), AppState(failed.round, Stage.CITY_FAILED)) != (
        failed.reopen()
    )


def test_checker_finds_a_lattice_join_in_the_wrong_order() -> None:
    # The algebraic laws alone cannot tell: stage_then_round passes all of them ...
    assert exhaustive_counterexample(commutative, stage_then_round, 2) is None
    assert exhaustive_counterexample(associative, stage_then_round, 3) is None
    assert exhaustive_counterexample(idempotent, stage_then_round, 1) is None
    # ... but the upper-bound and reopen properties do.
    assert exhaustive_counterexample(upper_bound, stage_then_round, 2) is not None
    found = exhaustive_counterexample(
        lambda j, a, b: a.stage not in REOPENABLE or reopen_wins(j, a, b.stage),
        stage_then_round,
        2,
    )
    assert found is not None
    assert found[0].stage in REOPENABLE


def test_checker_finds_a_meet_is_not_an_upper_bound() -> None:
    assert exhaustive_counterexample(commutative, meet, 2) is None
    assert exhaustive_counterexample(associative, meet, 3) is None
    a, b = find(st.tuples(STATES, STATES), lambda ab: not upper_bound(meet, *ab), settings=NO_DB)
    assert key(meet(a, b)) < max(key(a), key(b))


def test_checker_finds_no_counterexample_for_the_real_join() -> None:
    with pytest.raises(NoSuchExample):
        find(st.tuples(STATES, STATES), lambda ab: not upper_bound(join, *ab), settings=NO_DB)
    with pytest.raises(NoSuchExample):
        find(
            st.tuples(STATES, STATES, STATES),
            lambda abc: not associative(join, *abc),
            settings=NO_DB,
        )


# --- model: three replicas, local moves, lossy duplicating reordering exchange -----


def legal_moves(state: AppState) -> list[AppState]:
    moves = [state.advance(s) for s in Stage if state.can_move_to(s)]
    if state.stage in REOPENABLE:
        moves.append(state.reopen())
    return moves


def make_replicas(j: JoinFn, n: int = 3) -> type[RuleBasedStateMachine]:
    class Replicas(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.states = [INITIAL] * n
            self.in_flight: list[tuple[int, AppState]] = []
            self.produced = {INITIAL}
            self.highest_seen = [key(INITIAL)] * n

        @rule(replica=st.integers(0, n - 1), data=st.data())
        def local_move(self, replica: int, data: st.DataObject) -> None:
            moves = legal_moves(self.states[replica])
            if not moves:  # issued: nothing left to do on this round
                return
            new = data.draw(st.sampled_from(moves))
            self.states[replica] = new
            self.produced.add(new)

        @rule(src=st.integers(0, n - 1), dst=st.integers(0, n - 1))
        def send(self, src: int, dst: int) -> None:
            if src != dst:
                self.in_flight.append((dst, self.states[src]))

        @precondition(lambda self: bool(self.in_flight))
        @rule(data=st.data())
        def deliver(self, data: st.DataObject) -> None:
            # any message in flight (reordering); it may stay in flight (duplication)
            index = data.draw(st.integers(0, len(self.in_flight) - 1))
            dst, state = self.in_flight[index]
            if data.draw(st.booleans()):
                del self.in_flight[index]
            self.states[dst] = j(self.states[dst], state)

        @invariant()
        def replicas_never_go_backwards(self) -> None:
            for i, state in enumerate(self.states):
                assert key(state) >= self.highest_seen[i]
                self.highest_seen[i] = key(state)

        def teardown(self) -> None:
            # all-to-all: every replica sends its state to every other at once, and
            # each receiver folds what it got in its own order.
            snapshot = list(self.states)
            for dst in range(n):
                sources = [s for s in range(n) if s != dst]
                if dst % 2:
                    sources.reverse()
                for src in sources:
                    self.states[dst] = j(self.states[dst], snapshot[src])
            assert len(set(self.states)) == 1, self.states
            assert self.states[0] == max(self.produced, key=key)

    return Replicas


TestThreeReplicas = make_replicas(join).TestCase
TestThreeReplicas.settings = settings(max_examples=100, stateful_step_count=40, deadline=None)


@pytest.mark.parametrize("wrong", [last_writer_wins, stage_only, meet])
def test_model_catches_wrong_joins(wrong: JoinFn) -> None:
    with pytest.raises(AssertionError):
        run_state_machine_as_test(
            make_replicas(wrong),
            settings=settings(
                max_examples=200,
                stateful_step_count=40,
                database=None,
                deadline=None,
                report_multiple_bugs=False,
                phases=[Phase.generate],  # finding one is the point; skip shrinking
            ),
        )
