"""Live servers for the HTTP tests: uvicorn on 127.0.0.1 in a thread, and a cutting proxy."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

import uvicorn

from regsync.adapters.http.server import DEFAULT_MAX_BODY
from regsync.adapters.http.tcp import PROTOCOL
from regsync.app.bootstrap import open_node
from regsync.app.serve import build_app

PASSPHRASE = "测试口令 test passphrase"  # what the Cli fixture's environment holds


@contextmanager
def live_server(
    home: str | Path, env: Mapping[str, str], *, max_body: int = DEFAULT_MAX_BODY
) -> Iterator[str]:
    """Serve the node in ``home`` with a real uvicorn on a free port; yields its URL."""
    services = open_node(Path(home), env)
    app = build_app(services, services.signer(PASSPHRASE), max_body=max_body, public_url=None)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off", http=PROTOCOL)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped"
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(20)
        sock.close()
        services.close()


class CuttingProxy:
    """A TCP proxy to ``target`` that drops every connection once ``cut_at`` bytes
    (both directions together, over all connections) have passed; ``None`` never cuts.

    ``passed`` counts the bytes forwarded, so a first uncut run measures a sync.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.cut_at: int | None = None
        self.passed = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._open: list[socket.socket] = []
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def reset(self, cut_at: int | None) -> None:
        with self._lock:
            self.cut_at, self.passed = cut_at, 0

    def close(self) -> None:
        self._stop = True
        self._listener.close()
        self._drop()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self._lock:
                self._open += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        while True:
            try:
                data = src.recv(4096)
            except OSError:
                data = b""
            if not data:
                break
            with self._lock:
                allowed = len(data)
                if self.cut_at is not None:
                    allowed = max(0, min(len(data), self.cut_at - self.passed))
                self.passed += allowed
            try:
                dst.sendall(data[:allowed])
            except OSError:
                break
            if allowed < len(data):
                self._drop()
                return
        for s in (src, dst):
            with suppress(OSError):
                s.shutdown(socket.SHUT_WR if s is dst else socket.SHUT_RD)

    def _drop(self) -> None:
        with self._lock:
            sockets, self._open = self._open, []
        for s in sockets:
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
