"""Operator accounts: the password hash format, the strength rule, the throttle, roles."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from regsync.core.errors import (
    AdministratorExists,
    InvalidUsername,
    LastAdministrator,
    LoginRefused,
    LoginThrottled,
    OperatorExists,
    OperatorForbidden,
    PasswordsDiffer,
    UnknownOperatorRole,
    WeakPassword,
)
from regsync.core.operators import Action, Failures, OperatorRole, ThrottlePolicy, may
from regsync.core.passwords import (
    DEFAULT,
    MIN,
    ScryptCost,
    hash_password,
    needs_rehash,
    parse_hash,
    verify_password,
    weakness,
)
from regsync.core.testing import MemoryOperatorAccounts
from regsync.core.usecases import operators as uc

NOW = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)
GOOD = "办公室2026exam"
POLICY = ThrottlePolicy()


def test_hash_describes_its_parameters_and_verifies() -> None:
    stored = hash_password("秘密 secret 1", MIN, salt=b"0123456789abcdef")
    assert stored.startswith("$scrypt$ln=4,r=8,p=1$")
    parsed = parse_hash(stored)
    assert parsed is not None
    assert parsed.cost == MIN
    assert parsed.salt == b"0123456789abcdef"
    assert len(parsed.digest) == 32
    assert verify_password("秘密 secret 1", stored)
    assert not verify_password("秘密 secret 2", stored)


def test_same_password_gets_a_new_salt_each_time() -> None:
    assert hash_password(GOOD, MIN) != hash_password(GOOD, MIN)


def test_default_cost_is_memory_hard() -> None:
    assert DEFAULT.memory() >= 32 * 1024 * 1024
    stored = hash_password(GOOD, DEFAULT)
    assert stored.startswith("$scrypt$ln=15,r=8,p=1$")
    assert verify_password(GOOD, stored)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain",
        "$scrypt$ln=4,r=8$AAAA$AAAA",
        "$scrypt$ln=30,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$" + "A" * 43,  # a planted huge cost
        "$scrypt$ln=4,r=8,p=1$!!!!$" + "A" * 43,
        "$scrypt$ln=4,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA",  # short digest
    ],
)
def test_malformed_hashes_never_verify_and_never_raise(stored: str) -> None:
    assert parse_hash(stored) is None
    assert not verify_password(GOOD, stored)


def test_a_hash_at_another_cost_needs_rehash() -> None:
    assert needs_rehash(hash_password(GOOD, MIN), ScryptCost(ln=5))
    assert not needs_rehash(hash_password(GOOD, MIN), MIN)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1", "至少 8"),
        ("abcdefghij", "两类"),
        ("1234567890", "两类"),
        ("Password1", "常见"),
        ("aaaaaaa1", "常见"),
        ("zhangsan-2026", "用户名"),
        (" leading1x", "空格"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, reason: str) -> None:
    found = weakness(password, "zhangsan")
    assert found is not None
    assert reason in found[0]


def test_acceptable_passwords() -> None:
    for password in (GOOD, "correct horse 7", "Tr0ub4dor&3"):
        assert weakness(password, "zhangsan") is None


def test_roles_decide_what_an_operator_may_do() -> None:
    assert may(OperatorRole.CLERK, Action.ENTER)
    assert not may(OperatorRole.CLERK, Action.REVIEW)
    assert may(OperatorRole.REVIEWER, Action.REVIEW)
    assert not may(OperatorRole.REVIEWER, Action.MANAGE_OPERATORS)
    assert all(may(OperatorRole.ADMINISTRATOR, action) for action in Action)


def test_role_names_in_code_or_chinese() -> None:
    assert uc.parse_role("审核人") is OperatorRole.REVIEWER
    assert uc.parse_role("Administrator") is OperatorRole.ADMINISTRATOR
    with pytest.raises(UnknownOperatorRole):
        uc.parse_role("boss")


def test_throttle_grows_then_caps() -> None:
    delays = [POLICY.delay(n) for n in range(1, 12)]
    assert delays[:2] == [dt.timedelta(0)] * 2
    assert delays[2] == dt.timedelta(seconds=30)
    assert delays[3] == dt.timedelta(seconds=60)
    assert all(a <= b for a, b in itertools.pairwise(delays))
    assert delays[-1] == POLICY.longest
    assert POLICY.locked_out(Failures(11, NOW))
    assert not POLICY.locked_out(Failures(3, NOW))


def _accounts() -> MemoryOperatorAccounts:
    accounts = MemoryOperatorAccounts()
    uc.setup_administrator(
        accounts, username="Admin", name="管理员甲", password=GOOD, again=GOOD, cost=MIN, now=NOW
    )
    return accounts


def _login(accounts: MemoryOperatorAccounts, user: str, password: str, now: dt.datetime) -> str:
    return uc.authenticate(accounts, user, password, now=now, policy=POLICY, cost=MIN).username


def test_first_administrator_then_no_second_setup() -> None:
    accounts = _accounts()
    assert uc.needs_administrator(MemoryOperatorAccounts())
    admin = accounts.operator("admin")
    assert admin is not None
    assert admin.role is OperatorRole.ADMINISTRATOR
    with pytest.raises(AdministratorExists):
        uc.setup_administrator(
            accounts, username="x2", name="", password=GOOD, again=GOOD, cost=MIN, now=NOW
        )


def test_add_refuses_taken_names_bad_names_weak_and_differing_passwords() -> None:
    accounts = _accounts()
    add = {"name": "", "role": OperatorRole.CLERK, "cost": MIN, "now": NOW}
    with pytest.raises(OperatorExists):
        uc.add_operator(accounts, username="ADMIN", password=GOOD, again=GOOD, **add)  # type: ignore[arg-type]
    with pytest.raises(InvalidUsername):
        uc.add_operator(accounts, username="a b", password=GOOD, again=GOOD, **add)  # type: ignore[arg-type]
    with pytest.raises(WeakPassword):
        uc.add_operator(accounts, username="li", password="12345678", again="12345678", **add)  # type: ignore[arg-type]
    with pytest.raises(PasswordsDiffer):
        uc.add_operator(accounts, username="li", password=GOOD, again=GOOD + "x", **add)  # type: ignore[arg-type]
    assert [o.username for o in accounts.operators()] == ["admin"]


def test_login_counts_failures_then_makes_the_name_wait() -> None:
    accounts = _accounts()
    assert _login(accounts, " ADMIN ", GOOD, NOW) == "admin"
    for attempt in range(2):
        with pytest.raises(LoginRefused):
            _login(accounts, "admin", "wrong-1", NOW + dt.timedelta(seconds=attempt))
    with pytest.raises(LoginThrottled) as third:
        _login(accounts, "admin", "wrong-1", NOW + dt.timedelta(seconds=2))
    assert "2026-11-27 10:00:32" in third.value.message("zh")  # Beijing time, +30 s
    # While it waits, even the right password is refused, unchecked.
    with pytest.raises(LoginThrottled):
        _login(accounts, "admin", GOOD, NOW + dt.timedelta(seconds=20))
    assert accounts.failures("admin").count == 3
    # After the wait the right password works and clears the count.
    assert _login(accounts, "admin", GOOD, NOW + dt.timedelta(seconds=33)) == "admin"
    assert accounts.failures("admin").count == 0


def test_unknown_names_are_counted_and_refused_like_wrong_passwords() -> None:
    accounts = _accounts()
    for _ in range(2):
        with pytest.raises(LoginRefused):
            _login(accounts, "nobody", GOOD, NOW)
    with pytest.raises(LoginThrottled):
        _login(accounts, "nobody", GOOD, NOW)
    assert accounts.failures("admin").count == 0  # other names are not affected


def test_lockout_says_an_administrator_can_reset_and_reset_lifts_it() -> None:
    accounts = _accounts()
    uc.add_operator(
        accounts, username="li", name="李四", role=OperatorRole.CLERK,
        password=GOOD, again=GOOD, cost=MIN, now=NOW,
    )  # fmt: skip
    for n in range(12):
        accounts.record_failure("li", NOW + dt.timedelta(seconds=n))
    with pytest.raises(LoginThrottled) as locked:
        _login(accounts, "li", GOOD, NOW + dt.timedelta(minutes=5))
    assert "管理员" in locked.value.message("zh")
    uc.set_password(accounts, "li", "new pass 2026", "new pass 2026", cost=MIN, now=NOW)
    assert _login(accounts, "li", "new pass 2026", NOW + dt.timedelta(minutes=5)) == "li"


def test_disabled_accounts_cannot_log_in_and_the_last_admin_stays() -> None:
    accounts = _accounts()
    with pytest.raises(LastAdministrator):
        uc.set_active(accounts, "admin", False)
    uc.add_operator(
        accounts, username="wang", name="王五", role=OperatorRole.REVIEWER,
        password=GOOD, again=GOOD, cost=MIN, now=NOW,
    )  # fmt: skip
    uc.set_active(accounts, "wang", False)
    with pytest.raises(LoginRefused):
        _login(accounts, "wang", GOOD, NOW)
    uc.set_active(accounts, "wang", True)
    assert _login(accounts, "wang", GOOD, NOW + dt.timedelta(hours=1)) == "wang"


def test_change_password_needs_the_current_one() -> None:
    accounts = _accounts()
    with pytest.raises(LoginRefused):
        uc.change_password(
            accounts, "admin", "not it", "another 2026", "another 2026",
            now=NOW, policy=POLICY, cost=MIN,
        )  # fmt: skip
    uc.change_password(
        accounts, "admin", GOOD, "another 2026", "another 2026", now=NOW, policy=POLICY, cost=MIN
    )
    assert _login(accounts, "admin", "another 2026", NOW) == "admin"
    with pytest.raises(LoginRefused):
        _login(accounts, "admin", GOOD, NOW)


def test_a_login_rehashes_at_the_current_cost() -> None:
    accounts = _accounts()
    uc.authenticate(accounts, "admin", GOOD, now=NOW, policy=POLICY, cost=ScryptCost(ln=5))
    stored = accounts.operator("admin")
    assert stored is not None
    assert stored.password_hash.startswith("$scrypt$ln=5,")


def test_clerks_may_not_manage_operators() -> None:
    accounts = _accounts()
    clerk = uc.add_operator(
        accounts, username="zhao", name="", role=OperatorRole.CLERK,
        password=GOOD, again=GOOD, cost=MIN, now=NOW,
    )  # fmt: skip
    with pytest.raises(OperatorForbidden) as refused:
        uc.require(clerk, Action.MANAGE_OPERATORS)
    assert "经办人" in refused.value.message("zh")
    admin = accounts.operator("admin")
    assert admin is not None
    uc.require(admin, Action.MANAGE_OPERATORS)
