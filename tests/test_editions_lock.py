"""在线上报 needs the identity lock (身份识别锁) on a node whose key is on it (DESIGN §7).

Without the lock the report is refused and nothing changes; with it the report
goes and the city imports the lock-signed bundle.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.editions_helpers import dump, id_number
from tests.lock_helpers import VirtualLock, pcsc
from tests.test_smartcard_e2e import Network, lock, net

__all__ = ["lock", "net", "pcsc"]  # the fixtures, imported for pytest
pytestmark = pytest.mark.usefixtures("pcsc")


def test_reporting_needs_the_lock(net: Network, cli: Cli, lock: VirtualLock) -> None:
    person = id_number(11)
    net.firm("person", "add", "--id-number", person, "--name", "吴十")
    number = net.firm(
        "apply", "new", "--kind", "cancellation", "--specialty", "architect", "--person", person,
        "--set", "registration_cert_no=晋2262301001", "--set", "reason=本人申请注销",
    )  # fmt: skip
    out = net.file("report.bpz")
    lock.stop()
    before = dump(net.firm)
    refused = cli("report", number, "--via", "bundle", "-o", out, "--home", net.firm.home)
    assert refused.code == 1
    assert "no card" in refused.err or "没有卡" in refused.err
    assert dump(net.firm) == before
    assert not Path(out).exists()

    lock.start()
    net.firm("report", number, "--via", "bundle", "-o", out)
    net.city("bundle", "import", out)
    at_city = net.city.json("apply", "show", number)
    assert isinstance(at_city, dict)
    assert at_city["application"]["stage"] == "reported"


def test_reporting_over_http_is_signed_by_the_lock(
    net: Network, cli: Cli, lock: VirtualLock
) -> None:
    from tests.http_helpers import live_server

    person = id_number(13)
    net.firm("person", "add", "--id-number", person, "--name", "王十二")
    number = net.firm(
        "apply", "new", "--kind", "cancellation", "--specialty", "architect", "--person", person,
        "--set", "registration_cert_no=晋2262301002", "--set", "reason=本人申请注销",
    )  # fmt: skip
    with live_server(net.city.home, cli.env) as url:
        lock.stop()
        before = dump(net.firm)
        refused = cli("report", number, "--via", "http", "--server", url, "--retries", "0",
                      "--home", net.firm.home)  # fmt: skip
        assert refused.code == 1
        assert dump(net.firm) == before
        lock.start()
        net.firm("report", number, "--via", "http", "--server", url)
    at_city = net.city.json("apply", "show", number)
    assert isinstance(at_city, dict)
    assert at_city["application"]["stage"] == "reported"
