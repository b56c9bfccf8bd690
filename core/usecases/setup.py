"""Setting up a node: its identity and the records it starts with."""

from __future__ import annotations

from regsync.core.checks.cities import require_city
from regsync.core.checks.codes import (
    org_code_check_char,
    parse_org_code,
    parse_uscc,
    uscc_check_char,
)
from regsync.core.errors import (
    CoreError,
    InvalidOrgCode,
    InvalidValue,
    MissingField,
    UsccNeedsConfirmation,
)
from regsync.core.model import Enterprise, Node, Role
from regsync.core.numbering import ascii_digits
from regsync.core.ports import NodeIdentity, UnitOfWork
from regsync.core.scopes import PROVINCE, city_scope, enterprise_scope, personal_scope
from regsync.core.usecases.wording import both


def plan_identity(
    *,
    node_id: str,
    role: Role,
    name: str,
    city_code: str | None,
    uscc: str | None,
    public_key: str | None,
    uscc_confirmed: bool = False,
) -> NodeIdentity:
    """Validate the ``regsync init`` settings and derive the node's scope.

    An enterprise needs its USCC and city, a city its city code; everything is
    checked before anything is written.
    """
    if not name.strip():
        raise MissingField(field="--name")
    city = require_city(city_code, field="--city") if city_code else None
    code = checked_uscc(uscc, confirmed=uscc_confirmed) if uscc else None
    if role is Role.ENTERPRISE:
        if code is None:
            raise MissingField(field="--uscc")
        if city is None:
            raise MissingField(field="--city")
        scope = enterprise_scope(code)
    elif role is Role.CITY:
        if city is None:
            raise MissingField(field="--city")
        scope = city_scope(city)
    elif role is Role.PROVINCE:
        scope = PROVINCE
    else:
        scope = personal_scope(node_id)
    return NodeIdentity(
        node_id=node_id,
        role=role,
        name=name.strip(),
        scope=scope,
        city_code=city,
        uscc=code,
        public_key=public_key,
    )


def checked_uscc(value: str, *, confirmed: bool, field: str = "--uscc") -> str:
    """A USCC whose check characters fail needs a person's confirmation (GB 32100)."""
    info = parse_uscc(value, field=field)
    if not (info.checksum_ok and info.org_code_ok) and not confirmed:
        org = info.org_code[:8] + org_code_check_char(info.org_code[:8])
        fixed = info.code[:8] + org + uscc_check_char(info.code[:8] + org)
        raise UsccNeedsConfirmation(field=field, value=value, expected=fixed)
    return info.code


def check_org_code(value: str | None, uscc: str | None, *, field: str = "--org-code") -> str | None:
    """An explicit 组织机构代码 must pass GB 11714 and equal USCC positions 9-17."""
    if value is None:
        return uscc[8:17] if uscc else None
    code = parse_org_code(value, field=field)
    if uscc is not None and code != uscc[8:17]:
        reason_zh, reason_en = both("usecase.setup.org_code_differs", part=uscc[8:17])
        raise InvalidOrgCode(
            field=field,
            value=value,
            reason_zh=reason_zh,
            reason_en=reason_en,
        )
    return code


def check_enterprise_number(value: str | None, field: str = "--enterprise-number") -> str | None:
    if value is not None and not (len(value) == 4 and ascii_digits(value) and value != "0000"):
        raise InvalidValue(field=field, value=value, expected="four digits 0001-9999")
    return value


SETUP_CODES = ("city", "uscc", "org_code", "enterprise_number")
"""The codes the first-run wizard checks as they are typed (``field_problem``)."""


def field_problem(
    code: str, value: str, *, label: str, uscc: str | None = None
) -> CoreError | None:
    """The check ``regsync init`` makes on one code (``SETUP_CODES``), for the window
    to show beside the field as it is typed; None when the value passes or is blank.

    ``label`` names the field in the message; ``uscc`` is the USCC typed so far (an
    organisation code must equal its positions 9-17 once it is a valid one).
    """
    value = value.strip()
    if not value:
        return None
    try:
        if code == "city":
            require_city(value, field=label)
        elif code == "uscc":
            checked_uscc(value, confirmed=False, field=label)
        elif code == "org_code":
            check_org_code(value, _valid_uscc(uscc), field=label)
        elif code == "enterprise_number":
            check_enterprise_number(value, field=label)
        else:
            raise ValueError(f"no check for {code!r}")
    except CoreError as exc:
        return exc
    return None


def _valid_uscc(value: str | None) -> str | None:
    try:
        return checked_uscc(value, confirmed=True) if value and value.strip() else None
    except CoreError:
        return None


def record_node(
    uow: UnitOfWork, *, enterprise_number: str | None = None, org_code: str | None = None
) -> None:
    """Write the node's own records: its directory entry and, for a firm, the enterprise."""
    node = uow.node
    uow.put(
        Node(
            node_id=node.node_id,
            role=node.role.value,
            name=node.name,
            scope=node.scope,
            public_key=node.public_key,
            city_code=node.city_code,
            uscc=node.uscc,
        )
    )
    if node.role is Role.ENTERPRISE:
        assert node.uscc is not None
        assert node.city_code is not None
        uow.put(
            Enterprise(
                uscc=node.uscc,
                name=node.name,
                city_code=node.city_code,
                org_code=org_code or node.uscc[8:17],
                enterprise_number=check_enterprise_number(enterprise_number),
            )
        )
