"""``regsync serve``: the node's sync server under uvicorn.

One worker runs the app in this process.  With ``--workers N`` uvicorn starts N
processes that each build the app with :func:`worker_app` from the environment this
command sets (home, limits, where the key's secret is): the workers share nothing but
the database.
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
from regsync.adapters.http.signing import REPLAY_WINDOW
from regsync.adapters.http.tcp import PROTOCOL
from regsync.app.bootstrap import Services, open_node
from regsync.app.errors import PortInUse
from regsync.app.home import read_config
from regsync.app.progress import show
from regsync.sync.ports import NodeKey
from regsync.sync.serving import NodeBackend

ENV_HOME = "REGSYNC_SERVE_HOME"
ENV_PASSPHRASE_ENV = "REGSYNC_SERVE_PASSPHRASE_ENV"
ENV_PIN_ENV = "REGSYNC_SERVE_PIN_ENV"
ENV_MAX_BODY = "REGSYNC_SERVE_MAX_BODY"
ENV_PUBLIC_URL = "REGSYNC_SERVE_PUBLIC_URL"
WORKER_PASSPHRASE = "REGSYNC_SERVE_PASSPHRASE"
"""Where the workers find a key file's passphrase (set for them by ``regsync serve``)."""


def build_app(
    services: Services, key: NodeKey, *, max_body: int, public_url: str | None
) -> ASGIApp:
    """The ASGI app of the node ``services`` wires, signing with its opened ``key``."""
    addresses = read_config(services.home).addresses
    backend = NodeBackend(
        services, key, replay_window=REPLAY_WINDOW, public_url=public_url, addresses=addresses,
        progress=show,
    )  # fmt: skip
    return SyncServer(backend, max_body=max_body).app


def worker_app() -> ASGIApp:
    """uvicorn's factory in each worker process (``--workers N``)."""
    env = os.environ
    services = open_node(Path(env[ENV_HOME]), env)
    key = services.require_signer(
        env,
        passphrase_env=env.get(ENV_PASSPHRASE_ENV) or None,
        pin_env=env.get(ENV_PIN_ENV) or None,
    )
    return build_app(
        services,
        key,
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
    key: NodeKey,
    *,
    host: str,
    port: int,
    workers: int,
    max_body: int,
    public_url: str | None,
    tls: Mapping[str, str],
    secrets: Mapping[str, str],
    pin_env: str | None,
) -> None:
    """Listen until interrupted (Ctrl-C or SIGTERM).

    ``secrets`` (a key file's passphrase under :data:`WORKER_PASSPHRASE`) go to the
    worker processes in their environment; a lock's PIN they read from ``pin_env``.
    """
    options: dict[str, Any] = {
        "host": host, "port": port, "log_level": "info", "http": PROTOCOL, **tls,
    }  # fmt: skip
    if workers == 1:
        app = build_app(services, key, max_body=max_body, public_url=public_url)
        uvicorn.run(app, **options)
        return
    services.close()  # each worker opens its own engine
    os.environ.update(
        {
            **secrets,
            ENV_HOME: str(services.home),
            ENV_PASSPHRASE_ENV: WORKER_PASSPHRASE if WORKER_PASSPHRASE in secrets else "",
            ENV_PIN_ENV: pin_env or "",
            ENV_MAX_BODY: str(max_body),
            ENV_PUBLIC_URL: public_url or "",
        }
    )
    uvicorn.run("regsync.app.serve:worker_app", factory=True, workers=workers, **options)
