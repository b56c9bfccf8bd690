"""Issue 16, items 2 and 3: a reported application is frozen at the firm, ``scan`` names
what changed after printing, and a registration lapses on the day after its end date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from openpyxl import load_workbook

from regsync.app.bootstrap import open_node
from regsync.core.errors import FrozenAfterReport
from regsync.core.model import Certificate, Role
from regsync.core.registration_status import effective_status
from regsync.core.testing import MemoryUnitOfWork, SequentialIds
from regsync.core.usecases import documents
from regsync.core.usecases.applications import add_performance, edit_application
from regsync.core.usecases.performance import edit_performance, remove_performance
from regsync.core.usecases.reporting import mark_reported
from regsync.sync.authorize import Identities, Writer, refusal
from regsync.sync.changeset import Change, Changeset, Op
from regsync.sync.hlc import Timestamp
from tests.city_helpers import (
    Offices,
    carry,
    dump,
    issued,
    new_application,
    offices,
    reopen,
    report,
    reported_at_city,
)
from tests.conftest import Cli
from tests.offices import PERSON, USCC1, enrolled_chain
from tests.security.forge import crafted, forged_bundle
from tests.test_documents_core import RULES, TODAY
from tests.test_usecases import add_person_committed, enterprise_identity, new_app, setup_store

# --- frozen after reporting: core ----------------------------------------------------


def test_core_refuses_every_edit_of_a_reported_application_and_its_performance() -> None:
    node = enterprise_identity()
    store = setup_store(node)
    add_person_committed(store, node)
    app = new_app(store, node)
    ids = SequentialIds("PF")
    with MemoryUnitOfWork(node, store) as uow:
        record = add_performance(
            uow, ids, number=app.number, project_name="住宅小区", role="专业负责人", values={}
        )
        edit_application(uow, app.number, {"reason": "草稿可以改"})  # a draft: allowed
        mark_reported(uow, app.number, today=TODAY, rules=RULES)
        uow.commit()
    before = dict(store.records)
    with MemoryUnitOfWork(node, store) as uow:
        attempts = (
            lambda: edit_application(uow, app.number, {"enterprise_name": "另一家公司"}),
            lambda: add_performance(
                uow, ids, number=app.number, project_name="新项目", role="设计", values={}
            ),
            lambda: edit_performance(uow, record.id, {"scale": "20万平方米"}),
            lambda: remove_performance(uow, record.id),
        )
        for attempt in attempts:
            with pytest.raises(FrozenAfterReport) as exc:
                attempt()
            zh, en = exc.value.message("zh"), exc.value.message("en")
            assert f"申请 {app.number} 已上报（当前状态：已上报）" in zh
            assert "regsync receive correct" in zh  # says what to do instead
            assert "regsync apply reopen" in zh
            assert f"application {app.number} has been reported" in en
        uow.commit()
    assert store.records == before  # nothing written


def _firm_offices(cli: Cli, tmp_path: Path, db_url: str) -> Offices:
    chain = enrolled_chain(cli, tmp_path, firm_db=db_url)
    return Offices(chain.province, chain.city, chain.firm, chain.files, cli)


def test_cli_refuses_editing_a_reported_application_until_the_city_returns_it(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    o = _firm_offices(cli, tmp_path, db_url)
    number = new_application(o)
    o.firm("apply", "edit", number, "--set", "reason=上报前可以改")  # a draft: allowed
    report(o, number)
    perf = o.firm.json("perf", "list", number)
    assert isinstance(perf, list)
    record = perf[0]["id"]
    for argv in (
        ("apply", "edit", number, "--set", "enterprise_name=另一家设计院"),
        ("perf", "add", number, "--project", "新项目", "--role", "设计"),
        ("perf", "edit", record, "--scale", "20万平方米"),
        ("perf", "remove", record),
    ):
        result = cli(*argv, "--home", o.firm.home)
        assert result.code != 0, argv
        assert "已上报" in result.err
        assert "receive correct" in result.err
        assert "Traceback" not in result.err
    shown = o.firm.json("apply", "show", number)
    assert isinstance(shown, dict)
    assert shown["application"]["enterprise_name"] == "太原市建筑设计研究院"  # unchanged
    assert len(o.firm.json("perf", "list", number)) == 1  # type: ignore[arg-type]
    # 退回 -> 重新申报: the next round is a draft again, editable.
    carry(o, o.firm, o.city)
    o.city("receive", "refuse", number, "--reason", "缺少资格证书复印件", "--clerk", "赵六")
    carry(o, o.city, o.firm)
    reopen(o, number)
    o.firm("apply", "edit", number, "--set", "reason=补交资格证书复印件")
    o.firm("perf", "edit", record, "--scale", "20万平方米")
    shown = o.firm.json("apply", "show", number)
    assert isinstance(shown, dict)
    assert (shown["application"]["round"], shown["application"]["reason"]) == (
        2,
        "补交资格证书复印件",
    )


# --- scan names the field that differs ----------------------------------------------


def _barcode(office_home: str, cli: Cli, number: str) -> str:
    with open_node(Path(office_home), cli.env) as s, s.unit_of_work() as uow:
        form = documents.application_form(uow, number, today=s.today(), sample=False)
    assert form.barcode is not None
    return form.barcode


def test_scan_names_the_field_a_city_correction_changed_after_printing(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    o = offices(cli, tmp_path, city_db=db_url)
    number = reported_at_city(o)
    barcode = _barcode(o.firm.home, cli, number)  # the paper the firm printed and handed in
    o.city("receive", "accept", number)
    assert o.city.json("scan", barcode)["matches"] is True  # type: ignore[index]
    o.city("receive", "correct", number, "--set", "qualification_cert_no=JZ2025-0009")
    result = cli("--json", "scan", barcode, "--home", o.city.home)
    assert result.code == 1  # reprint needed
    data = json.loads(result.out)
    assert data["reprint_needed"] is True
    assert data["differing_fields"] == ["qualification_cert_no"]
    text = cli("scan", barcode, "--home", o.city.home)
    assert "打印后修改的项目：资格证书号\n" in text.out  # the label, no code field name
    english = cli("--lang", "en", "scan", barcode, "--home", o.city.home)
    assert "changed since printing: Qualification certificate" in english.out
    # The correction travels back: the firm's own scan names it too (kept at reporting).
    carry(o, o.city, o.firm)
    at_firm = cli("--json", "scan", barcode, "--home", o.firm.home)
    assert json.loads(at_firm.out)["differing_fields"] == ["qualification_cert_no"]


def test_scan_without_the_printed_content_says_it_cannot_name_the_fields(
    cli: Cli, tmp_path: Path
) -> None:
    o = offices(cli, tmp_path)
    number = reported_at_city(o)
    o.city("receive", "accept", number)
    o.city("receive", "correct", number, "--set", "qualification_cert_no=JZ2025-0009")
    # A paper of a content this node never held (its digest made up, check digit right).
    from regsync.core.barcodes import make_barcode

    stale = make_barcode(number, "123456789")
    result = cli("scan", stale, "--home", o.city.home)
    assert result.code == 1
    assert "无法指出修改了哪些项目" in result.out


# --- status on the day of the query -------------------------------------------------


def _cert(
    valid_until: dt.date, *, current: bool = True, specialty: str = "architect"
) -> Certificate:
    return Certificate(
        id=f"C-{valid_until}-{specialty}-{current}",
        certificate_number="晋2J2026000001",
        person_id_number=PERSON,
        specialty=specialty,
        enterprise_uscc="U",
        issued_on=dt.date(2023, 1, 1),
        valid_until=valid_until,
        current=current,
    )


def test_effective_status_lapses_the_day_after_the_last_current_certificate_ends() -> None:
    end = dt.date(2026, 12, 31)
    day_after = end + dt.timedelta(days=1)
    assert effective_status("active", [_cert(end)], end) == "active"  # valid through its day
    assert effective_status("active", [_cert(end)], day_after) == "stopped"
    # Another specialty still current keeps the person registered.
    both = [_cert(end), _cert(dt.date(2028, 6, 30), specialty="structural")]
    assert effective_status("active", both, day_after) == "active"
    # History certificates do not count; none at hand: the stored value stands.
    assert effective_status("active", [_cert(dt.date(2030, 1, 1), current=False)], end) == "active"
    assert effective_status("active", [], day_after) == "active"
    # Decisions no date undoes.
    assert effective_status("stopped", [_cert(dt.date(2030, 1, 1))], end) == "stopped"
    assert effective_status("none", [], end) == "none"


def _registered(cli: Cli, home: str) -> list[tuple[str, str]]:
    data = json.loads(cli.ok("--json", "registry", "person", "list", "--home", home))
    return [(p["id_number"], p["registration_status"]) for p in data]


def _exported_status(cli: Cli, home: str, path: Path) -> list[tuple[str, str]]:
    cli.ok("export", "registered-persons", "-o", str(path), "--home", home)
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    status, id_number = header.index("状态"), header.index("身份证号")
    return [(str(r[id_number]), str(r[status])) for r in rows[1:] if r[id_number]]


def test_a_registration_lapses_the_day_after_valid_until_without_any_write(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    o = offices(cli, tmp_path, province_db=db_url)
    issued(o)
    with open_node(Path(o.province.home), cli.env) as s, s.unit_of_work() as uow:
        (cert,) = uow.find(Certificate, person_id_number=PERSON, current=True)
        assert uow.node.role is Role.PROVINCE
    end = cert.valid_until
    home = o.province.home
    log_before = cli.ok("--json", "log", "--home", home)

    cli.env["REGSYNC_NOW"] = f"{end.isoformat()}T10:00:00+08:00"  # the last valid day
    assert _registered(cli, home) == [(PERSON, "active")]
    assert "有效" in cli.ok("registry", "person", "list", "--home", home)
    assert _exported_status(cli, home, tmp_path / "before.xlsx") == [(PERSON, "有效")]
    stopped = cli.ok("--json", "registry", "person", "list", "--status", "stopped", "--home", home)
    assert json.loads(stopped) == []

    cli.env["REGSYNC_NOW"] = f"{(end + dt.timedelta(days=1)).isoformat()}T10:00:00+08:00"
    assert _registered(cli, home) == [(PERSON, "stopped")]
    listed = cli.ok("registry", "person", "list", "--home", home)
    assert "停止注册" in listed
    assert "有效" not in listed
    by_status = cli.ok(
        "--json", "registry", "person", "list", "--status", "stopped", "--home", home
    )
    assert [p["id_number"] for p in json.loads(by_status)] == [PERSON]
    active = cli.ok("--json", "registry", "person", "list", "--status", "active", "--home", home)
    assert json.loads(active) == []
    assert _exported_status(cli, home, tmp_path / "after.xlsx") == [(PERSON, "停止注册")]
    shown = json.loads(cli.ok("--json", "registry", "person", "show", PERSON, "--home", home))
    assert shown["person"]["registration_status"] == "stopped"
    # Nothing was written: the lapse is computed, not stored.
    assert cli.ok("--json", "log", "--home", home) == log_before


# --- the authority at import: a crafted edit of a reported application --------------


def test_a_crafted_edit_of_a_reported_application_is_refused_at_the_city(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    """A compromised firm signs a change the use case would refuse: its content edit of
    an application it had reported (its base shows it saw the report), and a 工作业绩
    added to it.  The city refuses each bundle, naming the rule, and writes nothing."""
    o = offices(cli, tmp_path, city_db=db_url)
    number = reported_at_city(o)
    before = dump(o.city)
    with open_node(Path(o.firm.home), cli.env) as firm:
        with firm.unit_of_work() as uow:
            seen = dict(
                uow.store.load_versions("application", [number])[("application", number)].vv
            )
        scope = f"enterprise:{USCC1}"
        edit = crafted(firm, scope, "application", number, {"enterprise_name": "另一家设计院"},
                       base=seen)  # fmt: skip
        perf = crafted(firm, scope, "performance", "K-late-perf",
                       {"id": "K-late-perf", "application_number": number,
                        "project_name": "补报项目", "role": "设计"})  # fmt: skip
        bundles = [
            forged_bundle(firm, o.city.node_id, [cs], tmp_path / f"forged-{n}.bpz")
            for n, cs in enumerate((edit, perf))
        ]
    for bundle in bundles:
        result = cli("bundle", "import", str(bundle), "--home", o.city.home)
        assert result.code == 1
        assert f"申请 {number} 已上报" in result.err
        assert "已上报的申请在企业端只读" in result.err
        assert dump(o.city) == before  # nothing written
    # The honest firm goes on: its next bundle (the same stream, no crafted change) imports.
    o.firm("person", "add", "--id-number", "140100198001010028", "--name", "王芳")
    carry(o, o.firm, o.city)
    shown = o.city.json("apply", "show", number)
    assert isinstance(shown, dict)
    assert shown["application"]["enterprise_name"] == "太原市建筑设计研究院"


# --- the import rule, unit: what proves a firm had seen the application reported ------

_APP_NO = "140100261000100017"
_FIRM_STREAM = f"E1/enterprise:{USCC1}"
_CITY_STREAM = "C1/city:140100"
_FIRM = Writer("E1", Role.ENTERPRISE, "140100", USCC1, "0001")


@dataclasses.dataclass(frozen=True)
class _Version:
    vv: Mapping[str, int]


def _changeset(
    seq: int, kind: str, key: str, fields: dict[str, object], base: dict[str, int]
) -> Changeset:
    change = Change(kind, key, Op.UPSERT, fields, base)  # type: ignore[arg-type]
    return Changeset("E1", f"enterprise:{USCC1}", seq, "0" * 64, Timestamp(1, 0), 1, (change,))


def _why(stage: str, vv: dict[str, int], batch: list[Changeset]) -> str | None:
    stored = {("application", _APP_NO): {"number": _APP_NO, "enterprise_uscc": USCC1,
                                         "round": 1, "stage": stage}}  # fmt: skip

    def rows(kind: str, keys: Sequence[str]) -> dict[tuple[str, str], Mapping[str, object]]:
        return {k: v for k, v in stored.items() if k[0] == kind and k[1] in keys}

    def versions(kind: str, keys: Sequence[str]) -> dict[tuple[str, str], _Version]:
        return {("application", _APP_NO): _Version(vv)} if kind == "application" else {}

    identities = Identities(rows, lambda: {USCC1: "140100"}, batch, versions)
    for cs in batch:
        found = refusal(_FIRM, cs, identities)
        if found is not None:
            return found.zh
    return None


@pytest.mark.parametrize(
    ("stage", "vv", "base", "refused"),
    [
        ("reported", {_FIRM_STREAM: 6}, {_FIRM_STREAM: 6}, True),  # saw its own report
        ("reported", {_FIRM_STREAM: 6}, {}, True),  # leaves out its own earlier write
        ("draft", {_FIRM_STREAM: 6}, {_FIRM_STREAM: 6}, False),  # a draft: editable
        # the city received it since; the firm had not seen that: concurrent, it merges
        ("received", {_FIRM_STREAM: 6, _CITY_STREAM: 3}, {_FIRM_STREAM: 6}, False),
        # ... but having seen the receipt too, it is proof again
        ("received", {_FIRM_STREAM: 6, _CITY_STREAM: 3}, {_FIRM_STREAM: 6, _CITY_STREAM: 3}, True),
    ],
)
def test_an_application_edit_is_refused_at_import_only_when_it_proves_the_lock_was_seen(
    stage: str, vv: dict[str, int], base: dict[str, int], refused: bool
) -> None:
    edit = _changeset(7, "application", _APP_NO, {"enterprise_name": "另一家"}, base)
    found = _why(stage, vv, [edit])
    assert (found is not None) is refused
    if refused:
        assert found is not None
        assert "已上报的申请在企业端只读" in found


def test_the_import_rule_follows_the_batch_and_skips_what_it_holds() -> None:
    # Reopened in this batch (round 2, a draft), then edited: allowed.
    reopen = _changeset(
        7, "application", _APP_NO, {"round": 2, "stage": "draft"}, {_FIRM_STREAM: 6}
    )
    edit = _changeset(8, "application", _APP_NO, {"reason": "补正"}, {_FIRM_STREAM: 7})
    assert _why("city_failed", {_FIRM_STREAM: 6, _CITY_STREAM: 2}, [reopen, edit]) is None
    # Reported in this batch, then edited: refused.
    report = _changeset(5, "application", _APP_NO, {"stage": "reported"}, {_FIRM_STREAM: 4})
    late = _changeset(6, "application", _APP_NO, {"reason": "改"}, {_FIRM_STREAM: 5})
    assert _why("draft", {_FIRM_STREAM: 4}, [report, late]) is not None
    # The draft's creation delivered again after the report arrived: already held.
    created = _changeset(4, "application", _APP_NO, {"reason": "初稿"}, {})
    assert _why("reported", {_FIRM_STREAM: 6}, [created]) is None
    # A 工作业绩 added after its own report, nothing else known: refused; once the city
    # wrote the application, not provable here (a documented gap).
    record = {"id": "PF1", "application_number": _APP_NO, "project_name": "补报", "role": "设计"}
    perf = _changeset(7, "performance", "PF1", dict(record), {})
    assert _why("reported", {_FIRM_STREAM: 6}, [perf]) is not None
    assert _why("received", {_FIRM_STREAM: 6, _CITY_STREAM: 3}, [perf]) is None
