"""Live HTTP sync under load: K concurrent firms push and pull against one server.

Run: ``.venv/bin/python benchmarks/bench_http.py [--changes 1000] [--clients 1,8,32]``

A city server (``regsync serve --workers 2``, its database on PostgreSQL) and, per
phase, K new enterprise nodes of that city (SQLite, as on office PCs).  Each firm
writes ``--changes`` person changes (changesets of 100), then all K run one
``push_pull`` session over HTTP at once, as ``regsync sync`` does: each pushes its
changes and pulls the province's ``--changes`` exam results, which the province
synced to the city beforehand.  Reported per phase: throughput (changes moved per
second, pushed + pulled), p50/p99 latency of the sessions and of single requests,
and the counts of lost, duplicated and diverged changes (all must be 0: every
firm's stream ends at the same head on the server, no (stream, seq) twice, and every
record of each firm's scope and every exam result equal on both sides).

Two ratios from the same run: an HTTP pull of N changes (a firm with nothing to push)
versus ``bundle import`` of the same N into a fresh node (goal <= 1.3x, issue 19), and
the throughput at each K versus K = 1 (goal >= 0.9x).  Each phase also says where the
time went: CPU seconds of the client harness (this process: K threads, one GIL), of
the server's processes and of PostgreSQL's backends, and how many of the server's
database sessions were running or waiting on a lock (sampled every 50 ms), so a
scaling shortfall names its limiter.  Everything runs on 127.0.0.1; the run is bounded
(fixed counts, timeouts) and exits 1 if a check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
from bench_write import BenchFailure, make_persons, pg_admin_url
from http_watch import Watch, Where

from regsync.adapters.http.client import SyncClient, sync_over_http
from regsync.app.bootstrap import Services, open_node
from regsync.app.cli.main import main
from regsync.core.checks.codes import org_code_check_char, uscc_check_char
from regsync.core.checks.identity import id_number_check_digit
from regsync.core.model import ExamResult, Person
from regsync.sync.apply import ImportReport
from regsync.sync.inbox import read_bundle_header
from regsync.sync.peer import NodeLink, import_bundle, resolve_peer
from regsync.sync.session import SyncOutcome

PASSPHRASE = "bench passphrase 基准"
ENV = {"REGSYNC_PASSPHRASE": PASSPHRASE, "REGSYNC_KDF": "min", "PATH": os.environ["PATH"]}
UNIT = 100  # changes per changeset, as an office that saves a form at a time
SERVE = "from regsync.app.cli.main import run; run()"


def cli(*argv: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):  # not None: main() flushes stdout
        code = main(list(argv), ENV)
    if code:
        raise BenchFailure(f"regsync {' '.join(argv)} exited {code}")


@dataclasses.dataclass
class Office:
    home: Path
    uscc: str | None = None

    def __call__(self, *argv: str) -> None:
        cli(*argv, "--home", str(self.home))


class TimedClient(SyncClient):
    """A SyncClient that records the latency of each request it makes (``latencies``)
    and the time of each step of the session by name (``steps``)."""

    latencies: list[float]
    steps: dict[str, float]

    @contextlib.contextmanager
    def _timed(self, step: str, request: bool = True) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            took = time.perf_counter() - start
            self.steps[step] = self.steps.get(step, 0.0) + took
            if request:
                self.latencies.append(took)

    def info(self) -> dict[str, Any]:
        with self._timed("health", request=False):
            return super().info()

    def heads(self, server_id: str, server_key: bytes) -> dict[str, int]:
        with self._timed("heads"):
            return super().heads(server_id, server_key)

    def push(self, bundle: Path, reply: Path, server_id: str) -> None:
        with self._timed("sync"):
            super().push(bundle, reply, server_id)


@dataclasses.dataclass
class TimedLink(NodeLink):
    """The client's link, its import of the answer timed into ``steps``."""

    steps: dict[str, float] = dataclasses.field(default_factory=dict)

    def accept(self, bundle: Path) -> ImportReport:
        start = time.perf_counter()
        try:
            return super().accept(bundle)
        finally:
            self.steps["import"] = time.perf_counter() - start


def firm_uscc(k: int) -> str:
    """A valid USCC whose positions 9-17 are a valid organisation code (GB 11714)."""
    org = f"MA0B{k:04d}"
    first17 = "91140100" + org + org_code_check_char(org)
    return first17 + uscc_check_char(first17)


def firm_persons(k: int, n: int, uscc: str) -> list[Person]:
    """``n`` persons no other firm employs (distinct ID numbers per firm)."""
    persons = make_persons(n, uscc, seed=k)
    out = []
    for p in persons:
        first17 = f"1401{k % 100:02d}" + p.id_number[6:17]
        out.append(p.replace(id_number=first17 + id_number_check_digit(first17)))
    return out


def write_units(office: Office, records: list[Any]) -> None:
    with open_node(office.home, ENV) as s:
        for start in range(0, len(records), UNIT):
            with s.unit_of_work() as uow:
                for record in records[start : start + UNIT]:
                    uow.put(record)
                uow.commit()


class Setup:
    """Province (trust root), city on PostgreSQL, and enterprises enrolled by files."""

    def __init__(self, root: Path, city_db: str) -> None:
        self.root, self.usb = root, root / "usb"
        self.usb.mkdir()
        self.province, self.city = Office(root / "p"), Office(root / "c")
        self.province("init", "--role", "province", "--name", "山西省住建厅")
        self.city("init", "--role", "city", "--name", "太原市住建局", "--city", "140100",
                  "--db", city_db)  # fmt: skip
        self.province("node", "card", "-o", str(self.usb / "p.card"))
        self.province("node", "certify", str(self.usb / "p.card"), "-o", str(self.usb / "root"))
        self.city("node", "card", "-o", str(self.usb / "c.card"))
        self.province("node", "certify", str(self.usb / "c.card"), "-o", str(self.usb / "c"))
        self.city("node", "trust", str(self.usb / "root"))
        self.city("node", "trust", str(self.usb / "c"))
        self.next = 1

    def firm(self) -> Office:
        k = self.next
        self.next += 1
        office = Office(self.root / f"e{k}", firm_uscc(k))
        assert office.uscc is not None
        office("init", "--role", "enterprise", "--name", f"设计院{k}", "--uscc", office.uscc,
               "--city", "140100")  # fmt: skip
        card, cert = self.usb / f"e{k}.card", self.usb / f"e{k}.cert"
        office("node", "card", "-o", str(card))
        self.city("node", "certify", str(card), "-o", str(cert),
                  "--enterprise-number", f"{k:04d}")  # fmt: skip
        for name in ("root", "c", f"e{k}.cert"):
            office("node", "trust", str(self.usb / name))
        return office


@contextlib.contextmanager
def served(city: Office, workers: int) -> Iterator[tuple[str, int]]:
    """A ``regsync serve`` process: its URL and its process id."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    argv = [sys.executable, "-c", SERVE, "serve", "--port", str(port), "--workers", str(workers),
            "--home", str(city.home)]  # fmt: skip
    env = {**os.environ, **ENV}
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise BenchFailure("regsync serve did not start")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(url + "/v1/health").status_code == 200:
                    break
            time.sleep(0.1)
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(30)


def sync_firm(
    office: Office, url: str, latencies: list[float], steps: dict[str, float] | None = None
) -> tuple[SyncOutcome, float]:
    """What ``regsync sync`` does, with the requests timed; also the seconds from the
    first request on (opening the node and its key is the same for ``bundle import``)."""
    steps = {} if steps is None else steps
    with open_node(office.home, ENV) as s:
        key = s.signer(PASSPHRASE)
        client = TimedClient(url, node_id=s.node.node_id, signer=lambda: key,
                             now=lambda: int(time.time()), timeout=300)  # fmt: skip
        client.latencies, client.steps = latencies, steps
        with client, tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            server_id = str(client.info()["node_id"])
            peer, peer_key = resolve_peer(s.trust(), server_id)
            link = TimedLink(s, peer, peer_key, lambda: key, durable=False, steps=steps)
            outcome = sync_over_http(link, client, server_id, peer_key, Path(tmp))
            seconds = time.perf_counter() - start
            steps["rest"] = seconds - sum(steps.values())  # learn, empty push export, keys
            return outcome, seconds


@dataclasses.dataclass
class Phase:
    k: int
    seconds: float
    moved: int
    sessions: list[float]
    requests: list[float]
    lost: int
    duplicated: int
    diverged: int
    where: Where


def run_phase(setup: Setup, url: str, k: int, n: int, watch: Watch) -> Phase:
    firms = [setup.firm() for _ in range(k)]
    for index, office in enumerate(firms):
        assert office.uscc is not None
        write_units(office, firm_persons(setup.next - k + index, n, office.uscc))
    sessions: list[float] = []
    requests: list[float] = []
    outcomes: list[SyncOutcome] = []
    errors: list[BaseException] = []

    def one(office: Office) -> None:
        start = time.perf_counter()
        try:
            outcomes.append(sync_firm(office, url, requests)[0])
        except BaseException as exc:  # reported after the phase, never swallowed
            errors.append(exc)
        sessions.append(time.perf_counter() - start)

    start = time.perf_counter()
    with watch() as where:
        threads = [threading.Thread(target=one, args=(f,)) for f in firms]
        for t in threads:
            t.start()
        for t in threads:
            t.join(600)
        seconds = time.perf_counter() - start
    if errors or len(outcomes) != k:
        raise BenchFailure(f"K={k}: {len(errors)} sessions failed: {errors[:1]!r}")
    moved = sum(o.sent.changes + o.received.changes for o in outcomes)
    lost, duplicated, diverged = check(setup, firms)
    return Phase(k, seconds, moved, sessions, requests, lost, duplicated, diverged, where)


def _rows(s: Services, kind: type[Any], **equals: Any) -> dict[str, dict[str, Any]]:
    with s.unit_of_work() as uow:
        return {r.key: r.fields() for r in uow.find(kind, **equals)}


def check(setup: Setup, firms: list[Office]) -> tuple[int, int, int]:
    """Lost changesets, duplicated changesets, diverged records of these firms."""
    lost = duplicated = diverged = 0
    with open_node(setup.city.home, ENV) as city:
        with city.unit_of_work() as uow:
            log = uow.store.changesets()
            heads = uow.store.heads()
        duplicated = len(log) - len({(cs.stream, cs.seq) for cs in log})
        exams = _rows(city, ExamResult)
        for office in firms:
            with open_node(office.home, ENV) as s:
                with s.unit_of_work() as uow:
                    mine = {k: v for k, v in uow.store.heads().items() if s.node.node_id in k}
                    got = uow.store.heads()
                lost += sum(max(0, v - heads.get(k, 0)) for k, v in mine.items())
                lost += sum(max(0, v - got.get(k, 0)) for k, v in heads.items() if "province" in k)
                theirs = _rows(city, Person, employer_uscc=office.uscc)
                ours = _rows(s, Person, employer_uscc=office.uscc)
                diverged += _differ(theirs, ours)
                diverged += _differ(exams, _rows(s, ExamResult))
    return lost, duplicated, diverged


def _differ(a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]]) -> int:
    return sum(1 for key in a.keys() | b.keys() if a.get(key) != b.get(key))


@dataclasses.dataclass
class Pull:
    """One HTTP pull and one file import of the same changes."""

    http: float
    local: float
    changes: int
    steps: dict[str, float]


def pull_ratio(setup: Setup, url: str, repeat: int) -> tuple[float, float, int, dict[str, float]]:
    """Best of ``repeat``: seconds of an HTTP pull of the province's N changes by a fresh
    firm, and of importing a bundle of the same changes into another fresh firm; the
    steps of the fastest pull."""
    runs = [pull_once(setup, url) for _ in range(repeat)]
    best = min(runs, key=lambda r: r.http)
    return best.http, min(r.local for r in runs), best.changes, best.steps


def pull_once(setup: Setup, url: str) -> Pull:
    """One HTTP pull and one import of the same changes, by two fresh firms."""
    puller, importer = setup.firm(), setup.firm()
    steps: dict[str, float] = {}
    outcome, http = sync_firm(puller, url, [], steps)
    with open_node(importer.home, ENV) as s:
        importer_id = s.node.node_id
    bundle = setup.root / "pull.bpz"
    setup.city("bundle", "export", "--to", importer_id, "-o", str(bundle))
    with open_node(importer.home, ENV) as s:
        key = s.signer(PASSPHRASE)
        start = time.perf_counter()
        report = import_bundle(s, bundle, read_bundle_header(s, bundle), lambda: key)
        local = time.perf_counter() - start
    if report.new_changesets != outcome.received.new_changesets:
        raise BenchFailure(
            f"pull got {outcome.received.new_changesets}, import {report.new_changesets}"
        )
    return Pull(http, local, outcome.received.changes, steps)


def province_writes(setup: Setup, url: str, first: int, upto: int) -> None:
    """Exam results ``first`` to ``upto`` at the province (province scope: every firm
    receives them), synced to the city server before they are pulled."""
    exams = [ExamResult(id=f"EXAM{i:022d}", person_id_number="14010019800101001X",
                        name="李四", specialty="architect", year=2026, subject="建筑设计",
                        score=60 + i % 40, passed=True) for i in range(first, upto)]  # fmt: skip
    write_units(setup.province, exams)
    setup.province("sync", "--server", url)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(p: Phase) -> None:
    print(
        f"K={p.k:<3} {p.moved:7d} changes in {p.seconds:6.2f}s {p.moved / p.seconds:8.0f} changes/s"
        f"  session p50 {pct(p.sessions, 0.5):5.2f}s p99 {pct(p.sessions, 0.99):5.2f}s"
        f"  request p50 {pct(p.requests, 0.5):5.2f}s p99 {pct(p.requests, 0.99):5.2f}s"
        f"  lost {p.lost} duplicated {p.duplicated} diverged {p.diverged}"
    )
    w, per = p.where, max(1, p.where.samples)
    print(
        f"         CPU s: client {w.client_cpu:.2f} server {w.server_cpu:.2f} postgres"
        f" {w.db_cpu:.2f} (wall {p.seconds:.2f}, 2 cores = {2 * p.seconds:.2f});"
        f" server DB sessions: {w.running / per:.1f} running, {w.waiting / per:.1f} waiting"
        f" on a lock ({w.on_slots / per:.1f} on record-lock slots)"
    )


def run(args: argparse.Namespace) -> int:
    name = f"regsync_bench_{uuid.uuid4().hex[:12]}"
    admin = pg_admin_url(args.pg_admin_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory(prefix="regsync_bench_http_") as tmp:
            city_db = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
            setup = Setup(Path(tmp), city_db)
            ratios = []
            with served(setup.city, args.workers) as (url, pid):
                province_writes(setup, url, 0, args.changes)
                ratios.append(pull_ratio(setup, url, args.repeat))
                phases = [
                    run_phase(setup, url, k, args.changes, Watch(pid, name, admin))
                    for k in args.clients
                ]
                if args.pull_changes > args.changes:
                    province_writes(setup, url, args.changes, args.pull_changes)
                    ratios.append(pull_ratio(setup, url, args.repeat))
        for http, local, n, steps in ratios:
            print(f"pull     HTTP pull of {n} changes {http:.3f}s vs bundle import {local:.3f}s:"
                  f" {http / local:.2f}x (goal <= 1.3x)")  # fmt: skip
            print("         its steps (ms): " + ", ".join(
                f"{name} {seconds * 1000:.0f}" for name, seconds in steps.items()))  # fmt: skip
        for p in phases:
            report(p)
        by_k = {p.k: p.moved / p.seconds for p in phases}
        for k in sorted(by_k) if 1 in by_k else ():
            if k > 1:
                print(f"scaling  throughput K={k} vs K=1: {by_k[k] / by_k[1]:.2f}x (goal >= 0.9x)")
        if any(p.lost or p.duplicated or p.diverged for p in phases):
            print("FAILED: lost, duplicated or diverged changes", file=sys.stderr)
            return 1
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


def main_() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--changes", type=int, default=1000, help="changes per firm (1000)")
    parser.add_argument("--clients", default="1,8,32", help="K values, comma-separated")
    parser.add_argument("--workers", type=int, default=2, help="server workers (2)")
    parser.add_argument("--pull-changes", type=int, default=10_000,
                        help="N of the second pull/import ratio (10000; 0 skips it)")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3, help="pull ratio: best of R (3)")
    parser.add_argument("--pg-admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    args.clients = [int(k) for k in args.clients.split(",")]
    print(f"regsync HTTP benchmark: {args.changes} changes per firm, server on PostgreSQL with"
          f" {args.workers} workers, clients {args.clients}")  # fmt: skip
    try:
        return run(args)
    except BenchFailure as exc:
        print(f"benchmark check failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main_())
