"""Authorization of changesets by the writer's certified role and scope."""

from __future__ import annotations

import pytest

from regsync.core.model import Role
from regsync.sync.authorize import Writer, refusal
from regsync.sync.changeset import Change, Changeset, Op
from regsync.sync.hlc import Timestamp

USCC = "91140100MA0GRP138M"
OTHER_CITY_USCC = "91140200MA0GRP13XX"
CITIES = {USCC: "140100", OTHER_CITY_USCC: "140200"}

ENTERPRISE = Writer("E1", Role.ENTERPRISE, "140100", USCC)
CITY = Writer("C1", Role.CITY, "140100")
PROVINCE = Writer("P1", Role.PROVINCE)
PERSONAL = Writer("U1", Role.PERSONAL)


def cs(
    origin: str, scope: str, kind: str, fields: dict[str, object], op: Op = Op.UPSERT
) -> Changeset:
    change = Change(kind, "K", op, fields, {})  # type: ignore[arg-type]
    return Changeset(origin, scope, 1, "0" * 64, Timestamp(1, 0), 1, (change,)).sealed()


def why(writer: Writer, changeset: Changeset) -> str | None:
    return refusal(writer, changeset, CITIES.get)


@pytest.mark.parametrize(
    ("writer", "scope", "kind", "fields"),
    [
        (ENTERPRISE, f"enterprise:{USCC}", "application", {"stage": "reported", "reason": "x"}),
        (ENTERPRISE, f"enterprise:{USCC}", "performance", {"project_name": "p"}),
        (CITY, f"enterprise:{USCC}", "application", {"stage": "received"}),
        (CITY, f"enterprise:{USCC}", "review", {"passed": True}),
        (CITY, "city:140100", "user", {"name": "x"}),
        (PROVINCE, f"enterprise:{USCC}", "decision", {"approved": True}),
        (PROVINCE, "province", "certificate", {"certificate_number": "1"}),
        (PERSONAL, "personal:U1", "application", {"stage": "draft"}),
    ],
)
def test_allowed(writer: Writer, scope: str, kind: str, fields: dict[str, object]) -> None:
    assert why(writer, cs(writer.node_id, scope, kind, fields)) is None


@pytest.mark.parametrize(
    ("writer", "scope", "kind", "fields", "needle"),
    [
        (ENTERPRISE, f"enterprise:{OTHER_CITY_USCC}", "application", {}, "scope"),
        (ENTERPRISE, f"enterprise:{USCC}", "application", {"stage": "city_passed"}, "city_passed"),
        (ENTERPRISE, f"enterprise:{USCC}", "review", {"passed": True}, "review"),
        (ENTERPRISE, f"enterprise:{USCC}", "certificate", {}, "certificate"),
        (CITY, f"enterprise:{OTHER_CITY_USCC}", "review", {}, "scope"),
        (CITY, "city:140200", "user", {}, "scope"),
        (CITY, f"enterprise:{USCC}", "application", {"stage": "approved"}, "approved"),
        (CITY, f"enterprise:{USCC}", "decision", {}, "decision"),
        (CITY, "province", "exam_result", {}, "scope"),
        (PERSONAL, f"enterprise:{USCC}", "application", {}, "scope"),
    ],
)
def test_refused(
    writer: Writer, scope: str, kind: str, fields: dict[str, object], needle: str
) -> None:
    reason = why(writer, cs(writer.node_id, scope, kind, fields))
    assert reason is not None
    assert needle in reason


def test_a_changeset_signed_by_another_node_is_refused() -> None:
    reason = why(CITY, cs("E1", f"enterprise:{USCC}", "application", {}))
    assert reason is not None
    assert "E1" in reason


def test_an_enterprise_may_not_delete_applications() -> None:
    deleted = cs("E1", f"enterprise:{USCC}", "application", {}, Op.DELETE)
    assert why(ENTERPRISE, deleted) is not None
    removed_perf = cs("E1", f"enterprise:{USCC}", "performance", {}, Op.DELETE)
    assert why(ENTERPRISE, removed_perf) is None
