"""Operator use cases: add, set up the first administrator, log in, change passwords.

Every function takes the :class:`~regsync.core.operators.OperatorAccounts` port, the
time and the hashing cost; nothing here touches a database or a terminal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from typing import Final

from regsync.core import catalogue
from regsync.core.errors import (
    AdministratorExists,
    InvalidUsername,
    LastAdministrator,
    LoginRefused,
    LoginThrottled,
    OperatorExists,
    OperatorForbidden,
    PasswordsDiffer,
    UnknownOperator,
    UnknownOperatorRole,
    WeakPassword,
)
from regsync.core.operators import (
    USERNAME_RULE,
    Action,
    Failures,
    Operator,
    OperatorAccounts,
    OperatorRole,
    ThrottlePolicy,
    may,
)
from regsync.core.passwords import (
    ScryptCost,
    hash_password,
    needs_rehash,
    verify_password,
    weakness,
)
from regsync.core.usecases.wording import both

# The province's time: what a clerk's "try again after" means.
_BEIJING: Final = dt.timezone(dt.timedelta(hours=8))
# What an operator's role may not do, as a refusal says it (catalogue keys).
_ACTION_TEXT: Final = {
    Action.ENTER: "usecase.operators.enter",
    Action.REVIEW: "usecase.operators.review",
    Action.MANAGE_OPERATORS: "usecase.operators.manage",
    Action.MAINTAIN: "usecase.operators.maintain",
}


def role_label(role: OperatorRole, lang: str = "zh") -> str:
    """The role as the office says it (经办人/审核人/管理员; Clerk/Reviewer/Administrator)."""
    return catalogue.text(f"operator.role.{role.value}", lang)


def normal_username(text: str) -> str:
    """The user name as stored: trimmed, Latin letters lower-cased; refused if malformed."""
    name = text.strip().lower()
    if not USERNAME_RULE.fullmatch(name):
        raise InvalidUsername(value=text)
    return name


def parse_role(text: str) -> OperatorRole:
    """A role from its code name or its Chinese name."""
    value = text.strip().lower()
    for role in OperatorRole:
        if value in (role.value, role_label(role, "zh")):
            return role
    raise UnknownOperatorRole(value=text)


def check_new_password(password: str, again: str | None, username: str) -> None:
    """Refuse a new password whose confirmation differs or that is too weak."""
    if again is not None and again != password:
        raise PasswordsDiffer()
    reason = weakness(password, username)
    if reason is not None:
        raise WeakPassword(reason_zh=reason[0], reason_en=reason[1])


def require(operator: Operator, action: Action) -> None:
    """Refuse ``action`` to an operator whose role does not allow it."""
    if not may(operator.role, action):
        zh, en = both(_ACTION_TEXT[action])
        raise OperatorForbidden(
            username=operator.username,
            role_zh=role_label(operator.role, "zh"),
            role_en=operator.role.value,
            action_zh=zh,
            action_en=en,
        )


def _known(accounts: OperatorAccounts) -> str:
    # Said in both languages' messages: no words, a dash for none.
    return "、".join(o.username for o in accounts.operators()) or "—"


def existing(accounts: OperatorAccounts, username: str) -> Operator:
    """The account of ``username`` (normalised), or :class:`UnknownOperator`."""
    name = normal_username(username)
    found = accounts.operator(name)
    if found is None:
        raise UnknownOperator(username=name, known=_known(accounts))
    return found


def add_operator(
    accounts: OperatorAccounts,
    *,
    username: str,
    name: str,
    role: OperatorRole,
    password: str,
    again: str | None,
    cost: ScryptCost,
    now: dt.datetime,
) -> Operator:
    """A new account; refused for a taken name or a weak password (nothing stored)."""
    user = normal_username(username)
    check_new_password(password, again, user)
    stamp = now.isoformat()
    operator = Operator(
        username=user,
        name=name.strip() or user,
        role=role,
        password_hash=hash_password(password, cost),
        created=stamp,
        password_changed=stamp,
    )
    if not accounts.add_operator(operator):
        raise OperatorExists(username=user)
    return operator


def needs_administrator(accounts: OperatorAccounts) -> bool:
    """Whether the node has no account yet (the window first asks to 设置管理员)."""
    return not accounts.operators()


def setup_administrator(
    accounts: OperatorAccounts,
    *,
    username: str,
    name: str,
    password: str,
    again: str | None,
    cost: ScryptCost,
    now: dt.datetime,
) -> Operator:
    """设置管理员: the first account of a node, an administrator; refused once any exists."""
    if not needs_administrator(accounts):
        raise AdministratorExists()
    return add_operator(
        accounts, username=username, name=name, role=OperatorRole.ADMINISTRATOR,
        password=password, again=again, cost=cost, now=now,
    )  # fmt: skip


def set_password(
    accounts: OperatorAccounts,
    username: str,
    password: str,
    again: str | None,
    *,
    cost: ScryptCost,
    now: dt.datetime,
) -> Operator:
    """An administrator sets a new password (and so lifts a lockout)."""
    operator = existing(accounts, username)
    check_new_password(password, again, operator.username)
    changed = dataclasses.replace(
        operator, password_hash=hash_password(password, cost), password_changed=now.isoformat()
    )
    accounts.update_operator(changed)
    accounts.clear_failures(operator.username)
    return changed


def _active_administrators(accounts: OperatorAccounts) -> list[Operator]:
    return [o for o in accounts.operators() if o.active and o.role is OperatorRole.ADMINISTRATOR]


def set_active(accounts: OperatorAccounts, username: str, active: bool) -> Operator:
    """Disable (or enable again) an account; the last active administrator stays."""
    operator = existing(accounts, username)
    if not active and [operator.username] == [o.username for o in _active_administrators(accounts)]:
        raise LastAdministrator(username=operator.username)
    changed = dataclasses.replace(operator, active=active)
    accounts.update_operator(changed)
    return changed


def _throttled(
    username: str, count: int, retry_at: dt.datetime, policy: ThrottlePolicy
) -> LoginThrottled:
    locked = policy.locked_out(Failures(count, retry_at))
    lockout_zh, lockout_en = both("usecase.operators.lockout") if locked else ("", "")
    return LoginThrottled(
        username=username,
        count=count,
        retry_at=retry_at.astimezone(_BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
        lockout_zh=lockout_zh,
        lockout_en=lockout_en,
    )


# Verified when the user name has no account, so that a wrong name costs the same
# time as a wrong password (the timing says nothing about which names exist).
@functools.cache
def _no_account(cost: ScryptCost) -> str:
    return hash_password("", cost, salt=bytes(16))


def authenticate(
    accounts: OperatorAccounts,
    username: str,
    password: str,
    *,
    now: dt.datetime,
    policy: ThrottlePolicy,
    cost: ScryptCost,
) -> Operator:
    """The operator who logs in; wrong passwords are counted and then made to wait.

    A user name that must wait is refused before its password is even checked.
    A good login clears the count and re-hashes a password stored at another cost.
    """
    try:
        user = normal_username(username)
    except InvalidUsername:
        raise LoginRefused() from None
    before = accounts.failures(user)
    retry = policy.retry_at(before)
    if retry is not None and now < retry:
        raise _throttled(user, before.count, retry, policy)
    operator = accounts.operator(user)
    if operator is None:
        verify_password(password, _no_account(cost))
        good = False
    else:
        good = verify_password(password, operator.password_hash) and operator.active
    if not good:
        failures = accounts.record_failure(user, now)
        retry = policy.retry_at(failures)
        if retry is not None and now < retry:
            raise _throttled(user, failures.count, retry, policy)
        raise LoginRefused()
    assert operator is not None
    accounts.clear_failures(user)
    if needs_rehash(operator.password_hash, cost):
        operator = dataclasses.replace(operator, password_hash=hash_password(password, cost))
        accounts.update_operator(operator)
    return operator


def change_password(
    accounts: OperatorAccounts,
    username: str,
    old: str,
    new: str,
    again: str | None,
    *,
    now: dt.datetime,
    policy: ThrottlePolicy,
    cost: ScryptCost,
) -> Operator:
    """密码修改: the operator gives the current password (throttled like a login)."""
    operator = authenticate(accounts, username, old, now=now, policy=policy, cost=cost)
    return set_password(accounts, operator.username, new, again, cost=cost, now=now)
