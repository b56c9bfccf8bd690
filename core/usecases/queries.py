"""The export queries (``regsync query`` / ``regsync export``) a page at a time.

The record screens of the window (证书印章, 人员出省, 考试成绩, 二级注册人员, 继续教育)
show the rows of a :data:`~regsync.core.exports.QUERIES` entry with the same
conditions and the same cells as the CLI, but read them by key, one page per short
unit of work (as :mod:`regsync.core.usecases.listing` does for applications).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping

from regsync.core.errors import InvalidValue
from regsync.core.exports import ExportQuery, Row
from regsync.core.model import R, Record, Value
from regsync.core.usecases.documents import CachedLookup, export_filters, export_rows
from regsync.core.usecases.listing import RecordPages, take_shown


@dataclasses.dataclass(frozen=True)
class QueryRow:
    """One row of a query page: the record key (where the next page starts) and its cells."""

    key: str
    cells: Row


def query_filters(query: ExportQuery, texts: Mapping[str, str]) -> dict[str, Value]:
    """The typed search conditions (option -> text) as record fields; blanks mean any.

    ``year`` is a number, refused with the CLI's ``--year`` message otherwise; the
    rest are matched as typed, as ``regsync query --id-number ...`` matches them.
    """
    options: dict[str, Value] = {}
    for option, typed in texts.items():
        value = typed.strip()
        if not value:
            continue
        if option == "year":
            try:
                options[option] = int(value)
            except ValueError:
                raise InvalidValue(
                    field="--year", value=value, expected="a year such as 2025"
                ) from None
        else:
            options[option] = value
    return export_filters(query, options)


def query_page(
    uow: RecordPages,
    query: ExportQuery,
    equals: Mapping[str, Value],
    *,
    today: dt.date,
    after: str | None,
    limit: int,
) -> list[QueryRow]:
    """Up to ``limit`` rows of ``query`` whose record keys follow ``after``.

    Records the query leaves out (``row`` gives None, e.g. unregistered persons in
    注册人员) are skipped; the stream is closed before returning so no cursor stays open.
    """
    lookup = CachedLookup(uow, today=today)  # 注册人员's status is the one on ``today``

    def shown(record: Record) -> QueryRow | None:
        cells = query.row(record, lookup)
        return None if cells is None else QueryRow(record.key, cells)

    return take_shown(uow.iterate_after(query.record_type, after, **equals), limit, shown)


class _FromStart:
    """A :class:`~regsync.core.exports.RecordStream` over a paging unit of work."""

    def __init__(self, uow: RecordPages) -> None:
        self._uow = uow

    def iterate(self, record_type: type[R], **equals: Value) -> Iterator[R]:
        return self._uow.iterate_after(record_type, None, **equals)


def query_rows(
    uow: RecordPages, query: ExportQuery, equals: Mapping[str, Value], *, today: dt.date
) -> Iterator[Row]:
    """Every row of ``query`` under ``equals``, streamed: the window's 导出报表 writes
    exactly what ``regsync export`` writes (:func:`export_rows`)."""
    return export_rows(_FromStart(uow), CachedLookup(uow, today=today), query, equals)
