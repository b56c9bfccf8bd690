"""The conflict ledger: list, show and resolve fields written concurrently on two nodes.

Every replica holds the same ledger.  The stored record already shows the value that
won by writer order (``kept``); a resolution is an ordinary new write of the record,
made after both, so it supersedes both everywhere it travels.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from regsync.core import catalogue
from regsync.core.authority import grant_for
from regsync.core.errors import InvalidState, InvalidValue, NotAllowed, NotFound
from regsync.core.fields import parse_value
from regsync.core.model import (
    RECORD_BY_KIND,
    Application,
    Conflict,
    Node,
    Record,
    Role,
    Value,
    from_fields,
)
from regsync.core.ports import UnitOfWork
from regsync.core.state import Stage
from regsync.core.usecases.wording import both, what

TAKE_LOCAL = "local"  # keep the value the record holds now (the one that won)
TAKE_REMOTE = "remote"  # take the value that lost


def list_conflicts(uow: UnitOfWork, *, include_resolved: bool = False) -> list[Conflict]:
    found = uow.find(Conflict)
    return found if include_resolved else [c for c in found if not c.resolved]


def writer_name(uow: UnitOfWork, origin: str) -> str:
    """The office that made a ledger entry's write, by name when this node knows it.

    ``origin`` is the write's ``NODE/SCOPE#SEQ`` (its stream and place in it).
    """
    node_id = origin.split("/", 1)[0]
    node = uow.get(Node, node_id)
    return node.name if node is not None else node_id


def get_conflict(uow: UnitOfWork, conflict_id: str) -> Conflict:
    conflict = uow.get(Conflict, conflict_id.strip())
    if conflict is None:
        raise NotFound(**what("usecase.record.conflict"), key=conflict_id)
    return conflict


def resolve_conflict(
    uow: UnitOfWork,
    conflict_id: str,
    *,
    take: str | None = None,
    values: Mapping[str, str] | None = None,
    resolved_by: str,
) -> Conflict:
    """Settle a conflict: keep the winner, take the loser, or set values by hand."""
    conflict = get_conflict(uow, conflict_id)
    if conflict.resolved:
        again_zh, again_en = both("usecase.conflicts.again")
        raise InvalidState(
            number=conflict.id, stage="resolved", action_zh=again_zh, action_en=again_en
        )
    record_type = RECORD_BY_KIND[conflict.record_kind]
    record = uow.get(record_type, conflict.record_key)
    if record is None:
        raise NotFound(**what("usecase.record.record"), key=conflict.record_key)
    _check_authority(uow, conflict, record)
    chosen: dict[str, Value]
    if values:
        chosen = {f: parse_value(record_type, f, text) for f, text in values.items()}
        how = "set " + ", ".join(f"{f}={t}" for f, t in values.items())
    elif take == TAKE_REMOTE and conflict.field != "*":
        lost = json.loads(conflict.lost_value)
        chosen = {conflict.field: _typed(record_type, conflict.field, lost)}
        how = f"took {conflict.lost_origin}"
    elif take == TAKE_LOCAL:
        chosen = {}
        how = f"kept {conflict.kept_origin}"
    else:
        raise InvalidValue(field="--take", value=take, expected="local or remote, or --set")
    if chosen:
        uow.put(from_fields(record_type, {**record.fields(), **chosen}))
    settled = conflict.replace(resolved=True, resolution=f"{how} (by {resolved_by})")
    uow.put(settled)
    return settled


def _check_authority(uow: UnitOfWork, conflict: Conflict, record: Record) -> None:
    """Only an office that may write the field settles its conflict (the authority table),
    and a firm only while its application is a draft: once reported, the city settles
    what it received, as it alone may edit the application then."""
    role = uow.node.role
    grant = grant_for(role, conflict.record_kind)
    fields = [conflict.field] if conflict.field != "*" else []
    reported = (
        isinstance(record, Application)
        and role in {Role.ENTERPRISE, Role.PERSONAL}
        and record.stage != Stage.DRAFT.value
    )
    if grant is None or reported or not all(grant.allows(f, create=False) for f in fields):
        kind, field = conflict.record_kind, conflict.field
        action_zh = catalogue.text(
            "usecase.conflicts.not_yours",
            "zh",
            kind=_label("record", kind),
            field=_label("field", field),
        )
        action_en = catalogue.text("usecase.conflicts.not_yours", "en", kind=kind, field=field)
        raise NotAllowed(role=uow.node.role.value, action_zh=action_zh, action_en=action_en)


def _label(prefix: str, name: str) -> str:
    """The Chinese label of a record kind or field (its code name if it has none)."""
    key = f"{prefix}.{name}"
    return catalogue.text(key, "zh") if catalogue.has(key) else name


def _typed(record_type: type, field: str, value: object) -> Value:
    # The ledger keeps logged values (dates as ISO text); turn them back into domain values.
    return parse_value(record_type, field, "" if value is None else str(value))
