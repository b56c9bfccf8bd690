"""注册信息管理 lists, a page at a time: enterprises, registrations to cancel, conduct.

Each function reads one page past the last key shown (keyset paging, as
:mod:`regsync.core.usecases.listing`), so the screens open at once however many
records there are, and no cursor stays open while a clerk looks at them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from regsync.core.model import Certificate, ConductRecord, Enterprise, Person, Role, Value
from regsync.core.registration_status import effective_status
from regsync.core.usecases.documents import CachedLookup, NameLookup
from regsync.core.usecases.listing import (
    REGISTERED,
    RecordPages,
    containing,
    employer_name,
    take,
)


def _matches(part: str, *values: str | None) -> bool:
    """``part`` (already stripped and upper-cased) occurs in one of ``values``."""
    return not part or any(part in (v or "").upper() for v in values)


def enterprise_page(
    uow: RecordPages, *, after: str | None, limit: int, search: str | None = None
) -> list[Enterprise]:
    """企业信息管理: up to ``limit`` enterprises past the USCC ``after``.

    The same scope as :func:`regsync.core.usecases.registry.list_enterprises` (a city
    its own, the province all); ``search`` is part of the name or of the USCC.
    """
    equals: dict[str, Value] = {}
    if uow.node.role is Role.CITY:
        equals["city_code"] = uow.node.city_code
    part = (search or "").strip().upper()
    stream = uow.iterate_after(Enterprise, after, containing(part, "name", "uscc"), **equals)
    return take(stream, limit, lambda e: _matches(part, e.name, e.uscc))


@dataclasses.dataclass(frozen=True)
class Registration:
    """A row of 注销登记: a registered person, the employer's name, and the specialties
    with a current certificate (what there is to cancel)."""

    person: Person
    employer_name: str
    current: tuple[str, ...]
    status: str = "active"
    """The registration status on the day of the query (有效 / 停止注册)."""


def registration_page(
    uow: RecordPages,
    *,
    today: dt.date,
    after: str | None,
    limit: int,
    search: str | None = None,
) -> list[Registration]:
    """注销登记: registered persons (有效 or 停止注册 on ``today``) past the ID number
    ``after``; ``search`` is part of the name or of the 身份证号."""
    part = (search or "").strip().upper()
    stream = uow.iterate_after(Person, after, containing(part, "name", "id_number"))
    page = take(
        stream,
        limit,
        lambda p: p.registration_status in REGISTERED and _matches(part, p.name, p.id_number),
    )
    lookup, rows = CachedLookup(uow, today=today), []
    for p in page:
        certs = uow.find(Certificate, person_id_number=p.id_number, current=True)
        current = tuple(sorted({c.specialty for c in certs}))
        status = effective_status(p.registration_status, certs, today)
        rows.append(Registration(p, employer_name(lookup, p), current, status))
    return rows


@dataclasses.dataclass(frozen=True)
class Conduct:
    """A row of 行为记录: the record and the person's name."""

    record: ConductRecord
    person_name: str


def conduct_page(
    uow: RecordPages, *, after: str | None, limit: int, search: str | None = None
) -> list[Conduct]:
    """行为记录: up to ``limit`` 良好/不良行为 records past the id ``after``;
    ``search`` is part of the person's name or 身份证号."""
    part = (search or "").strip().upper()
    wanted: set[str] | None = None
    if part:
        # The persons first, in their own stream: no lookup while a cursor is open.
        persons = uow.iterate_after(Person, None, containing(part, "name", "id_number"))
        wanted = {
            p.id_number for p in take(persons, 10**9, lambda p: _matches(part, p.name, p.id_number))
        }
    stream = uow.iterate_after(ConductRecord, after)
    page = take(stream, limit, lambda r: wanted is None or r.person_id_number in wanted)
    lookup = NameLookup(uow)
    return [Conduct(r, lookup.person_name(r.person_id_number)) for r in page]
