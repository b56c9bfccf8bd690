"""The ports of the sync engine: what it needs from storage, the node and its key.

The SQL adapters implement the stores (:class:`regsync.adapters.sql.store.SqlLogStore`),
the composition root the node (:class:`regsync.app.bootstrap.Services`); the
in-memory fakes in :mod:`regsync.sync.testing` implement the stores too, so the
engine's services run without a database in tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from regsync.core.model import Value
from regsync.core.ports import NodeIdentity, Signer, UnitOfWork
from regsync.sync.changeset import Changeset, LoggedChangeset, StreamHead
from regsync.sync.hlc import Timestamp
from regsync.sync.materialise import Plan, RecordId, RecordVersion
from regsync.sync.merge import Write
from regsync.sync.ranges import SignedHead
from regsync.sync.trust.store import TrustStore

if TYPE_CHECKING:  # apply.py implements the import these ports serve
    from regsync.sync.apply import ImportReport


class LogStore(Protocol):
    """The log and the materialised tables, inside one open transaction."""

    def stream_head(self, stream: str) -> StreamHead | None:
        """The head of ``stream``, locked against concurrent writers until commit."""
        ...

    def append(self, cs: Changeset) -> None:
        """Insert the changeset into the log and move its stream head to it."""
        ...

    def write_plan(self, plan: Plan) -> None:
        """Write materialised rows, deletes and record versions."""
        ...


class ImportStore(LogStore, Protocol):
    """What importing remote changesets needs on top of appending local ones."""

    def append_many(self, changesets: Sequence[Changeset]) -> None:
        """Insert changesets into the log (in order) and move their stream heads."""
        ...

    def hash_at(self, stream: str, seq: int) -> str | None:
        """The hash of the changeset ``seq`` of ``stream``, if this node has it."""
        ...

    def heads(self) -> dict[str, int]:
        """The head sequence of every stream this node holds."""
        ...

    def compacted_through(self, stream: str) -> int:
        """The sequence up to which ``stream`` is no longer logged here (0: all of it is)."""
        ...

    def load_rows(self, kind: str, keys: Sequence[str]) -> dict[RecordId, dict[str, Value]]: ...

    def load_versions(self, kind: str, keys: Sequence[str]) -> dict[RecordId, RecordVersion]: ...

    def writes_since(
        self, kind: str, key: str, since: Mapping[str, int], upto: Mapping[str, int]
    ) -> list[Write]:
        """This node's logged writes of one record that ``since`` does not cover."""
        ...


class ClockState(Protocol):
    """Where the hybrid clock's last time is kept between transactions."""

    def clock_reading(self) -> Timestamp:
        """The last hybrid-clock time this node issued or observed."""
        ...

    def save_clock(self, last: Timestamp) -> None:
        """Keep the hybrid clock's last time for the next transaction."""
        ...

    def office_reading(self) -> Timestamp:
        """The newest time of a change written by a city or province office this node
        has imported (zero: none yet); a reference for this computer's clock."""
        ...

    def save_office_reading(self, seen: Timestamp) -> None:
        """Keep the newest office time (the caller keeps the newest)."""
        ...


class ClockedLogStore(LogStore, ClockState, Protocol):
    """What capturing local writes needs: the log and the clock."""


class ClockedImportStore(ImportStore, ClockState, Protocol):
    """What importing remote changesets needs: the log, the tables and the clock."""


class PeerState(ClockState, Protocol):
    """What this node knows of other nodes, kept in the same transaction as the log.

    Typed replacements of the string-prefixed settings this state used to be: only
    the storage adapter knows how it is stored.
    """

    def acknowledged(self, node: str) -> dict[str, int]:
        """The stream heads ``node`` is known to hold (empty: nothing known)."""
        ...

    def set_acknowledged(self, node: str, heads: Mapping[str, int]) -> None:
        """Replace what ``node`` is known to hold."""
        ...

    def acknowledgements(self) -> dict[str, dict[str, int]]:
        """What every node is known to hold, by node id."""
        ...

    def signed_head(self, stream: str) -> SignedHead | None:
        """The newest origin-signed head of ``stream`` this node has received."""
        ...

    def keep_signed_head(self, head: SignedHead) -> None:
        """Store ``head`` as the signed head of its stream (the caller keeps the newest)."""
        ...

    def compacted(self) -> dict[str, int]:
        """Stream -> the sequence up to which it is no longer logged here."""
        ...

    def taken_in(self, stream: str) -> int:
        """The last sequence of a personal stream this enterprise took in (0: none)."""
        ...

    def set_taken_in(self, stream: str, seq: int) -> None:
        """Record that a personal stream was taken in up to ``seq``."""
        ...


class SyncStore(ClockedImportStore, PeerState, Protocol):
    """Everything the sync services read and write, inside one open transaction."""

    def changesets_after(
        self, heads: Mapping[str, int], streams: Callable[[str], bool] | None = None
    ) -> list[Changeset]:
        """The changesets past ``heads``, in arrival order; ``streams`` picks streams."""
        ...

    def logged_after(
        self, heads: Mapping[str, int], streams: Callable[[str], bool] | None = None
    ) -> list[LoggedChangeset]:
        """The same changesets as :meth:`changesets_after`, as logged (not parsed):
        what an export ships."""
        ...

    def enterprise_cities(self) -> dict[str, str | None]:
        """The city code of every enterprise this node holds, by USCC."""
        ...

    def streams(self) -> list[StreamHead]:
        """The head of every stream this node holds."""
        ...

    def snapshot_records(self) -> Iterator[tuple[RecordVersion, dict[str, Value] | None]]:
        """Every record (``None``: a tombstone) with its replication metadata."""
        ...

    def wipe(self) -> None:
        """Remove every record, changeset and piece of peer state (start from a snapshot)."""
        ...

    def set_heads(self, heads: Sequence[StreamHead]) -> None:
        """Start the given streams at these heads, compacted through them."""
        ...

    def compact(self, upto: Mapping[str, int]) -> dict[str, int]:
        """Drop logged changesets up to ``upto`` per stream; returns what was dropped to."""
        ...

    def log_size(self) -> int:
        """The number of changesets logged here."""
        ...


class Replica(UnitOfWork, Protocol):
    """A unit of work as the sync services use it: records, the log and peer state."""

    @property
    def store(self) -> SyncStore:
        """The log and peer state, in this unit of work's transaction."""
        ...

    def import_changesets(self, changesets: Iterable[Changeset]) -> ImportReport:
        """Verify and apply another node's changesets; the caller commits."""
        ...


class NodeKey(Signer, Protocol):
    """The node's key: signs, and opens bundles sealed to it."""

    def unseal(self, ciphertext: bytes) -> bytes:
        """Open a sealed box made for this node's public key."""
        ...


KeyOpener = Callable[[], NodeKey]
"""Opens the node's key when it is first needed (so reading needs no passphrase)."""


class SyncNode(Protocol):
    """The node the sync services work for (:class:`regsync.app.bootstrap.Services`)."""

    @property
    def node(self) -> NodeIdentity:
        """Who this node is."""
        ...

    def unit_of_work(self) -> Replica:
        """A new unit of work (its own connection and transaction)."""
        ...

    def trust(self) -> TrustStore:
        """The node's trust store (refused until the province root is installed)."""
        ...

    def save_trust(self, store: TrustStore) -> None:
        """Keep the trust store."""
        ...

    def schema_head(self) -> str:
        """The database schema revision this program writes."""
        ...

    def known_schemas(self) -> frozenset[str]:
        """Every schema revision this program can read."""
        ...
