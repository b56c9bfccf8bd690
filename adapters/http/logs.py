"""A sync server's log: uvicorn's configuration with repeated lines rate-limited.

Under a flood of bad connections every one of them logs a line (uvicorn's "Invalid
HTTP request received.", the guard's "closed the connection ...", one access line per
request): thousands a second filled a server's disk.  :class:`RateLimit` lets through
at most ``per_second`` lines of one kind (logger and message template) in each second
and counts the rest; the next line of that kind to pass is preceded by one summary
line saying how many were suppressed.

Every line is one JSON object (:class:`JsonFormatter`): ``time``, ``level``,
``logger`` and either ``message`` or, for the server's own events (a request, an
import, an export: :mod:`regsync.adapters.http.observe`), the event's fields.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import threading
from typing import Any

from uvicorn.config import LOGGING_CONFIG

SUMMARY = logging.getLogger("regsync.http.log")
MAX_KINDS = 1024
"""Kinds remembered before those quiet in the current second are forgotten."""


class RateLimit(logging.Filter):
    """At most ``per_second`` records of one kind per second; the rest are counted."""

    def __init__(self, per_second: int = 10) -> None:
        super().__init__()
        self.per_second = per_second
        self._lock = threading.Lock()
        # kind -> [second of its window, lines passed in it, lines suppressed since]
        self._kinds: dict[tuple[str, str], list[int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (record.name, str(record.msg))
        second = int(record.created)
        with self._lock:
            window = self._kinds.get(kind)
            if window is None or window[0] != second:
                suppressed = window[2] if window is not None else 0
                if len(self._kinds) >= MAX_KINDS:  # messages formatted before logging
                    self._forget_quiet(second)
                self._kinds[kind] = [second, 1, 0]
            elif window[1] < self.per_second:
                window[1] += 1
                return True
            else:
                window[2] += 1
                return False
        if suppressed:  # outside the lock: the summary passes through this filter too
            SUMMARY.warning(
                "%d more lines like %r from %s were suppressed (at most %d a second)",
                suppressed, kind[1], kind[0], self.per_second,
            )  # fmt: skip
        return True

    def _forget_quiet(self, second: int) -> None:
        self._kinds = {k: w for k, w in self._kinds.items() if w[0] == second or w[2]}


class JsonFormatter(logging.Formatter):
    """One JSON object per line; a record's ``event`` (a dict) gives its fields."""

    def format(self, record: logging.LogRecord) -> str:
        when = dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds")
        doc: dict[str, Any] = {"time": when, "level": record.levelname, "logger": record.name}
        event = getattr(record, "event", None)
        if isinstance(event, dict):
            doc.update(event)
        else:
            doc["message"] = record.getMessage()
        if record.exc_info:
            doc["exception"] = self.formatException(record.exc_info)
        return json.dumps(doc, ensure_ascii=False, default=str)


def log_config(per_second: int) -> dict[str, Any]:
    """uvicorn's logging configuration with :class:`RateLimit` on every handler, JSON
    lines (:class:`JsonFormatter`), and the ``regsync`` loggers (the app's errors, the
    guard, requests and events) on the same handler as uvicorn's."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"rate": {"()": f"{__name__}.RateLimit", "per_second": per_second}}
    for formatter in config["formatters"].values():
        formatter.clear()
        formatter["()"] = f"{__name__}.JsonFormatter"
    for handler in config["handlers"].values():
        handler["filters"] = ["rate"]
    config["loggers"]["regsync"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
