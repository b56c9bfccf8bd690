"""Application state: stages within rounds, and their merge as a join.

``draft -> reported -> received -> city_passed | city_failed -> forwarded ->
approved | rejected -> issued``.  A failed or rejected round can be corrected and
reported again: that opens the next round.

Replicas merge state with :func:`join`, the least upper bound in the order
``(round, stage rank)``.  Because the order is total, the join is commutative,
associative and idempotent, so every replica ends with the same state whatever
order it sees the edits in.  Where two stages of one round both happened
concurrently (a city passes and fails the same round on two PCs), the rank decides
deterministically; the contradictory review itself reaches the conflict ledger
through the field-level merge.  See docs/decisions/0002-state-join.md.
"""

from __future__ import annotations

import dataclasses
import enum


class Stage(enum.StrEnum):
    DRAFT = "draft"
    REPORTED = "reported"
    RECEIVED = "received"
    CITY_PASSED = "city_passed"
    CITY_FAILED = "city_failed"
    FORWARDED = "forwarded"
    APPROVED = "approved"
    REJECTED = "rejected"
    ISSUED = "issued"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def zh(self) -> str:
        return _ZH[self]


# A failure outranks a pass in the same round: if two clerks disagree, the
# conservative outcome shows until someone resolves it.  Forwarding implies a pass,
# so it outranks both; the same holds for the province's decision.
_RANK = {
    Stage.DRAFT: 0,
    Stage.REPORTED: 1,
    Stage.RECEIVED: 2,
    Stage.CITY_PASSED: 3,
    Stage.CITY_FAILED: 4,
    Stage.FORWARDED: 5,
    Stage.APPROVED: 6,
    Stage.REJECTED: 7,
    Stage.ISSUED: 8,
}
_ZH = {
    Stage.DRAFT: "草稿",
    Stage.REPORTED: "已上报",
    Stage.RECEIVED: "市级已接收",
    Stage.CITY_PASSED: "市级审核通过",
    Stage.CITY_FAILED: "市级审核不通过",
    Stage.FORWARDED: "已报省级",
    Stage.APPROVED: "省级批准",
    Stage.REJECTED: "省级不批准",
    Stage.ISSUED: "已发证",
}

# Stages in which the enterprise may no longer edit the round: everything past the
# draft.  The seed freezes a reported application at the firm (the printed 申请表's
# barcode must keep matching the reported data); corrections go through the city's
# 修改 or 退回 -> 重新申报, which opens the next round as a draft.
LOCKED_FOR_ENTERPRISE = frozenset(s for s in Stage if s.rank >= Stage.REPORTED.rank)
# Stages that end a round unsuccessfully: the application may open a new round.
REOPENABLE = frozenset({Stage.CITY_FAILED, Stage.REJECTED})
# Stages in which an application occupies its person (one person, one unit).
ACTIVE = frozenset(
    {Stage.REPORTED, Stage.RECEIVED, Stage.CITY_PASSED, Stage.FORWARDED, Stage.APPROVED}
)

# The moves a node may make locally (merging replicas uses join instead).
_NEXT: dict[Stage, frozenset[Stage]] = {
    Stage.DRAFT: frozenset({Stage.REPORTED}),
    # A city may refuse a submission instead of receiving it (拒绝接收): the round ends
    # failed without a receipt, and the enterprise reports again in the next round.
    Stage.REPORTED: frozenset({Stage.RECEIVED, Stage.CITY_FAILED}),
    Stage.RECEIVED: frozenset({Stage.CITY_PASSED, Stage.CITY_FAILED}),
    Stage.CITY_PASSED: frozenset({Stage.FORWARDED}),
    Stage.CITY_FAILED: frozenset(),
    Stage.FORWARDED: frozenset({Stage.APPROVED, Stage.REJECTED}),
    Stage.APPROVED: frozenset({Stage.ISSUED}),
    Stage.REJECTED: frozenset(),
    Stage.ISSUED: frozenset(),
}


@dataclasses.dataclass(frozen=True, order=False)
class AppState:
    """The state of an application: which round, and how far that round got."""

    round: int
    stage: Stage

    @property
    def order_key(self) -> tuple[int, int]:
        return (self.round, self.stage.rank)

    def can_move_to(self, stage: Stage) -> bool:
        return stage in _NEXT[self.stage]

    def advance(self, stage: Stage) -> AppState:
        """The next state of a local move; raises ``ValueError`` for an illegal one."""
        if not self.can_move_to(stage):
            raise ValueError(f"{self.stage} -> {stage} is not a legal move")
        return AppState(self.round, stage)

    def reopen(self) -> AppState:
        """Correct a failed or rejected round: the next round starts as a draft."""
        if self.stage not in REOPENABLE:
            raise ValueError(f"a round at {self.stage} cannot be reopened")
        return AppState(self.round + 1, Stage.DRAFT)


def join(a: AppState, b: AppState) -> AppState:
    """Least upper bound of two states: the one further along ``(round, rank)``."""
    return a if a.order_key >= b.order_key else b


INITIAL = AppState(1, Stage.DRAFT)

STATE_FIELDS = frozenset({"round", "stage"})
"""The application fields that make up its state: they change, travel and merge together."""
