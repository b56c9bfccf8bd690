"""The authority table: which role may write which fields of which record (DESIGN §4).

One table, read in two places: at local write time (a clerk cannot make a change his
own office's peers will refuse) and at import, at every hop, for relayed changes too
(:mod:`regsync.sync.authorize`).  The province may write everything; the table says
what the other roles may write.  See docs/decisions/0014-authority-table.md.

A write *creates* a record when its writer held no version of it (the change's base
is empty); every other write *updates*.  That is a fact of the change itself, the
same on every node, so every hop decides alike.  The stored state a check needs
(which firm an application belongs to, which city a firm belongs to) is an identity
that never changes after creation, except by the province.

Rules that depend on where an application stands (a firm may not edit what it has
reported) are the use cases' checks at write time: at import, two offices' concurrent
honest edits meet in the merge (the state join, the conflict ledger), never in a
refusal that would block a node for good.  One stage rule is checked at import too,
where the change itself proves its writer dishonest: a firm's (or an applicant's)
change to the content of an application it had *seen* reported
(:data:`APPLICATION_WORKFLOW`, :func:`regsync.sync.authorize.frozen_refusal`), and
likewise its delete (删除) of an application it had seen reported, or in a later round
(docs/decisions/0024-screens-and-batches.md).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from regsync.core.catalogue import text
from regsync.core.model import Role
from regsync.core.state import Stage

ALL: frozenset[str] = frozenset({"*"})
"""Every field of the record."""


@dataclasses.dataclass(frozen=True)
class Grant:
    """What one role may write of one record kind."""

    create: frozenset[str]
    """Fields the role may write when it creates the record (:data:`ALL`: any)."""
    update: frozenset[str]
    """Fields the role may write on a record it already held (:data:`ALL`: any)."""
    delete: bool = False
    values: Mapping[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    """Fields whose values are restricted, with the values this role may write."""
    own: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Fields that must name the writer itself, and may then always be written:
    field -> ``uscc``, ``city_code``, ``enterprise_number`` (the writer's certified
    identity); ``None`` is allowed too."""
    rule_key: str = ""
    """The catalogue key of the rule in words, quoted in refusals (``authority.rule.*``)."""

    @property
    def rule(self) -> str:
        """The rule in English."""
        return text(self.rule_key, "en") if self.rule_key else ""

    @property
    def rule_zh(self) -> str:
        """The rule in Chinese."""
        return text(self.rule_key, "zh") if self.rule_key else ""

    def allows(self, field: str, *, create: bool) -> bool:
        """Whether the role may write ``field`` (creating the record or updating it)."""
        allowed = self.create if create else self.update
        if "*" not in allowed:
            return field in allowed
        return f"-{field}" not in allowed


def _stages(*stages: Stage) -> frozenset[str]:
    return frozenset(s.value for s in stages)


ENTERPRISE_STAGES = _stages(Stage.DRAFT, Stage.REPORTED)
CITY_STAGES = ENTERPRISE_STAGES | _stages(
    Stage.RECEIVED, Stage.CITY_PASSED, Stage.CITY_FAILED, Stage.FORWARDED
)
PERSONAL_STAGES = _stages(Stage.DRAFT)

ENTERPRISE_OWN_DETAILS = frozenset(
    {
        "address",
        "legal_representative",
        "contact",
        "phone",
        "qualification",
        "qualification_category",
        "qualification_grade",
    }
)
"""The details a firm keeps itself; its name, number, city and status are the city's."""

APPLICATION_IDENTITY = frozenset({"number", "enterprise_uscc", "city_code"})
"""What places an application in its firm and city: set once, by its creator."""

APPLICATION_WORKFLOW = frozenset({"round", "stage", "reported_on", "provenance"})
"""The application fields its workflow writes (reporting, re-applying); the rest is its
content, which the data-entry editions write only in a draft: frozen after reporting
(the seed; the printed barcode's digest covers exactly the content)."""

DATA_ENTRY_ROLES = frozenset({Role.ENTERPRISE, Role.PERSONAL})
"""The editions that enter application data, and may change it only in a draft."""

FROZEN_RULE = (text("authority.rule.frozen", "zh"), text("authority.rule.frozen", "en"))

_NO_REGISTRATION = {"registration_status": frozenset({"none"})}


def _but(*fields: str) -> frozenset[str]:
    """Every field except ``fields``: spelled as the complement, checked by name."""
    return frozenset({"*", *(f"-{f}" for f in fields)})


_SELF = Grant(
    ALL,
    ALL,
    own={"node_id": "node_id"},
    rule_key="authority.rule.self",
)
_CITY_RECORDS = Grant(
    ALL,
    ALL,
    delete=True,
    rule_key="authority.rule.city_records",
)

AUTHORITY: Mapping[str, Mapping[Role, Grant]] = {
    "node": {Role.PERSONAL: _SELF, Role.ENTERPRISE: _SELF, Role.CITY: _SELF},
    "enterprise": {
        Role.ENTERPRISE: Grant(
            ALL,
            ENTERPRISE_OWN_DETAILS,
            own={"city_code": "city_code", "enterprise_number": "enterprise_number"},
            rule_key="authority.rule.enterprise_enterprise",
        ),
        Role.CITY: Grant(
            ALL,
            _but("city_code"),
            own={"city_code": "city_code"},
            rule_key="authority.rule.enterprise_city",
        ),
    },
    "person": {
        role: Grant(
            ALL,
            _but("registration_status"),
            delete=True,  # a personnel entry: the person's registration is the province's
            values=_NO_REGISTRATION,
            own={"employer_uscc": "uscc"} if role is Role.ENTERPRISE else {},
            rule_key="authority.rule.person",
        )
        for role in (Role.PERSONAL, Role.ENTERPRISE, Role.CITY)
    },
    "application": {
        Role.PERSONAL: Grant(
            ALL,
            _but(*APPLICATION_IDENTITY),
            values={"stage": PERSONAL_STAGES},
            delete=True,  # 删除 a draft never reported (the use case and the import check)
            rule_key="authority.rule.application_personal",
        ),
        Role.ENTERPRISE: Grant(
            ALL,
            _but(*APPLICATION_IDENTITY),
            values={"stage": ENTERPRISE_STAGES},
            delete=True,  # 删除 a draft never reported (the use case and the import check)
            own={"enterprise_uscc": "uscc", "city_code": "city_code"},
            rule_key="authority.rule.application_enterprise",
        ),
        Role.CITY: Grant(
            ALL,
            _but(*APPLICATION_IDENTITY),
            values={"stage": CITY_STAGES},
            own={"city_code": "city_code"},
            rule_key="authority.rule.application_city",
        ),
    },
    "performance": {
        role: Grant(
            ALL,
            _but("application_number"),
            delete=True,
            rule_key="authority.rule.performance",
        )
        for role in (Role.PERSONAL, Role.ENTERPRISE, Role.CITY)
    },
    "review": {
        Role.CITY: Grant(
            ALL,
            _but("application_number", "round"),
            delete=True,
            rule_key="authority.rule.review",
        )
    },
    "conduct": {Role.CITY: _CITY_RECORDS},
    "leave_province": {Role.CITY: _CITY_RECORDS},
    "continuing_education": {Role.CITY: _CITY_RECORDS},
    "exam_result": {Role.CITY: _CITY_RECORDS},
    "user": {Role.CITY: _CITY_RECORDS},
    # Every node records the conflicts its imports find; settling one is a write of
    # the record itself, checked by that record's grant.
    "conflict": {
        role: Grant(ALL, ALL, rule_key="authority.rule.conflict")
        for role in (Role.PERSONAL, Role.ENTERPRISE, Role.CITY)
    },
}
"""Record kind -> role -> grant.  Absent: the role may not write that kind at all.
Decisions, certificates and seals are the province's alone."""

# ``{kind}`` is filled where the refusal is made.
PROVINCE_ONLY = (
    text("authority.rule.province_only", "zh"),
    text("authority.rule.province_only", "en"),
)


_PROVINCE = Grant(
    ALL,
    ALL,
    delete=True,
    rule_key="authority.rule.province",
)


def grant_for(role: Role, kind: str) -> Grant | None:
    """The grant of ``role`` for ``kind`` (None: may not write it; the province: all)."""
    if role is Role.PROVINCE:
        return _PROVINCE
    return AUTHORITY.get(kind, {}).get(role)
