"""Log compaction: only what every node that sees it holds goes, and nothing changes.

Three real nodes (the firm on each backend) sync in-process through the session; the
province holds back what the firm may not have seen, everything stable goes once all
have synced, the chains go on from the compacted heads, and a node that would need
compacted changes is told to use a snapshot.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest

from regsync.app.bootstrap import Services, open_node
from regsync.core.model import Application, Conflict
from regsync.core.usecases.receiving import receive_application
from regsync.sync.compaction import compact
from regsync.sync.errors import NeedsSnapshot
from tests.conftest import Cli
from tests.offices import PERSON, Chain, enrolled_chain, link, sync


def _compact(s: Services) -> dict[str, int]:
    trust = s.trust()
    with s.unit_of_work() as uow:
        points = compact(uow, trust)
        uow.commit()
    return points


def _log(s: Services) -> set[str]:
    with s.unit_of_work() as uow:
        return {cs.hash for cs in uow.store.changesets()}


def _view(s: Services, number: str) -> tuple[object, ...]:
    with s.unit_of_work() as uow:
        ledger = sorted((c.field, c.kept_value, c.lost_value) for c in uow.find(Conflict))
        return uow.get(Application, number), ledger


def _everyone_syncs(chain: Chain, nodes: tuple[Services, ...], tmp: Path) -> None:
    firm, city, province = nodes
    for _ in range(2):  # twice: the acknowledgements travel one hop per sync
        sync(firm, chain.firm, city, chain.city, tmp)
        sync(city, chain.city, province, chain.province, tmp)


def test_compaction_keeps_what_a_writer_may_lack_and_changes_nothing(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    chain = enrolled_chain(cli, tmp_path, firm_db=db_url)
    chain.firm("person", "add", "--id-number", PERSON, "--name", "李四")
    number = chain.firm("apply", "new", "--kind", "initial", "--specialty", "architect",
                        "--person", PERSON)  # fmt: skip
    with ExitStack() as stack:
        nodes = tuple(
            stack.enter_context(open_node(Path(o.home), cli.env))
            for o in (chain.firm, chain.city, chain.province)
        )
        firm, city, province = nodes
        with firm.unit_of_work() as uow:
            app = uow.get(Application, number)
            assert app is not None
            uow.put(app.replace(stage="reported"))
            uow.commit()
        _everyone_syncs(chain, nodes, tmp_path)

        # The city receives while the firm, offline, edits: the receipt reaches the
        # province, which must keep it, since the firm has not seen it.
        # (A write the firm's use case refuses since issue 16, frozen after reporting;
        # the merge still meets one from a firm PC that had not seen the report.)
        with firm.unit_of_work() as uow:
            late = uow.get(Application, number)
            assert late is not None
            uow.put(late.replace(person_name="李四（改）"))
            uow.commit()
        before = _log(city)
        with city.unit_of_work() as uow:
            receive_application(uow, number)
            uow.commit()
        receipt = _log(city) - before
        sync(city, chain.city, province, chain.province, tmp_path)
        for node in nodes:
            _compact(node)
        assert len(receipt) == 1
        assert receipt <= _log(province)
        assert receipt <= _log(city)

        _everyone_syncs(chain, nodes, tmp_path)
        views = [_view(n, number) for n in nodes]
        assert views[0] == views[1] == views[2]
        assert views[0][1] == [("person_name", '"李四"', '"李四（改）"')]

        # Once everyone holds everything, everything stable goes; nothing else changes.
        sizes = [len(_log(n)) for n in nodes]
        points = [_compact(node) for node in nodes]
        assert all(len(_log(n)) < size for n, size in zip(nodes, sizes, strict=True))
        # The province never talks to the firm: it learns what the firm holds from the
        # acknowledgements the city relays, and only then drops the firm's stream.
        assert any(s.startswith(chain.firm.node_id) for s in points[2])
        assert [_view(n, number) for n in nodes] == views

        # The chains go on from the compacted heads, and an old delivery is a no-op.
        with city.unit_of_work() as uow:
            app = uow.get(Application, number)
            assert app is not None
            uow.put(app.replace(stage="city_passed"))
            uow.commit()
        _everyone_syncs(chain, nodes, tmp_path)
        stages = {_view(n, number)[0].stage for n in nodes}  # type: ignore[attr-defined]
        assert stages == {"city_passed"}


def test_a_node_that_needs_compacted_changes_is_told_to_use_a_snapshot(
    cli: Cli, tmp_path: Path
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    with ExitStack() as stack:
        nodes = tuple(
            stack.enter_context(open_node(Path(o.home), cli.env))
            for o in (chain.firm, chain.city, chain.province)
        )
        city = nodes[1]
        _everyone_syncs(chain, nodes, tmp_path)
        dropped = _compact(city)
        assert dropped
        with city.unit_of_work() as uow:  # the firm's laptop lost its data
            uow.store.set_local("peer:" + chain.firm.node_id, "{}")
            uow.commit()
        with pytest.raises(NeedsSnapshot) as refused:
            link(city, chain.firm).export(tmp_path / "x.bpz")
        assert "--snapshot" in refused.value.message("zh")
        assert not (tmp_path / "x.bpz").exists()


def test_a_scope_with_an_unknown_writer_is_never_stable() -> None:
    from regsync.core.model import Role
    from regsync.sync.authorize import Writer
    from regsync.sync.compaction import watchers

    uscc = "91140100MA0GRP138M"
    province = Writer("P", Role.PROVINCE)
    city = Writer("C", Role.CITY, city_code="140100")
    firm = Writer("E", Role.ENTERPRISE, city_code="140100", uscc=uscc)
    scope = "enterprise:" + uscc
    known_city = watchers([province, city], lambda _: "140100")
    assert known_city(scope) == []  # the firm could still write concurrently
    assert known_city("city:140100") == ["P", "C"]
    everyone = watchers([province, city, firm], lambda _: "140100")
    assert everyone(scope) == ["P", "C", "E"]
    assert everyone("province") == ["P", "C", "E"]


def test_compact_command_reports_what_went(cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    with ExitStack() as stack:
        nodes = tuple(
            stack.enter_context(open_node(Path(o.home), cli.env))
            for o in (chain.firm, chain.city, chain.province)
        )
        _everyone_syncs(chain, nodes, tmp_path)
    dry = chain.city.json("compact", "--dry-run")
    assert isinstance(dry, dict)
    assert dry["dropped"] > 0
    done = chain.city.json("compact")
    assert isinstance(done, dict)
    assert done["dropped"] == dry["dropped"]
    again = chain.city.json("compact")
    assert isinstance(again, dict)
    assert again["dropped"] == 0
