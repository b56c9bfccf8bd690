"""Which replication scope a record belongs to (DESIGN §4, streams).

An enterprise's own records live in its scope, so the enterprise, its city and the
province all receive them; city-only and province-only records live in those scopes.
Decisions about an application (reviews, province decisions) live in the
application's scope so that they flow back to the enterprise.
"""

from __future__ import annotations

from typing import Protocol

from regsync.core.model import (
    Application,
    Certificate,
    Conflict,
    Decision,
    Enterprise,
    ExamResult,
    Node,
    PerformanceRecord,
    Person,
    Record,
    Review,
    User,
)

PROVINCE = "province"


def enterprise_scope(uscc: str) -> str:
    return f"enterprise:{uscc}"


def city_scope(city_code: str) -> str:
    return f"city:{city_code}"


def personal_scope(node_id: str) -> str:
    return f"personal:{node_id}"


class ScopeLookup(Protocol):
    """Finds the parents that decide a child record's scope."""

    def application_scope(self, number: str) -> str | None: ...

    def person_scope(self, id_number: str) -> str | None: ...

    def record_scope(self, kind: str, key: str) -> str | None: ...


def scope_of(record: Record, lookup: ScopeLookup, *, default: str) -> str:
    """The scope of ``record``; ``default`` (the writer's scope) when no parent says."""
    if isinstance(record, Enterprise):
        return enterprise_scope(record.uscc)
    if isinstance(record, Application):
        # A personal draft names no enterprise yet: it stays in the applicant's scope.
        return enterprise_scope(record.enterprise_uscc) if record.enterprise_uscc else default
    if isinstance(record, Certificate):
        return enterprise_scope(record.enterprise_uscc)
    if isinstance(record, Person):
        return enterprise_scope(record.employer_uscc) if record.employer_uscc else default
    if isinstance(record, PerformanceRecord | Review | Decision):
        return lookup.application_scope(record.application_number) or default
    if isinstance(record, Node):
        return record.scope  # a node describes itself in its own scope
    if isinstance(record, ExamResult):
        # Published by the province to every office; a city's own filing stays in the
        # city's scope (a city may not write in the province's).
        return default
    if isinstance(record, User):
        return city_scope(record.city_code) if record.city_code else PROVINCE
    if isinstance(record, Conflict):
        # A ledger entry travels with the record it is about.
        return lookup.record_scope(record.record_kind, record.record_key) or default
    person_id = getattr(record, "person_id_number", None)
    if isinstance(person_id, str):
        return lookup.person_scope(person_id) or default
    return default
