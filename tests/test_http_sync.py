"""Live HTTP sync against a real uvicorn on 127.0.0.1: round trips, cuts, scope."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from regsync.app.bootstrap import open_node
from regsync.core.model import Application, ExamResult, Person
from tests.conftest import Cli
from tests.http_helpers import CuttingProxy, live_server
from tests.offices import PERSON, Chain, Office, enrolled_chain
from tests.test_http_security import _second_firm

PERSON2 = "11010519491231002X"
EXAM = "01EXAMRESULT00000000000001"


def _province_writes_exam_result(office: Office, env: dict[str, str], key: str = EXAM) -> None:
    """A province-scope record (every node receives it); no CLI command writes one yet."""
    with open_node(Path(office.home), env) as s, s.unit_of_work() as uow:
        uow.put(ExamResult(id=key, person_id_number=PERSON2, name="王五", specialty="architect",
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


def _new_on_both_sides(chain: Chain, cli: Cli, n: int) -> None:
    """Something for the firm to push (an application) and to pull (a province record,
    carried to the city by USB)."""
    chain.firm("apply", "new", "--kind", "initial", "--specialty", "architect",
               "--person", PERSON)  # fmt: skip
    _province_writes_exam_result(chain.province, cli.env, f"{EXAM[:-2]}{n:02d}")
    usb = str(chain.files / f"p{n}.bpz")
    chain.province("bundle", "export", "--to", chain.city.node_id, "-o", usb)
    chain.city("bundle", "import", usb)


def _check_complete(firm: Office, city: Office, env: dict[str, str]) -> None:
    """Both logs without duplicates; each holds the other's streams up to the same head."""
    for office in (firm, city):
        log = _log(office, env)
        assert len(log) == len({h for _s, _q, h in log})
    firm_heads, city_heads = _heads(firm, env), _heads(city, env)
    pushed = {k: v for k, v in firm_heads.items() if k.startswith(firm.node_id)}
    pulled = {k: v for k, v in city_heads.items() if k.endswith("/province")}
    assert pushed
    assert pulled
    assert all(city_heads.get(k) == v for k, v in pushed.items())
    assert all(firm_heads.get(k) == v for k, v in pulled.items())


def test_a_connection_cut_at_random_bytes_loses_and_duplicates_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    firm, city = chain.firm, chain.city
    firm("person", "add", "--id-number", PERSON, "--name", "李四")
    rng = random.Random(20261127)
    with live_server(city.home, cli.env) as url:
        proxy = CuttingProxy(int(url.rsplit(":", 1)[1]))
        try:
            _sync(firm, url)  # the first sync carries the offices' set-up records too
            _new_on_both_sides(chain, cli, 99)
            proxy.reset(None)
            _sync(firm, proxy.url)
            whole = proxy.passed  # the bytes, both ways, of a sync that pushes and pulls one
            outcomes = []
            # anywhere in the exchange: the requests, or the answer after the server
            # committed the push (sizes vary a little from sync to sync)
            offsets = [rng.randrange(1, whole) for _ in range(8)]
            assert max(offsets) > whole * 0.8  # some cuts fall in the answer bundle
            for trial, offset in enumerate(offsets):
                _new_on_both_sides(chain, cli, trial)
                proxy.reset(offset)
                cut = cli("sync", "--server", proxy.url, "--retries", "0", "--home", firm.home)
                outcomes.append(cut.code)
                if cut.code:
                    assert "无法连接同步服务器" in cut.err, cut.err
                proxy.reset(None)
                _sync(firm, proxy.url)  # the next run completes
                _check_complete(firm, city, cli.env)
            assert outcomes.count(1) >= 6  # the cuts did break syncs
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
