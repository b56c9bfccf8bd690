"""企业基本信息: the enterprise's own record, as the enterprise edition keeps it.

The name is the one registered with the city: a renamed firm files its papers with
the city, the city updates the record, and the enterprise takes the new name with
the next sync ("在线注册/更新").  The other details are the enterprise's to keep.
"""

from __future__ import annotations

from collections.abc import Mapping

from regsync.core.authority import grant_for
from regsync.core.errors import NotAllowed, NotFound, RegisteredNameFixed, UnknownField
from regsync.core.model import Conflict, Enterprise, Role, Value
from regsync.core.office_fields import NO_ENTRY, clean_values
from regsync.core.ports import UnitOfWork
from regsync.core.text_rules import Entry
from regsync.core.usecases import conflicts
from regsync.core.usecases.wording import both, what

# The rest (name, USCC, city, org code, enterprise number, status) come from
# enrolment and the city, never typed in at the enterprise.
EDITABLE_ENTERPRISE_FIELDS = (
    "address",
    "legal_representative",
    "contact",
    "phone",
    "qualification",
    "qualification_category",
    "qualification_grade",
)


def own_enterprise(uow: UnitOfWork) -> Enterprise:
    """This enterprise node's own record."""
    node = uow.node
    if node.role is not Role.ENTERPRISE or node.uscc is None:
        action_zh, action_en = both("usecase.enterprise_info.show")
        raise NotAllowed(role=node.role.value, action_zh=action_zh, action_en=action_en)
    enterprise = uow.get(Enterprise, node.uscc)
    if enterprise is None:
        raise NotFound(**what("usecase.record.enterprise"), key=node.uscc)
    return enterprise


def update_enterprise(
    uow: UnitOfWork, values: Mapping[str, Value], entry: Entry = NO_ENTRY
) -> Enterprise:
    """Change the enterprise's own details (address, contact, ...), not its name."""
    enterprise = own_enterprise(uow)
    for field in values:
        if field == "name":
            raise RegisteredNameFixed()
        if field not in EDITABLE_ENTERPRISE_FIELDS:
            known = ", ".join(EDITABLE_ENTERPRISE_FIELDS)
            raise UnknownField(field=field, known=known)
    updated = enterprise.replace(**clean_values(Enterprise, values, entry))
    uow.put(updated)
    return updated


def exists_already(uow: UnitOfWork) -> list[Conflict]:
    """在线注册/更新: the fields of the firm's own record that another office wrote
    differently (the city had the enterprise already: "该企业已存在"), unsettled."""
    mine = own_enterprise(uow)
    grant = grant_for(uow.node.role, Enterprise.KIND)
    return [
        c
        for c in conflicts.list_conflicts(uow)
        if c.record_kind == Enterprise.KIND
        and c.record_key == mine.uscc
        and c.field != "*"
        and grant is not None
        and grant.allows(c.field, create=False)  # the others are the city's to settle
    ]


def take_existing(
    uow: UnitOfWork,
    *,
    fetch: bool,
    resolved_by: str,
    mine: Mapping[str, Value] | None = None,
    entry: Entry = NO_ENTRY,
) -> int:
    """是 (``fetch``): the other office's values replace this node's; 否: this node's
    values before the sync (``mine``) are kept, written again after both.  Settles
    the conflicts of :func:`exists_already`; returns how many."""
    me = uow.node.node_id
    settled = exists_already(uow)
    for c in settled:
        kept_is_mine = c.kept_origin.split("/")[0] == me
        take = conflicts.TAKE_REMOTE if fetch and kept_is_mine else conflicts.TAKE_LOCAL
        conflicts.resolve_conflict(uow, c.id, take=take, resolved_by=resolved_by)
    if not fetch and mine is not None:
        now = own_enterprise(uow).fields()
        fields = {c.field for c in settled} & set(EDITABLE_ENTERPRISE_FIELDS)
        back = {f: mine[f] for f in sorted(fields) if f in mine and mine[f] != now.get(f)}
        if back:
            update_enterprise(uow, back, entry)
    return len(settled)
