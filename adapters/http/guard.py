"""The connection guard: uvicorn's h11 protocol with deadlines and connection caps.

uvicorn bounds only the wait *between* requests (``timeout_keep_alive``); a client that
connects and sends nothing, or sends its headers a byte at a time (slowloris), or
uploads its body a byte a minute, or never reads its answer, holds a connection and a
file descriptor for ever.  About a thousand of them exhausted a server's descriptors
and locked every firm out.  The guard therefore works at the one place that sees every
connection from its first byte, the asyncio protocol, with one timer per connection:

* **head deadline** -- armed when the connection opens and again when an answer ends:
  unless a new request's line and headers have arrived by ``header_timeout``, the
  connection is closed.  The timer only compares which request cycle is current, so
  bytes trickling in cannot push it back (the defence slowloris needs, which a read
  timeout reset by every byte would not give);
* **upload deadline** -- armed when a request's head arrives: unless its body is
  complete ``request_timeout`` later, the connection is closed (the endpoint then sees
  a cut upload, and nothing is applied).  The server's own work after the upload has
  no deadline: a large import may take its time, and while the server has stopped
  reading the body (flow control: its workers are busy) the deadline is renewed;
* **unread answer** -- while the transport's write buffer is full (the client reads
  nothing), a timer runs; ``request_timeout`` without the buffer draining aborts the
  connection;
* **caps** -- a connection beyond ``max_connections`` in this process, or beyond
  ``max_connections_per_source`` from one address, is answered at once with a 503,
  ``Retry-After`` and the bilingual error document, and closed; it never reaches
  uvicorn's connection table.  A flood from one address thus leaves room for every
  other firm, and the total cap (below the process's file descriptor limit) keeps the
  process able to open its database and spool files.

With TLS, asyncio calls ``connection_made`` after the handshake, which its own
``ssl_handshake_timeout`` (60 s) bounds.
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref
from collections import Counter
from functools import partial
from typing import Any, Final

from uvicorn.config import Config
from uvicorn.server import ServerState

from regsync.adapters.http.errors import ServerBusy
from regsync.adapters.http.limits import ServerLimits
from regsync.adapters.http.status import error_document
from regsync.adapters.http.tcp import NoDelayH11Protocol
from regsync.core.catalogue_sync import label

log = logging.getLogger("regsync.http.guard")

_SOURCES: Final[weakref.WeakKeyDictionary[ServerState, Counter[str]]] = weakref.WeakKeyDictionary()
"""Open connections per client address, per uvicorn server (its state is per server)."""


def busy_answer(refusal: ServerBusy, retry_after: int) -> bytes:
    """A complete HTTP/1.1 503 answer (with ``Connection: close``) for ``refusal``."""
    body = json.dumps(error_document(refusal), ensure_ascii=False).encode()
    head = (
        "HTTP/1.1 503 Service Unavailable\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        f"retry-after: {retry_after}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class GuardedH11Protocol(NoDelayH11Protocol):
    """uvicorn's h11 protocol (with TCP_NODELAY) under the deadlines and caps of ``limits``."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        limits: ServerLimits,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits = limits
        self._sources = _SOURCES.setdefault(server_state, Counter())
        self._source: str | None = None  # set once admitted (and counted)
        self._deadline: asyncio.TimerHandle | None = None
        self._unread: asyncio.TimerHandle | None = None

    # -- admission -------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # as uvicorn's
        source = _address(transport)
        refusal = self._refusal(source)
        if refusal is not None:
            self.transport = transport  # uvicorn's connection_lost closes it again
            transport.write(busy_answer(refusal, self.limits.retry_after))
            transport.close()
            log.warning("refused a connection from %s: %s", source, refusal.message("en"))
            return
        self._source = source
        self._sources[source] += 1
        super().connection_made(transport)
        self._await_head()

    def _refusal(self, source: str) -> ServerBusy | None:
        limits, retry = self.limits, self.limits.retry_after
        if len(self.connections) >= limits.max_connections:
            zh, en = label("http.scope.server")
            return ServerBusy(
                scope=zh, scope_en=en, limit=limits.max_connections, retry_after=retry
            )
        per_source = limits.max_connections_per_source
        if per_source and self._sources[source] >= per_source:
            zh, en = label("http.scope.connections_from", source=source)
            return ServerBusy(scope=zh, scope_en=en, limit=per_source, retry_after=retry)
        return None

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel(self._deadline)
        self._cancel(self._unread)
        if self._source is not None:
            self._sources[self._source] -= 1
            if self._sources[self._source] <= 0:
                del self._sources[self._source]
            self._source = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._source is None:  # refused: its answer is on the way, the rest is ignored
            return
        super().data_received(data)

    # -- deadlines -------------------------------------------------------------------

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.cycle is not None and self.cycle is not before:  # a new request's head
            self._arm(self.limits.request_timeout, self._upload_late, self.cycle)

    def on_response_complete(self) -> None:
        # Armed before uvicorn's own handling, which may start a pipelined request
        # (whose upload deadline then replaces this one).
        self._await_head()
        super().on_response_complete()

    def _await_head(self) -> None:
        """The next request's head must arrive in time; which cycle is current is all
        the timer compares, so a trickle of bytes cannot postpone it."""
        self._arm(self.limits.header_timeout, self._head_late, self.cycle)

    def _head_late(self, waiting_on: object) -> None:
        if self.cycle is waiting_on:
            self._cut("sent no complete request head within %s s", self.limits.header_timeout)

    def _upload_late(self, cycle: object) -> None:
        if self.cycle is not cycle or self.cycle is None or not self.cycle.more_body:
            return
        if self.flow.read_paused:  # the server is not reading (it is busy): not the client's delay
            self._arm(self.limits.request_timeout, self._upload_late, cycle)
        else:
            late = self.limits.request_timeout
            self._cut("did not finish uploading its request within %s s", late)

    def pause_writing(self) -> None:
        super().pause_writing()
        self._cancel(self._unread)
        self._unread = self.loop.call_later(self.limits.request_timeout, self._answer_unread)

    def resume_writing(self) -> None:
        super().resume_writing()
        self._cancel(self._unread)
        self._unread = None

    def _answer_unread(self) -> None:
        log.warning(
            "aborted the connection from %s: it left its answer unread for %s s",
            self._source, self.limits.request_timeout,
        )  # fmt: skip
        self.transport.abort()  # close() would wait for the full buffer to drain

    def _arm(self, delay: float, late: Any, *args: object) -> None:
        self._cancel(self._deadline)
        self._deadline = self.loop.call_later(delay, late, *args)

    def _cut(self, reason: str, seconds: float) -> None:
        if self.transport.is_closing():
            return
        log.warning("closed the connection from %s: it " + reason, self._source, seconds)
        self.transport.close()

    @staticmethod
    def _cancel(handle: asyncio.TimerHandle | None) -> None:
        if handle is not None:
            handle.cancel()


def _address(transport: asyncio.BaseTransport) -> str:
    peer = transport.get_extra_info("peername")
    if isinstance(peer, tuple) and peer:
        return str(peer[0])
    return "local"  # a unix socket: one source


def guarded_protocol(limits: ServerLimits) -> Any:
    """What to pass as uvicorn's ``http`` option: a picklable factory (``--workers N``
    hands it to each worker) of :class:`GuardedH11Protocol` under ``limits``."""
    return partial(GuardedH11Protocol, limits=limits)
