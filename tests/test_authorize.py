"""Authorization of changesets: the writer's certified role and scope, the authority
table's fields, and the records' stored identity (DESIGN §4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from regsync.core.model import ApplicationKind, Role, Value
from regsync.core.numbering import make_number
from regsync.sync.authorize import Identities, Writer, check_local, refusal
from regsync.sync.changeset import Change, Changeset, Op
from regsync.sync.hlc import Timestamp

USCC = "91140100MA0GRP138M"
USCC2 = "91140100MA0GRP2222"
OTHER_CITY_USCC = "91140200MA0GRP13XX"
CITIES: dict[str, str | None] = {USCC: "140100", USCC2: "140100", OTHER_CITY_USCC: "140200"}
E_SCOPE = f"enterprise:{USCC}"
E2_WORDS = f"belongs to enterprise {USCC2};"  # the scope, as a refusal names it

ENTERPRISE = Writer("E1", Role.ENTERPRISE, "140100", USCC, "0001")
CITY = Writer("C1", Role.CITY, "140100")
OTHER_CITY = Writer("C2", Role.CITY, "140200")
PROVINCE = Writer("P1", Role.PROVINCE)
PERSONAL = Writer("U1", Role.PERSONAL)

APP = make_number(
    city_code="140100", year=2026, kind=ApplicationKind.INITIAL, enterprise_number="0001",
    sequence=1,
)  # fmt: skip
APP2 = make_number(
    city_code="140100", year=2026, kind=ApplicationKind.INITIAL, enterprise_number="0002",
    sequence=1,
)  # fmt: skip
OTHER_CITY_APP = make_number(
    city_code="140200", year=2026, kind=ApplicationKind.INITIAL, enterprise_number="0003",
    sequence=1,
)  # fmt: skip
PERSONAL_APP = make_number(
    city_code="140100", year=2026, kind=ApplicationKind.INITIAL, enterprise_number="0000",
    sequence=1,
)  # fmt: skip
STORED: dict[tuple[str, str], Mapping[str, Value]] = {
    ("application", APP): {"number": APP, "enterprise_uscc": USCC},
    ("application", APP2): {"number": APP2, "enterprise_uscc": USCC2},
    ("application", OTHER_CITY_APP): {"number": OTHER_CITY_APP, "enterprise_uscc": OTHER_CITY_USCC},
}
UPDATE = {"E1/x": 1}  # a base: the writer held a version, so this is an update


def _rows(kind: str, keys: Sequence[str]) -> dict[tuple[str, str], Mapping[str, Value]]:
    return {(kind, k): STORED[(kind, k)] for k in keys if (kind, k) in STORED}


def cs(
    origin: str,
    scope: str,
    kind: str,
    fields: dict[str, object],
    op: Op = Op.UPSERT,
    *,
    key: str = "K",
    base: dict[str, int] | None = None,
) -> Changeset:
    change = Change(kind, key, op, fields, base or {})  # type: ignore[arg-type]
    return Changeset(origin, scope, 1, "0" * 64, Timestamp(1, 0), 1, (change,)).sealed()


def why(
    writer: Writer, changeset: Changeset, cities: Mapping[str, str | None] = CITIES
) -> str | None:
    return refusal(writer, changeset, Identities(_rows, lambda: cities, [changeset]))


Case = tuple[Writer, str, str, str, dict[str, object], "dict[str, int] | None"]


@pytest.mark.parametrize(
    "case",
    [
        (ENTERPRISE, E_SCOPE, "application", APP, {"stage": "reported", "reason": "x"}, UPDATE),
        (ENTERPRISE, E_SCOPE, "performance", "K", {"application_number": APP}, None),
        (ENTERPRISE, E_SCOPE, "enterprise", USCC, {"phone": "0351-1"}, UPDATE),
        (ENTERPRISE, E_SCOPE, "enterprise", USCC, {"name": "某院", "city_code": "140100"}, None),
        (ENTERPRISE, E_SCOPE, "enterprise", USCC, {"enterprise_number": "0001"}, UPDATE),
        (ENTERPRISE, E_SCOPE, "person", "P", {"name": "李四", "employer_uscc": USCC}, UPDATE),
        (ENTERPRISE, E_SCOPE, "node", "E1", {"name": "某院"}, UPDATE),
        (CITY, E_SCOPE, "application", APP, {"stage": "received"}, UPDATE),
        (CITY, E_SCOPE, "review", "R", {"application_number": APP, "passed": True}, None),
        (CITY, E_SCOPE, "enterprise", USCC, {"name": "新名", "enterprise_number": "0009"}, UPDATE),
        (CITY, "city:140100", "user", "K", {"name": "x"}, None),
        (PROVINCE, E_SCOPE, "decision", "K", {"approved": True}, None),
        (PROVINCE, E_SCOPE, "person", "P", {"registration_status": "active"}, UPDATE),
        (PROVINCE, "province", "certificate", "K", {"certificate_number": "1"}, None),
        (PERSONAL, "personal:U1", "application", PERSONAL_APP, {"stage": "draft"}, None),
    ],
)
def test_allowed(case: Case) -> None:
    writer, scope, kind, key, fields, base = case
    assert why(writer, cs(writer.node_id, scope, kind, fields, key=key, base=base)) is None


@pytest.mark.parametrize(
    ("case", "needle"),
    [
        ((ENTERPRISE, f"enterprise:{OTHER_CITY_USCC}", "application", APP, {}, None), "scope"),
        (
            (ENTERPRISE, E_SCOPE, "application", APP, {"stage": "city_passed"}, UPDATE),
            "passed by the city",
        ),
        ((ENTERPRISE, E_SCOPE, "review", "K", {"passed": True}, None), "review"),
        ((ENTERPRISE, E_SCOPE, "certificate", "K", {}, None), "certificate"),
        # field-level authority: the firm's registered name and number, a person's status
        ((ENTERPRISE, E_SCOPE, "enterprise", USCC, {"name": "改名"}, UPDATE), "field name"),
        ((ENTERPRISE, E_SCOPE, "enterprise", USCC, {"enterprise_number": "0002"}, UPDATE), "own"),
        ((ENTERPRISE, E_SCOPE, "enterprise", USCC, {"city_code": "140200"}, None), "own"),
        ((ENTERPRISE, E_SCOPE, "person", "P", {"registration_status": "active"}, UPDATE), "status"),
        ((ENTERPRISE, E_SCOPE, "person", "P", {"registration_status": "active"}, None), "active"),
        ((ENTERPRISE, E_SCOPE, "person", "P", {"employer_uscc": USCC2}, UPDATE), "own"),
        ((ENTERPRISE, E_SCOPE, "application", APP, {"enterprise_uscc": USCC2}, UPDATE), "own"),
        ((ENTERPRISE, E_SCOPE, "node", "C1", {"name": "x"}, UPDATE), "itself"),
        # a record key bound to another firm's application, in the writer's own scope
        ((ENTERPRISE, E_SCOPE, "application", APP2, {"reason": "x"}, UPDATE), E2_WORDS),
        ((ENTERPRISE, E_SCOPE, "performance", "K", {"application_number": APP2}, None), E2_WORDS),
        ((ENTERPRISE, E_SCOPE, "application", "12345", {"reason": "x"}, None), "valid"),
        ((CITY, f"enterprise:{OTHER_CITY_USCC}", "review", "K", {}, None), "scope"),
        ((CITY, E_SCOPE, "review", "K", {"application_number": OTHER_CITY_APP}, None), "city"),
        ((CITY, "city:140200", "user", "K", {}, None), "scope"),
        ((CITY, E_SCOPE, "application", APP, {"stage": "approved"}, UPDATE), "approved"),
        ((CITY, E_SCOPE, "decision", "K", {}, None), "decision"),
        ((CITY, E_SCOPE, "enterprise", USCC, {"city_code": "140200"}, UPDATE), "own"),
        ((CITY, E_SCOPE, "person", "P", {"registration_status": "stopped"}, UPDATE), "status"),
        ((CITY, "province", "exam_result", "K", {}, None), "scope"),
        ((OTHER_CITY, E_SCOPE, "enterprise", USCC, {"name": "x"}, UPDATE), "scope"),
        ((PERSONAL, f"enterprise:{USCC}", "application", "K", {}, None), "scope"),
        (
            (PERSONAL, "personal:U1", "application", PERSONAL_APP, {"stage": "reported"}, None),
            "reported",
        ),
    ],
)
def test_refused(case: Case, needle: str) -> None:
    writer, scope, kind, key, fields, base = case
    reason = why(writer, cs(writer.node_id, scope, kind, fields, key=key, base=base))
    assert reason is not None
    assert needle in str(reason)


def test_the_stored_city_of_a_firm_wins_over_the_batch() -> None:
    """Another city registering a firm it does not hold is refused where the firm's
    real city is on record, whatever the batch says about the firm's city."""
    grab = cs("C2", E_SCOPE, "enterprise", {"name": "抢注", "city_code": "140200"}, key=USCC)
    assert why(OTHER_CITY, grab) is not None
    # a node that holds no record of the firm takes the city from the batch
    assert why(OTHER_CITY, grab, cities={}) is None


def test_a_changeset_signed_by_another_node_is_refused() -> None:
    reason = why(CITY, cs("E1", E_SCOPE, "application", {}, key=APP))
    assert reason is not None
    assert "E1" in str(reason)


def test_only_the_data_entry_editions_delete_applications() -> None:
    """删除 of a draft (issue 17): the firm's table allows it (the import's frozen rule
    refuses one it had seen reported, tests/test_draft_delete.py); a city may not."""
    assert why(ENTERPRISE, cs("E1", E_SCOPE, "application", {}, Op.DELETE, key=APP)) is None
    reason = why(CITY, cs("C1", E_SCOPE, "application", {}, Op.DELETE, key=APP))
    assert reason is not None
    assert "delete" in str(reason)


def test_the_local_check_is_the_table() -> None:
    """What a peer refuses by the table, the writer refuses before committing."""
    approve = Change("application", APP, Op.UPSERT, {"stage": "approved"}, UPDATE)
    reason = check_local(ENTERPRISE, E_SCOPE, [approve])
    assert reason is not None
    assert "approved" in str(reason)
    assert check_local(PROVINCE, E_SCOPE, [approve]) is None
    own_number = Change("enterprise", USCC, Op.UPSERT, {"enterprise_number": "0001"}, UPDATE)
    # the node's own certificate is not at hand locally: its peers check the number
    assert check_local(Writer("E1", Role.ENTERPRISE, "140100", USCC), E_SCOPE, [own_number]) is None
