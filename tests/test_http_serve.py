"""``regsync serve`` as users run it (a process, several workers on PostgreSQL), and the
enrolment path over HTTP: ``init --server`` fetches the directory, ``node enrol``."""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from regsync.app.bootstrap import open_node
from regsync.app.home import read_config, write_config
from tests.conftest import Cli
from tests.http_helpers import live_server
from tests.offices import PERSON, Chain, Office, enrolled_chain
from tests.test_http_security import _second_firm, _signed

SERVE = "from regsync.app.cli.main import run; run()"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def pg_chain(cli: Cli, tmp_path: Path, pg_database: str) -> Chain:
    return enrolled_chain(cli, tmp_path, city_db=pg_database)


@contextmanager
def serving(
    home: str, env: dict[str, str], *extra: str, verify: str | bool = True
) -> Iterator[str]:
    """``regsync serve`` in its own process until the block ends; yields its URL."""
    port = _free_port()
    argv = ["serve", "--port", str(port), "--home", home, *extra]
    command = [sys.executable, "-c", SERVE, *argv]
    proc = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)  # fmt: skip
    url = f"{'https' if '--certfile' in extra else 'http'}://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "regsync serve did not come up"
            try:
                if httpx.get(url + "/v1/health", verify=verify).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(30)
        if proc.stderr:
            proc.stderr.close()


@pytest.fixture
def served_city(pg_chain: Chain, cli: Cli) -> Iterator[str]:
    """``regsync serve --workers 2`` over the city's PostgreSQL database, in a process."""
    with serving(pg_chain.city.home, cli.env, "--workers", "2") as url:
        yield url


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_serve_speaks_tls_with_certfile_and_keyfile(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)  # fmt: skip
    tls = ("--certfile", str(cert), "--keyfile", str(key))
    with serving(
        chain.city.home, cli.env, *tls, verify=ssl.create_default_context(cafile=cert)
    ) as url:
        assert url.startswith("https://")
        refused = cli("sync", "--server", url, "--retries", "0", "--home", chain.firm.home)
        assert refused.code == 1  # the private CA is not trusted yet
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # how a node trusts a private CA
        chain.firm("person", "add", "--id-number", PERSON, "--name", "李四")
        assert chain.firm.json("sync", "--server", url)["sent_changesets"] > 0  # type: ignore[index]


def _sync_in_thread(office: Office, url: str, errors: list[str]) -> threading.Thread:
    """``regsync sync`` as a separate process, so two firms really sync at once."""

    def run() -> None:
        for _ in range(2):
            argv = [sys.executable, "-c", SERVE, "sync", "--server", url, "--home", office.home]
            env = {**os.environ, **office.cli.env}
            done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
            if done.returncode:
                errors.append(done.stderr)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.postgres
@pytest.mark.slow
def test_two_workers_on_postgres_serve_concurrent_firms_alike(
    pg_chain: Chain, served_city: str, cli: Cli, tmp_path: Path
) -> None:
    firm, firm2 = pg_chain.firm, _second_firm(cli, pg_chain, tmp_path)
    firm("person", "add", "--id-number", PERSON, "--name", "李四")
    firm2("person", "add", "--id-number", "11010519491231002X", "--name", "王五")
    errors: list[str] = []
    threads = [_sync_in_thread(office, served_city, errors) for office in (firm, firm2)]
    for thread in threads:
        thread.join(120)
    assert errors == []
    with open_node(Path(pg_chain.city.home), cli.env) as s, s.unit_of_work() as uow:
        log = uow.store.changesets()
        heads = uow.store.heads()
    assert len(log) == len({cs.hash for cs in log})
    for office in (firm, firm2):
        with open_node(Path(office.home), cli.env) as s, s.unit_of_work() as uow:
            own = {k: v for k, v in uow.store.heads().items() if k.startswith(s.node.node_id)}
        assert own
        assert all(heads.get(k) == v for k, v in own.items())
    _same_bundle_at_once(pg_chain, served_city, cli, tmp_path)


def _same_bundle_at_once(chain: Chain, url: str, cli: Cli, tmp_path: Path) -> None:
    """One bundle pushed four times at once: the workers race on the same stream."""
    chain.firm("apply", "new", "--kind", "initial", "--specialty", "architect",
               "--person", PERSON)  # fmt: skip
    chain.firm("bundle", "export", "--to", chain.city.node_id, "-o", str(tmp_path / "b.bpz"))
    body = (tmp_path / "b.bpz").read_bytes()
    statuses: list[int] = []

    def push() -> None:
        headers = _signed(chain.firm, cli.env, chain.city.node_id, "/v1/sync", body)
        statuses.append(httpx.post(url + "/v1/sync", headers=headers, content=body).status_code)

    threads = [threading.Thread(target=push) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses == [200] * 4
    with open_node(Path(chain.city.home), cli.env) as s, s.unit_of_work() as uow:
        log = uow.store.changesets()
    assert len(log) == len({cs.hash for cs in log})
    assert len(log) == len({(cs.stream, cs.seq) for cs in log})


def test_serve_refuses_a_port_in_use_and_a_node_without_root(cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        result = cli("serve", "--port", port, "--home", chain.city.home, "--lang", "en")
    assert result.code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.err
    assert cli("serve", "--port", "70000", "--home", chain.city.home).code == 2
    assert cli("serve", "--workers", "0", "--home", chain.city.home).code == 2
    assert cli("sync", "--retries", "-1", "--home", chain.firm.home).code == 2
    lone = Office(cli, tmp_path / "lone")
    lone("init", "--role", "city", "--name", "大同市住建局", "--city", "140200")
    result = cli("serve", "--port", port, "--home", lone.home, "--lang", "en")
    assert result.code == 1
    assert "no province root certificate" in result.err
    config = read_config(Path(lone.home))
    bad_db = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"
    write_config(Path(lone.home), dataclasses.replace(config, db=bad_db))
    result = cli("serve", "--port", port, "--home", lone.home, "--lang", "en")
    assert result.code == 1
    assert "cannot connect to database" in result.err


def test_init_from_the_directory_then_enrol_over_http(cli: Cli, tmp_path: Path) -> None:
    """The province directory names the city's server; the new firm enrols with it."""
    chain = enrolled_chain(cli, tmp_path)
    firm2 = Office(cli, tmp_path / "e2")
    new_firm = ["init", "--role", "enterprise", "--name", "另一家设计院", "--uscc",
                "914403001922038216", "--city", "140100"]  # fmt: skip
    with live_server(chain.city.home, cli.env) as city_url:
        province_home = Path(chain.province.home)
        config = read_config(province_home)
        addresses = {chain.city.node_id: city_url}
        write_config(province_home, dataclasses.replace(config, addresses=addresses))
        with live_server(province_home, cli.env) as url:
            directory = httpx.get(url + "/v1/directory").json()
            wrong = cli(*new_firm, "--server", url, "--root-fingerprint", "00:11",
                        "--home", firm2.home)  # fmt: skip
            assert wrong.code == 1
            assert not Path(firm2.home).exists()  # nothing written
            made = firm2.json(*new_firm, "--server", url,
                              "--root-fingerprint", directory["root_fingerprint"])  # fmt: skip
        assert made["server"] == city_url  # type: ignore[index]  # the city's, from the directory
        assert "pending" in str(firm2.json("node", "enrol"))
        listed = chain.city.json("node", "requests", "-o", str(chain.files))
        assert [r["status"] for r in listed] == ["pending"]  # type: ignore[union-attr]
        card = chain.files / f"{firm2.node_id}.card"
        chain.city("node", "certify", str(card), "-o", str(chain.files / "e2.cert"),
                   "--enterprise-number", "0002")  # fmt: skip
        assert "certified" in str(firm2.json("node", "enrol"))
        firm2("person", "add", "--id-number", PERSON, "--name", "李四")
        assert firm2.json("sync")["sent_changesets"] > 0  # type: ignore[index]  # server from init
