"""How much a sync server lets its clients hold: time, connections, enrolment requests.

One frozen value, built from ``regsync serve``'s options and handed to the connection
guard (:mod:`regsync.adapters.http.guard`), the enrolment quota
(:mod:`regsync.adapters.http.quota`), the log filter (:mod:`regsync.adapters.http.logs`)
and uvicorn.  It pickles, so ``--workers N`` hands it to every worker process.

The defaults suit a province or city server of a few thousand firms that each sync a
few times a day over one connection: far above what honest clients use, far below the
file descriptors a server process may open.
"""

from __future__ import annotations

import dataclasses
from typing import Final

HEADER_TIMEOUT: Final = 10.0
IDLE_TIMEOUT: Final = 5
REQUEST_TIMEOUT: Final = 600.0
MAX_CONNECTIONS: Final = 500
MAX_CONNECTIONS_PER_SOURCE: Final = 32
MAX_PENDING_ENROLMENTS: Final = 1000
MAX_ENROLMENTS_PER_SOURCE: Final = 10
RETRY_AFTER: Final = 30
LOG_RATE: Final = 10
WORKER_HEALTHCHECK_TIMEOUT: Final = 60


@dataclasses.dataclass(frozen=True)
class ServerLimits:
    """The limits of one server process (each of ``--workers N`` has its own).

    ``header_timeout``: seconds a connection may take to send a request's line and
    headers (from connecting, or from the previous answer); ``idle_timeout``: seconds a
    kept-alive connection may wait for its next request; ``request_timeout``: seconds a
    client may take to upload a request's body, and may leave an answer unread.
    ``max_connections`` open connections in all and ``max_connections_per_source``
    from one address (0: no per-address cap); beyond either, a connection is answered
    503 with ``Retry-After: retry_after`` and closed.  ``max_pending_enrolments``
    uncertified enrolment requests in all and ``max_enrolments_per_source`` from one
    address; beyond either, 429.  ``log_rate``: log lines per second of one kind, the
    rest counted and summarised.  ``worker_healthcheck_timeout``: seconds uvicorn's
    supervisor waits for a busy worker to answer its ping before killing it.
    """

    header_timeout: float = HEADER_TIMEOUT
    idle_timeout: int = IDLE_TIMEOUT
    request_timeout: float = REQUEST_TIMEOUT
    max_connections: int = MAX_CONNECTIONS
    max_connections_per_source: int = MAX_CONNECTIONS_PER_SOURCE
    max_pending_enrolments: int = MAX_PENDING_ENROLMENTS
    max_enrolments_per_source: int = MAX_ENROLMENTS_PER_SOURCE
    retry_after: int = RETRY_AFTER
    log_rate: int = LOG_RATE
    worker_healthcheck_timeout: int = WORKER_HEALTHCHECK_TIMEOUT

    def fds_needed(self) -> int:
        """File descriptors a process may need at the connection cap: a socket and a
        spooled body per connection, plus the database pool, logs and the listener."""
        return 2 * self.max_connections + 128
