"""附件2 + 附件3, personal and enterprise together, end to end through ``main(argv)``.

The applicant fills in an initial application at home, proofs it, and packages it
for the employer; the enterprise receives the package, checks and reports it; the
city takes it in through the real sync layer; the decisions of city and province
(stand-ins for issue 7's commands) flow back, and ``regsync status`` shows them.
The enterprise runs on each backend (the ``db_url`` fixture).
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

from regsync.app.bootstrap import open_node
from tests.conftest import Cli
from tests.editions_helpers import city_decides, dump, province_issues
from tests.offices import PERSON, USCC1, Office, enrolled_chain, sync

FIRM = "太原市建筑设计研究院"


def _json(office: Office, *argv: str) -> Any:
    return office.json(*argv)


def _personal(cli: Cli, tmp_path: Path) -> Office:
    me = Office(cli, tmp_path / "me")
    me("init", "--role", "personal", "--name", "李四", "--city", "140100")
    me(
        "person",
        "add",
        "--id-number",
        PERSON,
        "--name",
        "李四",
        "--phone",
        "13800000001",
        "--qualification-cert",
        "JZ2025-0001",
        "--qualification-date",
        "2025-06-30",
    )
    return me


def test_personal_package_reaches_the_city_and_decisions_come_back(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    chain = enrolled_chain(cli, tmp_path, firm_db=db_url)
    firm, files = chain.firm, chain.files
    me = _personal(cli, tmp_path)

    # 个人版: 数据录入 → 初始注册申请 → 专业 → 个人信息 → 添加业绩 (×2, edit, remove) → 保存
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
        f"enterprise_name={FIRM}",
    )
    assert draft[9:13] == "0000"  # a personal draft's provisional number
    me(
        "perf",
        "add",
        draft,
        "--project",
        "太原市某住宅小区",
        "--role",
        "专业负责人",
        "--start",
        "2023-03-01",
        "--end",
        "2024-06-30",
        "--scale",
        "12万平方米",
    )
    me("perf", "add", draft, "--project", "写错的项目", "--role", "设计人")
    records = {p["project_name"]: p for p in _json(me, "perf", "list", draft)}
    first, wrong = records["太原市某住宅小区"], records["写错的项目"]
    me("perf", "edit", first["id"], "--scale", "13万平方米")
    me("perf", "remove", wrong["id"])
    me("apply", "edit", draft, "--set", "reason=初次申请")
    me("print", "sample", draft, "-o", str(tmp_path / "样表.pdf"))  # 样表打印 on the personal node
    assert (tmp_path / "样表.pdf").read_bytes().startswith(b"%PDF")

    # 进入申报 → 申报 → 生成: a package only the enterprise of this card can open.
    package = str(files / "李四.bpz")
    me("package", "--to", str(files / "e1.card"), "-o", package)

    # The author's own node can neither open nor import it.
    before = dump(me)
    for argv in (("receive-package", package), ("bundle", "import", package)):
        refused = cli(*argv, "--home", me.home)
        assert refused.code == 1
        assert firm.node_id in refused.err  # names the enterprise it is for
    assert dump(me) == before

    # The enterprise needs the applicant's card first (compare the fingerprint).
    before = dump(firm)
    unknown = cli("receive-package", package, "--home", firm.home)
    assert (unknown.code, "regsync node trust" in unknown.err) == (1, True)
    assert dump(firm) == before
    me("node", "card", "-o", str(files / "me.card"))
    firm("node", "trust", str(files / "me.card"))

    # 注册数据接收: the draft becomes the enterprise's own, renumbered, provenance kept.
    received = _json(firm, "receive-package", package)
    (intake,) = received["applications"]
    number = intake["number"]
    assert (intake["original"], intake["outcome"], number[9:13]) == (draft, "new", "0001")
    shown = _json(firm, "apply", "show", number)
    app = shown["application"]
    assert (app["enterprise_uscc"], app["enterprise_name"], app["stage"]) == (USCC1, FIRM, "draft")
    assert app["provenance"] == f"{me.node_id}:{draft}"
    assert app["reason"] == "初次申请"
    assert [(p["project_name"], p["scale"]) for p in shown["performance"]] == [
        ("太原市某住宅小区", "13万平方米")
    ]
    again = _json(firm, "receive-package", package)  # the same package again: nothing new
    assert [a["outcome"] for a in again["applications"]] == ["unchanged"]
    assert [p["name"] for p in _json(firm, "person", "list")] == ["李四"]

    # 打印申请表 only after reporting; then 在线上报 (by bundle while offline).
    before = dump(firm)
    early = cli("print", "form", number, "-o", str(tmp_path / "申请表.pdf"), "--home", firm.home)
    assert early.code == 1
    assert "regsync print sample" in early.err
    assert dump(firm) == before
    assert not (tmp_path / "申请表.pdf").exists()
    firm("check", number)
    to_city = str(files / "report.bpz")
    reported = _json(firm, "report", number, "--via", "bundle", "-o", to_city)
    assert reported["reported"] == [number]
    firm("print", "form", number, "-o", str(tmp_path / "申请表.pdf"))
    status = _json(firm, "status", number)
    assert [s["stage"] for s in status] == ["reported"]

    # The city imports the bundle (sealed to it); the offices decide; all flows back.
    chain.city("bundle", "import", to_city)
    with ExitStack() as stack:
        firm_s, city_s, prov_s = (
            stack.enter_context(open_node(Path(o.home), cli.env))
            for o in (firm, chain.city, chain.province)
        )
        city_decides(city_s, number, passed=True, opinion="材料齐全")
        sync(firm_s, firm, city_s, chain.city, tmp_path)
        assert _json(firm, "status", number)[0]["stage"] == "forwarded"
        sync(city_s, chain.city, prov_s, chain.province, tmp_path)
        province_issues(prov_s, number, certificate="晋2262601001", seal="晋建2026-0001")
        sync(city_s, chain.city, prov_s, chain.province, tmp_path)
        sync(firm_s, firm, city_s, chain.city, tmp_path)

    (done,) = _json(firm, "--lang", "zh", "status", "--name", "李")
    assert done["stage"] == "issued"
    assert (done["review"]["passed"], done["review"]["opinion"]) == (True, "材料齐全")
    assert (done["decision"]["approved"], done["decision"]["opinion"]) == (True, "同意注册")
    assert (done["certificate_number"], done["seal_number"]) == ("晋2262601001", "晋建2026-0001")
    table = firm("status", "--name", "李四")
    assert "已发证" in table
    assert "晋建2026-0001" in table
    assert _json(firm, "status", "--name", "王五") == []
