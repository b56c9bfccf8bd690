"""附件3 一、单独使用企业版: every kind of application, from 企业人员信息 to the city.

And the rules of the enterprise edition, each with a failing case that exits 1,
says what to do next and changes nothing (a whole-database dump compares equal).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from regsync.app.bootstrap import open_node
from regsync.core.model import Enterprise
from tests.conftest import Cli
from tests.editions_helpers import city_decides, dump, id_number, second_uscc
from tests.offices import Office, enrolled_chain, sync

FIRM = "太原市建筑设计研究院"
CERT = "--set registration_cert_no=晋2262301001"
# 补办 of a lost certificate: what is reissued and the loss declaration.
LOSS = ["--reissue certificate", "--loss-newspaper 山西日报", "--loss-date 2020-01-05"]
KINDS: dict[str, list[str]] = {
    "initial": [],
    "change": [CERT, "--set previous_employer=大同市设计院", "--set valid_until=2027-06-30"],
    "renewal": [
        CERT,
        "--set valid_until=2027-03-31",
        "--set ce_compulsory_hours=40",
        "--set ce_elective_hours=40",
    ],
    "amend_reissue": [
        CERT,
        "--set reason=证书遗失补办",
        "--reissue certificate",
        "--loss-newspaper 山西日报",
        "--loss-date 2020-01-05",
    ],
    "cancellation": [CERT, "--set reason=本人申请注销"],
}


def _sets(items: list[str]) -> list[str]:
    return [part for item in items for part in item.split(" ", 1)]


def _refused(cli: Cli, office: Office, *argv: str) -> str:
    """Run a command that must be refused: exit 1, a message, nothing changed."""
    before = dump(office)
    result = cli(*argv, "--home", office.home)
    assert result.code == 1, result.out
    assert result.err.strip()
    assert dump(office) == before
    return result.err


def test_enterprise_alone_reports_all_five_kinds(cli: Cli, tmp_path: Path, db_url: str) -> None:
    chain = enrolled_chain(cli, tmp_path, firm_db=db_url)
    firm = chain.firm
    # 企业基本信息: show and update (the name is the city's).
    firm("enterprise", "update", "--address", "太原市迎泽大街1号", "--phone", "0351-1234567")
    info = firm.json("enterprise", "show")
    assert isinstance(info, dict)
    assert (info["name"], info["address"], info["enterprise_number"]) == (
        FIRM,
        "太原市迎泽大街1号",
        "0001",
    )
    # 企业人员信息 → 新增 → 保存; edit; list.
    numbers = []
    for serial, (kind, sets) in enumerate(KINDS.items(), start=1):
        person = id_number(serial)
        firm(
            "person",
            "add",
            "--id-number",
            person,
            "--name",
            f"人员{serial}",
            "--qualification-cert",
            f"JZ2020-000{serial}",
            "--qualification-date",
            "2024-06-30",
        )
        number = firm(
            "apply",
            "new",
            "--kind",
            kind,
            "--specialty",
            "architect",
            "--person",
            person,
            *_sets(sets),
        )
        numbers.append(number)
    firm("person", "edit", id_number(1), "--phone", "13900000001", "--name", "人员一")
    listed = firm.json("person", "list")
    assert isinstance(listed, list)
    assert {p["name"] for p in listed} >= {"人员一", "人员2"}
    # 双击申请记录 → 工作业绩 → 新增 (initial registration needs one)
    firm("perf", "add", numbers[0], "--project", "晋阳某办公楼", "--role", "专业负责人")
    for number in numbers:
        firm("check", number)
    out = str(chain.files / "report.bpz")
    reported = firm.json("report", *numbers, "--via", "bundle", "-o", out)
    assert isinstance(reported, dict)
    assert reported["reported"] == numbers
    firm("print", "form", *numbers, "-o", str(tmp_path / "申请表.pdf"))
    firm(
        "print",
        "summary",
        "--kind",
        "initial",
        "--specialty",
        "architect",
        "-o",
        str(tmp_path / "汇总表.pdf"),
    )
    chain.city("bundle", "import", out)
    at_city = chain.city.json("apply", "list")
    assert isinstance(at_city, list)
    assert sorted(a["number"] for a in at_city) == sorted(numbers)
    assert {a["stage"] for a in at_city} == {"reported"}
    status: Any = firm.json("status")
    assert sorted(s["number"] for s in status) == sorted(numbers)
    # Reporting again is refused: only a draft can be reported.
    _refused(cli, firm, "report", numbers[0], "--via", "bundle", "-o", out + "2")


def test_report_refusals_change_nothing(cli: Cli, tmp_path: Path, db_url: str) -> None:
    chain = enrolled_chain(cli, tmp_path, firm_db=db_url)
    firm, out = chain.firm, str(chain.files / "r.bpz")
    person = id_number(7)
    firm(
        "person",
        "add",
        "--id-number",
        person,
        "--name",
        "赵六",
        "--qualification-cert",
        "JZ2024-0007",
        "--qualification-date",
        "2024-06-30",
    )
    number = firm(
        "apply", "new", "--kind", "initial", "--specialty", "structural", "--person", person
    )

    # Computer check errors (an initial application without 工作业绩).
    err = _refused(cli, firm, "report", number, "--via", "bundle", "-o", out)
    assert "未通过计算机核查" in err
    assert not Path(out).exists()
    firm("perf", "add", number, "--project", "某厂房", "--role", "设计人")
    # The name on the application differs from the registered name.
    firm("apply", "edit", number, "--set", "enterprise_name=太原建筑设计院")
    err = _refused(cli, firm, "--lang", "en", "report", number, "--via", "bundle", "-o", out)
    assert "differs from the registered name" in err
    firm("apply", "edit", number, "--set", f"enterprise_name={FIRM}")
    # A bundle report needs -o, in a folder that exists; online, a server that answers.
    _refused(cli, firm, "report", number, "--via", "bundle")
    assert "U盘" in _refused(
        cli, firm, "report", number, "--via", "bundle", "-o", str(tmp_path / "no" / "r.bpz")
    )
    assert "--server" in _refused(cli, firm, "report", number)  # no server configured
    _refused(cli, firm, "report", number, "--server", "http://127.0.0.1:9", "--retries", "0")
    # The form is printed only after reporting.
    assert "regsync print sample" in _refused(
        cli, firm, "print", "form", number, "-o", str(tmp_path / "f.pdf")
    )
    # The registered name is the city's to change.
    assert "地市" in _refused(cli, firm, "enterprise", "update", "--name", "新名字")
    # 选择发送目标: a target this enterprise does not know.
    _refused(cli, firm, "report", number, "--via", "bundle", "-o", out, "--to", "NOSUCHNODE")
    assert not Path(out).exists()
    firm("report", number, "--via", "bundle", "-o", out)  # and now it goes


def test_an_enterprise_not_enrolled_cannot_report(cli: Cli, tmp_path: Path) -> None:
    firm = Office(cli, tmp_path / "lone")
    firm(
        "init",
        "--role",
        "enterprise",
        "--name",
        FIRM,
        "--uscc",
        second_uscc(),
        "--city",
        "140100",
        "--enterprise-number",
        "0007",
    )
    person = id_number(8)
    firm("person", "add", "--id-number", person, "--name", "钱七")
    number = firm(
        "apply",
        "new",
        "--kind",
        "cancellation",
        "--specialty",
        "architect",
        "--person",
        person,
        *_sets([CERT, "--set reason=退休"]),
    )
    err = _refused(cli, firm, "report", number, "--via", "bundle", "-o", str(tmp_path / "x.bpz"))
    assert "尚未在地市完成注册" in err
    assert "regsync node card" in err


def test_a_renamed_enterprise_refreshes_from_the_city(cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    firm = chain.firm
    person = id_number(9)
    firm("person", "add", "--id-number", person, "--name", "孙八")
    old = firm(
        "apply",
        "new",
        "--kind",
        "amend_reissue",
        "--specialty",
        "architect",
        "--person",
        person,
        *_sets([CERT, "--amend person_name", "--old-value 孙捌", "--new-value 孙八"]),
    )
    renamed = "太原市建筑设计研究院有限公司"
    with (
        open_node(Path(firm.home), cli.env) as firm_s,
        open_node(Path(chain.city.home), cli.env) as city_s,
    ):
        sync(firm_s, firm, city_s, chain.city, tmp_path)
        # Stand-in for issue 7's 企业信息管理: the city records the new registered name.
        with city_s.unit_of_work() as uow:
            enterprise = uow.get(Enterprise, firm_s.node.uscc or "")
            assert enterprise is not None
            uow.put(enterprise.replace(name=renamed))
            uow.commit()
        sync(firm_s, firm, city_s, chain.city, tmp_path)  # 在线注册/更新
    info = firm.json("enterprise", "show")
    assert isinstance(info, dict)
    assert info["name"] == renamed
    # The draft made under the old name cannot go; a new 更改、补办 carries the new name.
    out = str(chain.files / "r.bpz")
    assert "更改、补办" in _refused(cli, firm, "report", old, "--via", "bundle", "-o", out)
    new = firm(
        "apply",
        "new",
        "--kind",
        "amend_reissue",
        "--specialty",
        "structural",
        "--person",
        person,
        *_sets([CERT, "--amend employer_name", "--old-value 太原设计院", f"--new-value {renamed}"]),
    )
    app = firm.json("apply", "show", new)
    assert isinstance(app, dict)
    assert app["application"]["enterprise_name"] == renamed
    firm("report", new, "--via", "bundle", "-o", out, "--to", str(chain.files / "c.cert"))
    chain.city("bundle", "import", out)


def test_a_failed_round_is_reopened_and_reported_again(cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    firm, files = chain.firm, chain.files
    person = id_number(10)
    firm("person", "add", "--id-number", person, "--name", "周九")
    number = firm(
        "apply", "new", "--kind", "amend_reissue", "--specialty", "architect",
        "--person", person, *_sets([CERT, "--set reason=证书遗失", *LOSS]),
    )  # fmt: skip
    firm("report", number, "--via", "bundle", "-o", str(files / "1.bpz"))
    chain.city("bundle", "import", str(files / "1.bpz"))
    with (
        open_node(Path(firm.home), cli.env) as firm_s,
        open_node(Path(chain.city.home), cli.env) as city_s,
    ):
        city_decides(city_s, number, passed=False, opinion="缺少证书原件")
        sync(firm_s, firm, city_s, chain.city, tmp_path)
    (failed,) = _status(firm, number)
    assert (failed["stage"], failed["review"]["opinion"]) == ("city_failed", "缺少证书原件")
    assert "市级审核不通过" in firm("status", number)
    _refused(cli, firm, "apply", "edit", number, "--set", "reason=x")  # the round is closed
    firm("apply", "reopen", number)
    _refused(cli, firm, "apply", "reopen", number)  # a draft is not reopened
    firm("apply", "edit", number, "--set", "reason=证书破损，附原件")
    (draft,) = _status(firm, number)
    assert (draft["round"], draft["stage"], draft["review"]) == (2, "draft", None)
    firm("report", number, "--via", "bundle", "-o", str(files / "2.bpz"))
    chain.city("bundle", "import", str(files / "2.bpz"))
    at_city = chain.city.json("apply", "show", number)
    assert isinstance(at_city, dict)
    app = at_city["application"]
    assert (app["round"], app["stage"], app["reason"]) == (2, "reported", "证书破损，附原件")


def _status(office: Office, number: str) -> list[dict[str, Any]]:
    found = office.json("status", number)
    assert isinstance(found, list)
    return found
