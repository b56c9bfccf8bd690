"""Offices for end-to-end tests: nodes driven through ``main(argv)``, enrolled by files."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from regsync.app.bootstrap import Services
from regsync.sync.peer import NodeLink, resolve_peer
from regsync.sync.session import SyncOutcome, drive, push_pull
from tests.conftest import Cli

PASSPHRASE = "测试口令 test passphrase"  # what the Cli fixture's environment holds

USCC1 = "91140100MA0GRP138M"
PERSON = "14010019800101001X"


class Office:
    """One node's home, driven through the CLI."""

    def __init__(self, cli: Cli, home: Path) -> None:
        self.cli, self.home = cli, str(home)

    def __call__(self, *argv: str) -> str:
        return self.cli.ok(*argv, "--home", self.home)

    def json(self, *argv: str) -> object:
        return json.loads(self.cli.ok("--json", *argv, "--home", self.home))

    @property
    def node_id(self) -> str:
        data = self.json("node", "show")
        assert isinstance(data, dict)
        return str(data["node_id"])


@dataclasses.dataclass
class Chain:
    """A province, one city and one enterprise of it, enrolled; ``files`` is the USB stick."""

    province: Office
    city: Office
    firm: Office
    files: Path


def enrolled_chain(
    cli: Cli,
    tmp_path: Path,
    firm_db: str | None = None,
    *,
    city_db: str | None = None,
    province_db: str | None = None,
) -> Chain:
    """Create the three nodes and enrol them: province -> city -> enterprise 0001."""
    files = tmp_path / "usb"
    files.mkdir()
    province, city = Office(cli, tmp_path / "p"), Office(cli, tmp_path / "c")
    firm = Office(cli, tmp_path / "e1")
    province("init", "--role", "province", "--name", "山西省住建厅",
             *(["--db", province_db] if province_db else []))  # fmt: skip
    city("init", "--role", "city", "--name", "太原市住建局", "--city", "140100",
         *(["--db", city_db] if city_db else []))  # fmt: skip
    db = ["--db", firm_db] if firm_db else []
    firm("init", "--role", "enterprise", "--name", "太原市建筑设计研究院", "--uscc", USCC1,
         "--city", "140100", *db)  # fmt: skip
    province("node", "card", "-o", str(files / "p.card"))
    province("node", "certify", str(files / "p.card"), "-o", str(files / "root.cert"))
    city("node", "card", "-o", str(files / "c.card"))
    province("node", "certify", str(files / "c.card"), "-o", str(files / "c.cert"))
    for office in (city, firm):
        office("node", "trust", str(files / "root.cert"))
    city("node", "trust", str(files / "c.cert"))
    firm("node", "card", "-o", str(files / "e1.card"))
    city("node", "certify", str(files / "e1.card"), "-o", str(files / "e1.cert"),
         "--enterprise-number", "0001")  # fmt: skip
    firm("node", "trust", str(files / "c.cert"))
    firm("node", "trust", str(files / "e1.cert"))
    return Chain(province, city, firm, files)


def link(me: Services, peer: Office) -> NodeLink:
    """``me``'s side of a sync with ``peer``."""
    writer, key = resolve_peer(me.trust(), peer.node_id)
    return NodeLink(me, writer, key, lambda: me.signer(PASSPHRASE))


def sync(a: Services, a_office: Office, b: Services, b_office: Office, tmp: Path) -> SyncOutcome:
    """One push and pull between two nodes in this process (the HTTP session, minus HTTP)."""
    return drive(
        push_pull(link(a, b_office), tmp / "push.bpz"), link(b, a_office), tmp / "reply.bpz"
    )
