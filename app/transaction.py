"""A state change and the bundle that carries it, all or none.

``report --via bundle -o`` and ``forward send -o`` change applications (reported,
forwarded) and write the bundle for the next office.  Committed first, a full USB
stick left the applications reported with no bundle to hand in; so here both happen
in **one** database transaction: the change is captured into the open transaction,
the bundle is exported from that same transaction (it sees the new changesets), and
only when the bundle is written, fsynced and named on the medium is the transaction
committed.  A failed write rolls the change back; a failed commit removes the
bundle.  (A power cut between the bundle's publication and the commit leaves a
bundle whose change the node never kept; writing it again under the same name
replaces it.)

:class:`OneTransaction` is the :class:`~regsync.sync.ports.SyncNode` that makes this
possible: every unit of work it hands out shares its one connection, and none of them
commits the connection; :meth:`OneTransaction.commit` does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from regsync.adapters.sql.uow import SqlUnitOfWork
from regsync.app.bootstrap import Services, millis
from regsync.core.ports import NodeIdentity
from regsync.sync.trust.store import TrustStore


class OneTransaction:
    """A :class:`~regsync.sync.ports.SyncNode` over one open database transaction."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._conn = services.db.open_connection()
        self._trust: TrustStore | None = None
        self._units: list[SqlUnitOfWork] = []  # told the audit log after the commit

    @property
    def node(self) -> NodeIdentity:
        return self._services.node

    def unit_of_work(self) -> SqlUnitOfWork:
        """A unit of work in the shared transaction: its ``commit`` captures the changes
        into the transaction without making them durable."""
        clock = self._services.clock
        uow = SqlUnitOfWork(self._conn, self._services.db.dialect, self.node,
                            physical_millis=lambda: millis(clock), owns_connection=False,
                            on_commit=self._services.db.on_commit)  # fmt: skip
        self._units.append(uow)
        return uow

    def trust(self) -> TrustStore:
        # Read once, on its own connection, before the shared transaction writes:
        # a second connection must not wait on this one's locks (SQLite).
        if self._trust is None:
            self._trust = self._services.trust()
        return self._trust

    def save_trust(self, store: TrustStore) -> None:
        raise NotImplementedError("a shared transaction exports; it installs no trust files")

    def schema_head(self) -> str:
        return self._services.schema_head()

    def known_schemas(self) -> frozenset[str]:
        return self._services.known_schemas()

    def commit(self) -> None:
        """Make every change of the shared transaction durable (then audit it)."""
        self._conn.commit()
        for uow in self._units:
            uow.tell_committed()

    def close(self) -> None:
        """Close the connection: an uncommitted transaction rolls back."""
        self._conn.close()


@contextlib.contextmanager
def one_transaction(services: Services) -> Iterator[OneTransaction]:
    """A :class:`OneTransaction` of ``services``; rolled back unless committed."""
    node = OneTransaction(services)
    try:
        node.trust()
        yield node
    finally:
        node.close()
