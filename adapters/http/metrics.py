"""A sync server's counters and their Prometheus text exposition (``GET /v1/metrics``).

Counters live in each worker process (``--workers N``: a scrape reaches one worker,
whose ``worker`` label tells which; sum over the label for the server).  What the
database knows (pending enrolments) is read at scrape time and is the same from any
worker.  Route labels are the route *templates* (``/v1/enrolments/{node_id}``) and
``other`` for unknown paths, so that probing clients cannot grow the label set.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Final

ROUTES: Final = (
    "/v1/health", "/v1/directory", "/v1/heads", "/v1/sync", "/v1/enrolments", "/v1/metrics",
)  # fmt: skip
CERTIFICATE_ROUTE: Final = "/v1/enrolments/{node_id}"
CONTENT_TYPE: Final = "text/plain; version=0.0.4; charset=utf-8"


def route_of(path: str) -> str:
    """The route template of ``path`` (bounded label values)."""
    if path in ROUTES:
        return path
    if path.startswith("/v1/enrolments/") and "/" not in path[len("/v1/enrolments/") :]:
        return CERTIFICATE_ROUTE
    return "other"


class Metrics:
    """Thread-safe counters of one server process."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._started = monotonic()
        self._lock = threading.Lock()
        self.requests: Counter[tuple[str, int]] = Counter()
        self.bytes_in = 0
        self.bytes_out = 0
        self.imports: Counter[str] = Counter()
        self.changesets: Counter[str] = Counter()  # "received" | "duplicate" | "sent"
        self.errors = 0

    def request(self, route: str, status: int, bytes_in: int, bytes_out: int) -> None:
        """Count one finished request (``status`` 500 and above count as errors)."""
        with self._lock:
            self.requests[(route, status)] += 1
            self.bytes_in += bytes_in
            self.bytes_out += bytes_out
            if status >= 500:
                self.errors += 1

    def sync(self, outcome: str, received: int, duplicates: int, sent: int) -> None:
        """Count one bundle import (``outcome`` ``ok`` or the refusal's kind)."""
        with self._lock:
            self.imports[outcome] += 1
            self.changesets["received"] += received
            self.changesets["duplicate"] += duplicates
            self.changesets["sent"] += sent

    def render(self, pending_enrolments: int) -> str:
        """The Prometheus text format (version 0.0.4)."""
        worker = f'worker="{os.getpid()}"'
        lines: list[str] = []

        def family(name: str, kind: str, text: str, samples: list[tuple[str, float]]) -> None:
            lines.append(f"# HELP {name} {text}")
            lines.append(f"# TYPE {name} {kind}")
            for labels, value in samples:
                both = ",".join(x for x in (worker, labels) if x)
                lines.append(f"{name}{{{both}}} {value:g}")

        with self._lock:
            requests = sorted(self.requests.items())
            family("regsync_http_requests_total", "counter", "HTTP requests by route and status",
                   [(f'route="{r}",status="{s}"', n) for (r, s), n in requests])  # fmt: skip
            family("regsync_http_request_bytes_total", "counter", "request body bytes received",
                   [("", self.bytes_in)])  # fmt: skip
            family("regsync_http_response_bytes_total", "counter", "response body bytes sent",
                   [("", self.bytes_out)])  # fmt: skip
            family("regsync_imports_total", "counter", "bundles imported by outcome",
                   [(f'outcome="{o}"', n) for o, n in sorted(self.imports.items())])  # fmt: skip
            family("regsync_changesets_total", "counter",
                   "changesets received (new), duplicate or sent in sync answers",
                   [(f'direction="{d}"', self.changesets[d])
                    for d in ("received", "duplicate", "sent")])  # fmt: skip
            family("regsync_errors_total", "counter", "requests answered 5xx",
                   [("", self.errors)])  # fmt: skip
            uptime = self._monotonic() - self._started
        family("regsync_pending_enrolments", "gauge", "enrolment requests awaiting a certificate",
               [("", pending_enrolments)])  # fmt: skip
        family("regsync_uptime_seconds", "gauge", "seconds since this worker started",
               [("", round(uptime, 3))])  # fmt: skip
        return "\n".join(lines) + "\n"
