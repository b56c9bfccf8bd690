"""Structured request logs and metrics: an ASGI middleware around the sync server.

Every request ends in one JSON log line (logger ``regsync.http.request``: method,
route, status, bytes in and out, duration, the signing node once the handler knows
it, outcome) and in the :class:`~regsync.adapters.http.metrics.Metrics`.  Handlers add
what only they know (the node, an import's counts) to the request's :func:`notes`.
Lines go through the server's rate limit (:mod:`regsync.adapters.http.logs`) like
every other line: a flood is summarised, not written out.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from regsync.adapters.http.metrics import Metrics, route_of

NOTES: Final = "regsync.notes"
requests_log = logging.getLogger("regsync.http.request")
events_log = logging.getLogger("regsync.http.event")


def notes(scope: Scope) -> dict[str, Any]:
    """What a handler adds to its request's log line (node, counts)."""
    found: dict[str, Any] = scope.setdefault(NOTES, {})
    return found


def log_event(event: str, **fields: Any) -> None:
    """One JSON line (``event`` and ``fields``) on the events logger."""
    events_log.info("event:%s", event, extra={"event": {"event": event, **fields}})


class Observed:
    """``app`` with every HTTP request logged as one JSON line and counted."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        seen = {"in": 0, "out": 0, "status": 500}
        scope[NOTES] = {}

        async def counting_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                seen["in"] += len(message.get("body", b""))
            return message

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = int(message["status"])
            elif message["type"] == "http.response.body":
                seen["out"] += len(message.get("body", b""))
            await send(message)

        outcome = "ok"
        try:
            await self.app(scope, counting_receive, counting_send)
        except BaseException as exc:
            outcome = f"aborted:{type(exc).__name__}"
            raise
        finally:
            route = route_of(scope.get("path", ""))
            status = seen["status"]
            self.metrics.request(route, status, seen["in"], seen["out"])
            if outcome == "ok" and status >= 400:
                outcome = "refused" if status < 500 else "error"
            client = scope.get("client")
            line = {
                "event": "request", "method": scope.get("method"), "route": route,
                "path": scope.get("path"), "status": status, "bytes_in": seen["in"],
                "bytes_out": seen["out"],
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "client": client[0] if client else None, "outcome": outcome,
                **scope[NOTES],
            }  # fmt: skip
            # The template is the rate limit's kind: each route and status has its own budget.
            requests_log.info(f"request {route} {status}", extra={"event": line})
