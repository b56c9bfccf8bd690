"""The operator accounts of a node in its database (the ``OperatorAccounts`` port).

Two node-local tables (:data:`~regsync.adapters.sql.schema.operator_account`,
:data:`~regsync.adapters.sql.schema.login_failure`): plain SQL, each call its own
short transaction, outside the change log.  A failure is counted with one atomic
``UPDATE ... SET failures = failures + 1`` (an insert when the name has none), so two
windows guessing at once cannot lose a count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from regsync.adapters.sql.database import Database
from regsync.adapters.sql.schema import login_failure, operator_account
from regsync.adapters.sql.store import SqlLogStore
from regsync.core.operators import Failures, Operator, OperatorRole


def _operator(row: Iterable[Any]) -> Operator:
    username, name, role, password_hash, active, created, changed = tuple(row)
    return Operator(
        username=username,
        name=name,
        role=OperatorRole(role),
        password_hash=password_hash,
        active=bool(active),
        created=created,
        password_changed=changed,
    )


def _values(operator: Operator) -> dict[str, object]:
    return {
        "username": operator.username,
        "name": operator.name,
        "role": operator.role.value,
        "password_hash": operator.password_hash,
        "active": operator.active,
        "created": operator.created,
        "password_changed": operator.password_changed,
    }


_COLUMNS = (
    operator_account.c.username,
    operator_account.c.name,
    operator_account.c.role,
    operator_account.c.password_hash,
    operator_account.c.active,
    operator_account.c.created,
    operator_account.c.password_changed,
)


class SqlOperatorAccounts:
    """:class:`regsync.core.operators.OperatorAccounts` over a node's database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def operator(self, username: str) -> Operator | None:
        query = sa.select(*_COLUMNS).where(operator_account.c.username == username)
        with self.db.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else _operator(row)

    def operators(self) -> list[Operator]:
        query = sa.select(*_COLUMNS).order_by(operator_account.c.username)
        with self.db.connect() as conn:
            return [_operator(row) for row in conn.execute(query)]

    def add_operator(self, operator: Operator) -> bool:
        with self.db.connect() as conn:
            try:
                conn.execute(operator_account.insert().values(**_values(operator)))
                conn.commit()
            except sa.exc.IntegrityError:
                conn.rollback()
                return False
        return True

    def update_operator(self, operator: Operator) -> None:
        values = _values(operator)
        del values["username"]
        with self.db.connect() as conn:
            conn.execute(
                operator_account.update()
                .where(operator_account.c.username == operator.username)
                .values(**values)
            )
            conn.commit()

    def failures(self, username: str) -> Failures:
        query = sa.select(login_failure.c.failures, login_failure.c.last_failure).where(
            login_failure.c.username == username
        )
        with self.db.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return Failures()
        return Failures(int(row[0]), dt.datetime.fromisoformat(row[1]))

    def record_failure(self, username: str, at: dt.datetime) -> Failures:
        stamp = at.isoformat()
        where = login_failure.c.username == username
        with self.db.connect() as conn:
            counted = conn.execute(
                login_failure.update()
                .where(where)
                .values(failures=login_failure.c.failures + 1, last_failure=stamp)
            )
            if counted.rowcount == 0:
                try:
                    conn.execute(
                        login_failure.insert().values(
                            username=username, failures=1, last_failure=stamp
                        )
                    )
                except sa.exc.IntegrityError:  # another window counted the first one
                    conn.rollback()
                    return self.record_failure(username, at)
            conn.commit()
        return self.failures(username)

    def clear_failures(self, username: str) -> None:
        with self.db.connect() as conn:
            conn.execute(login_failure.delete().where(login_failure.c.username == username))
            conn.commit()


def save_local_setting(db: Database, key: str, value: str) -> None:
    """Store a node-local setting (never synced) in its own transaction."""
    with db.connect() as conn:
        SqlLogStore(conn, db.dialect).set_local(key, value)
        conn.commit()


def local_setting(db: Database, key: str) -> str | None:
    """A node-local setting stored by :func:`save_local_setting`, if ever."""
    with db.connect() as conn:
        return SqlLogStore(conn, db.dialect).get_local(key)


LAST_SYNC_SETTING = "window:last_sync"


def save_last_sync(db: Database, when: str) -> None:
    """Remember when this node last synced or exchanged a bundle (node-local)."""
    save_local_setting(db, LAST_SYNC_SETTING, when)


def last_sync(db: Database) -> str | None:
    """When :func:`save_last_sync` last recorded an exchange (ISO time), if ever."""
    return local_setting(db, LAST_SYNC_SETTING)


ENROLMENT_REQUEST_SETTING = "enrolment:requested"


def save_enrolment_request(db: Database, when: str) -> None:
    """Remember when this node last handed its enrolment request in (node-local)."""
    save_local_setting(db, ENROLMENT_REQUEST_SETTING, when)


def enrolment_request(db: Database) -> str | None:
    """When :func:`save_enrolment_request` last recorded a request (ISO time), if ever."""
    return local_setting(db, ENROLMENT_REQUEST_SETTING)
