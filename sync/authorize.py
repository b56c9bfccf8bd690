"""Authorization at every hop (DESIGN §4): may this writer make these changes here?

Every node checks every changeset it imports, whoever relayed it, against the role
and scope of the node that *wrote* it (its certified identity, not what the
changeset claims).  One unauthorised change refuses the whole bundle.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from regsync.core.model import Role
from regsync.core.scopes import city_scope, enterprise_scope, personal_scope
from regsync.core.state import Stage
from regsync.sync.changeset import Changeset, Op


@dataclasses.dataclass(frozen=True)
class Writer:
    """A node's certified identity, as the trust store vouches for it."""

    node_id: str
    role: Role
    city_code: str | None = None
    uscc: str | None = None


# What each role may write, by record kind.  The province may write everything.
_ENTERPRISE_KINDS = frozenset(
    {"node", "enterprise", "person", "application", "performance", "conflict"}
)
_CITY_KINDS = _ENTERPRISE_KINDS | frozenset(
    {"review", "conduct", "leave_province", "continuing_education", "exam_result", "user"}
)
_PERSONAL_KINDS = frozenset({"node", "person", "application", "performance"})
# The stages an enterprise may put an application in: the rest belong to the offices.
_ENTERPRISE_STAGES = frozenset({Stage.DRAFT.value, Stage.REPORTED.value})
_CITY_STAGES = _ENTERPRISE_STAGES | frozenset(
    s.value for s in (Stage.RECEIVED, Stage.CITY_PASSED, Stage.CITY_FAILED, Stage.FORWARDED)
)


def refusal(
    writer: Writer, cs: Changeset, enterprise_city: Callable[[str], str | None]
) -> str | None:
    """Why ``writer`` may not have written ``cs``, or None when it may.

    ``enterprise_city`` finds the city of an enterprise by USCC (from the importing
    node's records or the same bundle), since a city's authority follows its firms.
    """
    if writer.node_id != cs.origin:
        return f"the changeset claims origin {cs.origin} but was signed by {writer.node_id}"
    if writer.role is Role.PROVINCE:
        return None
    if not _scope_allowed(writer, cs.scope, enterprise_city):
        return f"a {writer.role.value} node may not write in scope {cs.scope}"
    kinds, stages = _allowed(writer.role)
    for change in cs.changes:
        if change.kind not in kinds:
            return f"a {writer.role.value} node may not write {change.kind} records"
        if change.kind == "node" and change.key != writer.node_id:
            return f"a {writer.role.value} node may describe only itself, not {change.key}"
        stage = change.fields.get("stage")
        if change.kind == "application" and stage is not None and stage not in stages:
            return f"a {writer.role.value} node may not set an application to {stage}"
        if change.op is Op.DELETE and writer.role is not Role.CITY and change.kind != "performance":
            return f"a {writer.role.value} node may not delete {change.kind} records"
    return None


def _allowed(role: Role) -> tuple[frozenset[str], frozenset[str]]:
    if role is Role.CITY:
        return _CITY_KINDS, _CITY_STAGES
    if role is Role.ENTERPRISE:
        return _ENTERPRISE_KINDS, _ENTERPRISE_STAGES
    return _PERSONAL_KINDS, frozenset({Stage.DRAFT.value})


def _scope_allowed(
    writer: Writer, scope: str, enterprise_city: Callable[[str], str | None]
) -> bool:
    if writer.role is Role.ENTERPRISE:
        return writer.uscc is not None and scope == enterprise_scope(writer.uscc)
    if writer.role is Role.PERSONAL:
        return scope == personal_scope(writer.node_id)
    if writer.role is Role.CITY and writer.city_code is not None:
        if scope == city_scope(writer.city_code):
            return True
        prefix = enterprise_scope("")
        return (
            scope.startswith(prefix) and enterprise_city(scope[len(prefix) :]) == writer.city_code
        )
    return False
