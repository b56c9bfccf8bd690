"""``regsync serve``: the node's sync server under uvicorn.

One worker runs the app in this process.  With ``--workers N`` uvicorn starts N
processes that each build the app with :func:`worker_app` from the environment this
command sets (home, passphrase, limits): the workers share nothing but the database.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from regsync.adapters.http.server import DEFAULT_MAX_BODY, SyncServer
from regsync.adapters.http.tcp import PROTOCOL
from regsync.app.bootstrap import Services, open_node
from regsync.app.errors import PortInUse
from regsync.app.home import read_config
from regsync.app.http_backend import NodeBackend

ENV_HOME = "REGSYNC_SERVE_HOME"
ENV_PASSPHRASE = "REGSYNC_SERVE_PASSPHRASE"
ENV_MAX_BODY = "REGSYNC_SERVE_MAX_BODY"
ENV_PUBLIC_URL = "REGSYNC_SERVE_PUBLIC_URL"


def build_app(
    services: Services, passphrase: str, *, max_body: int, public_url: str | None
) -> ASGIApp:
    """The ASGI app of the node ``services`` wires, its key opened with ``passphrase``."""
    addresses = read_config(services.home).addresses
    backend = NodeBackend(services, services.signer(passphrase), public_url, addresses)
    return SyncServer(backend, max_body=max_body).app


def worker_app() -> ASGIApp:
    """uvicorn's factory in each worker process (``--workers N``)."""
    env = os.environ
    services = open_node(Path(env[ENV_HOME]), env)
    return build_app(
        services,
        env[ENV_PASSPHRASE],
        max_body=int(env.get(ENV_MAX_BODY, DEFAULT_MAX_BODY)),
        public_url=env.get(ENV_PUBLIC_URL) or None,
    )


def check_port(host: str, port: int) -> None:
    """Fail early, with a clear message, when the address cannot be listened on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(infos[0][4])
    except OSError as exc:
        raise PortInUse(host=host, port=port, reason=exc.strerror or str(exc)) from None


def serve(
    services: Services,
    passphrase: str,
    *,
    host: str,
    port: int,
    workers: int,
    max_body: int,
    public_url: str | None,
    tls: Mapping[str, str],
) -> None:
    """Listen until interrupted (Ctrl-C or SIGTERM)."""
    options: dict[str, Any] = {
        "host": host, "port": port, "log_level": "info", "http": PROTOCOL, **tls,
    }  # fmt: skip
    if workers == 1:
        app = build_app(services, passphrase, max_body=max_body, public_url=public_url)
        uvicorn.run(app, **options)
        return
    services.close()  # each worker opens its own engine
    os.environ.update(
        {
            ENV_HOME: str(services.home),
            ENV_PASSPHRASE: passphrase,
            ENV_MAX_BODY: str(max_body),
            ENV_PUBLIC_URL: public_url or "",
        }
    )
    uvicorn.run("regsync.app.http_serve:worker_app", factory=True, workers=workers, **options)
