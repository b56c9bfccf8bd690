"""Each operation passes through the layers once (issue 14).

A profiler records every call of a regsync function while one operation runs: a
``bundle import``, an HTTP sync request (both the client's command and the server's
request handling, in the server's thread), and ``apply new``.  No named function of
``app`` may be called by a function of a lower layer (``sync``, ``adapters``,
``packages_bpz``, ``core``): the engine never calls back up into the entry points.
The exceptions are what they are meant to be: the composition root's port
implementations (:mod:`regsync.app.bootstrap`, whose ``Services`` is the ``SyncNode``
port, and :mod:`regsync.app.progress`, the ``Progress`` callable) and callbacks handed
down (closures, lambdas and callable objects: a key opener, a retried action).  A
bundle's header is read once per import.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from tests.conftest import Cli
from tests.http_helpers import live_server
from tests.offices import PERSON, enrolled_chain

PORTS_IN_APP = ("regsync.app.bootstrap", "regsync.app.progress")
LOWER = ("regsync.sync", "regsync.adapters", "regsync.packages_bpz", "regsync.core")


class LayerTrace:
    """Calls of regsync functions, and every call into ``app`` from below."""

    def __init__(self) -> None:
        self.calls: Counter[tuple[str, str]] = Counter()
        self.upcalls: list[str] = []

    def profile(self, frame: FrameType, event: str, arg: Any) -> None:
        if event != "call":
            return
        module = str(frame.f_globals.get("__name__", ""))
        if not module.startswith("regsync."):
            return
        self.calls[(module, frame.f_code.co_name)] += 1
        if not module.startswith("regsync.app") or module.startswith(PORTS_IN_APP):
            return
        code = frame.f_code
        if "<locals>" in code.co_qualname or code.co_name in ("<lambda>", "__call__"):
            return  # a callback the caller was handed (a key opener, a retried action)
        caller = frame.f_back
        while caller is not None:  # the nearest regsync caller, past library frames
            below = str(caller.f_globals.get("__name__", ""))
            if below.startswith("regsync."):
                if below.startswith(LOWER):
                    self.upcalls.append(f"{below}.{caller.f_code.co_name} -> {code.co_qualname}")
                return
            caller = caller.f_back


@contextmanager
def traced() -> Iterator[LayerTrace]:
    trace = LayerTrace()
    sys.setprofile(trace.profile)
    threading.setprofile(trace.profile)  # threads started inside: the HTTP server
    try:
        yield trace
    finally:
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]  # None removes the hook


def test_apply_new_passes_through_the_layers_once(cli: Cli, tmp_path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    chain.firm("person", "add", "--id-number", PERSON, "--name", "李四")
    with traced() as trace:
        chain.firm("apply", "new", "--kind", "initial", "--specialty", "architect",
                   "--person", PERSON)  # fmt: skip
    assert trace.calls[("regsync.sync.capture", "commit_pending")] == 1
    assert trace.upcalls == []


def test_bundle_import_passes_through_the_layers_once_and_reads_the_header_once(
    cli: Cli, tmp_path
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    chain.firm("person", "add", "--id-number", PERSON, "--name", "李四")
    bundle = chain.files / "up.bpz"
    chain.firm("bundle", "export", "--to", chain.city.node_id, "-o", str(bundle))
    with traced() as trace:
        chain.city("bundle", "import", str(bundle))
    assert trace.calls[("regsync.packages_bpz.reader", "read_header")] == 1
    assert trace.calls[("regsync.sync.apply", "import_changesets")] == 1
    assert trace.upcalls == []


def test_an_http_sync_request_passes_through_the_layers_once(cli: Cli, tmp_path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    chain.firm("person", "add", "--id-number", PERSON, "--name", "李四")
    with traced() as trace, live_server(chain.city.home, cli.env) as url:
        chain.firm("sync", "--server", url)
    # the server's thread was traced: the request reached the backend and was imported
    assert trace.calls[("regsync.sync.serving", "link_for")] >= 1
    assert trace.calls[("regsync.sync.apply", "import_changesets")] >= 1
    assert trace.upcalls == []
