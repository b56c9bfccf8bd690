"""Building blocks for the storage tests: a node on a given database URL."""

from __future__ import annotations

import datetime as dt
import itertools

from regsync.adapters.sql.database import Database
from regsync.app.bootstrap import open_database
from regsync.core.checks.identity import id_number_check_digit
from regsync.core.model import Person, Role
from regsync.core.ports import NodeIdentity
from regsync.core.testing import FixedClock
from regsync.core.usecases.setup import plan_identity, record_node

USCC = "91140100MA0GRP138M"
NOW = dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC)


def make_node(node_id: str = "01TESTNODE0000000000000001") -> NodeIdentity:
    return plan_identity(
        node_id=node_id,
        role=Role.ENTERPRISE,
        name="太原市建筑设计研究院",
        city_code="140100",
        uscc=USCC,
        public_key=None,
    )


def open_node_db(url: str, node: NodeIdentity | None = None) -> tuple[Database, NodeIdentity]:
    """A freshly initialised node database, as `regsync init` leaves it."""
    node = node or make_node()
    db = open_database(url, FixedClock(NOW))
    db.initialise(node, lambda uow: record_node(uow, enterprise_number="0001"))
    return db, node


_serial = itertools.count(1)


def id_number(serial: int | None = None) -> str:
    """A valid 18-digit 身份证号 (Taiyuan region, born 1980-01-01) for ``serial``."""
    n = next(_serial) if serial is None else serial
    first17 = f"14010019800101{n % 1000:03d}"
    if n >= 1000:
        first17 = f"1401001980{1 + n // 1000 % 12:02d}01{n % 1000:03d}"
    return first17 + id_number_check_digit(first17)


def person(serial: int, **fields: object) -> Person:
    return Person(
        id_number=id_number(serial),
        name=f"人员{serial}",
        gender="male",
        birth_date=dt.date(1980, 1, 1),
        employer_uscc=USCC,
    ).replace(**fields)
