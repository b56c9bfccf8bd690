"""``regsync serve``: the node's sync server under uvicorn.

One worker runs the app in this process.  With ``--workers N`` uvicorn starts N
processes that each build the app with :func:`worker_app` from the environment this
command sets (home, limits, the *path* of the file holding the key's secret -- never
the secret itself, see :mod:`regsync.app.serve_secret`): the workers share nothing but
the database.

What keeps the server up (README "Running a server"): the connection guard
(:mod:`regsync.adapters.http.guard`: head and upload deadlines, connection caps) as
uvicorn's protocol, uvicorn's keep-alive timeout as the idle timeout, the enrolment
quota, rate-limited logs, a file descriptor limit raised to fit the connection cap, and
a worker health check patient enough for busy workers: uvicorn's supervisor pings each
worker through a pipe answered by a thread of the worker, and kills a worker that does
not answer within ``timeout_worker_healthcheck`` (5 s by default).  A worker whose
threads import a large bundle, sign and compress, on a loaded machine, could miss that
and be killed mid-import; the default here is a minute, still short enough to replace
a worker that truly hangs.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from regsync.adapters.http.guard import guarded_protocol
from regsync.adapters.http.limits import ServerLimits
from regsync.adapters.http.logs import log_config
from regsync.adapters.http.server import DEFAULT_MAX_BODY, SyncServer
from regsync.adapters.http.signing import REPLAY_WINDOW
from regsync.app.bootstrap import Services, open_node
from regsync.app.errors import PortInUse
from regsync.app.home import read_config
from regsync.app.progress import show
from regsync.app.serve_secret import SECRET_VARIABLE, handover, read_secret_file, signer_environ
from regsync.core.catalogue_sync import label
from regsync.sync.ports import NodeKey
from regsync.sync.serving import NodeBackend

if sys.platform != "win32":  # Windows has no per-process descriptor limit to raise
    import resource

ENV_HOME = "REGSYNC_SERVE_HOME"
ENV_SECRET_FILE = "REGSYNC_SERVE_SECRET_FILE"
ENV_MAX_BODY = "REGSYNC_SERVE_MAX_BODY"
ENV_PUBLIC_URL = "REGSYNC_SERVE_PUBLIC_URL"
ENV_LIMITS = "REGSYNC_SERVE_LIMITS"


def build_app(
    services: Services,
    key: NodeKey,
    *,
    max_body: int,
    public_url: str | None,
    limits: ServerLimits = ServerLimits(),  # noqa: B008  # frozen: one shared default is safe
) -> ASGIApp:
    """The ASGI app of the node ``services`` wires, signing with its opened ``key``."""
    addresses = read_config(services.home).addresses
    backend = NodeBackend(
        services, key, replay_window=REPLAY_WINDOW, public_url=public_url, addresses=addresses,
        progress=show,
    )  # fmt: skip
    return SyncServer(backend, max_body=max_body, limits=limits).app


def worker_app() -> ASGIApp:
    """uvicorn's factory in each worker process (``--workers N``)."""
    env = os.environ
    services = open_node(Path(env[ENV_HOME]), env)
    secret = read_secret_file(Path(env[ENV_SECRET_FILE]))
    key = services.require_signer(
        signer_environ(env, secret), passphrase_env=SECRET_VARIABLE, pin_env=SECRET_VARIABLE
    )
    return build_app(
        services,
        key,
        max_body=int(env.get(ENV_MAX_BODY, DEFAULT_MAX_BODY)),
        public_url=env.get(ENV_PUBLIC_URL) or None,
        limits=ServerLimits(**json.loads(env[ENV_LIMITS])) if ENV_LIMITS in env else ServerLimits(),
    )


def uvicorn_options(limits: ServerLimits) -> dict[str, Any]:
    """uvicorn's options that carry ``limits`` (``regsync serve`` and the tests)."""
    return {
        "http": guarded_protocol(limits),
        "timeout_keep_alive": limits.idle_timeout,
        "timeout_worker_healthcheck": limits.worker_healthcheck_timeout,
        "log_config": log_config(limits.log_rate),
        "access_log": False,  # the app logs each request itself, as JSON with its node
    }


def open_files_for(limits: ServerLimits) -> ServerLimits:
    """Raise this process's file descriptor limit (its workers inherit it) to what the
    connection cap needs; where the hard limit forbids, lower the cap to fit, saying so."""
    if sys.platform == "win32":
        return limits
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = limits.fds_needed()
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return limits
    fitting = max(1, (soft - (needed - 2 * limits.max_connections)) // 2)
    print(
        "\n".join(label("serve.fd_limit", soft=soft, fitting=fitting)),
        file=sys.stderr,
    )
    return dataclasses.replace(limits, max_connections=fitting)


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
    secret: str,
    secret_source: Path | None,
    limits: ServerLimits,
) -> None:
    """Listen until interrupted (Ctrl-C or SIGTERM).

    ``secret`` (the key file's passphrase or the lock's PIN) reaches the worker
    processes through a file (``secret_source``, or a private copy), never their
    environment.
    """
    limits = open_files_for(limits)
    options: dict[str, Any] = {
        "host": host, "port": port, "log_level": "info", **uvicorn_options(limits), **tls,
    }  # fmt: skip
    if workers == 1:
        app = build_app(services, key, max_body=max_body, public_url=public_url, limits=limits)
        uvicorn.run(app, **options)
        return
    services.close()  # each worker opens its own engine
    with handover(secret, secret_source) as secret_file:
        os.environ.update(
            {
                ENV_HOME: str(services.home),
                ENV_SECRET_FILE: str(secret_file),
                ENV_MAX_BODY: str(max_body),
                ENV_PUBLIC_URL: public_url or "",
                ENV_LIMITS: json.dumps(dataclasses.asdict(limits)),
            }
        )
        uvicorn.run("regsync.app.serve:worker_app", factory=True, workers=workers, **options)
