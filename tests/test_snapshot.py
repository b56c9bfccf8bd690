"""A snapshot bundle starts a new node: a firm's replacement laptop catches up from
its city after the city compacted its log, then syncs on as if it had the log."""

from __future__ import annotations

from pathlib import Path

from regsync.app.bootstrap import open_node
from regsync.core.model import Application, Enterprise
from tests.conftest import Cli
from tests.offices import PERSON, USCC1, Office, enrolled_chain


def _records(cli: Cli, office: Office) -> dict[str, object]:
    with open_node(Path(office.home), cli.env) as s, s.unit_of_work() as uow:
        return {
            "applications": uow.find(Application),
            "enterprise": uow.get(Enterprise, USCC1),
        }


def _db_dump(cli: Cli, office: Office) -> list[tuple[object, ...]]:
    with open_node(Path(office.home), cli.env) as s, s.unit_of_work() as uow:
        return [(cs.stream, cs.seq, cs.hash) for cs in uow.store.changesets()]


def test_a_new_firm_node_starts_from_the_citys_snapshot(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    city, old, usb = chain.city, chain.firm, chain.files
    old("person", "add", "--id-number", PERSON, "--name", "李四")
    number = old("apply", "new", "--kind", "initial", "--specialty", "architect",
                 "--person", PERSON)  # fmt: skip
    old("bundle", "export", "--to", city.node_id, "-o", str(usb / "e-c.bpz"))
    city("bundle", "import", str(usb / "e-c.bpz"))
    city("bundle", "export", "--to", old.node_id, "-o", str(usb / "c-e.bpz"))
    old("bundle", "import", str(usb / "c-e.bpz"))
    province = chain.province
    for _ in range(2):  # the acknowledgements need a round trip to come back
        city("bundle", "export", "--to", province.node_id, "-o", str(usb / "c-p.bpz"))
        province("bundle", "import", str(usb / "c-p.bpz"))
        province("bundle", "export", "--to", city.node_id, "-o", str(usb / "p-c.bpz"))
        city("bundle", "import", str(usb / "p-c.bpz"))
    compacted = city.json("compact")
    assert isinstance(compacted, dict)
    assert compacted["dropped"] > 0

    # The old laptop is lost.  A new node of the same firm is enrolled by the city.
    new = Office(cli, tmp_path / "e1-new")
    new("init", "--role", "enterprise", "--name", "太原市建筑设计研究院", "--uscc", USCC1,
        "--city", "140100", "--db", db_url)  # fmt: skip
    new("node", "trust", str(usb / "root.cert"))
    new("node", "trust", str(usb / "c.cert"))
    new("node", "card", "-o", str(usb / "new.card"))
    city("node", "certify", str(usb / "new.card"), "-o", str(usb / "new.cert"),
         "--enterprise-number", "0001")  # fmt: skip
    new("node", "trust", str(usb / "new.cert"))

    # Its log no longer holds what the new node lacks: changes cannot catch it up.
    lacking = cli("bundle", "export", "--to", new.node_id, "-o", str(usb / "x.bpz"),
                  "--home", city.home)  # fmt: skip
    assert lacking.code == 1
    assert "--snapshot" in lacking.err
    snap = str(usb / "snapshot.bpz")
    out = city.json("bundle", "export", "--to", new.node_id, "--snapshot", "--seal", "-o", snap)
    assert isinstance(out, dict)
    assert out["snapshot"] is True
    verified = new.json("bundle", "verify", snap)
    assert isinstance(verified, dict)
    assert _db_dump(cli, new) != []  # a dry run writes nothing: init's own changes remain
    started = new.json("bundle", "import", snap)
    assert isinstance(started, dict)
    assert started["records"] == verified["records"] > 0
    assert started["rewritten"] == 1  # its own directory entry; the firm came from the city

    at_city, at_new = _records(cli, city), _records(cli, new)
    assert at_new == at_city
    assert isinstance(at_new["enterprise"], Enterprise)
    assert at_new["enterprise"].enterprise_number == "0001"

    # The new node goes on: an edit reaches the city and merges plainly.
    new("apply", "edit", number, "--set", "person_name=李四（新）")
    new("bundle", "export", "--to", city.node_id, "-o", str(usb / "n-c.bpz"))
    imported = city.json("bundle", "import", str(usb / "n-c.bpz"))
    assert isinstance(imported, dict)
    assert imported["conflicts"] == []
    assert _records(cli, city) == _records(cli, new)


def test_snapshots_are_refused_from_the_wrong_sender_or_into_a_synced_node(
    cli: Cli, tmp_path: Path
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    city, firm, usb = chain.city, chain.firm, chain.files
    # A firm has no authority over its city.
    firm("bundle", "export", "--to", city.node_id, "--snapshot", "-o", str(usb / "bad.bpz"))
    before = _db_dump(cli, city)
    refused = cli("bundle", "import", str(usb / "bad.bpz"), "--home", city.home)
    assert refused.code == 1
    assert "管辖权" in refused.err
    assert _db_dump(cli, city) == before

    # A node that has synced cannot be replaced wholesale.
    firm("bundle", "export", "--to", city.node_id, "-o", str(usb / "e-c.bpz"))
    city("bundle", "import", str(usb / "e-c.bpz"))
    city("bundle", "export", "--to", firm.node_id, "--snapshot", "-o", str(usb / "s.bpz"))
    city("bundle", "export", "--to", firm.node_id, "-o", str(usb / "c-e.bpz"))
    firm("bundle", "import", str(usb / "c-e.bpz"))
    firm_before = _db_dump(cli, firm)
    refused = cli("--lang", "en", "bundle", "import", str(usb / "s.bpz"), "--home", firm.home)
    assert refused.code == 1
    assert "already synced" in refused.err
    assert _db_dump(cli, firm) == firm_before
