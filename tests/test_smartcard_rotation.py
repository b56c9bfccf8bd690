"""A firm moves its key from a key file to the identity lock (``node rotate-key``).

What the old key signed before the handover keeps verifying (the city relays the
firm's old head to the province; a bundle still on its way imports); after it the
firm signs with the lock, under a new certificate.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.lock_helpers import PIN, VirtualLock, pcsc
from tests.offices import USCC1, Office

__all__ = ["pcsc"]  # the fixture, imported for pytest
pytestmark = pytest.mark.usefixtures("pcsc")
PERSON, PERSON2 = "14010019800101001X", "11010519491231002X"


def test_a_firm_moves_from_its_key_file_to_the_lock(cli: Cli, tmp_path: Path) -> None:
    cli.env["REGSYNC_LOCK_PIN"] = PIN
    usb = tmp_path / "usb"
    usb.mkdir()

    def f(name: str) -> str:
        return str(usb / name)

    province, city = Office(cli, tmp_path / "p"), Office(cli, tmp_path / "c")
    firm = Office(cli, tmp_path / "e")
    province("init", "--role", "province", "--name", "山西省住建厅")
    city("init", "--role", "city", "--name", "太原市住建局", "--city", "140100")
    firm(
        "init", "--role", "enterprise", "--name", "太原设计院", "--uscc", USCC1, "--city", "140100"
    )
    province("node", "card", "-o", f("p.card"))
    province("node", "certify", f("p.card"), "-o", f("root.cert"))
    city("node", "card", "-o", f("c.card"))
    province("node", "certify", f("c.card"), "-o", f("c.cert"))
    for office in (city, firm):
        office("node", "trust", f("root.cert"))
    city("node", "trust", f("c.cert"))
    province("node", "trust", f("c.cert"))
    firm("node", "card", "-o", f("e.card"))
    city("node", "certify", f("e.card"), "-o", f("e.cert"), "--enterprise-number", "0001")
    firm("node", "trust", f("c.cert"))
    firm("node", "trust", f("e.cert"))

    # Before the rotation: data signed by the key file reaches the city; one more
    # bundle is made and stays on the USB stick for a while.
    firm("person", "add", "--id-number", PERSON, "--name", "李四")
    firm("bundle", "export", "--to", city.node_id, "-o", f("old-1.bpz"))
    city("bundle", "import", f("old-1.bpz"))
    firm("person", "add", "--id-number", PERSON2, "--name", "王五")
    firm("bundle", "export", "--to", city.node_id, "-o", f("old-2.bpz"))
    old_key = firm.json("node", "show")["public_key"]  # type: ignore[index]

    state = tmp_path / "firm.lock"
    cli.ok("lock", "init", "--state", str(state), "--unit", "太原设计院")
    lock = VirtualLock(state, {})
    lock.start()
    try:
        rotated = firm.json("node", "rotate-key", "--signer", "smartcard", "-o", f("e.handover"))
        assert isinstance(rotated, dict)
        node = firm.json("node", "show")
        assert isinstance(node, dict)
        lock_key = firm.json("lock", "show")["public_key"]  # type: ignore[index]
        assert node["public_key"] == lock_key != old_key
        retired = [p.name for p in Path(firm.home).iterdir() if "retired" in p.name]
        assert retired == [f"node.key.retired-{old_key[:16]}"]
        assert not (Path(firm.home) / "node.key").exists()

        # The handover travels to every office; the old bundle still imports (old data).
        for office in (city, province):
            office("node", "trust", f("e.handover"))
        city("bundle", "import", f("old-2.bpz"))
        # The city relays the firm's old-key head to the province: it verifies.
        city("bundle", "export", "--to", province.node_id, "-o", f("c-p-1.bpz"))
        province("bundle", "import", f("c-p-1.bpz"))
        listed = province("person", "list")
        assert PERSON in listed
        assert PERSON2 in listed

        # Until the city certifies the new key, the firm's new bundles are refused.
        firm("apply", "new", "--kind", "initial", "--specialty", "architect", "--person", PERSON)
        firm("bundle", "export", "--to", city.node_id, "-o", f("new-uncertified.bpz"))
        refused = cli("bundle", "import", f("new-uncertified.bpz"), "--home", city.home)
        assert refused.code == 1
        assert "不可信" in refused.err  # the new key has no certificate yet
        firm("node", "card", "-o", f("e2.card"))
        city("node", "certify", f("e2.card"), "-o", f("e2.cert"), "--enterprise-number", "0001")
        firm("node", "trust", f("e2.cert"))
        firm("bundle", "export", "--to", city.node_id, "-o", f("new.bpz"))
        imported = city.json("bundle", "import", f("new.bpz"))
        assert isinstance(imported, dict)
        assert imported["new_changesets"] >= 2  # the application and the new directory key
        city("bundle", "export", "--to", province.node_id, "-o", f("c-p-2.bpz"))
        province("bundle", "import", f("c-p-2.bpz"))
    finally:
        lock.stop()
    # Without the lock the rotated firm signs nothing (its old key file is retired).
    gone = cli(
        "bundle", "export", "--to", city.node_id, "-o", f("no-lock.bpz"), "--home", firm.home
    )
    assert gone.code == 1
    assert not (usb / "no-lock.bpz").exists()
