"""地市版 end to end (附件4 §1): 申报接收, 申报审核, 申报上报, 申报查询, 打印汇总表.

The city runs on each backend (``db_url``); the firm and the province on SQLite.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from tests.city_helpers import (
    carry,
    dump,
    late_firm_edit,
    offices,
    reopen,
    report,
    reported_at_city,
)
from tests.conftest import Cli
from tests.offices import PERSON, USCC1


def _id(n: int) -> str:
    from tests.storage_helpers import id_number

    return id_number(n)


def test_receive_review_forward_and_decisions_come_back(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    o = offices(cli, tmp_path, city_db=db_url)
    number = reported_at_city(o)

    pending = o.city.json("receive", "list")
    assert [p["application"]["number"] for p in pending] == [number]
    assert pending[0]["has_errors"] is False
    shown = o.city.json("receive", "show", number)
    assert shown["application"]["stage"] == "reported"
    o.city("receive", "correct", number, "--set", "qualification_cert_no=JZ2025-0009")
    received = o.city.json("receive", "accept", "--all")
    assert received["received"] == [number]
    assert o.city.json("receive", "list") == []  # received records leave the pending list
    assert [r["application"]["number"] for r in o.city.json("review", "list")] == [number]

    o.city("review", "pass", number, "--reviewer", "王五", "--opinion", "材料齐全")
    assert [r["application"]["number"] for r in o.city.json("forward", "list")] == [number]
    out = o.city.json("forward", "send", number, "-o", str(o.files / "to-province.bpz"))
    assert out["forwarded"] == [number]
    assert out["changesets"] > 0
    o.province("bundle", "import", str(o.files / "to-province.bpz"))

    listed = o.province.json("decision", "list")
    assert [a["number"] for a in listed] == [number]
    o.province("decision", "approve", number, "--by", "省厅审批人", "--opinion", "同意")
    issued = o.province.json("issue", "--all")
    cert = issued[0]["certificate"]["certificate_number"]
    assert cert.startswith("晋2J2026")
    assert issued[0]["seal"]["seal_number"].startswith("晋2J-2026")

    carry(o, o.province, o.city)
    carry(o, o.city, o.firm)
    firm_view = o.firm.json("apply", "show", number)["application"]
    assert firm_view["stage"] == "issued"
    assert firm_view["qualification_cert_no"] == "JZ2025-0009"  # the city's correction
    rows = o.city.json("query", "certificates")["rows"]
    assert [r["证书编号"] for r in rows] == [cert]
    person = o.city.json("registry", "person", "show", PERSON)
    assert person["person"]["registration_status"] == "active"
    assert [a["number"] for a in person["applications"]] == [number]
    assert o.city.json("registry", "person", "list", "--status", "active")[0]["id_number"] == PERSON
    registered = o.city.json("query", "registered-persons")["rows"]  # 二级注册人员
    assert [(r["状态"], r["身份证号"]) for r in registered] == [("有效", PERSON)]
    o.city("export", "registered-persons", "-o", str(tmp_path / "reg.xlsx"))
    assert openpyxl.load_workbook(tmp_path / "reg.xlsx").worksheets[0].cell(2, 4).value == PERSON

    # 申报查询 with conditions, on screen and in Excel; 打印汇总表 for every kind.
    query = o.city.json("query", "applications", "--stage", "issued", "--kind", "initial")
    assert [r["申请编号"] for r in query["rows"]] == [number]
    o.city("export", "applications", "--stage", "issued", "-o", str(tmp_path / "q.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "q.xlsx").worksheets[0]
    assert sheet.cell(2, 1).value == number
    written = o.city.json("print", "summaries", "-o", str(tmp_path / "sum"))
    assert [Path(w["file"]).name for w in written] == ["汇总表-initial-architect.xlsx"]


def test_refusal_reaches_the_firm_which_reports_again_in_a_new_round(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    o = offices(cli, tmp_path, city_db=db_url)
    number = reported_at_city(o)
    o.city("receive", "refuse", number, "--reason", "缺少资格证书复印件", "--clerk", "赵六")
    assert o.city.json("receive", "list") == []
    carry(o, o.city, o.firm)
    shown = o.firm.json("apply", "show", number)
    assert shown["application"]["stage"] == "city_failed"
    assert [r["opinion"] for r in shown["reviews"]] == ["拒绝接收：缺少资格证书复印件"]
    assert "缺少资格证书复印件" in o.firm("apply", "show", number)
    reopen(o, number)
    report(o, number)
    carry(o, o.firm, o.city)
    pending = o.city.json("receive", "list")
    assert [(p["application"]["number"], p["application"]["round"]) for p in pending] == [
        (number, 2)
    ]
    o.city("receive", "accept", number)


def test_bad_input_is_refused_and_changes_nothing(cli: Cli, tmp_path: Path, db_url: str) -> None:
    o = offices(cli, tmp_path, city_db=db_url)
    first = reported_at_city(o)
    second = reported_at_city(o, _id(7))
    o.city("receive", "accept", first)
    before = dump(o.city)
    cases = [
        ("receive", "accept", second, first),  # already received: none of the two
        ("review", "pass", second, "--reviewer", "王五"),  # not received
        ("forward", "send", first),  # not passed
        ("receive", "refuse", first, "--reason", "x", "--clerk", "y"),  # received already
        ("receive", "accept"),  # nothing selected
        ("receive", "correct", first, "--set", "stage=issued"),  # not an editable field
        ("decision", "approve", first, "--by", "x"),  # a city cannot decide
        ("forward", "send", "--all", "--via", "http"),  # no server known: nothing forwarded
    ]
    for argv in cases:
        result = cli(*argv, "--home", o.city.home)
        assert result.code == 1, argv
        assert result.err.startswith("regsync: "), result.err
    assert dump(o.city) == before
    err = json.loads(cli("--json", "review", "pass", second, "--reviewer", "x",
                         "--home", o.city.home).err)  # fmt: skip
    assert err["error"] == "InvalidState"


@pytest.mark.parametrize("flag", ["--all", None])
def test_receive_all_or_selected(cli: Cli, tmp_path: Path, flag: str | None) -> None:
    o = offices(cli, tmp_path)
    numbers = [reported_at_city(o), reported_at_city(o, _id(8))]
    argv = [flag] if flag else numbers
    assert sorted(o.city.json("receive", "accept", *argv)["received"]) == sorted(numbers)


def test_a_conflict_resolved_at_the_city_stays_resolved_everywhere(
    cli: Cli, tmp_path: Path
) -> None:
    o = offices(cli, tmp_path)
    number = reported_at_city(o)
    late_firm_edit(o.firm, number, qualification_cert_no="JZ-LATE")
    o.city("receive", "accept", number)  # the receipt claims what the city holds
    carry(o, o.firm, o.city)
    ledger = o.city.json("conflicts", "list")
    assert [c["field"] for c in ledger] == ["qualification_cert_no"]
    o.city("conflicts", "resolve", ledger[0]["id"], "--take", "remote")
    o.city("review", "pass", number, "--reviewer", "王五")
    o.city("forward", "send", number, "-o", str(o.files / "fwd.bpz"))
    # The province meets the same concurrent writes and the resolution in one bundle:
    # its own finding must not reopen the entry.
    o.province("bundle", "import", str(o.files / "fwd.bpz"))
    carry(o, o.province, o.city)
    carry(o, o.city, o.firm)
    for office in (o.province, o.city, o.firm):
        entries = office.json("conflicts", "list", "--all")
        assert [c["resolved"] for c in entries] == [True], office.home
        app = office.json("apply", "show", number)["application"]
        assert app["qualification_cert_no"] == "JZ-LATE"


def test_review_shows_warnings_and_a_pass_with_errors_is_refused(cli: Cli, tmp_path: Path) -> None:
    from regsync.core.checks.identity import id_number_check_digit

    o = offices(cli, tmp_path)
    first17 = "14010019500101001"  # born 1950: over 70, a warning (medical certificate)
    older = reported_at_city(o, first17 + id_number_check_digit(first17))
    o.city("receive", "accept", older)
    listed = o.city("review", "list")
    assert older in listed
    assert "[警告]" in listed
    passed = o.city("review", "pass", older, "--reviewer", "王五")
    assert "[警告]" in passed

    renamed = reported_at_city(o)
    o.city("registry", "enterprise", "edit", USCC1, "--name", "太原市建筑设计研究院有限公司")
    o.city("receive", "accept", renamed)
    before = dump(o.city)
    refused = cli("--lang", "en", "review", "pass", renamed, "--reviewer", "王五",
                  "--home", o.city.home)  # fmt: skip
    assert refused.code == 1
    assert "fails the computer check" in refused.err
    assert dump(o.city) == before
    o.city("review", "fail", renamed, "--reviewer", "王五", "--opinion", "请办理更改、补办")


def test_receiving_and_forwarding_need_the_city_key(cli: Cli, tmp_path: Path) -> None:
    """管理锁: without the key's passphrase (or the lock) nothing is received, reviewed or
    forwarded."""
    from regsync.app.cli.main import main

    o = offices(cli, tmp_path)
    number = reported_at_city(o)
    env = {k: v for k, v in cli.env.items() if k != "REGSYNC_PASSPHRASE"}
    before = dump(o.city)
    for argv in (
        ["receive", "accept", number],
        ["receive", "refuse", number, "--reason", "x", "--clerk", "y"],
    ):
        assert main([*argv, "--home", o.city.home], env) == 1
    assert dump(o.city) == before
    o.city("receive", "accept", number)
    before = dump(o.city)
    for verdict in ("pass", "fail"):  # 申报审核 too asks for the 管理锁
        assert main(["review", verdict, number, "--reviewer", "王五", "--home", o.city.home],
                    env) == 1  # fmt: skip
    assert dump(o.city) == before
    o.city("review", "pass", number, "--reviewer", "王五")
    assert main(["forward", "send", number, "--home", o.city.home], env) == 1
    assert o.city.json("forward", "list")[0]["application"]["number"] == number
