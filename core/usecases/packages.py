"""注册数据接收: an enterprise takes in the drafts of a personal package.

The applicant's drafts become the enterprise's own drafts: renumbered from the
enterprise's number (the personal ``0000`` numbers are provisional,
docs/decisions/0001), attached to the enterprise, with ``provenance`` naming the
personal node and the original number.  Receiving the next package of the same
applicant updates those drafts in place, but only the fields the applicant changed
since the last package, so corrections the clerk made in between are kept; a draft
the enterprise has already reported is left alone.

The package has been verified and folded into records by the caller (the sync
layer); this is the domain half, pure and all or nothing (the caller commits).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Collection, Mapping

from regsync.core.errors import MissingField, NotFound
from regsync.core.model import Application, ApplicationKind, PerformanceRecord, Person
from regsync.core.ports import UnitOfWork
from regsync.core.state import Stage
from regsync.core.usecases.applications import (
    EDITABLE_APPLICATION_FIELDS,
    next_number,
    parse_choice,
    require_enterprise,
)
from regsync.core.usecases.persons import EDITABLE_PERSON_FIELDS
from regsync.core.usecases.wording import both, what


@dataclasses.dataclass(frozen=True)
class PersonalPackage:
    """What a verified personal package holds, as records.

    ``touched`` names, per record ``(kind, key)``, the fields the applicant changed since the
    previous package this enterprise received from the node (all fields the first
    time); ``removed`` are performance records the applicant deleted.
    """

    source: str  # the personal node id
    persons: tuple[Person, ...]
    applications: tuple[Application, ...]
    performance: tuple[PerformanceRecord, ...]
    removed: frozenset[str]
    touched: Mapping[tuple[str, str], frozenset[str]]


class Outcome(enum.StrEnum):
    NEW = "new"  # a new enterprise draft
    UPDATED = "updated"  # the applicant's changes went into the existing draft
    UNCHANGED = "unchanged"  # nothing new for this draft
    KEPT = "kept"  # the enterprise has reported it already: left as it is


@dataclasses.dataclass(frozen=True)
class Intake:
    """What became of one personal draft."""

    original: str
    number: str
    person_name: str
    outcome: Outcome


def provenance_of(source: str, number: str) -> str:
    """Where a draft came from: the personal node and its provisional number."""
    return f"{source}:{number}"


def receive_package(
    uow: UnitOfWork,
    package: PersonalPackage,
    *,
    today: dt.date,
    selected: Collection[str] | None = None,
) -> list[Intake]:
    """Make or update the enterprise drafts of the package's applications.

    ``selected`` limits the intake to those original numbers (the applicant's
    choice, 选择申报数据); None takes every application in the package.
    """
    enterprise = require_enterprise(uow, *both("usecase.packages.receive"))
    if enterprise.enterprise_number is None:
        raise MissingField(field="enterprise_number (regsync node trust CERTIFICATE)")
    persons = {p.id_number: p for p in package.persons}
    result = []
    for draft in package.applications:
        if selected is not None and draft.number not in selected:
            continue
        person = persons.get(draft.person_id_number)
        if person is None:
            raise NotFound(**what("usecase.record.person"), key=draft.person_id_number)
        _take_person(uow, person, package.touched.get((Person.KIND, person.id_number), frozenset()))
        found = uow.find(Application, provenance=provenance_of(package.source, draft.number))
        result.append(_take_draft(uow, package, draft, found[0] if found else None, today))
    return result


def _take_draft(
    uow: UnitOfWork,
    package: PersonalPackage,
    draft: Application,
    existing: Application | None,
    today: dt.date,
) -> Intake:
    """One personal draft: a new enterprise draft, an update, or left alone."""
    if existing is not None and existing.stage != Stage.DRAFT.value:
        return Intake(draft.number, existing.number, draft.person_name, Outcome.KEPT)
    if existing is not None:
        touched = package.touched.get((Application.KIND, draft.number))
        changed = _update_draft(uow, existing, draft, touched)
        changed |= _take_performance(uow, package, draft.number, existing.number)
        outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
        return Intake(draft.number, existing.number, draft.person_name, outcome)
    enterprise = require_enterprise(uow, *both("usecase.packages.receive"))
    assert enterprise.enterprise_number is not None  # checked by receive_package
    number = next_number(
        uow,
        city_code=enterprise.city_code,
        enterprise_number=enterprise.enterprise_number,
        kind=parse_choice(ApplicationKind, draft.kind, "kind"),
        today=today,
    )
    uow.put(
        draft.replace(
            number=number,
            enterprise_uscc=enterprise.uscc,
            # The name as the applicant typed it: the reporting gate compares it with
            # the registered name (注意事项 2); left empty, the registered name.
            enterprise_name=draft.enterprise_name.strip() or enterprise.name,
            city_code=enterprise.city_code,
            created_on=today,
            round=1,
            stage=Stage.DRAFT.value,
            reported_on=None,
            provenance=provenance_of(package.source, draft.number),
        )
    )
    _take_performance(uow, package, draft.number, number, everything=True)
    return Intake(draft.number, number, draft.person_name, Outcome.NEW)


def _take_person(uow: UnitOfWork, person: Person, touched: frozenset[str]) -> None:
    """The applicant joins the enterprise's persons; later packages bring their changes."""
    assert uow.node.uscc is not None
    known = uow.get(Person, person.id_number)
    if known is None:
        uow.put(person.replace(employer_uscc=uow.node.uscc, registration_status="none"))
        return
    fresh = {
        name: getattr(person, name)
        for name in ("name", *EDITABLE_PERSON_FIELDS)
        if name in touched or getattr(known, name) is None
    }
    fresh = {k: v for k, v in fresh.items() if v is not None}
    uow.put(known.replace(employer_uscc=uow.node.uscc, **fresh))


def _update_draft(
    uow: UnitOfWork, existing: Application, draft: Application, touched: frozenset[str] | None
) -> bool:
    fields = touched or frozenset()
    values = {
        name: getattr(draft, name)
        for name in EDITABLE_APPLICATION_FIELDS
        if name in fields and name != "enterprise_name"
    }
    if "enterprise_name" in fields and draft.enterprise_name.strip():
        values["enterprise_name"] = draft.enterprise_name.strip()
    updated = existing.replace(**values)
    uow.put(updated)
    return updated != existing


def _take_performance(
    uow: UnitOfWork,
    package: PersonalPackage,
    original: str,
    number: str,
    *,
    everything: bool = False,
) -> bool:
    """Copy the draft's performance records (same ids) and apply the applicant's removals."""
    changed = False
    for record in package.performance:
        if record.application_number != original:
            continue
        if not everything and (PerformanceRecord.KIND, record.id) not in package.touched:
            continue
        mine = record.replace(application_number=number)
        if uow.get(PerformanceRecord, record.id) != mine:
            uow.put(mine)
            changed = True
    for record_id in sorted(package.removed):
        old = uow.get(PerformanceRecord, record_id)
        if old is not None and old.application_number == number:
            uow.delete(PerformanceRecord, record_id)
            changed = True
    return changed
