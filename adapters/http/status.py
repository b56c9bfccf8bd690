"""The HTTP status of each typed error (the server's refusals and the layers below)."""

from __future__ import annotations

from regsync.adapters.http.errors import RequestRefused
from regsync.core.errors import CoreError, NotFound, StorageError
from regsync.packages_bpz import BundleError, TooLarge
from regsync.sync.errors import (
    ChainError,
    ForkError,
    MissingPrerequisites,
    Unauthorised,
    WrongOrigin,
    WrongSender,
)
from regsync.sync.trust.errors import TrustError

_BY_KIND: tuple[tuple[type[CoreError] | tuple[type[CoreError], ...], int], ...] = (
    (TooLarge, 413),  # before BundleError, its parent
    (BundleError, 400),  # the body is not a valid bundle: nothing was applied
    ((TrustError, Unauthorised, WrongOrigin, WrongSender), 403),
    ((ChainError, ForkError, MissingPrerequisites), 409),
    (StorageError, 503),
    (NotFound, 404),
)


def status_of(exc: CoreError) -> int:
    """400 unless the kind of error says otherwise (4xx: the request; 5xx: the server)."""
    if isinstance(exc, RequestRefused):
        return exc.status
    for kind, status in _BY_KIND:
        if isinstance(exc, kind):
            return status
    return 400


def error_document(exc: CoreError, status: int | None = None) -> dict[str, object]:
    """The typed error document every refusal is answered with (``docs/http-api.md``)."""
    status = status or status_of(exc)
    return {
        "error": type(exc).__name__,
        "status": status,
        "message": exc.message("zh"),
        "message_en": exc.message("en"),
    }
