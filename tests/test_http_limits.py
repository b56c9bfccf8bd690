"""A server that stays up: ``regsync serve`` on 127.0.0.1 under slow clients, connection
floods and an enrolment flood, with a firm's real sync completing during each.

The floods come from other loopback addresses (127.0.0.2 and up, all local on Linux)
than the firm (127.0.0.1), as they would from other machines.  Deadlines in the tests
only keep them from hanging; what they assert is behaviour: connections closed,
503/429 answered, the count of stored requests, the sync's result.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from regsync.adapters.http.logs import SUMMARY, RateLimit
from regsync.adapters.http.signing import sign_request
from regsync.app.bootstrap import open_node
from regsync.core.checks.identity import id_number_check_digit
from regsync.core.model import Role
from regsync.sync.trust.cards import NodeCard
from tests.conftest import Cli
from tests.http_helpers import PASSPHRASE
from tests.offices import Chain, enrolled_chain
from tests.test_http_serve import SERVE, _free_port
from tests.test_trust import KeySigner

NOW = 1_795_744_800  # the Cli fixture's REGSYNC_NOW: the server's clock
PATIENCE = 90.0  # seconds before a test gives up waiting (never an assertion on speed)


@pytest.fixture
def chain(cli: Cli, tmp_path: Path) -> Chain:
    return enrolled_chain(cli, tmp_path)


@contextmanager
def serving(home: str, env: dict[str, str], log: Path, *limits: str) -> Iterator[str]:
    """``regsync serve`` with ``limits`` in its own process, its log in ``log``."""
    port = _free_port()
    command = [sys.executable, "-c", SERVE, "serve", "--port", str(port), "--home", home, *limits]
    with open(log, "wb") as err:
        proc = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                                stderr=err)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + PATIENCE
        while True:
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "regsync serve did not come up"
            try:
                if httpx.get(url + "/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(30)


def _connect(url: str, source: str) -> socket.socket:
    port = int(url.rsplit(":", 1)[1])
    sock = socket.socket()
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    return sock


def _closed(sock: socket.socket, wait: float) -> tuple[bool, bytes]:
    """Whether the server closed ``sock`` within ``wait`` seconds, and what it said."""
    sock.settimeout(wait)
    said = b""
    try:
        while chunk := sock.recv(4096):
            said += chunk
    except TimeoutError:
        return False, said
    except ConnectionError:
        pass
    return True, said


def _firm_syncs(chain: Chain, url: str, serial: int) -> dict[str, object]:
    """A firm's real sync of a new person: it must push it and succeed."""
    first17 = f"140100198001{serial:02d}{serial:03d}"
    number = first17 + id_number_check_digit(first17)
    chain.firm("person", "add", "--id-number", number, "--name", f"员工{serial}")
    result = chain.firm.json("sync", "--server", url, "--retries", "6")
    assert isinstance(result, dict)
    return result


def test_slow_header_clients_are_closed_while_a_firm_syncs(
    chain: Chain, cli: Cli, tmp_path: Path
) -> None:
    """Slowloris: clients that trickle their headers a byte at a time, and clients that
    send nothing, are closed at the head deadline however long they keep trickling."""
    log = tmp_path / "serve.log"
    limits = ["--header-timeout", "2", "--max-connections-per-source", "100"]
    with serving(chain.city.home, cli.env, log, *limits) as url:
        slow = [_connect(url, "127.0.0.2") for _ in range(40)]
        silent = [_connect(url, "127.0.0.3") for _ in range(20)]
        for sock in slow:
            sock.sendall(b"POST /v1/sync HTTP/1.1\r\nHost: x\r\n")
        stop, cut = threading.Event(), set[int]()

        def trickle() -> None:  # one header byte per client every 0.2 s, until cut
            while not stop.is_set():
                for i, sock in enumerate(slow):
                    if i not in cut:
                        try:
                            sock.sendall(b"X")
                        except OSError:
                            cut.add(i)
                stop.wait(0.2)

        trickler = threading.Thread(target=trickle, daemon=True)
        trickler.start()
        try:
            synced = _firm_syncs(chain, url, 1)
            closed_silent = [_closed(s, PATIENCE)[0] for s in silent]
            deadline = time.monotonic() + PATIENCE
            while len(cut) < len(slow) and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            stop.set()
            trickler.join(10)
            for sock in slow + silent:
                sock.close()
        assert synced["sent_changesets"] > 0  # type: ignore[operator]
        assert all(closed_silent), f"{closed_silent.count(False)} silent clients still open"
        assert len(cut) == len(slow), f"{len(slow) - len(cut)} trickling clients still open"
        # The server is still serving afterwards.
        assert httpx.get(url + "/v1/health").status_code == 200
    text = log.read_text()
    assert "sent no complete request head within 2.0 s" in text
    print(f"slow clients: {len(slow)} trickling + {len(silent)} silent held, all closed; "
          f"sync sent {synced['sent_changesets']} changesets")  # fmt: skip


def test_a_signed_upload_trickled_past_the_request_timeout_is_cut(
    chain: Chain, cli: Cli, tmp_path: Path
) -> None:
    """A certified firm's own request whose body crawls is cut; nothing is applied."""
    log = tmp_path / "serve.log"
    body = b"x" * 4096
    with open_node(Path(chain.firm.home), cli.env) as s:
        headers = sign_request(
            s.signer(PASSPHRASE), node_id=s.node.node_id, to=chain.city.node_id,
            method="POST", target="/v1/sync", digest=hashlib.sha256(body).hexdigest(), now=NOW,
        )  # fmt: skip
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    with serving(chain.city.home, cli.env, log, "--request-timeout", "2") as url:
        sock = _connect(url, "127.0.0.2")
        sock.sendall(f"POST /v1/sync HTTP/1.1\r\nHost: x\r\ncontent-length: {len(body)}\r\n"
                     f"{head}\r\n".encode())  # fmt: skip
        sent, deadline = 0, time.monotonic() + PATIENCE
        try:
            while sent < len(body) and time.monotonic() < deadline:
                sock.sendall(body[sent : sent + 1])
                sent += 1
                time.sleep(0.1)
        except OSError:
            pass  # cut by the server
        closed, said = _closed(sock, PATIENCE)
        sock.close()
        assert closed
        assert sent < len(body)
        assert not said.startswith(b"HTTP/1.1 200")
        assert _firm_syncs(chain, url, 5)["sent_changesets"] > 0  # type: ignore[operator]
    assert "did not finish uploading its request within 2.0 s" in log.read_text()
    print(f"slow upload: cut after {sent} of {len(body)} body bytes")


def test_a_connection_flood_gets_503_and_leaves_room_for_the_firm(
    chain: Chain, cli: Cli, tmp_path: Path
) -> None:
    """Idle connections beyond the per-address cap, then beyond the total cap: each
    refused one gets a 503 with Retry-After and is closed; a firm still syncs."""
    log = tmp_path / "serve.log"
    limits = ["--max-connections", "30", "--max-connections-per-source", "10",
              "--header-timeout", "5", "--log-rate", "2"]  # fmt: skip
    with serving(chain.city.home, cli.env, log, *limits) as url:
        # One address opens 60 idle connections: 10 are held, 50 refused at once; the
        # firm (another address) syncs meanwhile.
        flood = [_connect(url, "127.0.0.2") for _ in range(60)]
        synced = _firm_syncs(chain, url, 2)
        assert synced["sent_changesets"] > 0  # type: ignore[operator]
        answers = [_closed(sock, PATIENCE) for sock in flood]
        assert all(closed for closed, _ in answers)  # held ones at the head deadline
        refused = [said for _, said in answers if said]
        held = [said for _, said in answers if not said]  # closed without a word
        assert (len(held), len(refused)) == (10, 50)
        for said in refused:
            assert said.startswith(b"HTTP/1.1 503 ")
            assert b"retry-after: 30" in said.lower()
            assert b'"error": "ServerBusy"' in said
            assert b"address 127.0.0.2" in said

        # Many addresses: the total cap (30) fills, the next connection is refused ...
        spread = [_connect(url, f"127.0.0.{3 + i // 10}") for i in range(30)]
        late = _connect(url, "127.0.0.9")
        closed, said = _closed(late, PATIENCE)
        assert closed
        assert said.startswith(b"HTTP/1.1 503 ")
        assert b"the server" in said
        # ... and once the idle ones are cut, a firm syncs (its client retries a 503).
        synced = _firm_syncs(chain, url, 3)
        assert synced["sent_changesets"] > 0  # type: ignore[operator]
        assert all(_closed(sock, PATIENCE)[0] for sock in spread)
        for sock in [*flood, *spread, late]:
            sock.close()
        time.sleep(1.1)  # the next refusal falls in a later second: its summary is due
        again = [_connect(url, "127.0.0.2") for _ in range(11)]
        assert _closed(again[-1], PATIENCE)[1].startswith(b"HTTP/1.1 503 ")
        for sock in again:
            sock.close()
    lines = log.read_text().splitlines()
    refusals = [line for line in lines if "refused a connection from" in line]
    assert len(refusals) < 51  # 51 refused: repeats were suppressed ...
    assert any("more lines like 'refused a connection" in line for line in lines)  # ... counted
    print(f"connection flood: 60 from one address -> 10 held, 50 refused (503); 30 from 3 "
          f"addresses + 1 -> 503 'the server'; {len(refusals)} refusal log lines for 52 refusals; "
          "firm synced during and after")  # fmt: skip


def _enrolment(url: str, server_id: str, source: str, i: int) -> httpx.Response:
    """A fresh key's signed enrolment request, from ``source``."""
    signer = KeySigner()
    card = NodeCard(
        node_id=f"flood-{source.replace('.', '-')}-{i}", role=Role.ENTERPRISE,
        name=f"洪水企业{i}", scope=f"enterprise:91140100FLOOD{i:05d}", city_code="140100",
        uscc=f"91140100FLOOD{i:05d}", public_key=signer.public_key().hex(),
        created="2026-11-27T10:00:00+08:00",
    ).to_file_bytes()  # fmt: skip
    headers = sign_request(
        signer, node_id=card_id(card), to=server_id, method="POST", target="/v1/enrolments",
        digest=hashlib.sha256(card).hexdigest(), now=NOW,
    )  # fmt: skip
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(transport=transport) as client:
        return client.post(url + "/v1/enrolments", headers=headers, content=card)


def card_id(card: bytes) -> str:
    return NodeCard.from_file_bytes(card).node_id


def test_an_enrolment_flood_is_capped_per_address_and_in_all(
    chain: Chain, cli: Cli, tmp_path: Path
) -> None:
    """Beyond 4 pending requests from one address or 10 in all: 429, nothing stored."""
    log = tmp_path / "serve.log"
    limits = ["--max-enrolments-per-source", "4", "--max-pending-enrolments", "10"]
    with serving(chain.city.home, cli.env, log, *limits) as url:
        server_id = chain.city.node_id
        statuses: dict[str, list[int]] = {}
        refusals: list[httpx.Response] = []

        def flood() -> None:
            for source in ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"):
                for i in range(12):
                    answer = _enrolment(url, server_id, source, i)
                    statuses.setdefault(source, []).append(answer.status_code)
                    if answer.status_code == 429:
                        refusals.append(answer)

        flooder = threading.Thread(target=flood, daemon=True)
        flooder.start()
        synced = _firm_syncs(chain, url, 4)
        flooder.join(PATIENCE * 4)
        assert not flooder.is_alive()
        assert synced["sent_changesets"] > 0  # type: ignore[operator]
        # 4 from each of the first two addresses, then 2 more reach the total of 10.
        assert [s.count(202) for s in statuses.values()] == [4, 4, 2, 0]
        assert sum(s.count(429) for s in statuses.values()) == 48 - 10
        first = refusals[0]
        assert first.headers["retry-after"] == "30"
        data = first.json()
        assert (data["error"], data["status"]) == ("TooManyEnrolments", 429)
        assert "from address 127.0.0.2" in data["message_en"]
        assert "待审核" in data["message"]
        assert any("the server at most 10" in r.json()["message_en"] for r in refusals)
        # A node already waiting may hand its card in again when all is full.
        again = _enrolment(url, server_id, "127.0.0.2", 0)
        assert again.status_code == 202
    with open_node(Path(chain.city.home), cli.env) as s:
        stored = [node_id for node_id, _card, _at in s.pending_enrolments()]
    assert len(stored) == 10
    assert all(n.startswith("flood-") for n in stored)
    print(f"enrolment flood: 48 requests from 4 addresses -> {len(stored)} stored, "
          f"{len(refusals)} answered 429; firm synced meanwhile")  # fmt: skip


def test_log_repeats_are_counted_not_written() -> None:
    """At most N lines of a kind per second; the next one after is preceded by a summary."""
    passed, summaries = [], []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            summaries.append(record.getMessage())

    keep = Keep()
    SUMMARY.addHandler(keep)
    try:
        limit = RateLimit(per_second=3)
        for i in range(100):
            record = logging.LogRecord("uvicorn.error", logging.WARNING, __file__, 1,
                                       "bad request from %s", (i,), None)  # fmt: skip
            record.created = 1000.5
            if limit.filter(record):
                passed.append(record.getMessage())
        other = logging.LogRecord("uvicorn.error", logging.WARNING, __file__, 1, "other", (), None)
        other.created = 1000.6
        assert limit.filter(other)  # another kind has its own allowance
        later = logging.LogRecord("uvicorn.error", logging.WARNING, __file__, 1,
                                  "bad request from %s", ("x",), None)  # fmt: skip
        later.created = 1001.0
        assert limit.filter(later)
    finally:
        SUMMARY.removeHandler(keep)
    assert passed == ["bad request from 0", "bad request from 1", "bad request from 2"]
    assert summaries == [
        "97 more lines like 'bad request from %s' from uvicorn.error were suppressed "
        "(at most 3 a second)"
    ]


def test_serve_documents_its_limits(cli: Cli) -> None:
    """Every limit is a ``serve`` option with help text."""
    text = cli("serve", "--help").out
    for option in ("--header-timeout", "--idle-timeout", "--request-timeout",
                   "--max-connections", "--max-connections-per-source",
                   "--max-pending-enrolments", "--max-enrolments-per-source", "--log-rate",
                   "--worker-healthcheck-timeout"):  # fmt: skip
        assert option in text
    assert cli("serve", "--max-connections", "0").code == 2
