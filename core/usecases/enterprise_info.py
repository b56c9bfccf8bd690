"""企业基本信息: the enterprise's own record, as the enterprise edition keeps it.

The name is the one registered with the city: a renamed firm files its papers with
the city, the city updates the record, and the enterprise takes the new name with
the next sync ("在线注册/更新").  The other details are the enterprise's to keep.
"""

from __future__ import annotations

from collections.abc import Mapping

from regsync.core.errors import NotAllowed, NotFound, RegisteredNameFixed, UnknownField
from regsync.core.model import Enterprise, Role, Value
from regsync.core.office_fields import NO_ENTRY, clean_values
from regsync.core.ports import UnitOfWork
from regsync.core.text_rules import Entry

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
        raise NotAllowed(
            role=node.role.value, action_zh="查看企业基本信息", action_en="show enterprise details"
        )
    enterprise = uow.get(Enterprise, node.uscc)
    if enterprise is None:
        raise NotFound(what="企业", what_en="enterprise", key=node.uscc)
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
