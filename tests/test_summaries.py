"""打印汇总表's batch (issue 17 item 4): which applications a 汇总表 summarises.

The pure selection of :mod:`regsync.core.usecases.summaries` over the in-memory fakes:
the firm's reported applications and the city's forwarded ones of a period, one
stage on request, or exactly the ticked numbers.
"""

from __future__ import annotations

import datetime as dt

import pytest

from regsync.core.config import RulesConfig
from regsync.core.errors import InvalidPeriod, InvalidValue, NotFound, NotInSummary
from regsync.core.model import Application, Review
from regsync.core.ports import NodeIdentity
from regsync.core.testing import MemoryStore, MemoryUnitOfWork
from regsync.core.usecases import documents
from regsync.core.usecases.summaries import SummaryQuery, parse_day, select
from tests.test_usecases import (
    FEMALE,
    TODAY,
    add_person_committed,
    city_identity,
    enterprise_identity,
    new_app,
    setup_store,
)

DAY = dt.timedelta(days=1)


def _at(store: MemoryStore, app: Application, stage: str, reported_on: dt.date | None) -> str:
    """Put ``app`` at ``stage``, reported on ``reported_on`` (as the workflow leaves it)."""
    store.records[("application", app.number)] = app.replace(stage=stage, reported_on=reported_on)
    return app.number


def _passed(store: MemoryStore, number: str, on: dt.date) -> None:
    store.records[("review", f"R-{number}")] = Review(
        id=f"R-{number}", application_number=number, round=1, passed=True, reviewer="王五",
        reviewed_on=on, opinion="同意",
    )  # fmt: skip


@pytest.fixture
def world() -> tuple[MemoryStore, dict[str, str]]:
    """One firm's applications at every step, reported on different days."""
    node = enterprise_identity()
    store = setup_store(node)
    add_person_committed(store, node)
    add_person_committed(store, node, FEMALE, "王芳")
    apps = {}
    for name, stage, day in (
        ("draft", "draft", None),
        ("reported", "reported", TODAY),
        ("received", "received", TODAY - 2 * DAY),
        ("failed", "city_failed", TODAY - 3 * DAY),
        ("forwarded", "forwarded", TODAY - 40 * DAY),
        ("issued", "issued", TODAY - 50 * DAY),
        ("rejected", "rejected", TODAY - 60 * DAY),
    ):
        person = FEMALE if name in ("failed", "issued") else None
        app = new_app(store, node, **({"person": person} if person else {}))
        apps[name] = _at(store, app, stage, day)
    renewal = new_app(store, node, kind="renewal")
    apps["renewal"] = _at(store, renewal, "reported", TODAY)
    return store, apps


def _select(node: NodeIdentity, store: MemoryStore, **kw: object) -> list[str]:
    query = SummaryQuery("initial", "architect", **kw)  # type: ignore[arg-type]
    with MemoryUnitOfWork(node, store) as uow:
        return [a.number for a in select(uow, query)]


def test_the_firm_summarises_its_reported_rounds_not_drafts_nor_failed_ones(
    world: tuple[MemoryStore, dict[str, str]],
) -> None:
    store, apps = world
    firm = enterprise_identity()
    chosen = _select(firm, store)
    assert set(chosen) == {apps[n] for n in ("reported", "received", "forwarded", "issued")}
    assert chosen == sorted(chosen)
    # The period, on the day each was reported: the last week's batch only.
    assert set(_select(firm, store, date_from=TODAY - 7 * DAY, date_to=TODAY)) == {
        apps["reported"],
        apps["received"],
    }
    assert _select(firm, store, date_to=TODAY - 45 * DAY) == [apps["issued"]]
    # One stage on request: a failed round is listed only when asked for.
    assert _select(firm, store, stage="city_failed") == [apps["failed"]]


def test_the_city_summarises_what_it_forwarded_never_a_failed_review_by_default(
    world: tuple[MemoryStore, dict[str, str]],
) -> None:
    store, apps = world
    city = city_identity()
    assert set(_select(city, store)) == {apps["forwarded"], apps["issued"]}
    # The period is read on the day the city passed the round for forwarding.
    _passed(store, apps["forwarded"], TODAY - DAY)
    _passed(store, apps["issued"], TODAY - 45 * DAY)
    assert _select(city, store, date_from=TODAY - 7 * DAY) == [apps["forwarded"]]
    # The 汇总表 itself: no 审核不通过 row.
    with MemoryUnitOfWork(city, store) as uow:
        table = documents.summary(uow, kind="initial", specialty="architect", stage=None,
                                  operator="", today=TODAY, rules=RulesConfig())  # fmt: skip
    assert [r[1] for r in table.rows] == sorted([apps["forwarded"], apps["issued"]])
    assert not any("不通过" in cell for row in table.rows for cell in row)


def test_ticked_numbers_are_exactly_the_rows_and_wrong_ones_are_refused(
    world: tuple[MemoryStore, dict[str, str]],
) -> None:
    store, apps = world
    firm = enterprise_identity()
    ticked = (apps["issued"], apps["failed"])  # named: whatever the period or stage
    assert _select(firm, store, numbers=ticked, date_from=TODAY) == list(ticked)
    for name, why in (("draft", "尚未上报"), ("renewal", "申报类型或申报专业不同")):
        with pytest.raises(NotInSummary) as refused:
            _select(firm, store, numbers=(apps[name],))
        assert why in refused.value.message("zh")
    with pytest.raises(NotFound):
        _select(firm, store, numbers=("140100261000199999",))


def test_bad_periods_and_stages_are_refused_with_the_option_named(
    world: tuple[MemoryStore, dict[str, str]],
) -> None:
    store, _apps = world
    firm = enterprise_identity()
    with pytest.raises(InvalidPeriod):
        _select(firm, store, date_from=TODAY, date_to=TODAY - DAY)
    with pytest.raises(InvalidValue, match="--stage"):
        _select(firm, store, stage="draft")
    with pytest.raises(InvalidValue, match="--from"):
        parse_day("2024-13-01", "--from")
    assert parse_day(" ", "--to") is None
    assert parse_day("2024-06-01", "--to") == TODAY
