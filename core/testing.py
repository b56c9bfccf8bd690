"""In-memory fakes of the core ports, for tests of use cases (no mocks needed)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from types import TracebackType
from typing import Self

from regsync.core.documents import ApplicationForm, Cell, Sheet, SummaryTable
from regsync.core.errors import SheetUnreadable
from regsync.core.model import R, Record, Value
from regsync.core.operators import Failures, Operator
from regsync.core.ports import Containing, NodeIdentity


class FixedClock:
    """A clock that says what the test tells it; ``advance`` moves it on."""

    def __init__(self, now: dt.datetime) -> None:
        self.current = now

    def now(self) -> dt.datetime:
        return self.current

    def advance(self, delta: dt.timedelta) -> None:
        self.current += delta


class SequentialIds:
    """Ids ``PREFIX0000000001``, ``PREFIX0000000002``, ... in order."""

    def __init__(self, prefix: str = "ID") -> None:
        self._counter = itertools.count(1)
        self._prefix = prefix

    def new_id(self) -> str:
        return f"{self._prefix}{next(self._counter):010d}"


class MemoryStore:
    """The committed records and counters of a fake node."""

    def __init__(self) -> None:
        self.records: dict[tuple[str, str], Record] = {}
        self.counters: dict[str, int] = {}
        self.notes: dict[str, str] = {}
        self.commits = 0


class MemoryUnitOfWork:
    """A :class:`regsync.core.ports.UnitOfWork` over a :class:`MemoryStore`.

    Writes stay pending until :meth:`commit`; leaving the ``with`` block without
    committing discards them, as the SQL unit of work does.
    """

    def __init__(self, node: NodeIdentity, store: MemoryStore | None = None) -> None:
        self.node = node
        self.store = store or MemoryStore()
        self._pending: dict[tuple[str, str], Record | None] = {}
        self._counters: dict[str, int] = {}
        self._notes: dict[str, str] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def get(self, record_type: type[R], key: str) -> R | None:
        rid = (record_type.KIND, key)
        record = self._pending[rid] if rid in self._pending else self.store.records.get(rid)
        assert record is None or isinstance(record, record_type)
        return record

    def find(self, record_type: type[R], **equals: Value) -> list[R]:
        merged = {**self.store.records, **self._pending}
        found = [
            r
            for (kind, _), r in merged.items()
            if kind == record_type.KIND
            and r is not None
            and all(getattr(r, k) == v for k, v in equals.items())
        ]
        return sorted((r for r in found if isinstance(r, record_type)), key=lambda r: r.key)

    def iterate(self, record_type: type[R], **equals: Value) -> Iterator[R]:
        """The committed records only, as the SQL stream reads them."""
        found = [
            r
            for (kind, _), r in self.store.records.items()
            if kind == record_type.KIND
            and isinstance(r, record_type)
            and all(getattr(r, k) == v for k, v in equals.items())
        ]
        yield from sorted(found, key=lambda r: r.key)

    def iterate_after(
        self,
        record_type: type[R],
        after: str | None,
        contains: Containing | None = None,
        /,
        **equals: Value,
    ) -> Iterator[R]:
        """Like :meth:`iterate`, starting past the key ``after``."""
        for record in self.iterate(record_type, **equals):
            if after is not None and record.key <= after:
                continue
            if contains is None or contains.matches([getattr(record, f) for f in contains.fields]):
                yield record

    def put(self, record: Record, *, claim: Collection[str] = ()) -> None:
        self._pending[(record.KIND, record.key)] = record  # no change log: claims are moot

    def delete(self, record_type: type[Record], key: str) -> None:
        self._pending[(record_type.KIND, key)] = None

    def next_counter(self, name: str) -> int:
        value = self._counters.get(name, self.store.counters.get(name, 0)) + 1
        self._counters[name] = value
        return value

    def keep_note(self, name: str, text: str) -> None:
        self._notes[name] = text

    def note(self, name: str) -> str | None:
        return self._notes.get(name, self.store.notes.get(name))

    def commit(self) -> None:
        for rid, record in self._pending.items():
            if record is None:
                self.store.records.pop(rid, None)
            else:
                self.store.records[rid] = record
        self.store.counters.update(self._counters)
        self.store.notes.update(self._notes)
        self.store.commits += 1
        self.rollback()

    def rollback(self) -> None:
        self._pending.clear()
        self._counters.clear()
        self._notes.clear()


class RecordingRenderer:
    """A :class:`regsync.core.documents.DocumentRenderer` that keeps what it was given.

    Nothing is written; tests read ``forms``, ``summaries`` and ``sheets`` instead.
    """

    def __init__(self) -> None:
        self.forms: list[ApplicationForm] = []
        self.summaries: list[tuple[str, SummaryTable]] = []
        self.sheets: list[tuple[Sheet, list[tuple[Cell, ...]]]] = []

    def forms_pdf(
        self,
        forms: Sequence[ApplicationForm],
        path: str,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        for done, form in enumerate(forms, start=1):
            self.forms.append(form)
            if progress is not None:
                progress(done)
        return len(forms)

    def summary_pdf(self, table: SummaryTable, path: str) -> None:
        self.summaries.append(("pdf", table))

    def summary_xlsx(self, table: SummaryTable, path: str) -> None:
        self.summaries.append(("xlsx", table))

    def sheet_xlsx(self, sheet: Sheet, rows: Iterable[Sequence[Cell]], path: str) -> int:
        kept = [tuple(r) for r in rows]
        self.sheets.append((sheet, kept))
        return len(kept)


class InMemorySheets:
    """A :class:`regsync.core.documents.SheetReader` over workbooks held as lists of rows.

    ``sheets[path]`` is the first sheet, its header row first; any other path is
    unreadable, as a missing file is for the real reader.
    """

    def __init__(self, sheets: dict[str, Sequence[Sequence[object]]] | None = None) -> None:
        self.sheets: dict[str, Sequence[Sequence[object]]] = dict(sheets or {})

    def __call__(self, path: str) -> tuple[list[object], Iterator[Sequence[object]]]:
        if path not in self.sheets:
            raise SheetUnreadable(path=path, reason_zh="文件不存在", reason_en="no such file")
        rows = list(self.sheets[path])
        header = list(rows[0]) if rows else []
        return header, iter(rows[1:])


class MemoryOperatorAccounts:
    """A :class:`regsync.core.operators.OperatorAccounts` held in dictionaries."""

    def __init__(self) -> None:
        self.accounts: dict[str, Operator] = {}
        self.failed: dict[str, Failures] = {}

    def operator(self, username: str) -> Operator | None:
        return self.accounts.get(username)

    def operators(self) -> list[Operator]:
        return [self.accounts[name] for name in sorted(self.accounts)]

    def add_operator(self, operator: Operator) -> bool:
        if operator.username in self.accounts:
            return False
        self.accounts[operator.username] = operator
        return True

    def update_operator(self, operator: Operator) -> None:
        self.accounts[operator.username] = operator

    def failures(self, username: str) -> Failures:
        return self.failed.get(username, Failures())

    def record_failure(self, username: str, at: dt.datetime) -> Failures:
        failures = Failures(self.failures(username).count + 1, at)
        self.failed[username] = failures
        return failures

    def clear_failures(self, username: str) -> None:
        self.failed.pop(username, None)
