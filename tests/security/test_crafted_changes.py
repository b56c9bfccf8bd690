"""Threat model: a compromised firm or city, holding its certified key, crafts changes.

For each record kind and field, inside and outside the attacker's scope, creating and
updating, a bundle signed with the attacker's own key goes through the receiving
office's real ``regsync bundle import``.  The expectation is spelled out here, from
the seed's division of work (a firm drafts and reports its own applications and keeps
its contacts; the city receives, reviews and registers its firms; the province
decides, issues and sets registration status), independently of
``regsync.core.authority``: a refused bundle exits 1 naming the refusal and leaves the
receiving database exactly as it was; an allowed one imports.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

from regsync.app.bootstrap import Services, open_node
from regsync.core.model import RECORD_BY_KIND, Application, ApplicationKind, PerformanceRecord
from regsync.core.numbering import make_number
from regsync.sync.changeset import Changeset, Op, stream_id
from regsync.sync.codec import encode_fields
from tests.city_helpers import Offices, carry, dump, enrol, forwarded, offices, report
from tests.conftest import Cli
from tests.editions_helpers import second_uscc
from tests.offices import PERSON, USCC1, Office
from tests.security.forge import crafted, forged_bundle

E1 = f"enterprise:{USCC1}"
PROVINCE_ONLY = {"decision", "certificate", "seal"}
CITY_RECORDS = {"review", "conduct", "leave_province", "continuing_education", "exam_result",
                "user"}  # fmt: skip
# What a firm may change on a record it holds (the rest of an existing record is not its).
FIRM_UPDATES = {
    "node": None,  # all fields of its own node record
    "enterprise": {"address", "legal_representative", "contact", "phone", "qualification",
                   "qualification_category", "qualification_grade"},
    "person": None,  # but its registration status, and employing only for itself
    "application": None,  # but its identity and the offices' stages
    "performance": None,
    "conflict": None,
}  # fmt: skip
WORKFLOW = {"round", "stage", "reported_on", "provenance"}  # the rest is content
IDENTITY = {"application": {"number", "enterprise_uscc", "city_code"},
            "performance": {"application_number"}}  # fmt: skip


@dataclasses.dataclass
class Net:
    o: Offices
    n1: str  # the firm's own application, forwarded to the province
    n2: str  # another Taiyuan firm's application, at the city
    other_city_uscc: str  # a firm of 大同, registered by 大同's city, known to the province


def _network(cli: Cli, tmp: Path) -> Net:
    o = offices(cli, tmp)
    n1 = forwarded(o)
    firm2 = Office(cli, tmp / "e2")
    firm2("init", "--role", "enterprise", "--name", "晋阳结构设计有限公司", "--uscc",
          second_uscc(), "--city", "140100")  # fmt: skip
    enrol(o, firm2, "e2", o.city, "--enterprise-number", "0002")
    firm2("person", "add", "--id-number", "140100198001010028", "--name", "王芳",
          "--qualification-cert", "JZ2025-0002", "--qualification-date", "2025-06-30")  # fmt: skip
    n2 = firm2("apply", "new", "--kind", "initial", "--specialty", "architect",
               "--person", "140100198001010028").strip()  # fmt: skip
    firm2("perf", "add", n2, "--project", "晋阳某办公楼", "--role", "专业负责人",
          "--start", "2023-03-01", "--end", "2024-06-30")  # fmt: skip
    report(o, n2, firm2)
    carry(o, firm2, o.city)
    carry(o, o.city, o.province)
    city2 = Office(cli, tmp / "c2")
    city2("init", "--role", "city", "--name", "大同市住建局", "--city", "140200")
    enrol(o, city2, "c2", o.province)
    datong = "91140200MA0GRP1C1E"
    city2("registry", "enterprise", "add", "--uscc", datong, "--name", "大同设计院",
          "--phone", "0352-1234567")  # fmt: skip
    carry(o, city2, o.province)
    return Net(o, n1, n2, datong)


def _value(kind: str, field: str) -> object:
    """A well-formed value of ``field`` (what the materialised table accepts)."""
    sample = RECORD_BY_KIND[kind].__dataclass_fields__[field].type
    text = str(sample)
    if "bool" in text:
        return True
    if "int" in text:
        return 2
    if "date" in text:
        return "2026-01-01"
    return "篡改"


@dataclasses.dataclass
class Case:
    kind: str
    key: str
    fields: dict[str, object]
    update: bool
    scope: str
    allowed: bool

    def __str__(self) -> str:
        how = "update" if self.update else "create"
        return f"{how} {self.kind} {self.key} {sorted(self.fields)} in {self.scope}"


def _firm_cases(net: Net, firm: Services) -> Iterator[Case]:
    """Every kind and field, created and updated by the firm in its own scope, plus
    its writes under another firm's application and in another firm's scope."""
    me, uscc = firm.node.node_id, USCC1
    own_number = make_number(city_code="140100", year=2026, kind=ApplicationKind.INITIAL,
                             enterprise_number="0001", sequence=77)  # fmt: skip
    with firm.unit_of_work() as uow:
        perf = uow.find(PerformanceRecord, application_number=net.n1)[0].id
        mine = uow.get(Application, net.n1)
        assert mine is not None
    whole = encode_fields("application", mine.replace(number=own_number, stage="draft").fields())
    # records the city holds, to update
    keys = {"node": me, "enterprise": uscc, "application": net.n1, "person": PERSON,
            "performance": perf}  # fmt: skip
    for kind, record in RECORD_BY_KIND.items():
        if kind not in keys and kind not in PROVINCE_ONLY | CITY_RECORDS:
            continue  # nothing of that kind to update (the ledger: no conflict yet)
        key = keys.get(kind, f"K-{kind}")
        for field in record.__dataclass_fields__:
            if field == record.KEY:
                continue
            fields = {field: _value(kind, field)}
            forbidden = kind in PROVINCE_ONLY | CITY_RECORDS
            may = FIRM_UPDATES.get(kind, set())
            allowed_update = not forbidden and (may is None or field in may)
            if field == "stage":
                fields[field] = "city_passed"  # a city's stage
                allowed_update = False
            if field == "registration_status":
                allowed_update = False
            if field in {"enterprise_uscc", "employer_uscc"}:
                fields[field] = uscc  # the firm itself: allowed where the field is
            if field == "city_code" and kind != "node":
                fields[field] = "140200"  # another city
                allowed_update = False
            if field in IDENTITY.get(kind, ()) and field != "enterprise_uscc":
                allowed_update = False
            if kind == "application" and field not in WORKFLOW:
                # n1 is reported (forwarded): its content is frozen at the firm, and
                # this change's base shows the firm had seen it so (issue 16).
                allowed_update = False
            yield Case(kind, key, fields, True, E1, allowed_update)
        if kind in PROVINCE_ONLY | CITY_RECORDS:
            yield Case(kind, f"K-new-{kind}", {"id": f"K-new-{kind}"}, False, E1, False)
    # creating: an application under its own number, then another firm's number
    yield Case("application", own_number, dict(whole), False, E1, True)
    yield Case("application", net.n2, {"reason": "抢写"}, True, E1, False)
    yield Case("performance", "K-perf-n2", {"application_number": net.n2}, False, E1, False)
    yield Case("person", "140100198001010028", {"registration_status": "active"}, False, E1,
               False)  # fmt: skip
    yield Case("enterprise", second_uscc(), {"name": "抢注"}, False,
               f"enterprise:{second_uscc()}", False)  # fmt: skip


def _city_cases(net: Net) -> Iterator[Case]:
    """The city against the province: its firms' records, another city's, decisions."""
    datong = f"enterprise:{net.other_city_uscc}"
    yield Case("review", "K-review-1", {"id": "K-review-1", "application_number": net.n1,
               "passed": True, "round": 1, "reviewer": "王五", "reviewed_on": "2026-12-01"},
               False, E1, True)  # fmt: skip
    yield Case("application", net.n1, {"stage": "approved"}, True, E1, False)
    yield Case("application", net.n1, {"reason": "市级更正"}, True, E1, True)
    yield Case("enterprise", USCC1, {"name": "市级更名"}, True, E1, True)
    yield Case("enterprise", USCC1, {"city_code": "140200"}, True, E1, False)
    yield Case("person", "14010019800101001X", {"registration_status": "active"}, True, E1, False)
    yield Case("decision", "K-dec", {"application_number": net.n1}, False, E1, False)
    yield Case("certificate", "K-cert", {"person_id_number": "x"}, False, E1, False)
    yield Case("enterprise", net.other_city_uscc, {"name": "抢注", "city_code": "140100"},
               False, datong, False)  # fmt: skip
    yield Case("review", "K-review-2", {"application_number": net.n2}, False, datong, False)
    # a review of Taiyuan's application n2 filed in Taiyuan firm 1's scope: bound elsewhere
    yield Case("review", "K-review-3", {"application_number": net.n2, "round": 1}, False, E1,
               False)  # fmt: skip


def _try(
    cli: Cli, attacker: Services, receiver: Office, case: Case, *, base: dict[str, int], out: Path
) -> tuple[int, str]:
    cs: Changeset = crafted(attacker, case.scope, case.kind, case.key, case.fields,
                            op=Op.UPSERT, base=base if case.update else None)  # fmt: skip
    forged_bundle(attacker, receiver.node_id, [cs], out)
    result = cli("bundle", "import", str(out), "--home", receiver.home)
    return result.code, result.err


def _run(cli: Cli, tmp: Path, attacker: Office, receiver: Office, *, cases: list[Case],
         base: dict[str, int]) -> tuple[int, int, list[str]]:  # fmt: skip
    """Each case against a fresh copy of the receiver; returns refused, accepted, wrong."""
    refused = accepted = 0
    wrong: list[str] = []
    pristine = tmp / "pristine"
    shutil.copytree(receiver.home, pristine)
    before = dump(receiver)
    with open_node(Path(attacker.home), cli.env) as a:
        for n, case in enumerate(cases):
            code, err = _try(cli, a, receiver, case, base=base, out=tmp / f"forged{n}.bpz")
            if code == 1:
                refused += 1
                if case.allowed or "无权" not in err or dump(receiver) != before:
                    wrong.append(f"refused {case}: {err.strip()[:200]}")
            else:
                accepted += 1
                if not case.allowed:
                    wrong.append(f"accepted {case}")
                shutil.rmtree(receiver.home)
                shutil.copytree(pristine, receiver.home)
    return refused, accepted, wrong


def test_a_firm_writes_only_what_is_its_own(cli: Cli, tmp_path: Path) -> None:
    net = _network(cli, tmp_path)
    with open_node(Path(net.o.firm.home), cli.env) as firm:
        cases = list(_firm_cases(net, firm))
        base = {stream_id(firm.node.node_id, E1): 1}
    refused, accepted, wrong = _run(cli, tmp_path, net.o.firm, net.o.city, cases=cases, base=base)
    assert not wrong, "\n".join(wrong)
    assert refused > 40  # both sides of the table were exercised
    assert accepted > 40
    print(f"firm -> city: {len(cases)} crafted changes, {refused} refused, {accepted} accepted")


def test_a_city_writes_only_for_its_own_firms(cli: Cli, tmp_path: Path) -> None:
    net = _network(cli, tmp_path)
    with open_node(Path(net.o.firm.home), cli.env) as firm:
        base = {stream_id(firm.node.node_id, E1): 1}
    cases = list(_city_cases(net))
    refused, accepted, wrong = _run(
        cli, tmp_path, net.o.city, net.o.province, cases=cases, base=base
    )
    assert not wrong, "\n".join(wrong)
    assert accepted == sum(c.allowed for c in cases)
    print(f"city -> province: {len(cases)} crafted changes, {refused} refused, {accepted} accepted")
