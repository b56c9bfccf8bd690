"""A server an operator can run (issue 18, item 6): the key's secret never in a worker's
environment, JSON request/import logs, ``/v1/metrics`` and the audit log."""

from __future__ import annotations

import getpass
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from regsync.app.audit import audit_path
from tests.conftest import Cli
from tests.offices import PERSON, Chain, enrolled_chain
from tests.test_http_security import _signed
from tests.test_http_serve import SERVE, _free_port

PASSPHRASE_VAR = "REGSYNC_PASSPHRASE"


@contextmanager
def serving_logged(
    home: str, env: dict[str, str], log: Path, *extra: str
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``regsync serve`` in its own process, its log (stderr) written to ``log``."""
    port = _free_port()
    command = [sys.executable, "-c", SERVE, "serve", "--port", str(port), "--home", home, *extra]
    with open(log, "wb") as err:
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "regsync serve did not come up"
            try:
                if httpx.get(url + "/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(30)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, v in pairs}


@pytest.fixture
def chain(cli: Cli, tmp_path: Path) -> Chain:
    return enrolled_chain(cli, tmp_path)


def test_workers_environments_hold_no_passphrase(chain: Chain, cli: Cli, tmp_path: Path) -> None:
    """The operator gave the passphrase in $REGSYNC_PASSPHRASE: the workers get a file."""
    secret = cli.env[PASSPHRASE_VAR]
    env = {**os.environ, **cli.env}
    log = tmp_path / "serve.log"
    with serving_logged(chain.city.home, env, log, "--workers", "2") as (url, proc):
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline:
            # The workers, and multiprocessing's resource tracker: none holds the secret.
            workers = [p for p in _children(proc.pid) if "REGSYNC_SERVE_HOME" in _environ(p)]
            time.sleep(0.2)
        assert len(workers) >= 2, workers
        handed: set[str] = set()
        for pid in workers:
            raw = Path(f"/proc/{pid}/environ").read_bytes()
            assert secret.encode() not in raw
            environ = _environ(pid)
            assert PASSPHRASE_VAR not in environ
            handed.add(environ["REGSYNC_SERVE_SECRET_FILE"])
        (path,) = handed
        assert (Path(path).stat().st_mode & 0o777) == 0o600
        assert (Path(path).parent.stat().st_mode & 0o777) == 0o700
        assert Path(path).read_text(encoding="utf-8") == secret
        assert httpx.get(url + "/v1/health").status_code == 200  # the workers opened the key
    assert not Path(path).exists()  # the private copy goes with the server


def test_a_passphrase_file_others_may_read_is_refused(
    chain: Chain, cli: Cli, tmp_path: Path
) -> None:
    loose = tmp_path / "passphrase"
    loose.write_text(cli.env[PASSPHRASE_VAR] + "\n", encoding="utf-8")
    loose.chmod(0o644)
    refused = cli("serve", "--passphrase-file", str(loose), "--home", chain.city.home)
    assert refused.code == 1
    assert f"chmod 600 {loose}" in refused.err
    refused = cli("--lang", "en", "serve", "--passphrase-file", str(tmp_path / "none"),
                  "--home", chain.city.home)  # fmt: skip
    assert refused.code == 1
    assert "cannot read" in refused.err
    assert "Traceback" not in refused.err


def _metrics(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Parse the Prometheus text format strictly: every line a comment or a sample."""
    sample = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+]+|NaN|\+Inf)$")
    label = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
    found: dict[tuple[str, frozenset[tuple[str, str]]], float] = {}
    types: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            types[name] = kind
            continue
        if line.startswith("# HELP "):
            continue
        match = sample.match(line)
        assert match, f"not a sample line: {line!r}"
        name, labels, value = match.groups()
        assert name in types, f"{name} has no TYPE line"
        pairs = frozenset((k, v) for k, v in label.findall(labels or "") if k != "worker")
        found[(name, pairs)] = float(value)
    return found


def _audit(home: str) -> list[dict[str, object]]:
    path = audit_path(Path(home))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_logs_metrics_and_audit_of_a_cli_write_and_a_server_import(
    chain: Chain, cli: Cli, tmp_path: Path
) -> None:
    """systemd's credentials unlock the key; a write and a sync are logged and counted."""
    credentials = tmp_path / "credentials"
    credentials.mkdir(mode=0o700)
    (credentials / "regsync-passphrase").write_text(cli.env[PASSPHRASE_VAR], encoding="utf-8")
    (credentials / "regsync-passphrase").chmod(0o400)
    firm_id = chain.firm.json("node", "show")["node_id"]  # type: ignore[index]
    city_id = chain.city.json("node", "show")["node_id"]  # type: ignore[index]

    firm_lines = len(_audit(chain.firm.home))
    chain.firm("--operator", "张三", "person", "add", "--id-number", PERSON, "--name", "李四")
    written = _audit(chain.firm.home)[firm_lines:]
    assert len(written) == 1
    (line,) = written
    assert line["operator"] == "张三"
    assert line["via"] == "local"
    assert line["node"] == firm_id
    assert line["at"] == firm_id
    assert line["kinds"] == ["person"]
    assert line["keys"] == [f"person:{PERSON}"]

    env = {k: v for k, v in {**os.environ, **cli.env}.items() if k != PASSPHRASE_VAR}
    env["CREDENTIALS_DIRECTORY"] = str(credentials)
    log = tmp_path / "serve.log"
    city_lines = len(_audit(chain.city.home)) if audit_path(Path(chain.city.home)).exists() else 0
    with serving_logged(chain.city.home, env, log) as (url, _proc):
        synced = chain.firm.json("sync", "--server", url)
        assert synced["sent_changesets"] >= 1  # type: ignore[index]
        assert httpx.get(url + "/v1/nowhere").status_code == 404
        junk = b"not a bundle"
        headers = _signed(chain.firm, cli.env, city_id, "/v1/sync", junk)
        refused = httpx.post(url + "/v1/sync", headers=headers, content=junk)
        assert refused.status_code == 400
        refusal = refused.json()["error"]
        scraped = httpx.get(url + "/v1/metrics")
    assert scraped.headers["content-type"].startswith("text/plain; version=0.0.4")
    m = _metrics(scraped.text)
    assert m[("regsync_http_requests_total",
              frozenset({("route", "/v1/sync"), ("status", "200")}))] == 1  # fmt: skip
    assert m[("regsync_http_requests_total",
              frozenset({("route", "other"), ("status", "404")}))] == 1  # fmt: skip
    assert m[("regsync_imports_total", frozenset({("outcome", "ok")}))] == 1
    assert m[("regsync_imports_total", frozenset({("outcome", refusal)}))] == 1
    assert m[("regsync_http_requests_total",
              frozenset({("route", "/v1/sync"), ("status", "400")}))] == 1  # fmt: skip
    received = m[("regsync_changesets_total", frozenset({("direction", "received")}))]
    assert received == synced["sent_changesets"]  # type: ignore[index]
    assert m[("regsync_http_request_bytes_total", frozenset())] > 0
    assert m[("regsync_http_response_bytes_total", frozenset())] > 0
    assert m[("regsync_errors_total", frozenset())] == 0
    assert m[("regsync_pending_enrolments", frozenset())] == 0
    assert m[("regsync_uptime_seconds", frozenset())] > 0

    # The server's import is audited: the firm's changeset, by the server's operator.
    imported = [x for x in _audit(chain.city.home)[city_lines:] if x["via"] == "import"]
    assert {(x["stream"], x["seq"]) for x in imported} >= {(line["stream"], line["seq"])}
    assert all(x["operator"] == getpass.getuser() and x["at"] == city_id for x in imported)
    same = [x for x in imported if (x["stream"], x["seq"]) == (line["stream"], line["seq"])]
    assert [(x["node"], x["keys"], x["hash"]) for x in same] == [
        (firm_id, line["keys"], line["hash"])
    ]
    assert len(imported) == received  # one line per changeset the import made durable

    events = [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")]
    assert events
    assert all({"time", "level", "logger"} <= e.keys() for e in events)
    (imports,) = [e for e in events if e.get("event") == "import" and e["outcome"] == "ok"]
    (failed,) = [e for e in events if e.get("event") == "import" and e["outcome"] != "ok"]
    assert failed["outcome"] == refusal
    assert failed["node"] == firm_id
    assert failed["bytes"] == len(junk)
    assert failed["changesets"] == 0
    assert imports["node"] == firm_id
    assert imports["outcome"] == "ok"
    assert imports["changesets"] == received
    assert imports["bytes"] > 0
    assert imports["duration_ms"] >= 0
    (exports,) = [e for e in events if e.get("event") == "export"]
    assert exports["node"] == firm_id
    assert exports["bytes"] > 0
    syncs = [e for e in events if e.get("event") == "request" and e["route"] == "/v1/sync"]
    (sync,) = [e for e in syncs if e["status"] == 200]
    (bad,) = [e for e in syncs if e["status"] == 400]
    assert bad["outcome"] == "refused"
    assert bad["node"] == firm_id
    assert sync["status"] == 200
    assert sync["node"] == firm_id
    assert sync["outcome"] == "ok"
    assert sync["bytes_in"] == imports["bytes"]
    assert sync["bytes_out"] == exports["bytes"]
