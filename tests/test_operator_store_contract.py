"""The operator-account store contract: the same tests on SQLite, PostgreSQL and the fake.

Operator accounts and login failures are node-local: the tests also check that
adding, changing and failing never touches the change log.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from regsync.adapters.sql.database import Database
from regsync.adapters.sql.operators import SqlOperatorAccounts
from regsync.core.operators import Failures, Operator, OperatorAccounts, OperatorRole
from regsync.core.ports import NodeIdentity
from regsync.core.testing import MemoryOperatorAccounts
from tests.conftest import SQL_BACKENDS, backend_url
from tests.storage_helpers import NOW, open_node_db

LI = Operator(
    username="li",
    name="李四",
    role=OperatorRole.CLERK,
    password_hash="$scrypt$ln=4,r=8,p=1$c2FsdA$aGFzaA",
    created=NOW.isoformat(),
    password_changed=NOW.isoformat(),
)


@pytest.fixture(params=["memory", *SQL_BACKENDS])
def accounts(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OperatorAccounts]:
    if request.param == "memory":
        yield MemoryOperatorAccounts()
        return
    db, _node = open_node_db(backend_url(request, tmp_path, request.param))
    try:
        yield SqlOperatorAccounts(db)
    finally:
        db.dispose()


def test_add_get_list_round_trip(accounts: OperatorAccounts) -> None:
    assert accounts.operator("li") is None
    assert accounts.operators() == []
    assert accounts.add_operator(LI)
    zhao = dataclasses.replace(LI, username="zhao", name="赵六", role=OperatorRole.ADMINISTRATOR)
    assert accounts.add_operator(zhao)
    assert accounts.operator("li") == LI
    assert accounts.operators() == [LI, zhao]


def test_a_taken_name_is_refused_and_kept(accounts: OperatorAccounts) -> None:
    assert accounts.add_operator(LI)
    assert not accounts.add_operator(dataclasses.replace(LI, name="别人"))
    assert accounts.operator("li") == LI


def test_update_replaces_the_account(accounts: OperatorAccounts) -> None:
    accounts.add_operator(LI)
    changed = dataclasses.replace(
        LI, active=False, password_hash="$scrypt$other", role=OperatorRole.REVIEWER
    )
    accounts.update_operator(changed)
    assert accounts.operator("li") == changed


def test_failures_count_per_name_and_clear(accounts: OperatorAccounts) -> None:
    assert accounts.failures("li") == Failures()
    later = NOW + dt.timedelta(seconds=5)
    assert accounts.record_failure("li", NOW) == Failures(1, NOW)
    assert accounts.record_failure("li", later) == Failures(2, later)
    assert accounts.record_failure("nobody", NOW) == Failures(1, NOW)
    assert accounts.failures("li") == Failures(2, later)
    accounts.clear_failures("li")
    assert accounts.failures("li") == Failures()
    assert accounts.failures("nobody").count == 1


def test_concurrent_failures_are_all_counted(db_url: str) -> None:
    db, _node = open_node_db(db_url)
    try:
        store = SqlOperatorAccounts(db)
        errors: list[BaseException] = []

        def fail_five() -> None:
            try:
                for _ in range(5):
                    store.record_failure("li", NOW)
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=fail_five) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert store.failures("li").count == 20
    finally:
        db.dispose()


def _log_size(db: Database, node: NodeIdentity) -> int:
    with db.unit_of_work(node) as uow:
        return len(uow.store.changesets())


def test_accounts_and_failures_stay_out_of_the_change_log(db_url: str) -> None:
    db, node = open_node_db(db_url)
    try:
        before = _log_size(db, node)
        store = SqlOperatorAccounts(db)
        store.add_operator(LI)
        store.update_operator(dataclasses.replace(LI, active=False))
        store.record_failure("li", NOW)
        store.clear_failures("li")
        assert _log_size(db, node) == before
    finally:
        db.dispose()
