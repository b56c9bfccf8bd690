"""Live HTTP sync against a real uvicorn on 127.0.0.1: round trips, cuts, scope."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from regsync.app.bootstrap import open_node
from regsync.core.model import Application, ExamResult, Person
from tests.conftest import Cli
from tests.http_helpers import CuttingProxy, live_server
from tests.offices import PERSON, Office, enrolled_chain
from tests.test_http_security import _second_firm

PERSON2 = "11010519491231002X"
EXAM = "01EXAMRESULT00000000000001"


def _province_writes_exam_result(office: Office, env: dict[str, str]) -> None:
    """A province-scope record (every node receives it); no CLI command writes one yet."""
    with open_node(Path(office.home), env) as s, s.unit_of_work() as uow:
        uow.put(ExamResult(id=EXAM, person_id_number=PERSON2, name="王五", specialty="architect",
                           year=2026, subject="建筑设计", score=72, passed=True))  # fmt: skip
        uow.commit()


def _log(office: Office, env: dict[str, str]) -> list[tuple[str, int, str]]:
    with open_node(Path(office.home), env) as s, s.unit_of_work() as uow:
        return sorted((cs.stream, cs.seq, cs.hash) for cs in uow.store.changesets())


def _heads(office: Office, env: dict[str, str]) -> dict[str, int]:
    with open_node(Path(office.home), env) as s, s.unit_of_work() as uow:
        return uow.store.heads()


def _sync(office: Office, url: str, *extra: str) -> dict[str, object]:
    data = office.json("sync", "--server", url, *extra)
    assert isinstance(data, dict)
    return data


@pytest.mark.postgres
def test_http_hops_and_usb_bundles_end_with_identical_replicas(
    cli: Cli, tmp_path: Path, pg_database: str
) -> None:
    """Firm 1 over HTTP, firm 2 by USB, city <-> province (on PostgreSQL) over HTTP."""
    chain = enrolled_chain(cli, tmp_path, province_db=pg_database)
    firm, city, province = chain.firm, chain.city, chain.province
    firm2, usb = _second_firm(cli, chain, tmp_path), chain.files
    firm("person", "add", "--id-number", PERSON, "--name", "李四")
    number = firm("apply", "new", "--kind", "initial", "--specialty", "architect",
                  "--person", PERSON)  # fmt: skip
    firm2("person", "add", "--id-number", PERSON2, "--name", "王五")
    firm2("bundle", "export", "--to", city.node_id, "-o", str(usb / "up2.bpz"))
    city("bundle", "import", str(usb / "up2.bpz"))
    _province_writes_exam_result(province, cli.env)
    with live_server(city.home, cli.env) as city_url, live_server(province.home, cli.env) as p_url:
        pushed = _sync(firm, city_url)
        assert pushed["sent_changesets"] == len(_log(firm, cli.env))
        province_log = _log(province, cli.env)
        assert _sync(city, p_url)["received_changesets"] == len(province_log)
        assert _sync(firm, city_url)["received_changesets"] >= len(province_log)  # relayed
        again = [_sync(firm, city_url), _sync(city, p_url)]
        assert [d["sent_changesets"] for d in again] == [0, 0]
        assert [d["received_changesets"] for d in again] == [0, 0]
    city("bundle", "export", "--to", firm2.node_id, "-o", str(usb / "down2.bpz"))
    firm2("bundle", "import", str(usb / "down2.bpz"))
    for office in (firm, firm2, city, province):
        with open_node(Path(office.home), cli.env) as s, s.unit_of_work() as uow:
            assert uow.get(ExamResult, EXAM) is not None
            assert (uow.get(Application, number) is not None) is (office is not firm2)
            assert (uow.get(Person, PERSON2) is not None) is (office is not firm)
    assert _log(city, cli.env) == _log(province, cli.env)
    for office in (firm, firm2):
        assert set(_log(office, cli.env)) <= set(_log(city, cli.env))


def test_a_connection_cut_at_random_bytes_loses_and_duplicates_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    firm, city = chain.firm, chain.city
    rng = random.Random(20261127)
    with live_server(city.home, cli.env) as url:
        proxy = CuttingProxy(int(url.rsplit(":", 1)[1]))
        try:
            firm("person", "add", "--id-number", PERSON, "--name", "李四")
            proxy.reset(None)
            _sync(firm, proxy.url)
            whole = proxy.passed  # the bytes of one sync that pushes one changeset
            outcomes = []
            for trial in range(8):
                firm("apply", "new", "--kind", "initial", "--specialty", "architect",
                     "--person", PERSON)  # fmt: skip
                proxy.reset(rng.randrange(1, whole))
                cut = cli("sync", "--server", proxy.url, "--retries", "0", "--home", firm.home)
                outcomes.append(cut.code)
                if cut.code:
                    assert "无法连接同步服务器" in cut.err, cut.err
                proxy.reset(None)
                _sync(firm, proxy.url)  # the next run completes
                log = _log(city, cli.env)
                assert len(log) == len({h for _s, _q, h in log}), f"duplicate at trial {trial}"
                firm_stream = {k: v for k, v in _heads(firm, cli.env).items() if "enterprise" in k}
                city_heads = _heads(city, cli.env)
                assert all(city_heads.get(k) == v for k, v in firm_stream.items())
            assert 1 in outcomes  # some cut did break a sync
        finally:
            proxy.close()
    assert set(_log(firm, cli.env)) <= set(_log(city, cli.env))


def test_an_unreachable_server_keeps_local_data_and_says_so(cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    chain.firm("person", "add", "--id-number", PERSON, "--name", "李四")
    before = _log(chain.firm, cli.env)
    with live_server(chain.city.home, cli.env) as url:
        pass  # the port is free again: nothing listens there now
    result = cli("sync", "--server", url, "--retries", "1", "--backoff", "0.01",
                 "--home", chain.firm.home, "--lang", "en")  # fmt: skip
    assert result.code == 1
    assert "cannot reach the sync server" in result.err
    assert "retry 1" in result.err
    assert _log(chain.firm, cli.env) == before


def test_sync_without_a_server_asks_for_one(cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    result = cli("sync", "--home", chain.firm.home)
    assert result.code == 1
    assert "--server" in result.err
    bad = cli("sync", "--server", "ftp://x", "--home", chain.firm.home, "--lang", "en")
    assert bad.code == 1
    assert "must start with http" in bad.err
