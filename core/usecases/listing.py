"""List screens: records one page at a time, by key (keyset paging).

A list of 100,000 applications must open at once.  Each page is read in its own
short unit of work, starting past the last key shown, so no cursor (and, on
SQLite, no write lock) stays open while a clerk looks at the screen.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Protocol, TypeVar

from regsync.core.config import RulesConfig
from regsync.core.exports import QUERIES, Lookup, Row
from regsync.core.model import Application, Enterprise, Person, R, Record, Role, Value
from regsync.core.ports import Containing, UnitOfWork
from regsync.core.registration_status import STATUS_ZH
from regsync.core.state import Stage
from regsync.core.usecases.city import Submission, messages_of
from regsync.core.usecases.documents import CachedLookup
from regsync.core.usecases.registry import list_enterprises

T = TypeVar("T", bound=Record)
U = TypeVar("U")


def containing(part: str, *fields: str) -> Containing | None:
    """The :class:`Containing` of a search, or None for no search or one whose letters
    a database might case differently from Python (only ASCII or caseless text)."""
    if not part or not all(c.isascii() or c.upper() == c.lower() for c in part):
        return None
    return Containing(part, fields)


class RecordPages(UnitOfWork, Protocol):
    """A unit of work that streams committed records in key order past a key."""

    def iterate_after(
        self,
        record_type: type[R],
        after: str | None,
        contains: Containing | None = None,
        /,
        **equals: Value,
    ) -> Iterator[R]:
        """Records whose fields equal ``equals`` with a key greater than ``after``
        (and, given ``contains``, holding its part in one of its fields)."""
        ...


@dataclasses.dataclass(frozen=True)
class ApplicationFilter:
    """The search conditions above an application list (empty: any)."""

    kind: str | None = None
    specialty: str | None = None
    stage: str | None = None
    name: str | None = None  # part of the applicant's name

    def equals(self) -> dict[str, Value]:
        """The conditions the database can match exactly."""
        pairs = {"kind": self.kind, "specialty": self.specialty, "stage": self.stage}
        return {k: v for k, v in pairs.items() if v}


def take_shown(stream: Iterator[T], limit: int, shown: Callable[[T], U | None]) -> list[U]:
    """What ``shown`` makes of the records of ``stream``, up to ``limit`` of them (a
    record it turns into None is left out); the stream is closed at once (a page must
    not leave a database cursor open)."""
    page: list[U] = []
    try:
        for record in stream:
            item = shown(record)
            if item is not None:
                page.append(item)
                if len(page) >= limit:
                    break
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()
    return page


def take(stream: Iterator[T], limit: int, keep: Callable[[T], bool]) -> list[T]:
    """The first ``limit`` records of ``stream`` that ``keep`` accepts (closed at once)."""
    return take_shown(stream, limit, lambda record: record if keep(record) else None)


def _scope(uow: UnitOfWork) -> dict[str, Value]:
    """An enterprise sees its own applications, a city those of its city."""
    node = uow.node
    if node.role is Role.ENTERPRISE:
        return {"enterprise_uscc": node.uscc}
    if node.role is Role.CITY:
        return {"city_code": node.city_code}
    return {}


def application_page(
    uow: RecordPages, *, after: str | None, limit: int, filters: ApplicationFilter
) -> list[Application]:
    """Up to ``limit`` applications of this node past the number ``after``."""
    name = (filters.name or "").strip()
    stream = uow.iterate_after(
        Application,
        after,
        containing(name, "person_name"),
        **_scope(uow),
        **filters.equals(),
    )
    return take(stream, limit, lambda app: not name or name in app.person_name)


def checked_page(
    uow: RecordPages,
    stage: Stage,
    *,
    after: str | None,
    limit: int,
    filters: ApplicationFilter,
    today: dt.date,
    rules: RulesConfig,
) -> list[Submission]:
    """One page of the applications at ``stage`` (申报接收, 申报审核, 申报上报 ...), each
    with its 信息提示 as the city's lists show it (:func:`city.messages_of`).

    Only the rows of the page are checked, so opening a list costs one page of checks
    however many applications wait.
    """
    wanted = dataclasses.replace(filters, stage=stage.value)
    page = application_page(uow, after=after, limit=limit, filters=wanted)
    firms: dict[str, Enterprise | None] = {}  # a firm's applications read it once
    return [Submission(app, messages_of(uow, app, today, rules, enterprises=firms)) for app in page]


def person_page(
    uow: RecordPages, *, after: str | None, limit: int, name: str | None = None
) -> list[Person]:
    """Up to ``limit`` persons of this node (an enterprise: its own) past ``after``."""
    equals: dict[str, Value] = {}
    if uow.node.role is Role.ENTERPRISE:
        equals["employer_uscc"] = uow.node.uscc
    part = (name or "").strip()
    stream = uow.iterate_after(Person, after, containing(part, "name"), **equals)
    return take(stream, limit, lambda person: not part or part in person.name)


def application_export_rows(
    uow: RecordPages, lookup: Lookup, filters: ApplicationFilter
) -> Iterator[Row]:
    """The rows of 导出报表 for exactly what the application list shows, streamed."""
    query = QUERIES["applications"]
    name = (filters.name or "").strip()
    for app in uow.iterate_after(Application, None, **_scope(uow), **filters.equals()):
        if name and name not in app.person_name:
            continue
        row = query.row(app, lookup)
        if row is not None:
            yield row


REGISTERED = tuple(STATUS_ZH)  # 有效, 停止注册 (as stored): persons with a certificate and seal


@dataclasses.dataclass(frozen=True)
class RegisteredPerson:
    """A row of 注册人员管理: the person, the name of their employer, and the status on
    the day of the query (the light: 有效 green, 停止注册 red)."""

    person: Person
    employer_name: str
    status: str


def employer_name(lookup: Lookup, person: Person) -> str:
    """The name of the person's employer ("" without one, or when this node lacks it)."""
    return lookup.enterprise_name(person.employer_uscc) if person.employer_uscc else ""


def _registered_filter(uow: UnitOfWork, name: str | None) -> Callable[[Person], bool]:
    """Which persons 注册人员管理 shows: registered ones whose name holds ``name``; at a
    city, only those employed by its enterprises (as ``regsync registry person list``)."""
    part = (name or "").strip()
    mine: set[str] | None = None
    if uow.node.role is Role.CITY:
        mine = {e.uscc for e in list_enterprises(uow)}
    return lambda p: (
        p.registration_status in REGISTERED
        and (not part or part in p.name)
        and (mine is None or p.employer_uscc in mine)
    )


def registered_page(
    uow: RecordPages,
    *,
    today: dt.date,
    after: str | None,
    limit: int,
    name: str | None = None,
) -> list[RegisteredPerson]:
    """注册人员管理: registered persons (有效 or 停止注册 on ``today``) past the ID
    number ``after``."""
    shown = _registered_filter(uow, name)
    page = take(uow.iterate_after(Person, after), limit, shown)
    lookup = CachedLookup(uow, today=today)
    return [
        RegisteredPerson(p, employer_name(lookup, p), lookup.registration_status(p)) for p in page
    ]


def registered_export_rows(uow: RecordPages, lookup: Lookup, name: str | None) -> Iterator[Row]:
    """The rows of 注册人员管理's 导出报表, for what its list shows, streamed."""
    query, shown = QUERIES["registered-persons"], _registered_filter(uow, name)
    for person in uow.iterate_after(Person, None):
        row = query.row(person, lookup) if shown(person) else None
        if row is not None:
            yield row
