"""Nodes whose key is on the identity lock, driven through ``main(argv)``.

The firm (身份识别锁) and, in the last test, the city (管理锁) keep their key on a
virtual lock that ``regsync lock emulate`` puts into pcscd's vpcd reader.  A bundle
signed by the lock imports at the city; without the lock, with a wrong PIN, with a
blocked lock or with the lock pulled out mid-signature nothing is exported and
nothing changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from regsync.app.bootstrap import open_node
from regsync.core.model import Application
from tests.conftest import Cli
from tests.lock_helpers import PIN, VirtualLock, pcsc, wait_for
from tests.offices import USCC1, Office

__all__ = ["pcsc"]  # the fixture, imported for pytest
pytestmark = pytest.mark.usefixtures("pcsc")
PERSON = "14010019800101001X"


@pytest.fixture
def lock(cli: Cli, tmp_path: Path) -> Iterator[VirtualLock]:
    cli.env["REGSYNC_LOCK_PIN"] = PIN
    state = tmp_path / "firm.lock"
    cli.ok("lock", "init", "--state", str(state), "--unit", "太原市建筑设计研究院")
    virtual = VirtualLock(state, {})
    virtual.start()
    yield virtual
    virtual.stop()


class Network:
    """Province and city on key files, the firm on the lock; enrolled by files."""

    def __init__(self, cli: Cli, tmp_path: Path) -> None:
        self.cli, self.files = cli, tmp_path / "usb"
        self.files.mkdir()
        self.province = Office(cli, tmp_path / "p")
        self.city = Office(cli, tmp_path / "c")
        self.firm = Office(cli, tmp_path / "e")
        self.province("init", "--role", "province", "--name", "山西省住建厅")
        self.city("init", "--role", "city", "--name", "太原市住建局", "--city", "140100")
        firm_args = ("--role", "enterprise", "--name", "太原市建筑设计研究院", "--uscc", USCC1)
        self.firm("init", *firm_args, "--city", "140100", "--signer", "smartcard")

    def file(self, name: str) -> str:
        return str(self.files / name)

    def enrol(self) -> None:
        p, c, e = self.province, self.city, self.firm
        p("node", "card", "-o", self.file("p.card"))
        p("node", "certify", self.file("p.card"), "-o", self.file("root.cert"))
        c("node", "card", "-o", self.file("c.card"))
        p("node", "certify", self.file("c.card"), "-o", self.file("c.cert"))
        for office in (c, e):
            office("node", "trust", self.file("root.cert"))
        c("node", "trust", self.file("c.cert"))
        e("node", "card", "-o", self.file("e.card"))
        c(
            "node",
            "certify",
            self.file("e.card"),
            "-o",
            self.file("e.cert"),
            "--enterprise-number",
            "0001",
        )
        e("node", "trust", self.file("c.cert"))
        e("node", "trust", self.file("e.cert"))

    def application(self) -> str:
        self.firm("person", "add", "--id-number", PERSON, "--name", "李四")
        return self.firm(
            "apply", "new", "--kind", "initial", "--specialty", "architect", "--person", PERSON
        )

    def export(self, name: str, *extra: str) -> tuple[int, str]:
        """Export from the firm to the city; the code and stderr."""
        args = ("bundle", "export", "--to", self.city.node_id, "-o", self.file(name), *extra)
        result = self.cli(*args, "--home", self.firm.home)
        return result.code, result.err

    def leftovers(self) -> list[str]:
        """Files on the USB stick apart from the enrolment files."""
        return sorted(p.name for p in self.files.iterdir() if p.suffix not in {".card", ".cert"})


@pytest.fixture
def net(cli: Cli, tmp_path: Path, lock: VirtualLock) -> Network:
    network = Network(cli, tmp_path)
    network.enrol()
    return network


def test_the_firm_key_is_the_lock_key_and_its_bundle_imports_at_the_city(
    net: Network, cli: Cli
) -> None:
    shown = net.firm.json("lock", "show")
    node = net.firm.json("node", "show")
    assert isinstance(shown, dict)
    assert isinstance(node, dict)
    assert node["public_key"] == shown["public_key"]
    assert shown["unit"] == "太原市建筑设计研究院"
    assert not (Path(net.firm.home) / "node.key").exists()  # no key on the laptop
    config = json.loads((Path(net.firm.home) / "config.json").read_text(encoding="utf-8"))
    assert config["signer"] == "smartcard"

    number = net.application()
    assert net.export("e-c.bpz") == (0, "")
    imported = net.city.json("bundle", "import", net.file("e-c.bpz"))
    assert isinstance(imported, dict)
    assert imported["new_changes"] > 0
    at_city = net.city.json("apply", "show", number)
    assert isinstance(at_city, dict)
    assert at_city["application"]["person_id_number"] == PERSON
    # The city relays the firm's lock-signed head; the province verifies the firm's key.
    net.province("node", "trust", net.file("c.cert"))
    net.city("bundle", "export", "--to", net.province.node_id, "-o", net.file("c-p.bpz"))
    net.province("bundle", "import", net.file("c-p.bpz"))
    at_province = net.province.json("apply", "show", number)
    assert isinstance(at_province, dict)
    assert at_province["application"]["person_name"] == "李四"


def test_without_the_lock_or_with_another_one_nothing_is_exported(
    net: Network, cli: Cli, lock: VirtualLock, tmp_path: Path
) -> None:
    net.application()
    lock.stop()
    code, err = net.export("none.bpz")
    assert code == 1
    assert "no card" in err or "没有卡" in err
    other = tmp_path / "other.lock"
    cli.ok("lock", "init", "--state", str(other), "--unit", "另一家设计院")
    stranger = VirtualLock(other, {})
    stranger.start()
    try:
        code, err = net.export("stranger.bpz")
        assert code == 1
        assert "另一家设计院" in err  # the wrong lock names the unit it was issued to
    finally:
        stranger.stop()
        lock.start()
    assert net.leftovers() == []


def test_wrong_pin_then_blocked_exports_nothing(net: Network, cli: Cli) -> None:
    net.application()
    log_before = net.firm.json("log")
    cli.env["REGSYNC_LOCK_PIN"] = "135790"
    code, err = net.export("wrong.bpz")
    assert code == 1
    assert "还可尝试 2 次" in err
    cli.env["WRONG_PIN"] = "975310"
    code, err = net.export("wrong2.bpz", "--pin-env", "WRONG_PIN", "--lang", "en")
    assert (code, "1 tries left" in err) == (1, True)
    code, err = net.export("wrong3.bpz")
    assert code == 1
    assert "已被锁定" in err
    cli.env["REGSYNC_LOCK_PIN"] = PIN
    code, err = net.export("right-but-blocked.bpz")
    assert code == 1
    assert "已被锁定" in err
    shown = net.firm.json("lock", "show")
    assert isinstance(shown, dict)
    assert (shown["blocked"], shown["tries_left"]) == (True, 0)
    assert net.leftovers() == []
    assert net.firm.json("log") == log_before


def test_lock_pulled_out_during_the_bundle_signature(net: Network, lock: VirtualLock) -> None:
    net.application()
    log_before = net.firm.json("log")
    lock.stop()
    # Signature 1 is the stream head, signature 2 the bundle: pull the lock out there.
    lock.start("--eject-on-sign", "2")
    code, err = net.export("pulled.bpz")
    assert code == 1
    assert "拔出" in err
    assert lock.exited()
    lock.stop()
    assert net.leftovers() == []  # no bundle and no temporary file
    assert net.firm.json("log") == log_before
    lock.start()
    assert net.export("after.bpz") == (0, "")  # back in the reader, the export works


def test_a_sealed_bundle_opens_only_with_the_lock_and_its_pin(
    net: Network, cli: Cli, lock: VirtualLock
) -> None:
    number = net.application()
    net.export("e-c.bpz")
    net.city("bundle", "import", net.file("e-c.bpz"))
    with open_node(Path(net.city.home), cli.env) as services, services.unit_of_work() as uow:
        app = uow.get(Application, number)  # a correction at the city, for the firm
        assert app is not None
        uow.put(app.replace(person_name="李肆"))
        uow.commit()
    net.city("bundle", "export", "--to", net.firm.node_id, "-o", net.file("sealed.bpz"), "--seal")
    log_before = net.firm.json("log")
    cli.env["REGSYNC_LOCK_PIN"] = "135790"
    wrong = net.cli("bundle", "import", net.file("sealed.bpz"), "--home", net.firm.home)
    assert (wrong.code, "还可尝试 2 次" in wrong.err) == (1, True)
    lock.stop()
    cli.env["REGSYNC_LOCK_PIN"] = PIN
    absent = net.cli("bundle", "import", net.file("sealed.bpz"), "--home", net.firm.home)
    assert (absent.code, "没有卡" in absent.err) == (1, True)
    assert net.firm.json("log") == log_before
    lock.start()
    imported = net.firm.json("bundle", "import", net.file("sealed.bpz"))
    assert isinstance(imported, dict)
    assert imported["new_changesets"] == 1
    shown = net.firm.json("apply", "show", number)
    assert isinstance(shown, dict)
    assert shown["application"]["person_name"] == "李肆"


def test_a_city_with_a_management_lock_certifies_its_firms(cli: Cli, tmp_path: Path) -> None:
    cli.env["REGSYNC_LOCK_PIN"] = PIN
    state = tmp_path / "city.lock"
    cli.ok("lock", "init", "--state", str(state), "--unit", "太原市住房和城乡建设局")
    files = tmp_path / "usb"
    files.mkdir()
    province, city = Office(cli, tmp_path / "p"), Office(cli, tmp_path / "c")
    firm = Office(cli, tmp_path / "e")
    province("init", "--role", "province", "--name", "山西省住建厅")
    firm("init", "--role", "enterprise", "--name", "太原设计", "--uscc", USCC1, "--city", "140100")
    lock = VirtualLock(state, {})
    lock.start()
    try:
        city(
            "init",
            "--role",
            "city",
            "--name",
            "太原市住建局",
            "--city",
            "140100",
            "--signer",
            "smartcard",
        )
        province("node", "card", "-o", str(files / "p.card"))
        province("node", "certify", str(files / "p.card"), "-o", str(files / "root.cert"))
        city("node", "card", "-o", str(files / "c.card"))
        province("node", "certify", str(files / "c.card"), "-o", str(files / "c.cert"))
        city("node", "trust", str(files / "root.cert"))
        city("node", "trust", str(files / "c.cert"))
        firm("node", "card", "-o", str(files / "e.card"))
        city(
            "node",
            "certify",
            str(files / "e.card"),
            "-o",
            str(files / "e.cert"),
            "--enterprise-number",
            "0007",
        )
    finally:
        lock.stop()
    # Without the lock the city cannot certify; nothing is written.
    refused = cli(
        "node",
        "certify",
        str(files / "e.card"),
        "-o",
        str(files / "again.cert"),
        "--enterprise-number",
        "0008",
        "--home",
        city.home,
    )
    assert refused.code == 1
    assert not (files / "again.cert").exists()
    firm("node", "trust", str(files / "root.cert"))
    firm("node", "trust", str(files / "c.cert"))
    installed = firm.json("node", "trust", str(files / "e.cert"))
    assert isinstance(installed, dict)
    assert installed["role"] == "enterprise"
    assert len(installed["chain"]) == 2  # the firm's certificate, signed by the city's lock


def test_init_on_the_lock_fails_cleanly_without_it_or_with_a_wrong_pin(
    cli: Cli, tmp_path: Path
) -> None:
    wait_for("none")
    home = tmp_path / "firm"
    firm_args = (
        "--role",
        "enterprise",
        "--name",
        "太原设计院",
        "--uscc",
        USCC1,
        "--city",
        "140100",
    )
    absent = cli("init", *firm_args, "--signer", "smartcard", "--home", str(home))
    assert absent.code == 1
    assert "没有卡" in absent.err
    assert not home.exists()
    cli.env["REGSYNC_LOCK_PIN"] = PIN
    state = tmp_path / "firm.lock"
    cli.ok("lock", "init", "--state", str(state), "--tries", "5")
    lock = VirtualLock(state, {})
    lock.start()
    try:
        cli.env["REGSYNC_LOCK_PIN"] = "135790"
        wrong = cli("init", *firm_args, "--signer", "smartcard", "--home", str(home))
        assert (wrong.code, "还可尝试 4 次" in wrong.err) == (1, True)
        assert not home.exists()
        cli.env["REGSYNC_LOCK_PIN"] = PIN
        cli.ok("init", *firm_args, "--signer", "smartcard", "--home", str(home))
        # no key file on the PC: the config, the database and the audit log of init's writes
        assert sorted(p.name for p in home.iterdir()) == ["config.json", "logs", "regsync.db"]
    finally:
        lock.stop()
