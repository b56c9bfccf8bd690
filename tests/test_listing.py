"""Keyset paging of the list screens, on both backends."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from regsync.app.bootstrap import open_node
from regsync.core.checks.messages import Severity
from regsync.core.model import Enterprise, Person, Role
from regsync.core.ports import NodeIdentity
from regsync.core.state import Stage
from regsync.core.testing import MemoryStore, MemoryUnitOfWork
from regsync.core.usecases.documents import CachedLookup
from regsync.core.usecases.listing import (
    ApplicationFilter,
    application_page,
    checked_page,
    person_page,
    registered_export_rows,
    registered_page,
)
from tests.conftest import Cli
from tests.offices import USCC1, Office

TODAY = dt.date(2026, 3, 1)

IDS = ["14010019800101001X", "11010519491231002X"]


def test_pages_follow_each_other_without_gaps_or_repeats(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    firm = Office(cli, tmp_path / "firm")
    firm("init", "--role", "enterprise", "--name", "太原市建筑设计研究院", "--uscc", USCC1,
         "--city", "140100", "--enterprise-number", "0001", "--db", db_url)  # fmt: skip
    firm("person", "add", "--id-number", IDS[0], "--name", "李四")
    firm("person", "add", "--id-number", IDS[1], "--name", "张三")
    numbers = [
        firm("apply", "new", "--kind", kind, "--specialty", "architect", "--person", person)
        for kind in ("initial", "change", "renewal")
        for person in IDS
    ]
    with open_node(Path(firm.home), cli.env) as s:
        seen: list[str] = []
        after = None
        while True:
            with s.unit_of_work() as uow:
                page = application_page(uow, after=after, limit=4, filters=ApplicationFilter())
            if not page:
                break
            seen += [a.number for a in page]
            after = page[-1].number
        assert seen == sorted(numbers)

        with s.unit_of_work() as uow:
            mine = application_page(uow, after=None, limit=10, filters=ApplicationFilter(name="张"))
            changes = application_page(
                uow, after=None, limit=10, filters=ApplicationFilter(kind="change")
            )
            people = person_page(uow, after=IDS[1], limit=10)
        assert {a.person_name for a in mine} == {"张三"}
        assert {a.kind for a in changes} == {"change"}
        assert len(changes) == 2
        assert [p.id_number for p in people] == [IDS[0]]  # keys past the given one


def test_checked_page_lists_one_stage_with_its_messages_errors_first(
    cli: Cli, tmp_path: Path
) -> None:
    firm = Office(cli, tmp_path / "firm")
    firm("init", "--role", "enterprise", "--name", "太原市建筑设计研究院", "--uscc", USCC1,
         "--city", "140100", "--enterprise-number", "0001")  # fmt: skip
    firm("person", "add", "--id-number", IDS[1], "--name", "张三")  # born 1949: an age warning
    draft = firm("apply", "new", "--kind", "initial", "--specialty", "architect",
                 "--person", IDS[1])  # fmt: skip
    with open_node(Path(firm.home), cli.env) as s, s.unit_of_work() as uow:
        every = ApplicationFilter()
        [row] = checked_page(uow, Stage.DRAFT, after=None, limit=10, filters=every,
                             today=s.today(), rules=s.rules)  # fmt: skip
        none = checked_page(uow, Stage.REPORTED, after=None, limit=10, filters=every,
                            today=s.today(), rules=s.rules)  # fmt: skip
    assert row.application.number == draft
    assert none == []
    severities = [m.severity for m in row.messages]
    assert Severity.ERROR in severities  # no qualification certificate
    assert Severity.WARNING in severities  # the age
    assert severities == sorted(severities, key=lambda v: v is not Severity.ERROR)


def test_a_city_lists_only_the_registered_persons_of_its_enterprises() -> None:
    """注册人员管理 at a city: its enterprises' persons, as ``registry person list``."""
    city = NodeIdentity("C1", Role.CITY, "太原市住建局", "city:140100", city_code="140100")
    store = MemoryStore()
    with MemoryUnitOfWork(city, store) as uow:
        uow.put(Enterprise("U-TY", "太原院", "140100"))
        uow.put(Enterprise("U-DT", "大同院", "140200"))
        born = dt.date(1980, 1, 1)
        for id_number, name, employer, status in (
            ("A", "李四", "U-TY", "active"),
            ("B", "王五", "U-DT", "active"),  # another city's firm
            ("C", "赵六", "U-TY", "none"),  # not registered
            ("D", "李七", "U-TY", "stopped"),
        ):
            uow.put(Person(id_number, name, "male", born, employer, registration_status=status))
        uow.commit()
    with MemoryUnitOfWork(city, store) as uow:
        page = registered_page(uow, today=TODAY, after=None, limit=10)
        named = registered_page(uow, today=TODAY, after=None, limit=10, name="李")
        rows = list(registered_export_rows(uow, CachedLookup(uow, today=TODAY), None))
    assert [r.person.id_number for r in page] == ["A", "D"]
    assert [r.employer_name for r in page] == ["太原院", "太原院"]
    assert [r.person.name for r in named] == ["李四", "李七"]
    assert [row[3] for row in rows] == ["A", "D"]  # 身份证号 column of the export
    province = NodeIdentity("P", Role.PROVINCE, "山西省住建厅", "province")
    with MemoryUnitOfWork(province, store) as uow:
        assert [
            r.person.id_number for r in registered_page(uow, today=TODAY, after=None, limit=10)
        ] == [
            "A",
            "B",
            "D",
        ]
