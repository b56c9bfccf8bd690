"""Issue 15's scenarios through the CLI, as a careless clerk or an ordinary office would
cause them: each refused where it happens, with a message, changing nothing, or (the
person two firms entered) working both ways without leaving anyone unable to sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from regsync.app.bootstrap import open_node
from regsync.core.model import Person
from tests.city_helpers import (
    Offices,
    carry,
    dump,
    enrol,
    late_firm_edit,
    offices,
    report,
    reported_at_city,
)
from tests.conftest import Cli
from tests.editions_helpers import second_uscc
from tests.offices import PERSON, Office


def _conflicted(cli: Cli, tmp_path: Path) -> tuple[Offices, str]:
    """A reported application the firm edited while the city received it: one conflict,
    in the ledger at the city and, after the next bundle, at the firm."""
    o = offices(cli, tmp_path)
    number = reported_at_city(o)
    late_firm_edit(o.firm, number, qualification_cert_no="JZ-LATE")
    o.city("receive", "accept", number)
    carry(o, o.firm, o.city)
    carry(o, o.city, o.firm)
    entries = o.firm.json("conflicts", "list")
    assert isinstance(entries, list)
    (entry,) = entries
    return o, str(entry["id"])


def test_a_firm_cannot_settle_what_the_city_received(cli: Cli, tmp_path: Path) -> None:
    o, conflict = _conflicted(cli, tmp_path)
    before = dump(o.firm)
    for how in (["--take", "remote"], ["--take", "local"], ["--set", "stage=approved"]):
        result = cli("conflicts", "resolve", conflict, *how, "--home", o.firm.home)
        assert result.code == 1, how
        assert "市级或省级" in result.err
        assert dump(o.firm) == before
    english = cli("--lang", "en", "conflicts", "resolve", conflict, "--take", "remote",
                  "--home", o.firm.home)  # fmt: skip
    assert "the city or the province" in english.err
    # the office with the authority settles it, and the firm's later bundles still import
    o.city("conflicts", "resolve", conflict, "--take", "remote")
    carry(o, o.city, o.firm)
    o.firm("person", "add", "--id-number", "140100198001010028", "--name", "王芳")
    carry(o, o.firm, o.city)
    assert [c["resolved"] for c in o.firm.json("conflicts", "list", "--all")] == [True]


def test_a_firm_cannot_approve_its_own_draft(cli: Cli, tmp_path: Path) -> None:
    """The authority table at local write time: the stage is the offices'."""
    o = offices(cli, tmp_path)
    o.firm("person", "add", "--id-number", PERSON, "--name", "李四")
    number = o.firm("apply", "new", "--kind", "initial", "--specialty", "architect",
                    "--person", PERSON).strip()  # fmt: skip
    before = dump(o.firm)
    result = cli("apply", "edit", number, "--set", "stage=approved", "--home", o.firm.home)
    assert result.code == 1
    assert dump(o.firm) == before


def test_a_city_registering_another_citys_firm_is_refused_at_once(cli: Cli, tmp_path: Path) -> None:
    o = offices(cli, tmp_path)
    before = dump(o.city)
    datong = "91140200MA0GRP1C1E"  # licensed in 大同 (140200)
    result = cli("registry", "enterprise", "add", "--uscc", datong, "--name", "大同设计院",
                 "--home", o.city.home)  # fmt: skip
    assert result.code == 1
    assert "140200" in result.err
    assert "省级" in result.err
    assert dump(o.city) == before
    # a firm licensed by the province itself belongs to no one city: any city registers it
    provincial = "91140000MA0GRP1D1E"
    assert "91140000" in provincial
    o.city("registry", "enterprise", "add", "--uscc", provincial, "--name", "省直设计院",
           "--uscc-confirmed")  # fmt: skip


@pytest.mark.parametrize("issued_for", [0, 1])
def test_one_person_entered_by_two_firms_leaves_both_able_to_sync(
    cli: Cli, tmp_path: Path, issued_for: int
) -> None:
    """A person who changes employer: the province's issue of one firm's application
    writes the person's registration (with that firm), built on both firms' entries;
    the other firm, which never receives the first firm's stream, still imports, and
    keeps its own entry.  Both ways round."""
    o = offices(cli, tmp_path)
    firm2 = Office(cli, tmp_path / "e2")
    firm2("init", "--role", "enterprise", "--name", "晋阳结构设计有限公司", "--uscc",
          second_uscc(), "--city", "140100")  # fmt: skip
    enrol(o, firm2, "e2", o.city, "--enterprise-number", "0002")
    first = reported_at_city(o)  # firm 1's application for 李四
    firm2("person", "add", "--id-number", PERSON, "--name", "李四", "--phone", "13900000000",
          "--qualification-cert", "JZ2025-0001", "--qualification-date", "2025-06-30")  # fmt: skip
    n2 = firm2("apply", "new", "--kind", "initial", "--specialty", "structural",
               "--person", PERSON).strip()  # fmt: skip
    firm2("perf", "add", n2, "--project", "晋阳某办公楼", "--role", "专业负责人",
          "--start", "2023-03-01", "--end", "2024-06-30")  # fmt: skip
    report(o, n2, firm2)
    carry(o, firm2, o.city)
    for number in (first, n2):
        o.city("receive", "accept", number)
        o.city("review", "pass", number, "--reviewer", "王五")
    o.city("forward", "send", first, n2, "-o", str(o.files / "fwd.bpz"))
    o.province("bundle", "import", str(o.files / "fwd.bpz"))
    chosen = (first, n2)[issued_for]
    registered, other = ((o.firm, firm2), (firm2, o.firm))[issued_for]
    o.province("decision", "approve", chosen, "--by", "省厅")
    o.province("issue", chosen)
    carry(o, o.province, o.city)
    for firm in (o.firm, firm2):
        carry(o, o.city, firm)  # before: MissingPrerequisites at the second firm, for good
        carry(o, firm, o.city)
    for office in (o.province, o.city, registered, other):
        with open_node(Path(office.home), cli.env) as s, s.unit_of_work() as uow:
            person = uow.get(Person, PERSON)
        assert person is not None
        # registered with the firm that applied; the other firm's entry stays its own
        status = "none" if office is other else "active"
        assert person.registration_status == status, office.home
    # any disagreement on the shared person is in the city's ledger, for the city to settle
    for entry in o.city.json("conflicts", "list"):  # type: ignore[attr-defined]
        assert entry["record_kind"] == "person"
        o.city("conflicts", "resolve", entry["id"], "--take", "local")
    carry(o, o.city, o.province)
    carry(o, o.city, firm2)
