"""注册信息管理 listings a page at a time (core/usecases/registry_pages.py), in memory."""

from __future__ import annotations

import datetime as dt

import pytest

from regsync.core.errors import NotAllowed
from regsync.core.model import Certificate, ConductRecord, Enterprise, Person, Role
from regsync.core.ports import NodeIdentity
from regsync.core.testing import MemoryStore, MemoryUnitOfWork
from regsync.core.usecases import registry
from regsync.core.usecases.registry_pages import (
    conduct_page,
    enterprise_page,
    registration_page,
)
from regsync.core.usecases.setup import plan_identity

TAIYUAN, DATONG = "140100", "140200"
FIRMS = (
    ("91140100MA0GRP138M", "太原市建筑设计研究院", TAIYUAN),
    ("91140100MA0GRP20X9", "太原结构工程有限公司", TAIYUAN),
    ("91140200MA0GRP306P", "大同市规划设计院", DATONG),
)
LI, ZHANG, WANG = "14010019800101001X", "11010519491231002X", "140105198506150319"
DAY = dt.date(2026, 3, 1)


def _node(role: Role) -> NodeIdentity:
    return plan_identity(
        node_id=f"{role.value}-1", role=role, name="住建", city_code=TAIYUAN
        if role is Role.CITY else None, uscc=None, public_key=None,
    )  # fmt: skip


def _store() -> MemoryStore:
    store = MemoryStore()
    with MemoryUnitOfWork(_node(Role.PROVINCE), store) as uow:
        for uscc, name, city in FIRMS:
            uow.put(Enterprise(uscc=uscc, name=name, city_code=city))
        for id_number, name, status in ((LI, "李四", "active"), (ZHANG, "张三", "stopped"),
                                        (WANG, "王五", "none")):  # fmt: skip
            uow.put(Person(id_number=id_number, name=name, gender="male",
                           birth_date=dt.date(1980, 1, 1), employer_uscc=FIRMS[0][0],
                           registration_status=status))  # fmt: skip
        for n, (spec, current) in enumerate((("architect", True), ("structural", False))):
            uow.put(Certificate(id=f"C{n}", certificate_number=f"晋2J{n}", person_id_number=LI,
                                specialty=spec, enterprise_uscc=FIRMS[0][0], issued_on=DAY,
                                valid_until=DAY, current=current))  # fmt: skip
        for n, (person, good) in enumerate(((LI, True), (ZHANG, False), (LI, False))):
            uow.put(ConductRecord(id=f"K{n}", person_id_number=person, good=good,
                                  description=f"记录{n}", recorded_on=DAY))  # fmt: skip
        uow.commit()
    return store


def test_enterprises_are_scoped_searched_and_paged() -> None:
    store = _store()
    with MemoryUnitOfWork(_node(Role.CITY), store) as uow:
        mine = enterprise_page(uow, after=None, limit=10)
        by_name = enterprise_page(uow, after=None, limit=10, search="结构")
        by_code = enterprise_page(uow, after=None, limit=10, search=" ma0grp20x ")
        past = enterprise_page(uow, after=FIRMS[0][0], limit=10)
    assert [e.uscc for e in mine] == sorted(u for u, _, c in FIRMS if c == TAIYUAN)
    assert [e.name for e in by_name] == ["太原结构工程有限公司"]
    assert [e.uscc for e in by_code] == [FIRMS[1][0]]  # part of the USCC, any case
    assert [e.uscc for e in past] == [FIRMS[1][0]]
    with MemoryUnitOfWork(_node(Role.PROVINCE), store) as uow:
        seen, after = [], None
        while page := enterprise_page(uow, after=after, limit=2):
            seen += [e.uscc for e in page]
            after = page[-1].uscc
        assert seen == sorted(u for u, _, _ in FIRMS)  # the province: all, no gaps or repeats
        assert seen == [
            e.uscc for e in sorted(registry.list_enterprises(uow), key=lambda e: e.uscc)
        ]


def test_registrations_list_registered_persons_with_their_current_specialties() -> None:
    with MemoryUnitOfWork(_node(Role.PROVINCE), _store()) as uow:
        rows = registration_page(uow, today=DAY, after=None, limit=10)
        by_id = registration_page(uow, today=DAY, after=None, limit=10, search="1949")
        by_name = registration_page(uow, today=DAY, after=None, limit=10, search="李")
        nobody = registration_page(
            uow, today=DAY, after=None, limit=10, search="王五"
        )  # not registered
    assert [r.person.id_number for r in rows] == [ZHANG, LI]
    assert {r.person.id_number: r.current for r in rows} == {LI: ("architect",), ZHANG: ()}
    assert rows[1].employer_name == "太原市建筑设计研究院"
    assert [r.person.name for r in by_id] == ["张三"]
    assert [r.person.name for r in by_name] == ["李四"]
    assert nobody == []


def test_conduct_records_with_names_searched_and_paged() -> None:
    with MemoryUnitOfWork(_node(Role.PROVINCE), _store()) as uow:
        first = conduct_page(uow, after=None, limit=2)
        rest = conduct_page(uow, after=first[-1].record.id, limit=2)
        li = conduct_page(uow, after=None, limit=10, search="李四")
        by_id = conduct_page(uow, after=None, limit=10, search=ZHANG[-6:])
    assert [(c.record.id, c.person_name) for c in first + rest] == [
        ("K0", "李四"), ("K1", "张三"), ("K2", "李四"),
    ]  # fmt: skip
    assert [c.record.id for c in li] == ["K0", "K2"]
    assert [c.record.description for c in by_id] == ["记录1"]


def test_only_the_city_writes_enterprises() -> None:
    store = _store()
    with MemoryUnitOfWork(_node(Role.CITY), store) as uow:
        registry.require_enterprise_writer(uow, "add")
        registry.require_enterprise_writer(uow, "edit")
    with MemoryUnitOfWork(_node(Role.PROVINCE), store) as uow:
        with pytest.raises(NotAllowed) as asked:
            registry.require_enterprise_writer(uow, "add")
        with pytest.raises(NotAllowed) as added:
            registry.add_enterprise(uow, uscc=FIRMS[0][0], name="x", enterprise_number=None,
                                    org_code=None, uscc_confirmed=False, values={})  # fmt: skip
        with pytest.raises(NotAllowed) as edited:
            registry.edit_enterprise(uow, FIRMS[0][0], {"name": "y"})
    # The window's question and the use case's refusal say the same thing.
    assert asked.value.message() == added.value.message() == "省级版不能新增企业"
    assert edited.value.message() == "省级版不能修改企业信息"
