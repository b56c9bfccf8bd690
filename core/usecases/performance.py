"""工作业绩: edit and remove the performance records of an application.

Adding is :func:`regsync.core.usecases.applications.add_performance`.  A record
belongs to its application's round: once the round is reported it is fixed at the
firm, like the application itself (the city's 修改 or a new round corrects it).
"""

from __future__ import annotations

from collections.abc import Mapping

from regsync.core.errors import MissingField, NotFound, UnknownField
from regsync.core.model import PerformanceRecord, Value
from regsync.core.office_fields import NO_ENTRY, check_record, clean_values
from regsync.core.ports import UnitOfWork
from regsync.core.text_rules import Entry
from regsync.core.usecases.applications import (
    editable_application,
    get_application,
    require_data_entry,
)
from regsync.core.usecases.wording import both, what

EDITABLE_PERFORMANCE_FIELDS = (
    "project_name",
    "role",
    "start_date",
    "end_date",
    "scale",
    "description",
)


def get_performance(uow: UnitOfWork, record_id: str) -> PerformanceRecord:
    record = uow.get(PerformanceRecord, record_id.strip())
    if record is None:
        raise NotFound(**what("usecase.record.performance"), key=record_id)
    return record


def list_performance(uow: UnitOfWork, number: str) -> list[PerformanceRecord]:
    """The performance records of one application, by id."""
    application = get_application(uow, number)
    return uow.find(PerformanceRecord, application_number=application.number)


def edit_performance(
    uow: UnitOfWork, record_id: str, values: Mapping[str, Value], entry: Entry = NO_ENTRY
) -> PerformanceRecord:
    """Change fields of a performance record while its application is editable."""
    action = both("usecase.performance.edit")
    require_data_entry(uow, *action)
    for field in values:
        if field not in EDITABLE_PERFORMANCE_FIELDS:
            raise UnknownField(field=field, known=", ".join(EDITABLE_PERFORMANCE_FIELDS))
    record = get_performance(uow, record_id)
    editable_application(uow, record.application_number, *action)
    for required in ("project_name", "role"):
        value = values.get(required, getattr(record, required))
        if not isinstance(value, str) or not value.strip():
            raise MissingField(field=required)
    edited = record.replace(**clean_values(PerformanceRecord, values, entry))
    check_record(edited, entry)
    uow.put(edited)
    return edited


def remove_performance(uow: UnitOfWork, record_id: str) -> PerformanceRecord:
    """Delete a performance record while its application is editable (a tombstone travels)."""
    action = both("usecase.performance.remove")
    require_data_entry(uow, *action)
    record = get_performance(uow, record_id)
    editable_application(uow, record.application_number, *action)
    uow.delete(PerformanceRecord, record.id)
    return record
