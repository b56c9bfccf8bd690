"""``regsync user add|passwd|list|disable|enable`` on a real node (SQLite file)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from regsync.adapters.sql.operators import SqlOperatorAccounts
from regsync.app.bootstrap import open_node
from regsync.core.passwords import verify_password
from tests.conftest import Cli

USCC = "91140100MA0GRP138M"
GOOD = "经办 2026 clerk"


@pytest.fixture
def node(cli: Cli) -> Cli:
    cli.ok("init", "--role", "enterprise", "--name", "太原市建筑设计研究院", "--uscc", USCC,
           "--city", "140100", "--enterprise-number", "0001")  # fmt: skip
    cli.env["CLERK_PASSWORD"] = GOOD
    return cli


def _stored_hash(cli: Cli, username: str) -> str:
    with open_node(cli_home(cli), cli.env) as s:
        found = SqlOperatorAccounts(s.db).operator(username)
    assert found is not None
    return found.password_hash


def cli_home(cli: Cli) -> Path:
    return Path(cli.env["REGSYNC_HOME"])


def test_add_list_and_the_hash_stored(node: Cli) -> None:
    out = node.ok("user", "add", "Li", "--role", "经办人", "--name", "李四",
                  "--password-env", "CLERK_PASSWORD")  # fmt: skip
    assert "已添加操作员 li（李四，经办人）" in out
    listed = node.ok("user", "list")
    assert "li\t李四\t经办人\t有效" in listed
    rows = json.loads(node.ok("--json", "user", "list"))
    assert [(r["username"], r["role"], r["active"]) for r in rows] == [("li", "clerk", True)]
    stored = _stored_hash(node, "li")
    assert stored.startswith("$scrypt$ln=4,")  # REGSYNC_KDF=min in tests
    assert verify_password(GOOD, stored)
    assert GOOD not in stored


def test_list_of_a_node_without_operators_says_what_to_do(node: Cli) -> None:
    assert "设置管理员" in node.ok("user", "list")


def test_weak_password_refused_with_reason_and_nothing_stored(node: Cli) -> None:
    node.env["WEAK"] = "12345678"
    result = node("user", "add", "li", "--role", "clerk", "--password-env", "WEAK")
    assert result.code == 1
    assert "密码太弱" in result.err
    assert "Traceback" not in result.err
    assert "li" not in node.ok("user", "list")


def test_taken_name_bad_role_bad_name_missing_variable(node: Cli) -> None:
    node.ok("user", "add", "li", "--role", "clerk", "--password-env", "CLERK_PASSWORD")
    again = node("user", "add", "LI", "--role", "clerk", "--password-env", "CLERK_PASSWORD")
    assert again.code == 1
    assert "已存在" in again.err
    role = node("user", "add", "wang", "--role", "boss", "--password-env", "CLERK_PASSWORD")
    assert role.code == 1
    assert "clerk（经办人）" in role.err
    name = node("user", "add", "a b", "--role", "clerk", "--password-env", "CLERK_PASSWORD")
    assert name.code == 1
    assert "用户名" in name.err
    unset = node("user", "add", "wang", "--role", "clerk", "--password-env", "NOT_SET")
    assert unset.code == 1
    assert "NOT_SET" in unset.err


def test_no_terminal_and_no_variable_is_refused(node: Cli) -> None:
    result = node("user", "add", "wang", "--role", "clerk")
    assert result.code == 1
    assert "--password-env" in result.err


def test_passwd_sets_a_new_hash_and_clears_failures(node: Cli) -> None:
    node.ok("user", "add", "li", "--role", "clerk", "--password-env", "CLERK_PASSWORD")
    with open_node(cli_home(node), node.env) as s:
        SqlOperatorAccounts(s.db).record_failure("li", dt.datetime.now(dt.UTC))
    node.env["NEW_PASSWORD"] = "另一个 2027 pass"
    assert "新密码" in node.ok("user", "passwd", "li", "--password-env", "NEW_PASSWORD")
    stored = _stored_hash(node, "li")
    assert verify_password("另一个 2027 pass", stored)
    assert not verify_password(GOOD, stored)
    with open_node(cli_home(node), node.env) as s:
        assert SqlOperatorAccounts(s.db).failures("li").count == 0
    unknown = node("user", "passwd", "nobody", "--password-env", "NEW_PASSWORD")
    assert unknown.code == 1
    assert "没有操作员 nobody" in unknown.err


def test_disable_enable_and_the_last_administrator(node: Cli) -> None:
    node.ok("user", "add", "admin", "--role", "administrator", "--password-env", "CLERK_PASSWORD")
    node.ok("user", "add", "li", "--role", "clerk", "--password-env", "CLERK_PASSWORD")
    last = node("user", "disable", "admin")
    assert last.code == 1
    assert "最后一个有效的管理员" in last.err
    assert "已停用" in node.ok("user", "disable", "li")
    assert "li\tli\t经办人\t已停用" in node.ok("user", "list")
    node.ok("user", "enable", "li")
    assert "li\tli\t经办人\t有效" in node.ok("user", "list")


def test_operators_do_not_travel_in_the_change_log(node: Cli) -> None:
    before = node.ok("--json", "log")
    node.ok("user", "add", "li", "--role", "clerk", "--password-env", "CLERK_PASSWORD")
    assert node.ok("--json", "log") == before
