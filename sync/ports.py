"""What the change log needs from storage (implemented by the SQL adapters)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from regsync.core.model import Value
from regsync.sync.changeset import Changeset, StreamHead
from regsync.sync.materialise import Plan, RecordId, RecordVersion
from regsync.sync.merge import Write


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
