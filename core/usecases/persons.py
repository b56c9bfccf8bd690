"""企业人员信息: the persons an enterprise (or an applicant) keeps."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from regsync.core.checks.identity import parse_id_number
from regsync.core.errors import AlreadyExists, MissingField, NotAllowed, NotFound, UnknownField
from regsync.core.model import Person, Role, Value, field_types
from regsync.core.office_fields import NO_ENTRY, check_record, clean_values
from regsync.core.ports import UnitOfWork
from regsync.core.text_rules import Entry, clean_text
from regsync.core.usecases.wording import both, what

# Derived from the ID number or owned by the registration workflow, never typed in.
_DERIVED = {"id_number", "gender", "birth_date", "employer_uscc", "registration_status"}
EDITABLE_PERSON_FIELDS = tuple(
    name for name in field_types(Person) if name not in _DERIVED | {"name"}
)

_WRITERS = {Role.PERSONAL, Role.ENTERPRISE}


def add_person(
    uow: UnitOfWork,
    *,
    today: dt.date,
    id_number: str,
    name: str,
    values: Mapping[str, Value],
    entry: Entry = NO_ENTRY,
) -> Person:
    """Add a person; gender and birth date come from the 身份证号 (GB 11643).

    Text and dates are checked by :mod:`regsync.core.text_rules` (``entry`` brings the
    font's coverage); nothing is written on a refusal.
    """
    entry = dataclasses.replace(entry, today=entry.today or today)
    if uow.node.role not in _WRITERS:
        action_zh, action_en = both("usecase.persons.add")
        raise NotAllowed(role=uow.node.role.value, action_zh=action_zh, action_en=action_en)
    info = parse_id_number(id_number, today=today, field="--id-number")
    if not name.strip():
        raise MissingField(field="--name")
    for field in values:
        if field not in EDITABLE_PERSON_FIELDS:
            raise UnknownField(field=field, known=", ".join(EDITABLE_PERSON_FIELDS))
    name = clean_text(Person, "name", name, entry.glyphs)
    values = clean_values(Person, values, entry)
    if uow.get(Person, info.number) is not None:
        raise AlreadyExists(**what("usecase.record.person"), key=info.number)
    person = Person(
        id_number=info.number,
        name=name,
        gender=info.gender.value,
        birth_date=info.birth_date,
        employer_uscc=uow.node.uscc,
        **values,  # type: ignore[arg-type]  # names checked against EDITABLE_PERSON_FIELDS above
    )
    check_record(person, entry)
    uow.put(person)
    return person


def list_persons(uow: UnitOfWork) -> list[Person]:
    """The persons of this node's enterprise (all persons on other editions)."""
    if uow.node.role is Role.ENTERPRISE:
        return uow.find(Person, employer_uscc=uow.node.uscc)
    return uow.find(Person)


def edit_person(
    uow: UnitOfWork, id_number: str, values: Mapping[str, Value], entry: Entry = NO_ENTRY
) -> Person:
    """Change a person's details; the ID number and what it implies stay fixed."""
    if uow.node.role not in _WRITERS:
        action_zh, action_en = both("usecase.persons.edit")
        raise NotAllowed(role=uow.node.role.value, action_zh=action_zh, action_en=action_en)
    for field in values:
        if field not in (*EDITABLE_PERSON_FIELDS, "name"):
            raise UnknownField(field=field, known=", ".join(("name", *EDITABLE_PERSON_FIELDS)))
    if "name" in values and not str(values["name"] or "").strip():
        raise MissingField(field="--name")
    person = uow.get(Person, id_number.strip().upper())
    if person is None or person not in list_persons(uow):
        raise NotFound(**what("usecase.record.person"), key=id_number)
    edited = person.replace(**clean_values(Person, values, entry))
    check_record(edited, entry)
    uow.put(edited)
    return edited
