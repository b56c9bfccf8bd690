"""附件2 个人版: the package and its rules.

A package is for one enterprise: no other node can open it, the applicant's
included; a corrected package updates the enterprise's draft with the applicant's
changes only, and leaves a reported one alone.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli
from tests.editions_helpers import dump, second_uscc
from tests.offices import PERSON, Office, enrolled_chain

FIRM = "太原市建筑设计研究院"


def _applicant(cli: Cli, tmp_path: Path) -> Office:
    me = Office(cli, tmp_path / "me")
    me("init", "--role", "personal", "--name", "李四", "--city", "140100")
    me(
        "person",
        "add",
        "--id-number",
        PERSON,
        "--name",
        "李四",
        "--qualification-cert",
        "JZ2025-0001",
        "--qualification-date",
        "2025-06-30",
    )
    return me


def _refused(cli: Cli, office: Office, *argv: str) -> str:
    before = dump(office)
    result = cli(*argv, "--home", office.home)
    assert result.code == 1, result.out
    assert dump(office) == before
    return result.err


def test_a_package_opens_only_at_its_enterprise(cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    files = chain.files
    me = _applicant(cli, tmp_path)
    me("apply", "new", "--kind", "renewal", "--specialty", "architect", "--person", PERSON)
    # A second enrolled firm of the same city, which knows the applicant's card too.
    other = Office(cli, tmp_path / "e2")
    other(
        "init",
        "--role",
        "enterprise",
        "--name",
        "晋阳结构设计有限公司",
        "--uscc",
        second_uscc(),
        "--city",
        "140100",
    )
    other("node", "card", "-o", str(files / "e2.card"))
    chain.city(
        "node",
        "certify",
        str(files / "e2.card"),
        "-o",
        str(files / "e2.cert"),
        "--enterprise-number",
        "0002",
    )
    for name in ("root.cert", "c.cert", "e2.cert"):
        other("node", "trust", str(files / name))
    me("node", "card", "-o", str(files / "me.card"))
    other("node", "trust", str(files / "me.card"))

    package = str(files / "for-e1.bpz")
    me("package", "--to", str(files / "e1.card"), "-o", package)
    err = _refused(cli, other, "receive-package", package)
    assert chain.firm.node_id in err  # names the enterprise the package is for
    _refused(cli, other, "bundle", "import", package)
    # A city's card is no enterprise: the applicant is told what to ask for.
    assert "regsync node card" in _refused(
        cli, me, "package", "--to", str(files / "c.card"), "-o", str(files / "x.bpz")
    )
    assert not (files / "x.bpz").exists()
    # The personal edition neither reports nor files a cancellation.
    _refused(cli, me, "report", "--via", "bundle", "-o", str(files / "y.bpz"), "1" * 18)
    _refused(
        cli,
        me,
        "apply",
        "new",
        "--kind",
        "cancellation",
        "--specialty",
        "architect",
        "--person",
        PERSON,
    )
    # An enterprise's sync bundle is not a package, and a package is not a sync bundle.
    chain.firm("node", "trust", str(files / "me.card"))
    assert "receive-package" in _refused(cli, chain.firm, "bundle", "import", package)
    bundle = str(files / "sync.bpz")
    chain.city("bundle", "export", "--to", chain.firm.node_id, "-o", bundle)
    assert "bundle import" in _refused(cli, chain.firm, "receive-package", bundle)


def test_a_corrected_package_updates_only_what_the_applicant_changed(
    cli: Cli, tmp_path: Path
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    firm, files = chain.firm, chain.files
    me = _applicant(cli, tmp_path)
    draft = me(
        "apply",
        "new",
        "--kind",
        "initial",
        "--specialty",
        "architect",
        "--person",
        PERSON,
        "--set",
        "enterprise_name=太原建筑院",
    )
    me("perf", "add", draft, "--project", "某学校", "--role", "设计人")
    me("node", "card", "-o", str(files / "me.card"))
    firm("node", "trust", str(files / "me.card"))
    me("package", "--to", str(files / "e1.card"), "-o", str(files / "1.bpz"))
    (intake,) = firm.json("receive-package", str(files / "1.bpz"))["applications"]  # type: ignore[index]
    number = intake["number"]
    # The clerk corrects the unit name; the applicant corrects the project meanwhile.
    firm("apply", "edit", number, "--set", f"enterprise_name={FIRM}")
    (perf,) = me.json("perf", "list", draft)  # type: ignore[misc]
    me("perf", "edit", perf["id"], "--project", "某中学教学楼")
    me("apply", "edit", draft, "--set", "qualification_date=2025-07-01")
    me("package", "--to", str(files / "e1.card"), "-o", str(files / "2.bpz"))
    (again,) = firm.json("receive-package", str(files / "2.bpz"))["applications"]  # type: ignore[index]
    assert (again["number"], again["outcome"]) == (number, "updated")
    shown = firm.json("apply", "show", number)
    assert isinstance(shown, dict)
    app = shown["application"]
    assert (app["enterprise_name"], app["qualification_date"]) == (FIRM, "2025-07-01")
    assert [p["project_name"] for p in shown["performance"]] == ["某中学教学楼"]
    # Once reported, a later package leaves the enterprise's application alone.
    firm("report", number, "--via", "bundle", "-o", str(files / "r.bpz"))
    me("apply", "edit", draft, "--set", "reason=再改")
    me("package", "--to", str(files / "e1.card"), "-o", str(files / "3.bpz"))
    (kept,) = firm.json("receive-package", str(files / "3.bpz"))["applications"]  # type: ignore[index]
    assert kept["outcome"] == "kept"
    shown = firm.json("apply", "show", number)
    assert isinstance(shown, dict)
    assert shown["application"]["reason"] is None


def test_every_personal_kind_and_the_applicants_selection(cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    firm, files = chain.firm, chain.files
    me = _applicant(cli, tmp_path)
    cert = "registration_cert_no=晋2262301001"
    sets = {
        "initial": [],
        "change": [cert, "previous_employer=大同市设计院", "valid_until=2027-06-30"],
        "renewal": [
            cert,
            "valid_until=2027-03-31",
            "ce_compulsory_hours=40",
            "ce_elective_hours=40",
        ],
        "amend_reissue": [
            cert,
            "reason=证书遗失补办",
            "amend_mode=reissue",
            "reissue_items=certificate",
            "loss_newspaper=山西日报",
            "loss_declared_on=2020-01-05",
        ],
    }
    drafts = {}
    for kind, values in sets.items():
        specialty = "structural" if kind == "renewal" else "architect"
        argv = [part for v in values for part in ("--set", v)]
        drafts[kind] = me(
            "apply", "new", "--kind", kind, "--specialty", specialty, "--person", PERSON, *argv
        )
    listed = me.json("apply", "list")
    assert isinstance(listed, list)
    assert {a["kind"] for a in listed} == set(sets)
    me("node", "card", "-o", str(files / "me.card"))
    firm("node", "trust", str(files / "me.card"))
    # 选择申报数据: only the chosen drafts go.
    chosen = [drafts["change"], drafts["amend_reissue"]]
    me("package", *chosen, "--to", str(files / "e1.card"), "-o", str(files / "p.bpz"))
    received = firm.json("receive-package", str(files / "p.bpz"))
    assert isinstance(received, dict)
    intakes = received["applications"]
    assert sorted(i["original"] for i in intakes) == sorted(chosen)
    for intake in intakes:
        shown = firm.json("apply", "show", intake["number"])
        assert isinstance(shown, dict)
        app = shown["application"]
        kind = "change" if intake["original"] == drafts["change"] else "amend_reissue"
        assert (app["kind"], app["registration_cert_no"]) == (kind, "晋2262301001")
        assert app["enterprise_name"] == FIRM  # typed nothing: the registered name
