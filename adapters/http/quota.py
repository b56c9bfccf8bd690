"""The enrolment quota: how many uncertified enrolment requests a server keeps.

Anyone may make a key and sign a node card with it, so ``POST /v1/enrolments`` is
open to the world; without a cap a script could fill the database with cards.  The
quota counts the requests kept and not yet certified (as the database holds them, so
several workers see one total) and, per client address, those this process kept
(a per-process tally: it restarts empty, when the total still holds).  A node handing
in its card again replaces its earlier request and adds nothing, so it is never
refused.  Beyond a cap the server answers 429 and stores nothing.
"""

from __future__ import annotations

from collections.abc import Set

from regsync.adapters.http.errors import TooManyEnrolments
from regsync.core.catalogue_sync import label


class EnrolmentQuota:
    """At most ``total`` pending requests in all and ``per_source`` from one address."""

    def __init__(self, total: int, per_source: int) -> None:
        self.total, self.per_source = total, per_source
        self._by_source: dict[str, set[str]] = {}

    def refusal(self, pending: Set[str], node_id: str, source: str) -> TooManyEnrolments | None:
        """Why ``node_id``'s request from ``source`` may not be kept, given the node ids
        of the requests ``pending`` now; None when it may."""
        # Requests certified (or removed) since are no longer anyone's to count.
        self._by_source = {
            address: kept & pending
            for address, kept in self._by_source.items()
            if not kept.isdisjoint(pending)
        }
        if node_id in pending:
            return None
        if len(pending) >= self.total:
            zh, en = label("http.scope.server")
            return TooManyEnrolments(scope=zh, scope_en=en, limit=self.total)
        if len(self._by_source.get(source, ())) >= self.per_source:
            zh, en = label("http.scope.enrolments_from", source=source)
            return TooManyEnrolments(scope=zh, scope_en=en, limit=self.per_source)
        return None

    def kept(self, node_id: str, source: str) -> None:
        """Count ``node_id``'s request, just stored, against ``source``."""
        self._by_source.setdefault(source, set()).add(node_id)
