"""Keyset paging of the list screens, on both backends."""

from __future__ import annotations

from pathlib import Path

from regsync.app.bootstrap import open_node
from regsync.core.checks.messages import Severity
from regsync.core.state import Stage
from regsync.core.usecases.listing import (
    ApplicationFilter,
    application_page,
    checked_page,
    person_page,
)
from tests.conftest import Cli
from tests.offices import USCC1, Office

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
