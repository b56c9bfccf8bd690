"""What the change log needs from storage (implemented by the SQL adapters)."""

from __future__ import annotations

from typing import Protocol

from regsync.sync.changeset import Changeset, StreamHead
from regsync.sync.materialise import Plan


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
