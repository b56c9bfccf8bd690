"""The HTTP client alone: retries with backoff, typed errors, signed answers checked."""

from __future__ import annotations

import hashlib
import json

import httpx
import pytest

from regsync.adapters.http.client import SyncClient, with_retries
from regsync.adapters.http.errors import (
    ServerFailed,
    ServerNotTrusted,
    ServerRefused,
    ServerUnreachable,
)
from regsync.adapters.http.signing import SIGNATURE, response_message
from regsync.packages_bpz.testing import KeySigner

ME, SERVER = KeySigner(), KeySigner()


def _client(handler: httpx.MockTransport) -> SyncClient:
    return SyncClient("http://sync.test", node_id="N1", signer=lambda: ME, now=lambda: 1000,
                      transport=handler)  # fmt: skip


def _heads_answer(request: httpx.Request, signer: KeySigner) -> httpx.Response:
    body = json.dumps({"heads": {"a/b": 3}}).encode()
    nonce = request.headers["x-regsync-nonce"]
    message = response_message(nonce, 200, hashlib.sha256(body).hexdigest())
    return httpx.Response(200, content=body, headers={SIGNATURE: signer.sign(message).hex()})


def test_heads_are_taken_only_when_the_server_signed_them() -> None:
    good = _client(httpx.MockTransport(lambda r: _heads_answer(r, SERVER)))
    assert good.heads("S", SERVER.public_key()) == {"a/b": 3}
    forged = _client(httpx.MockTransport(lambda r: _heads_answer(r, KeySigner())))
    with pytest.raises(ServerNotTrusted):
        forged.heads("S", SERVER.public_key())


def test_error_answers_become_typed_errors() -> None:
    refusal = {"error": "StaleRequest", "status": 401, "message": "时间不对", "message_en": "clock"}
    refused = _client(httpx.MockTransport(lambda r: httpx.Response(401, json=refusal)))
    with pytest.raises(ServerRefused) as info:
        refused.info()
    assert "StaleRequest" in info.value.message("en")
    assert "时间不对" in info.value.message("zh")
    failing = _client(httpx.MockTransport(lambda r: httpx.Response(502, text="bad gateway")))
    with pytest.raises(ServerFailed):
        failing.info()

    def cut(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("peer closed connection", request=request)

    with pytest.raises(ServerUnreachable):
        _client(httpx.MockTransport(cut)).info()


def test_retries_back_off_and_stop_at_the_limit() -> None:
    waits: list[float] = []
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise ServerUnreachable(url="u", reason="refused")
        return "done"

    assert with_retries(flaky, attempts=4, backoff=1.0, sleep=waits.append) == "done"
    assert len(waits) == 2
    assert 0.5 <= waits[0] <= 1.0
    assert 1.0 <= waits[1] <= 2.0
    calls.clear()
    with pytest.raises(ServerUnreachable):
        with_retries(lambda: flaky() and flaky() and flaky(), attempts=2, sleep=waits.append)

    def refused() -> None:
        raise ServerRefused(status=403, error="RevokedKey", detail_zh="", detail_en="")

    waits.clear()
    with pytest.raises(ServerRefused):
        with_retries(refused, attempts=5, sleep=waits.append)
    assert waits == []  # a refusal is final: no retry


def test_the_openapi_document_lists_exactly_the_server_endpoints() -> None:
    from pathlib import Path

    from starlette.routing import Route

    from regsync.adapters.http.server import SyncServer

    spec = json.loads((Path(__file__).parent.parent / "docs" / "openapi.json").read_text())
    documented = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    server = SyncServer(backend=None)  # type: ignore[arg-type]  # routes only
    routes = server.starlette.routes
    served = {(m, r.path) for r in routes if isinstance(r, Route) for m in r.methods or ()}
    assert documented == served - {("HEAD", p) for _m, p in served}
