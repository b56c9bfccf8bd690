"""Four nodes exchange bundles through the CLI: two firms, their city, the province.

The first firm runs on each backend (the ``db_url`` fixture), the others on SQLite.
"""

from __future__ import annotations

from pathlib import Path

from regsync.app.bootstrap import open_node
from regsync.core.model import Application, Enterprise
from tests.conftest import Cli
from tests.offices import PERSON, USCC1, Office


def _valid_uscc2() -> str:
    from regsync.core.checks.codes import org_code_check_char, uscc_check_char

    body = "91140100" + "MA0GRP1B"
    org = body[8:] + org_code_check_char(body[8:])
    first17 = body[:8] + org
    return first17 + uscc_check_char(first17)


def test_offices_exchange_bundles_both_ways(cli: Cli, tmp_path: Path, db_url: str) -> None:
    uscc2 = _valid_uscc2()
    files = tmp_path / "usb"
    files.mkdir()
    province, city = Office(cli, tmp_path / "p"), Office(cli, tmp_path / "c")
    firm1, firm2 = Office(cli, tmp_path / "e1"), Office(cli, tmp_path / "e2")
    province("init", "--role", "province", "--name", "山西省住建厅")
    city("init", "--role", "city", "--name", "太原市住建局", "--city", "140100")
    firm1(
        "init",
        "--role",
        "enterprise",
        "--name",
        "太原市建筑设计研究院",
        "--uscc",
        USCC1,
        "--city",
        "140100",
        "--db",
        db_url,
    )
    firm2(
        "init",
        "--role",
        "enterprise",
        "--name",
        "晋阳结构设计有限公司",
        "--uscc",
        uscc2,
        "--city",
        "140100",
    )

    # Enrolment by files.
    province("node", "card", "-o", str(files / "p.card"))
    province("node", "certify", str(files / "p.card"), "-o", str(files / "root.cert"))
    city("node", "card", "-o", str(files / "c.card"))
    province("node", "certify", str(files / "c.card"), "-o", str(files / "c.cert"))
    for office in (city, firm1, firm2):
        office("node", "trust", str(files / "root.cert"))
    city("node", "trust", str(files / "c.cert"))
    for n, firm in enumerate((firm1, firm2), start=1):
        firm("node", "card", "-o", str(files / f"e{n}.card"))
        city(
            "node",
            "certify",
            str(files / f"e{n}.card"),
            "-o",
            str(files / f"e{n}.cert"),
            "--enterprise-number",
            f"000{n}",
        )
        firm("node", "trust", str(files / "c.cert"))
        firm("node", "trust", str(files / f"e{n}.cert"))

    # Firm 1 enters an application; both firms send to the city, the city to the province.
    firm1("person", "add", "--id-number", PERSON, "--name", "李四")
    number = firm1(
        "apply", "new", "--kind", "initial", "--specialty", "architect", "--person", PERSON
    )
    c_id, p_id, e1_id = city.node_id, province.node_id, firm1.node_id

    def carry(src: Office, dst: Office, dst_id: str, name: str, *seal: str) -> dict[str, object]:
        path = str(files / name)
        src("bundle", "export", "--to", dst_id, "-o", path, *seal)
        verified = dst.json("bundle", "verify", path)
        imported = dst.json("bundle", "import", path)
        assert isinstance(verified, dict)
        assert isinstance(imported, dict)
        assert verified["new_changes"] == imported["new_changes"]
        return imported

    carry(firm1, city, c_id, "e1-c-1.bpz", "--seal")  # sealed: only the city can read it
    inspected = province.json("bundle", "inspect", str(files / "e1-c-1.bpz"))
    assert isinstance(inspected, dict)
    assert inspected["sealed"] is True
    carry(firm2, city, c_id, "e2-c-1.bpz")
    carry(city, province, p_id, "c-p-1.bpz")
    at_province = province.json("apply", "show", number)
    assert isinstance(at_province, dict)
    assert at_province["application"]["person_id_number"] == PERSON

    # A concurrent edit of the application at the firm and at the city.
    firm1("apply", "edit", number, "--set", "person_name=李四（曾用名）", "--set", "reason=r")
    with open_node(Path(city.home), cli.env) as services, services.unit_of_work() as uow:
        app = uow.get(Application, number)
        assert app is not None
        uow.put(app.replace(person_name="李四"[:1] + "肆"))
        uow.commit()
    imported = carry(firm1, city, c_id, "e1-c-2.bpz")
    assert imported["conflicts"] == [f"application:{number}.person_name"]
    carry(city, firm1, e1_id, "c-e1-1.bpz")
    carry(city, province, p_id, "c-p-2.bpz")

    def state(office: Office) -> tuple[object, object]:
        app = office.json("apply", "show", number)
        assert isinstance(app, dict)
        return app["application"], office.json("conflicts", "list", "--all")

    assert state(firm1) == state(city) == state(province)
    app_now, ledger = state(city)
    assert isinstance(app_now, dict)
    assert app_now["person_name"] == "李肆"  # the city outranks the firm
    assert app_now["reason"] == "r"  # the firm's other field merged
    assert isinstance(ledger, list)
    assert len(ledger) == 1

    # The province resolves it; the resolution travels back to everyone.
    (entry,) = ledger
    province("conflicts", "resolve", entry["id"], "--take", "remote")
    carry(province, city, c_id, "p-c-1.bpz")
    carry(city, firm1, e1_id, "c-e1-2.bpz")
    assert state(firm1) == state(city) == state(province)
    app_now, ledger = state(firm1)
    assert isinstance(app_now, dict)
    assert app_now["person_name"] == "李四（曾用名）"
    assert isinstance(ledger, list)
    assert [c["resolved"] for c in ledger] == [True]

    # Partial replication: firm 1 never sees firm 2; re-importing a bundle is a no-op.
    with open_node(Path(firm1.home), cli.env) as services, services.unit_of_work() as uow:
        assert uow.get(Enterprise, uscc2) is None
    again = firm1.json("bundle", "import", str(files / "c-e1-2.bpz"))
    assert isinstance(again, dict)
    assert (again["new_changesets"], again["duplicates"] > 0) == (0, True)

    # Refusals: a bundle for another node names it; a damaged one is refused whole.
    foreign = cli("bundle", "import", str(files / "c-e1-2.bpz"), "--home", firm2.home)
    assert foreign.code == 1
    assert e1_id in foreign.err
    damaged = files / "damaged.bpz"
    data = bytearray((files / "c-e1-2.bpz").read_bytes())
    data[len(data) // 2] ^= 0x40
    damaged.write_bytes(bytes(data))
    before = firm1.json("log")
    refused = cli("bundle", "import", str(damaged), "--home", firm1.home)
    assert refused.code == 1
    assert refused.err.strip()
    assert firm1.json("log") == before

    # Revoked: the city revokes firm 1; its new bundles are refused at the city.
    city(
        "node",
        "revoke",
        str(files / "e1.cert"),
        "--reason",
        "电脑丢失",
        "-o",
        str(files / "e1.revoked"),
    )
    firm1("apply", "edit", number, "--set", "reason=after revocation")
    firm1("bundle", "export", "--to", c_id, "-o", str(files / "e1-c-3.bpz"))
    before = city.json("log")
    revoked = cli("bundle", "import", str(files / "e1-c-3.bpz"), "--home", city.home)
    assert revoked.code == 1
    assert "电脑丢失" in revoked.err or "吊销" in revoked.err
    assert city.json("log") == before
