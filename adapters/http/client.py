"""The sync client: httpx driving the sans-I/O session against a sync server.

:func:`sync_over_http` runs :func:`regsync.sync.session.push_pull`: the session's
``AskHeads`` becomes ``POST /v1/heads`` and its ``SendBundle`` ``POST /v1/sync``,
whose answer bundle is streamed to a file and handed back.  A cut connection at any
byte raises :class:`ServerUnreachable` and leaves nothing half-applied on either
side (imports are all or nothing, heads are asked afresh each run), so
:func:`with_retries` and the next ``regsync sync`` simply start the session again.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final, TypeVar

import httpx

from regsync.adapters.http.errors import (
    BadServerUrl,
    ServerFailed,
    ServerNotTrusted,
    ServerRefused,
    ServerUnreachable,
)
from regsync.adapters.http.signing import EMPTY_DIGEST, NONCE, SIGNATURE, sign_request
from regsync.adapters.http.signing import verify_response as response_verifies
from regsync.adapters.http.sockopts import NODELAY
from regsync.core.catalogue_reasons import reason_params, with_cause
from regsync.core.catalogue_sync import both, label
from regsync.core.ports import Signer
from regsync.sync.session import (
    AskHeads,
    BundleReply,
    Heads,
    Link,
    SyncOutcome,
    push_pull,
)

CHUNK: Final = 256 * 1024
MAX_REPLY: Final = 4 * 1024**3  # the bundle format's own file cap
Progress = Callable[[str, int, int], None]
"""``progress(label, done, total)``; total 0 when unknown."""
T = TypeVar("T")


def _no_progress(_label: str, _done: int, _total: int) -> None:
    pass


def check_url(url: str) -> str:
    """The server URL without a trailing slash; refuses anything but http(s)."""
    if not url.startswith(("http://", "https://")) or len(url) < 10:
        raise BadServerUrl(url=url)
    return url.rstrip("/")


class SyncClient:
    """Requests to one sync server, signed by this node.

    ``signer`` is asked for lazily (opening the key may need the passphrase) and only
    for signed requests.
    """

    def __init__(
        self,
        url: str,
        *,
        node_id: str,
        signer: Callable[[], Signer],
        now: Callable[[], int],
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
        progress: Progress = _no_progress,
    ) -> None:
        self.url, self.node_id, self._signer, self._now = check_url(url), node_id, signer, now
        self.progress = progress
        self._http = httpx.Client(
            base_url=self.url,
            timeout=httpx.Timeout(timeout, connect=10.0),
            transport=transport or httpx.HTTPTransport(socket_options=NODELAY),
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- plain requests ------------------------------------------------------------

    def info(self) -> dict[str, Any]:
        """``GET /v1/health``: the serving node."""
        return _json(self._request("GET", "/v1/health"))

    def directory(self) -> dict[str, Any]:
        """``GET /v1/directory``: root certificate and the province and city nodes."""
        return _json(self._request("GET", "/v1/directory"))

    def certificate(self, node_id: str) -> bytes | None:
        """The certificate issued to ``node_id``, or None while the enrolment is pending."""
        try:
            return self._request("GET", f"/v1/enrolments/{node_id}").content
        except ServerRefused as exc:
            if exc.params["error"] == "EnrolmentPending":
                return None
            raise

    # -- signed requests -----------------------------------------------------------

    def heads(self, server_id: str, server_key: bytes) -> dict[str, int]:
        """``POST /v1/heads``: what the server holds of the streams this node may see."""
        headers = self._sign("POST", "/v1/heads", server_id, EMPTY_DIGEST)
        response = self._request("POST", "/v1/heads", headers=headers)
        self._check_signed(response, headers[NONCE], server_key)
        heads = _json(response).get("heads")
        if not isinstance(heads, dict) or not all(isinstance(v, int) for v in heads.values()):
            zh, en = label("http.malformed_heads")
            raise ServerNotTrusted(url=self.url, reason_zh=zh, reason_en=en)
        return {str(k): v for k, v in heads.items()}

    def enrol(self, card: bytes, server_id: str) -> dict[str, Any]:
        """``POST /v1/enrolments``: hand in this node's card (signed by its own key)."""
        digest = hashlib.sha256(card).hexdigest()
        headers = self._sign("POST", "/v1/enrolments", server_id, digest)
        return _json(self._request("POST", "/v1/enrolments", headers=headers, content=card))

    def push(self, bundle: Path, reply: Path, server_id: str) -> None:
        """``POST /v1/sync``: send ``bundle``, stream the server's answer into ``reply``."""
        size, digest = bundle.stat().st_size, _file_digest(bundle)
        headers = self._sign("POST", "/v1/sync", server_id, digest)
        headers |= {"content-type": "application/vnd.regsync.bpz", "content-length": str(size)}
        body = self._upload(bundle, size)
        try:
            with self._http.stream("POST", "/v1/sync", headers=headers, content=body) as response:
                if response.status_code != 200:
                    response.read()
                    _raise_for(self.url, response)
                self._download(response, reply)
        except httpx.HTTPError as exc:
            raise _unreachable(self.url, exc) from exc

    # -- helpers -------------------------------------------------------------------

    def _sign(self, method: str, target: str, to: str, digest: str) -> dict[str, str]:
        return sign_request(
            self._signer(), node_id=self.node_id, to=to, method=method, target=target,
            digest=digest, now=self._now(),
        )  # fmt: skip

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise _unreachable(self.url, exc) from exc
        if response.status_code >= 300:
            _raise_for(self.url, response)
        return response

    def _check_signed(self, response: httpx.Response, nonce: str, key: bytes) -> None:
        signature = response.headers.get(SIGNATURE)
        if not response_verifies(
            key, nonce=nonce, status=response.status_code, body=response.content,
            signature_hex=signature,
        ):  # fmt: skip
            zh, en = label("http.not_signed_by_server")
            raise ServerNotTrusted(url=self.url, reason_zh=zh, reason_en=en)

    def _upload(self, bundle: Path, size: int) -> Iterator[bytes]:
        done = 0
        with open(bundle, "rb") as fh:
            while chunk := fh.read(CHUNK):
                done += len(chunk)
                self.progress(both("progress.uploading"), done, size)
                yield chunk

    def _download(self, response: httpx.Response, reply: Path) -> None:
        total = int(response.headers.get("content-length", "0") or 0)
        done = 0
        with open(reply, "wb") as out:
            for chunk in response.iter_bytes(CHUNK):
                done += len(chunk)
                if done > MAX_REPLY:
                    too_large = reason_params(label("reason.http.answer_too_large"), "detail")
                    raise ServerFailed(url=self.url, status=200, **too_large)
                out.write(chunk)
                self.progress(both("progress.downloading"), done, total)


def sync_over_http(
    link: Link, client: SyncClient, server_id: str, server_key: bytes, work: Path
) -> SyncOutcome:
    """One push and pull with the server: the session, driven over HTTP."""
    session = push_pull(link, work / "push.bpz")
    message = next(session)
    while True:
        if isinstance(message, AskHeads):
            client.progress(both("progress.asking"), 0, 0)
            reply: Heads | BundleReply = Heads(client.heads(server_id, server_key))
        else:
            client.push(message.path, work / "reply.bpz", server_id)
            reply = BundleReply(work / "reply.bpz")
        try:
            message = session.send(reply)
        except StopIteration as done:
            outcome: SyncOutcome = done.value
            return outcome


TRANSIENT: Final = (ServerUnreachable, ServerFailed)


def with_retries(
    action: Callable[[], T],
    *,
    attempts: int,
    backoff: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
    on_retry: Callable[[int, Exception, float], None] | None = None,
) -> T:
    """Run ``action``; after a network failure or a 5xx, wait and run it again.

    The waits grow exponentially with jitter (``backoff`` x 1, 2, 4 ... x 0.5-1),
    so many clients of a restarting server do not come back in step.
    """
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except TRANSIENT as exc:
            if attempt >= attempts:
                raise
            wait = backoff * 2 ** (attempt - 1) * (0.5 + random.random() / 2)  # jitter, not secrets
            if on_retry is not None:
                on_retry(attempt, exc, wait)
            sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover


def _file_digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = json.loads(response.content)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        not_json = reason_params(label("reason.http.not_json"), "detail")
        raise ServerFailed(url=str(response.url), status=response.status_code, **not_json)
    return data


def _unreachable(url: str, exc: httpx.HTTPError) -> ServerUnreachable:
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        raise BadServerUrl(url=url) from exc
    if isinstance(exc, httpx.TimeoutException):
        reason = with_cause(label("reason.http.timed_out"), str(exc))
    else:
        text = str(exc).strip()
        cause = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
        reason = with_cause(label("reason.http.connect_failed"), cause)
    return ServerUnreachable(url=url, **reason_params(reason))


def _raise_for(url: str, response: httpx.Response) -> None:
    """Turn an error answer into a typed client error (the server's message preserved)."""
    try:
        data = json.loads(response.content)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        data = {"error": "HTTP", "message": response.text[:200], "message_en": response.text[:200]}
    status = response.status_code
    if status >= 500:
        raise ServerFailed(
            url=url,
            status=status,
            detail_zh=data.get("message", ""),
            detail_en=data.get("message_en", ""),
        )
    raise ServerRefused(
        status=status,
        error=data.get("error", "HTTP"),
        detail_zh=data.get("message", ""),
        detail_en=data.get("message_en", ""),
    )
