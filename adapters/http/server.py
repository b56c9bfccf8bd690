"""The sync server: a Starlette app over a :class:`~regsync.adapters.http.ports.SyncBackend`.

Endpoints (``docs/http-api.md`` describes them for other clients):

=======  ==========================  ======================================================
GET      /v1/health                  the serving node (id, role, public key, schema)
GET      /v1/directory               province root and province/city certificates, addresses
POST     /v1/heads                   signed; the session's AskHeads: the heads the node may see
POST     /v1/sync                    signed; body a bundle (SendBundle), answer a bundle
POST     /v1/enrolments              signed by the card's key; body a node card: kept for review
                                     (up to the enrolment quota: 429 beyond it)
GET      /v1/enrolments/{node_id}    the node's certificate once an administrator issued it
GET      /v1/metrics                 counters in Prometheus text format (:mod:`.metrics`)
=======  ==========================  ======================================================

Every request is logged as one JSON line and counted (:mod:`.observe`); a pushed
bundle adds an ``import`` and an ``export`` line with the node, counts, bytes,
duration and outcome.

The app holds no state of its own: trust, nonces and data live in the backend's
database, so any number of workers may serve one database.  Request bodies are
spooled to temporary files under a size cap and answers are streamed from files, so
memory stays bounded whatever the bundle size.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, TypeVar

import anyio
from anyio import CapacityLimiter, to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from regsync.adapters.http.errors import (
    EnrolmentPending,
    InternalServerError,
    MalformedRequest,
    NoSuchEndpoint,
    ReplayedRequest,
    RequestTooLarge,
)
from regsync.adapters.http.limits import ServerLimits
from regsync.adapters.http.metrics import CONTENT_TYPE, Metrics
from regsync.adapters.http.observe import Observed, log_event, notes
from regsync.adapters.http.ports import SyncBackend
from regsync.adapters.http.quota import EnrolmentQuota
from regsync.adapters.http.signing import (
    EMPTY_DIGEST,
    SIGNATURE,
    SignedRequest,
    bad_signature,
    response_message,
    verify_request,
)
from regsync.adapters.http.status import error_document, status_of
from regsync.core.catalogue_reasons import reason_params, with_cause
from regsync.core.catalogue_sync import Label, label
from regsync.core.errors import CoreError
from regsync.sync.apply import ImportReport
from regsync.sync.errors import ChainError, WrongSender
from regsync.sync.session import AskHeads, Heads, Link, Sent, answer
from regsync.sync.trust.errors import TrustError

BPZ: Final = "application/vnd.regsync.bpz"
DEFAULT_MAX_BODY: Final = 512 * 1024 * 1024
MAX_CARD: Final = 64 * 1024
IMPORT_ATTEMPTS: Final = 3
log = logging.getLogger("regsync.http")
T = TypeVar("T")


CONCURRENT_WORK: Final = 8
"""Database and key work running at once per server: below the connection pool's 15,
so a burst of clients queues here instead of timing out in the pool."""


def error_response(
    exc: CoreError, status: int | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The typed error document every refusal is answered with."""
    status = status or status_of(exc)
    return JSONResponse(error_document(exc, status), status_code=status, headers=headers)


class SyncServer:
    """The endpoints over one backend; ``app`` is the ASGI application."""

    def __init__(
        self,
        backend: SyncBackend,
        *,
        max_body: int = DEFAULT_MAX_BODY,
        spool: Path | None = None,
        limits: ServerLimits = ServerLimits(),  # noqa: B008  # frozen: one shared default is safe
    ) -> None:
        self.backend, self.max_body, self.spool, self.limits = backend, max_body, spool, limits
        self._limiter: CapacityLimiter | None = None  # made in the event loop, on first use
        self._quota = EnrolmentQuota(
            limits.max_pending_enrolments, limits.max_enrolments_per_source
        )
        self._enrolling: anyio.Lock | None = None  # made in the event loop, on first use
        routes = [
            Route("/v1/health", self.health, methods=["GET"]),
            Route("/v1/directory", self.directory, methods=["GET"]),
            Route("/v1/heads", self.heads, methods=["POST"]),
            Route("/v1/sync", self.sync, methods=["POST"]),
            Route("/v1/enrolments", self.enrol, methods=["POST"]),
            Route("/v1/enrolments/{node_id}", self.certificate, methods=["GET"]),
            Route("/v1/metrics", self.metrics_text, methods=["GET"]),
        ]
        self.metrics = Metrics()
        self.starlette = Starlette(
            routes=routes,
            exception_handlers={
                CoreError: self._refused,
                HTTPException: self._http_error,
                Exception: self._crashed,
            },
        )
        self.app = Observed(self.starlette, self.metrics)

    async def _blocking(self, fn: Callable[..., T], *args: Any) -> T:
        """Database and key work runs in worker threads, never on the event loop."""
        if self._limiter is None:
            self._limiter = CapacityLimiter(CONCURRENT_WORK)
        return await to_thread.run_sync(fn, *args, limiter=self._limiter)

    # -- error handling ------------------------------------------------------------

    async def _refused(self, _request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CoreError)
        return error_response(exc)

    async def _http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            return error_response(NoSuchEndpoint(method=request.method, path=request.url.path))
        what = label("reason.http.bad_request", method=request.method, path=request.url.path)
        return error_response(_malformed(with_cause(what, exc.detail)), exc.status_code)

    async def _crashed(self, _request: Request, exc: Exception) -> Response:
        log.exception("request failed", exc_info=exc)
        return error_response(InternalServerError(kind=type(exc).__name__))

    # -- plain endpoints -----------------------------------------------------------

    async def health(self, _request: Request) -> Response:
        return JSONResponse(await self._blocking(self.backend.info))

    async def directory(self, _request: Request) -> Response:
        return JSONResponse(await self._blocking(self.backend.directory))

    async def metrics_text(self, _request: Request) -> Response:
        pending = len(await self._blocking(self.backend.pending_enrolments))
        return Response(self.metrics.render(pending), media_type=CONTENT_TYPE)

    async def certificate(self, request: Request) -> Response:
        node_id = request.path_params["node_id"]
        data = await self._blocking(self.backend.certificate, node_id)
        if data is None:
            raise EnrolmentPending(node_id=node_id)
        return Response(data, media_type="application/octet-stream")

    # -- signed endpoints ----------------------------------------------------------

    def _verified(self, request: Request, endpoint: str) -> SignedRequest:
        headers = {k.lower(): v for k, v in request.headers.items()}
        signed = verify_request(
            headers, method=request.method, target=endpoint, me=self.backend.node_id,
            now=self.backend.now(),
        )  # fmt: skip
        notes(request.scope)["node"] = signed.node_id  # the request's log line names it
        return signed

    async def _authenticate(self, request: Request, endpoint: str) -> tuple[SignedRequest, Link]:
        """Signature, audience and time; then the certified key; then the nonce, once."""
        signed = self._verified(request, endpoint)
        try:
            link = await self._blocking(self.backend.link_for, signed.node_id, signed.public_key)
        except WrongSender as exc:
            reason = label(
                "reason.http.other_node", sender=exc.params["sender"], node=signed.node_id
            )
            raise bad_signature(reason) from None
        await self._first_use(signed)
        return signed, link

    async def _first_use(self, signed: SignedRequest) -> None:
        if not await self._blocking(self.backend.remember_nonce, signed.node_id, signed.nonce):
            raise ReplayedRequest(nonce=signed.nonce)

    def _signed_json(self, signed: SignedRequest, data: Any, status: int = 200) -> Response:
        body = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
        message = response_message(signed.nonce, status, hashlib.sha256(body).hexdigest())
        signature = self.backend.sign(message).hex()
        return Response(body, status, headers={SIGNATURE: signature}, media_type="application/json")

    async def heads(self, request: Request) -> Response:
        signed, link = await self._authenticate(request, "/v1/heads")
        async for chunk in request.stream():  # stops at the first byte: nothing is buffered
            if chunk:
                raise _malformed(label("reason.http.heads_no_body"))
        if signed.digest != EMPTY_DIGEST:
            raise bad_signature(label("reason.http.body_digest"))
        reply = await self._blocking(answer, link, AskHeads(), Path(os.devnull))
        assert isinstance(reply, Heads)
        return self._signed_json(signed, {"heads": dict(reply.heads)})

    async def sync(self, request: Request) -> Response:
        signed, link = await self._authenticate(request, "/v1/sync")
        work = Path(tempfile.mkdtemp(prefix="regsync-http-", dir=self.spool))
        started, size = time.monotonic(), 0
        try:
            pushed, reply = work / "push.bpz", work / "reply.bpz"
            await self._spool(request, pushed, self.max_body, signed.digest)
            size = pushed.stat().st_size
            served = await self._blocking(_serve_bundle, link, pushed, reply)
        except BaseException as exc:
            shutil.rmtree(work, ignore_errors=True)
            outcome = type(exc).__name__
            self.metrics.sync(outcome, 0, 0, 0)
            took = _millis_since(started)
            log_event("import", node=signed.node_id, bytes=size, changesets=0, changes=0,
                      duplicates=0, duration_ms=took, outcome=outcome)  # fmt: skip
            raise
        report, sent = served.report, served.sent
        self.metrics.sync("ok", report.new_changesets, report.duplicates, sent.changesets)
        counts = {"received_changesets": report.new_changesets, "sent_changesets": sent.changesets}
        notes(request.scope).update(counts)
        log_event("import", node=signed.node_id, bytes=size, changesets=report.new_changesets,
                  changes=report.changes, duplicates=report.duplicates,
                  conflicts=len(report.conflicts),
                  duration_ms=_millis_since(started) - served.export_ms, outcome="ok")  # fmt: skip
        log_event("export", node=signed.node_id, bytes=reply.stat().st_size,
                  changesets=sent.changesets, changes=sent.changes,
                  duration_ms=served.export_ms, outcome="ok")  # fmt: skip
        return _SpooledAnswer(reply, work)

    async def enrol(self, request: Request) -> Response:
        signed = self._verified(request, "/v1/enrolments")
        with tempfile.TemporaryDirectory(prefix="regsync-http-", dir=self.spool) as tmp:
            path = Path(tmp) / "card"
            await self._spool(request, path, MAX_CARD, signed.digest)
            card = path.read_bytes()
        source = request.client.host if request.client else "local"
        if self._enrolling is None:
            self._enrolling = anyio.Lock()
        async with self._enrolling:  # one check-then-store at a time: the caps hold exactly
            pending = await self._blocking(self.backend.pending_enrolments)
            refusal = self._quota.refusal(pending, signed.node_id, source)
            if refusal is not None:
                log.warning("refused an enrolment from %s: %s", source, refusal.message("en"))
                retry = {"Retry-After": str(self.limits.retry_after)}
                return error_response(refusal, headers=retry)
            await self._first_use(signed)
            try:
                node_id = await self._blocking(
                    self.backend.enrol, card, signed.node_id, signed.public_key
                )
            except TrustError as exc:
                raise _malformed(Label(exc.message("zh"), exc.message("en"))) from None
            except WrongSender:
                raise bad_signature(label("reason.http.card_not_self_signed")) from None
            self._quota.kept(node_id, source)
        return self._signed_json(signed, {"node_id": node_id, "status": "pending"}, 202)

    async def _spool(self, request: Request, path: Path, limit: int, digest: str) -> None:
        """Write the body to ``path``; refuse it past ``limit`` or unlike its signed digest."""
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise RequestTooLarge(limit=limit)
        size, sha = 0, hashlib.sha256()
        with open(path, "wb") as out:
            try:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise RequestTooLarge(limit=limit)
                    sha.update(chunk)
                    out.write(chunk)
            except ClientDisconnect:  # a cut upload: nothing was applied, no traceback
                raise _malformed(label("reason.http.hung_up")) from None
        if sha.hexdigest() != digest:
            raise bad_signature(label("reason.http.body_digest"))


def _malformed(detail: Label) -> MalformedRequest:
    return MalformedRequest(**reason_params(detail, "detail"))


class _SpooledAnswer(FileResponse):
    """A bundle answer streamed from its spool folder, removed however sending ends
    (a client that hangs up mid-answer included)."""

    def __init__(self, path: Path, work: Path) -> None:
        super().__init__(path, media_type=BPZ)
        self._work = work

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            shutil.rmtree(self._work, ignore_errors=True)


def _millis_since(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


@dataclasses.dataclass(frozen=True)
class _Served:
    """A pushed bundle applied and the answer written, with the answer's own time."""

    report: ImportReport
    sent: Sent
    export_ms: float


def _serve_bundle(link: Link, pushed: Path, reply: Path) -> _Served:
    """Apply the pushed bundle and write the answer (the session's serving side,
    :func:`regsync.sync.session.answer` to a pushed bundle, with its counts).

    Two workers importing the same stream at once: the second finds the stream moved
    under it (a ChainError from the locked append) and simply tries again, when the
    changes it carries are duplicates.
    """
    for attempt in range(IMPORT_ATTEMPTS):
        try:
            report = link.accept(pushed)
        except ChainError:
            if attempt == IMPORT_ATTEMPTS - 1:
                raise
            continue
        started = time.monotonic()
        sent = link.export(reply)
        return _Served(report, sent, _millis_since(started))
    raise AssertionError("unreachable: the last attempt returns or raises")
