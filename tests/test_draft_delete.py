"""删除 a draft (issue 17 item 5): a tombstone that syncs, refused once reported."""

from __future__ import annotations

from pathlib import Path

from regsync.app.bootstrap import open_node
from regsync.core.model import Application, PerformanceRecord
from tests.city_helpers import carry, dump, new_application, offices, report
from tests.conftest import Cli
from tests.offices import USCC1


def _held(office_home: str, cli: Cli, number: str) -> tuple[bool, int]:
    """Whether the node holds the application, and how many 工作业绩 of it."""
    with open_node(Path(office_home), cli.env) as s, s.unit_of_work() as uow:
        app = uow.get(Application, number)
        return app is not None, len(uow.find(PerformanceRecord, application_number=number))


def test_a_deleted_draft_is_a_tombstone_that_reaches_the_city(cli: Cli, tmp_path: Path) -> None:
    o = offices(cli, tmp_path)
    number = new_application(o)
    carry(o, o.firm, o.city)
    assert _held(o.city.home, cli, number) == (True, 1)  # the city holds the firm's draft

    # The city may not delete a firm's application.
    refused = cli("apply", "delete", number, "--home", o.city.home)
    assert refused.code == 1
    assert "删除申请" in refused.err

    assert o.firm("apply", "delete", number) == f"已删除草稿 {number}（李四）"
    assert _held(o.firm.home, cli, number) == (False, 0)
    assert cli("apply", "show", number, "--home", o.firm.home).code == 1
    carry(o, o.firm, o.city)
    assert _held(o.city.home, cli, number) == (False, 0)  # the tombstones applied there


def test_a_reported_application_cannot_be_deleted_and_a_crafted_delete_is_refused(
    cli: Cli, tmp_path: Path
) -> None:
    o = offices(cli, tmp_path)
    number = new_application(o)
    report(o, number)
    carry(o, o.firm, o.city)
    refused = cli("apply", "delete", number, "--home", o.firm.home)
    assert refused.code == 1
    assert "只有从未上报的草稿可以删除" in refused.err
    assert _held(o.firm.home, cli, number) == (True, 1)

    # A firm that deletes it anyway (past the use case, through its unit of work): the
    # city refuses the bundle, naming the rule, and writes nothing.
    with open_node(Path(o.firm.home), cli.env) as s, s.unit_of_work() as uow:
        uow.delete(Application, number)
        uow.commit()
    before = dump(o.city)
    path = str(o.files / "crafted-delete.bpz")
    o.firm("bundle", "export", "--to", o.city.node_id, "-o", path)
    result = cli("bundle", "import", path, "--home", o.city.home)
    assert result.code == 1
    assert f"无权删除申请 {number}" in result.err
    assert "只有从未上报的草稿可以删除" in result.err
    assert dump(o.city) == before
    assert _held(o.city.home, cli, number) == (True, 1)


def _delete_refused(stage: str, round_: int, vv: dict[str, int], base: dict[str, int]) -> bool:
    from regsync.sync.authorize import Identities, refusal
    from regsync.sync.changeset import Change, Changeset, Op
    from regsync.sync.hlc import Timestamp
    from tests.test_frozen_and_lapse import _APP_NO, _FIRM, _Version

    stored = {"number": _APP_NO, "enterprise_uscc": USCC1, "round": round_, "stage": stage}
    change = Change("application", _APP_NO, Op.DELETE, {}, base)
    cs = Changeset("E1", f"enterprise:{USCC1}", 9, "0" * 64, Timestamp(1, 0), 1, (change,))
    identities = Identities(
        lambda kind, keys: {("application", _APP_NO): stored} if kind == "application" else {},
        lambda: {USCC1: "140100"},
        [cs],
        lambda kind, keys: {("application", _APP_NO): _Version(vv)},
    )
    return refusal(_FIRM, cs, identities) is not None


def test_the_import_refuses_a_delete_only_when_it_proves_the_report_was_seen() -> None:
    firm, city = f"E1/enterprise:{USCC1}", "C1/city:140100"
    seen = {firm: 6}
    assert not _delete_refused("draft", 1, seen, seen)  # a draft never reported
    assert _delete_refused("reported", 1, seen, seen)  # it saw its own report
    assert _delete_refused("draft", 2, seen, seen)  # a later round was reported before
    # Concurrent with the city's receipt it had not seen: it meets it in the merge.
    assert not _delete_refused("received", 1, {firm: 6, city: 2}, seen)
