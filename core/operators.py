"""Operators of a node: accounts, roles within the office, and the login throttle.

Operator accounts are **node-local**: they are the people who use this installation
(a firm's clerk, a city office's reviewers), not records of the registration system,
so they never enter the change log and never travel in a bundle.  The replicated
``User`` record kind stays what it was (an office's directory entry).

Pure rules only; the storage is the :class:`OperatorAccounts` port (adapters.sql and,
for tests, :class:`regsync.core.testing.MemoryOperatorAccounts`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from typing import Final, Protocol


class OperatorRole(enum.StrEnum):
    """What an operator does in the office."""

    CLERK = "clerk"  # 经办人: enters, checks, reports, imports and exports
    REVIEWER = "reviewer"  # 审核人: also reviews, decides and issues
    ADMINISTRATOR = "administrator"  # 管理员: also manages operators, backups, settings


class Action(enum.StrEnum):
    """What the role rules decide."""

    ENTER = "enter"  # data entry, computer check, reporting, import/export
    REVIEW = "review"  # 申报审核, the province's decisions and issuing
    MANAGE_OPERATORS = "manage_operators"  # add, disable, reset another's password
    MAINTAIN = "maintain"  # backup/restore, node settings


_ALLOWED: Final[dict[OperatorRole, frozenset[Action]]] = {
    OperatorRole.CLERK: frozenset({Action.ENTER}),
    OperatorRole.REVIEWER: frozenset({Action.ENTER, Action.REVIEW}),
    OperatorRole.ADMINISTRATOR: frozenset(Action),
}


def may(role: OperatorRole, action: Action) -> bool:
    """Whether an operator of ``role`` may do ``action``."""
    return action in _ALLOWED[role]


USERNAME_RULE: Final = re.compile(r"[A-Za-z0-9_.\-\u4e00-\u9fff]{2,32}")


@dataclasses.dataclass(frozen=True)
class Operator:
    """One operator account of this node (the hash is :mod:`regsync.core.passwords`')."""

    username: str
    name: str
    role: OperatorRole
    password_hash: str
    active: bool = True
    created: str = ""  # ISO time
    password_changed: str = ""  # ISO time

    def label(self) -> str:
        """``name（username）``, or the user name alone when they are the same."""
        return (
            self.username if self.name in ("", self.username) else f"{self.name}（{self.username}）"
        )


@dataclasses.dataclass(frozen=True)
class Failures:
    """Wrong passwords given for one user name since its last good login."""

    count: int = 0
    last: dt.datetime | None = None


@dataclasses.dataclass(frozen=True)
class ThrottlePolicy:
    """How long a user name waits after wrong passwords.

    The first ``free`` failures cost nothing (typos); each one after doubles the wait,
    from ``first_delay`` up to ``longest`` (the lockout: an administrator may clear it
    with ``regsync user passwd``).  Failures are counted per user name, whether or not
    the account exists, so the wait says nothing about which names are accounts.
    """

    free: int = 3
    first_delay: dt.timedelta = dt.timedelta(seconds=30)
    longest: dt.timedelta = dt.timedelta(minutes=30)

    def delay(self, count: int) -> dt.timedelta:
        """The wait after ``count`` consecutive failures."""
        if count < self.free:
            return dt.timedelta(0)
        doublings = min(count - self.free, 20)
        wait: dt.timedelta = min(self.first_delay * (1 << doublings), self.longest)
        return wait

    def retry_at(self, failures: Failures) -> dt.datetime | None:
        """When the next attempt is accepted; None if it is accepted now-or-any-time."""
        wait = self.delay(failures.count)
        if failures.last is None or not wait:
            return None
        return failures.last + wait

    def locked_out(self, failures: Failures) -> bool:
        """Whether the wait has reached its longest (said so in the message)."""
        return self.delay(failures.count) >= self.longest


class OperatorAccounts(Protocol):
    """The node-local store of operator accounts and login failures (a port)."""

    def operator(self, username: str) -> Operator | None:
        """The account named ``username`` (case as stored), if any."""
        ...

    def operators(self) -> list[Operator]:
        """Every account, by user name."""
        ...

    def add_operator(self, operator: Operator) -> bool:
        """Store a new account; False (nothing stored) if the user name exists."""
        ...

    def update_operator(self, operator: Operator) -> None:
        """Replace the stored account of ``operator.username``."""
        ...

    def failures(self, username: str) -> Failures:
        """Wrong passwords recorded for ``username`` since its last good login."""
        ...

    def record_failure(self, username: str, at: dt.datetime) -> Failures:
        """Count one more wrong password at ``at``; returns the new count."""
        ...

    def clear_failures(self, username: str) -> None:
        """Forget the failures of ``username`` (a good login, a new password)."""
        ...
