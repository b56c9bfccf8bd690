"""The node's audit log: every committed write, by operator and node.

``logs/audit.jsonl`` in the node's home, append-only, one JSON object per committed
changeset, written *after* the commit (a line never names a write the database does
not hold; a crash between the commit and the line loses the line, not the write --
the changeset itself stays in the node's hash-chained log).  Fields:

``time``        when the line was written (UTC, ISO 8601)
``operator``    who ran the program: ``--operator`` / ``$REGSYNC_OPERATOR``, else the
                operating system's user (until logins exist)
``node``        the node whose stream holds the changeset (its writer)
``via``         ``local`` for a write made here, ``import`` for one received (bundle,
                USB or a sync server's import)
``at``          the node that committed it (this node)
``stream``, ``seq``, ``hash``; ``kinds`` (sorted) and ``keys`` (``kind:key``) it changed

A failure to write the audit line (a full disk) does not undo the committed write:
it is said on stderr and in the log, and the changesets stay in the database's log.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final

from regsync.app.last_resort import LOG_FOLDER
from regsync.core.catalogue_sync import label
from regsync.sync.changeset import Changeset

OPERATOR_ENV: Final = "REGSYNC_OPERATOR"
AUDIT_NAME: Final = "audit.jsonl"
log = logging.getLogger("regsync.audit")


def operator_of(environ: Mapping[str, str]) -> str:
    """``$REGSYNC_OPERATOR`` (``--operator``), else the operating system's user."""
    named = environ.get(OPERATOR_ENV, "").strip()
    if named:
        return named
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name (a container's numeric user)
        if hasattr(os, "getuid"):
            return f"uid:{os.getuid()}"
        return "unknown"


def audit_path(home: Path) -> Path:
    """Where the node in ``home`` keeps its audit log."""
    return home / LOG_FOLDER / AUDIT_NAME


class AuditLog:
    """Appends a line per committed changeset (the database's ``on_commit`` hook)."""

    def __init__(
        self, home: Path, operator: str, node_id: str, now: Callable[[], dt.datetime]
    ) -> None:
        self.path, self.operator, self.node_id, self._now = audit_path(home), operator, node_id, now
        self._lock = threading.Lock()  # a server's threads commit concurrently

    def __call__(self, local: list[Changeset], imported: list[Changeset]) -> None:
        lines = [self._line(cs, "local") for cs in local]
        lines += [self._line(cs, "import") for cs in imported]
        if not lines:
            return
        text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # One write of whole lines in append mode: processes (server workers)
                # appending at once do not interleave within a line.
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
                try:
                    os.write(fd, text.encode("utf-8"))
                finally:
                    os.close(fd)
        except OSError as exc:
            log.error("audit log %s not written: %s", self.path, exc)
            print(
                "\n".join(label("audit.not_written", path=self.path, error=exc.strerror)),
                file=sys.stderr,
            )

    def _line(self, cs: Changeset, via: str) -> dict[str, object]:
        return {
            "time": self._now().astimezone(dt.UTC).isoformat(timespec="milliseconds"),
            "operator": self.operator,
            "node": cs.origin,
            "via": via,
            "at": self.node_id,
            "stream": cs.stream,
            "seq": cs.seq,
            "hash": cs.hash,
            "kinds": sorted({c.kind for c in cs.changes}),
            "keys": sorted({f"{c.kind}:{c.key}" for c in cs.changes}),
        }


def operators_of(home: Path, hashes: set[str], block: int = 1 << 16) -> dict[str, str]:
    """Who wrote each changeset of ``hashes`` here (``regsync log``'s 操作员 column).

    The audit log is read backwards, block by block, and stops once every hash is
    found: ``log --limit 20`` shows the newest changesets, whose lines are at the end,
    so it reads a few kilobytes of a province's log, not all of it (issue 19).  A
    changeset without a line (written before the audit log existed, or its line lost
    to a full disk) is absent from the result.
    """
    path = audit_path(home)
    found: dict[str, str] = {}
    wanted = set(hashes)
    try:
        handle = path.open("rb")
    except OSError:  # no audit log yet
        return found
    with handle:
        end = handle.seek(0, os.SEEK_END)
        tail = b""
        while wanted and end > 0:
            start = max(0, end - block)
            handle.seek(start)
            chunk = handle.read(end - start) + tail
            end = start
            lines = chunk.split(b"\n")
            tail = lines.pop(0) if start > 0 else b""  # a line cut by the block edge
            for raw in reversed(lines):
                _take(raw, wanted, found)
        _take(tail, wanted, found)
    return found


def _take(raw: bytes, wanted: set[str], found: dict[str, str]) -> None:
    if not raw.strip():
        return
    try:
        line = json.loads(raw)
    except ValueError:  # a line cut by a crash mid-write: skip it
        return
    digest = line.get("hash") if isinstance(line, dict) else None
    if digest in wanted:
        found[digest] = str(line.get("operator", ""))
        wanted.discard(digest)
