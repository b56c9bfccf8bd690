"""Where a phase of ``bench_http.py`` spent its time: CPU seconds of the client harness
(this process), of the server's processes and of PostgreSQL's backends for the
benchmark's database (Linux ``/proc``; zero elsewhere), and the server's database
sessions sampled every 50 ms from ``pg_stat_activity``: running, or waiting on a lock
(and of those, on the record-lock slots of ``PostgresDialect.lock_records``)."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg


def _ticks(pids: set[int]) -> dict[int, int]:
    """CPU clock ticks (user + system) of the processes ``pids`` (Linux /proc)."""
    out = {}
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            out[pid] = int(fields[11]) + int(fields[12])
    return out


def _processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every process (empty where /proc is not)."""
    found = []
    for entry in Path("/proc").iterdir() if Path("/proc/self/stat").exists() else ():
        with contextlib.suppress(OSError, IndexError, ValueError):
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            found.append((int(entry.name), parent, command))
    return found


@dataclasses.dataclass
class Where:
    """Where a phase's time went: CPU seconds per side, and the server's database
    sessions sampled (running, waiting on a lock, of which on record-lock slots)."""

    client_cpu: float = 0.0
    server_cpu: float = 0.0
    db_cpu: float = 0.0
    samples: int = 0
    running: int = 0
    waiting: int = 0
    on_slots: int = 0


class Watch:
    """Measures a :class:`Where` while a phase runs (a sampler thread, bounded by the phase)."""

    def __init__(self, server_pid: int, database: str, admin: str) -> None:
        self.server_pid, self.database, self.admin = server_pid, database, admin
        self.where, self._stop = Where(), threading.Event()

    def _pids(self) -> tuple[set[int], set[int]]:
        procs = _processes()
        server, grew = {self.server_pid}, True
        while grew:
            more = {pid for pid, parent, _ in procs if parent in server} - server
            server, grew = server | more, bool(more)
        db = {pid for pid, _, cmd in procs if cmd.startswith("postgres: ") and self.database in cmd}
        return server, db

    def _sample(self) -> None:
        query = ("SELECT wait_event_type, query FROM pg_stat_activity WHERE datname = %s"
                 " AND state = 'active' AND application_name = 'regsync'")  # fmt: skip
        with psycopg.connect(self.admin, autocommit=True) as conn:
            while not self._stop.wait(0.05):
                rows = conn.execute(query, (self.database,)).fetchall()
                self.where.samples += 1
                self.where.running += sum(1 for kind, _ in rows if kind != "Lock")
                self.where.waiting += sum(1 for kind, _ in rows if kind == "Lock")
                self.where.on_slots += sum(
                    1 for kind, q in rows if kind == "Lock" and "slot" in (q or "")
                )

    @contextlib.contextmanager
    def __call__(self) -> Iterator[Where]:
        server, db = self._pids()
        before, cpu = _ticks(server | db), time.process_time()
        sampler = threading.Thread(target=self._sample, daemon=True)
        sampler.start()
        try:
            yield self.where
        finally:
            self._stop.set()
            sampler.join(10)
            self.where.client_cpu = time.process_time() - cpu
            tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
            server_now, db_now = self._pids()
            after = _ticks(server_now | db_now)
            used = {pid: after[pid] - before.get(pid, 0) for pid in after}
            self.where.server_cpu = sum(used.get(p, 0) for p in server_now) / tick
            self.where.db_cpu = sum(used.get(p, 0) for p in db_now) / tick
