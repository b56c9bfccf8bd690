"""Ports: what the domain needs from the outside world, as ``typing.Protocol``s.

In-memory fakes of every port live in :mod:`regsync.core.testing`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Sequence
from types import TracebackType
from typing import Protocol, Self

from regsync.core.model import R, Record, Role, Value


class Clock(Protocol):
    """Wall-clock time; offline PCs are often wrong, so it only ever breaks ties."""

    def now(self) -> dt.datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class Signer(Protocol):
    """Holds a node's Ed25519 private key (a key file, or the identity lock's card).

    The key never leaves the signer: callers get signatures, never key bytes.
    """

    def public_key(self) -> bytes:
        """The 32-byte Ed25519 public key."""
        ...

    def sign(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``message``."""
        ...


class IdGenerator(Protocol):
    """Makes the ULIDs of records that have no natural key."""

    def new_id(self) -> str: ...


@dataclasses.dataclass(frozen=True)
class NodeIdentity:
    """Who this installation is: set once by ``regsync init``."""

    node_id: str
    role: Role
    name: str
    scope: str
    city_code: str | None = None
    uscc: str | None = None
    public_key: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """Plain values (the role as its name), for storing and printing."""
        data = dataclasses.asdict(self)
        data["role"] = self.role.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, str | None]) -> NodeIdentity:
        role = data.get("role")
        assert role is not None
        return cls(**{**data, "role": Role(role)})  # type: ignore[arg-type]  # keys are the fields


@dataclasses.dataclass(frozen=True)
class Containing:
    """Records where ``part`` occurs in one of ``fields``, ignoring ASCII case.

    The storage narrows a name search with it (issue 19: a filter that matches little
    must not read the whole table); the page's own test stays the judge, so it is given
    only where it cannot leave out a record that test keeps
    (:func:`regsync.core.usecases.listing.containing`).
    """

    part: str
    fields: tuple[str, ...]

    def matches(self, values: Sequence[object]) -> bool:
        wanted = self.part.upper()
        return any(wanted in str(v or "").upper() for v in values)


class UnitOfWork(Protocol):
    """One atomic piece of work on the node's records.

    Writes are captured field by field; :meth:`commit` turns them into changesets
    (one per scope) that are logged and materialised in one database transaction,
    so either all of the work is kept or none of it.  Leaving the ``with`` block
    without committing rolls back.
    """

    node: NodeIdentity

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def get(self, record_type: type[R], key: str) -> R | None:
        """The record with this key, including writes pending in this unit of work."""
        ...

    def find(self, record_type: type[R], **equals: Value) -> list[R]:
        """Records whose fields equal the given values, ordered by key."""
        ...

    def put(self, record: Record, *, claim: Collection[str] = ()) -> None:
        """Create or update a record; only changed fields reach the change log.

        ``claim`` names fields to write even where unchanged, so that a concurrent
        edit of them elsewhere meets this write in the merge (the city's receipt
        claims the content it received: a concurrent enterprise edit then loses to
        the city's authority everywhere and goes to the conflict ledger).
        """
        ...

    def delete(self, record_type: type[Record], key: str) -> None:
        """Delete a record (a tombstone replicates)."""
        ...

    def next_counter(self, name: str) -> int:
        """The next value of a local, non-replicated counter (starts at 1)."""
        ...

    def keep_note(self, name: str, text: str) -> None:
        """Keep a local, non-replicated note under ``name``, with this unit of work
        (kept on commit, dropped on rollback); replaces an earlier note of that name."""
        ...

    def note(self, name: str) -> str | None:
        """The local note kept under ``name``, if any (pending ones included)."""
        ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...
