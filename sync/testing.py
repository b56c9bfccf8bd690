"""Fakes of the sync layer's ports, for tests (structlog ``testing`` style)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from regsync.sync.apply import ImportReport
from regsync.sync.session import Sent


@dataclasses.dataclass
class ScriptedLink:
    """A :class:`~regsync.sync.session.Link` that answers from fixed values and records calls.

    ``calls`` lists ``(method, argument)`` in the order the session made them, so a
    test can assert the conversation without a database or a key.
    """

    my_heads: Mapping[str, int] = dataclasses.field(default_factory=dict)
    sent: Sent = dataclasses.field(default_factory=lambda: Sent(0, 0))
    report: ImportReport = dataclasses.field(default_factory=ImportReport)
    calls: list[tuple[str, object]] = dataclasses.field(default_factory=list)

    def heads(self) -> Mapping[str, int]:
        self.calls.append(("heads", None))
        return self.my_heads

    def learn(self, heads: Mapping[str, int]) -> None:
        self.calls.append(("learn", dict(heads)))

    def export(self, outbox: Path) -> Sent:
        self.calls.append(("export", outbox))
        return self.sent

    def accept(self, bundle: Path) -> ImportReport:
        self.calls.append(("accept", bundle))
        return self.report
