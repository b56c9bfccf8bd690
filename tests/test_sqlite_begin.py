"""SQLite: every transaction takes the write lock at its start, and a busy database
is SQLAlchemy's error (what the last-resort handler turns into DatabaseBusy)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from regsync.core.model import Person
from tests.storage_helpers import id_number, open_node_db


def test_a_unit_of_work_holds_the_write_lock_from_its_first_read(tmp_path: Path) -> None:
    db, node = open_node_db(f"sqlite:///{tmp_path / 'node.db'}")
    other = sqlite3.connect(tmp_path / "node.db", timeout=0.05, isolation_level=None)
    try:
        with db.unit_of_work(node) as uow:
            assert uow.get(Person, id_number(1)) is None  # a read: the transaction began
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # the unit of work ended: free again
        other.execute("ROLLBACK")
    finally:
        other.close()
        db.dispose()


def test_a_busy_database_is_sqlalchemys_operational_error(tmp_path: Path) -> None:
    db, _node = open_node_db(f"sqlite:///{tmp_path / 'node.db'}")
    holder = sqlite3.connect(tmp_path / "node.db", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with db.connect() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA busy_timeout = 50")  # not the 30 s of the engine
            with pytest.raises(sa.exc.OperationalError, match="database is locked"):
                conn.exec_driver_sql("SELECT 1")
            driver.execute("PRAGMA busy_timeout = 30000")
        holder.execute("ROLLBACK")
    finally:
        holder.close()
        db.dispose()
