"""Errors of live HTTP sync, with the HTTP status the server answers each with.

    HttpError
    ├── RequestRefused          (server side) a request the server will not serve
    │   ├── BadRequestSignature    401 signature headers missing, malformed or not verifying
    │   ├── StaleRequest           401 timestamp outside the replay window (clock wrong?)
    │   ├── ReplayedRequest        401 this nonce was already used
    │   ├── WrongServer            401 the request was signed for another server node
    │   ├── MalformedRequest       400 the body or a parameter is not what the endpoint takes
    │   ├── RequestTooLarge        413 the body exceeds the server's limit
    │   ├── NoSuchEndpoint         404 no such endpoint (see docs/http-api.md)
    │   ├── EnrolmentPending       404 no certificate for this node yet
    │   ├── TooManyEnrolments      429 the pending enrolment requests are at their cap
    │   ├── ServerBusy             503 the connections are at their cap (Retry-After)
    │   └── InternalServerError    500 an unexpected failure (details in the server log)
    └── ClientError             (client side) a sync that could not complete
        ├── ServerUnreachable      DNS failure, refused or cut connection, timeout
        ├── ServerFailed           the server answered 5xx
        ├── ServerRefused          the server answered 4xx with a typed error
        ├── ServerNotTrusted       the server's node or response signature is not trusted
        ├── BadServerUrl           --server is not an http(s) URL
        └── NoServer               no --server given and none configured

Every refusal the server sends is a JSON document ``{"error": <class name>,
"message": <zh>, "message_en": <en>, "status": <code>}``; nothing is written when a
request is refused.
"""

from __future__ import annotations

from typing import ClassVar

from regsync.core.errors import CoreError
from regsync.core.i18n import N_


class HttpError(CoreError):
    """Root of the live-HTTP errors."""


class RequestRefused(HttpError):
    """A request the server refuses; ``status`` is the HTTP status it answers with."""

    status: ClassVar[int] = 400


class BadRequestSignature(RequestRefused):
    status = 401
    msgid = N_("error.BadRequestSignature")


class StaleRequest(RequestRefused):
    status = 401
    msgid = N_("error.StaleRequest")


class ReplayedRequest(RequestRefused):
    status = 401
    msgid = N_("error.ReplayedRequest")


class WrongServer(RequestRefused):
    status = 401
    msgid = N_("error.WrongServer")


class MalformedRequest(RequestRefused):
    status = 400
    msgid = N_("error.MalformedRequest")


class RequestTooLarge(RequestRefused):
    status = 413
    msgid = N_("error.RequestTooLarge")


class NoSuchEndpoint(RequestRefused):
    status = 404
    msgid = N_("error.NoSuchEndpoint")


class EnrolmentPending(RequestRefused):
    status = 404
    msgid = N_("error.EnrolmentPending")


class TooManyEnrolments(RequestRefused):
    status = 429
    msgid = N_("error.TooManyEnrolments")


class ServerBusy(RequestRefused):
    status = 503
    msgid = N_("error.ServerBusy")


class InternalServerError(RequestRefused):
    status = 500
    msgid = N_("error.InternalServerError")


class ClientError(HttpError):
    """A sync that could not complete; local data is untouched and the next run continues."""


class ServerUnreachable(ClientError):
    msgid = N_("error.ServerUnreachable")


class ServerFailed(ClientError):
    msgid = N_("error.ServerFailed")


class ServerRefused(ClientError):
    msgid = N_("error.ServerRefused")


class ServerNotTrusted(ClientError):
    msgid = N_("error.ServerNotTrusted")


class BadServerUrl(ClientError):
    msgid = N_("error.BadServerUrl")


class NoServer(ClientError):
    msgid = N_("error.NoServer")
