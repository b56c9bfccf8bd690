"""在线上报 over live HTTP: the enterprise reports to its city's server, the city's
decision comes back with ``regsync sync``, and ``regsync status`` shows it.

The enterprise runs on each backend (the ``db_url`` fixture); the city serves with a
real uvicorn (tests/http_helpers.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from regsync.app.bootstrap import open_node
from tests.conftest import Cli
from tests.editions_helpers import city_decides, dump, id_number
from tests.http_helpers import live_server
from tests.offices import enrolled_chain


def test_report_online_and_the_decision_comes_back(cli: Cli, tmp_path: Path, db_url: str) -> None:
    chain = enrolled_chain(cli, tmp_path, firm_db=db_url)
    firm = chain.firm
    person = id_number(12)
    firm("person", "add", "--id-number", person, "--name", "郑十一")
    number = firm(
        "apply",
        "new",
        "--kind",
        "amend_reissue",
        "--specialty",
        "structural",
        "--person",
        person,
        "--set",
        "registration_cert_no=晋2262301001",
        "--set",
        "reason=补办",
        "--reissue",
        "both",
        "--loss-newspaper",
        "山西日报",
        "--loss-date",
        "2020-01-05",
    )
    with live_server(chain.city.home, cli.env) as url:
        # A server that does not answer: refused before anything is reported.
        before = dump(firm)
        down = cli(
            "report",
            number,
            "--server",
            "http://127.0.0.1:9",
            "--retries",
            "0",
            "--home",
            firm.home,
        )
        assert down.code == 1
        assert dump(firm) == before

        reported: Any = firm.json("report", number, "--via", "http", "--server", url)
        assert reported["reported"] == [number]
        at_city: Any = chain.city.json("apply", "show", number)
        assert at_city["application"]["stage"] == "reported"

        with open_node(Path(chain.city.home), cli.env) as city:
            city_decides(city, number, passed=True, opinion="同意上报")
        firm("sync", "--server", url)
    (status,) = firm.json("status", number)  # type: ignore[misc]
    assert status["stage"] == "forwarded"
    assert (status["review"]["passed"], status["review"]["opinion"]) == (True, "同意上报")
