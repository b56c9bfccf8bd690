"""Use cases against the in-memory unit of work, and typed-in field values.

ID numbers used here, each check character computed by hand with the GB 11643
weights ``7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2`` and ``"10X98765432"[sum % 11]``:

- ``140105198506150319``: 太原 小店区, born 1985-06-15, sequence 031 (odd: male);
  weighted sum 245, 245 % 11 = 3 -> "9".
- ``140102199002280027``: 太原, born 1990-02-28, sequence 002 (even: female);
  weighted sum 203, 203 % 11 = 5 -> "7".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from regsync.core.config import RulesConfig
from regsync.core.errors import (
    AlreadyExists,
    InvalidIdNumber,
    InvalidState,
    InvalidValue,
    MissingField,
    NotAllowed,
    NotFound,
    UnknownField,
)
from regsync.core.field_labels import field_label
from regsync.core.fields import parse_assignment, parse_value
from regsync.core.model import (
    Application,
    ApplicationKind,
    Certificate,
    Enterprise,
    Gender,
    Node,
    PerformanceRecord,
    Person,
    Review,
    Role,
)
from regsync.core.numbering import parse_number
from regsync.core.ports import NodeIdentity
from regsync.core.state import LOCKED_FOR_ENTERPRISE, Stage
from regsync.core.testing import MemoryStore, MemoryUnitOfWork, SequentialIds
from regsync.core.usecases.applications import (
    add_performance,
    edit_application,
    get_application,
    new_application,
)
from regsync.core.usecases.checking import check
from regsync.core.usecases.persons import add_person, list_persons
from regsync.core.usecases.setup import plan_identity, record_node

USCC = "91140100MA0GRP138M"
CITY = "140100"
FIRM = "太原市建筑设计研究院有限公司"
MALE = "140105198506150319"
FEMALE = "140102199002280027"
TODAY = dt.date(2024, 6, 1)


def enterprise_identity() -> NodeIdentity:
    return plan_identity(
        node_id="ent-1",
        role=Role.ENTERPRISE,
        name=FIRM,
        city_code=CITY,
        uscc=USCC,
        public_key=None,
    )


def city_identity() -> NodeIdentity:
    return plan_identity(
        node_id="city-1",
        role=Role.CITY,
        name="太原市住建局",
        city_code=CITY,
        uscc=None,
        public_key=None,
    )


def setup_store(node: NodeIdentity, enterprise_number: str | None = "0001") -> MemoryStore:
    store = MemoryStore()
    with MemoryUnitOfWork(node, store) as uow:
        record_node(uow, enterprise_number=enterprise_number)
        uow.commit()
    return store


@pytest.fixture
def node() -> NodeIdentity:
    return enterprise_identity()


@pytest.fixture
def store(node: NodeIdentity) -> MemoryStore:
    return setup_store(node)


@pytest.fixture
def uow(node: NodeIdentity, store: MemoryStore) -> Iterator[MemoryUnitOfWork]:
    with MemoryUnitOfWork(node, store) as unit:
        yield unit


def add_person_committed(
    store: MemoryStore, node: NodeIdentity, id_number: str = MALE, name: str = "李明"
) -> Person:
    with MemoryUnitOfWork(node, store) as uow:
        person = add_person(
            uow,
            today=TODAY,
            id_number=id_number,
            name=name,
            values={"qualification_cert_no": "ZG-2022-0815", "qualification_date": TODAY},
        )
        uow.commit()
    return person


def new_app(
    store: MemoryStore,
    node: NodeIdentity,
    *,
    kind: str = "initial",
    today: dt.date = TODAY,
    person: str = MALE,
) -> Application:
    with MemoryUnitOfWork(node, store) as uow:
        app = new_application(
            uow,
            today=today,
            kind=kind,
            specialty="architect",
            person_id_number=person,
            values={},
        )
        uow.commit()
    return app


def snapshot(store: MemoryStore) -> tuple[dict[tuple[str, str], object], dict[str, int], int]:
    return dict(store.records), dict(store.counters), store.commits


# --- setup -----------------------------------------------------------------------


def test_record_node_writes_the_node_and_the_enterprise(
    node: NodeIdentity, store: MemoryStore
) -> None:
    assert node.scope == f"enterprise:{USCC}"
    enterprise = store.records[("enterprise", USCC)]
    assert isinstance(enterprise, Enterprise)
    assert enterprise.enterprise_number == "0001"
    assert enterprise.city_code == CITY
    assert enterprise.org_code == USCC[8:17]
    assert isinstance(store.records[("node", "ent-1")], Node)


# --- persons ---------------------------------------------------------------------


def test_add_person_derives_gender_and_birth_date(node: NodeIdentity, store: MemoryStore) -> None:
    man = add_person_committed(store, node, MALE, " 李明 ")
    woman = add_person_committed(store, node, FEMALE, "赵丽")
    assert (man.gender, man.birth_date) == (Gender.MALE.value, dt.date(1985, 6, 15))
    assert (woman.gender, woman.birth_date) == (Gender.FEMALE.value, dt.date(1990, 2, 28))
    assert man.name == "李明"
    assert man.employer_uscc == USCC
    assert man.qualification_cert_no == "ZG-2022-0815"
    assert store.records[("person", MALE)] == man
    with MemoryUnitOfWork(node, store) as uow:
        assert [p.id_number for p in list_persons(uow)] == sorted([MALE, FEMALE])


def test_add_person_normalises_a_lower_case_x(node: NodeIdentity, store: MemoryStore) -> None:
    person = add_person_committed(store, node, "11010519491231002x", "王芳")
    assert person.id_number == "11010519491231002X"
    assert ("person", "11010519491231002X") in store.records


def test_add_person_refuses_a_duplicate(
    node: NodeIdentity, store: MemoryStore, uow: MemoryUnitOfWork
) -> None:
    add_person_committed(store, node)
    before = snapshot(store)
    with pytest.raises(AlreadyExists) as exc:
        add_person(uow, today=TODAY, id_number=f" {MALE} ", name="李明", values={})
    assert exc.value.params["key"] == MALE
    assert snapshot(store) == before


@pytest.mark.parametrize(
    "bad",
    [
        "140105198506150318",  # wrong check character
        "14010519850615031",  # 17 characters
        "140105198513150317",  # month 13
        "1401051985061503X9",  # letter inside
    ],
)
def test_add_person_refuses_an_invalid_id_number(
    bad: str, node: NodeIdentity, store: MemoryStore
) -> None:
    before = snapshot(store)
    with pytest.raises(InvalidIdNumber) as exc, MemoryUnitOfWork(node, store) as uow:
        add_person(uow, today=TODAY, id_number=bad, name="李明", values={})
    assert exc.value.params["field"] == "--id-number"
    assert snapshot(store) == before


def test_add_person_refuses_missing_name_and_unknown_fields(uow: MemoryUnitOfWork) -> None:
    with pytest.raises(MissingField):
        add_person(uow, today=TODAY, id_number=MALE, name="  ", values={})
    for field in ("gender", "birth_date", "registration_status", "salary"):
        with pytest.raises(UnknownField) as exc:
            add_person(uow, today=TODAY, id_number=MALE, name="李明", values={field: "x"})
        assert exc.value.params["field"] == field


@pytest.mark.parametrize("role", [Role.CITY, Role.PROVINCE])
def test_add_person_is_not_allowed_on_city_or_province(role: Role) -> None:
    identity = plan_identity(
        node_id="x", role=role, name="住建", city_code=CITY, uscc=None, public_key=None
    )
    store = setup_store(identity)
    before = snapshot(store)
    with pytest.raises(NotAllowed) as exc, MemoryUnitOfWork(identity, store) as uow:
        add_person(uow, today=TODAY, id_number=MALE, name="李明", values={})
    assert exc.value.params["role"] == role.value
    assert snapshot(store) == before


# --- new applications --------------------------------------------------------------


def test_new_application_numbers_are_sequential_per_kind_and_year(
    node: NodeIdentity, store: MemoryStore
) -> None:
    add_person_committed(store, node, MALE)
    add_person_committed(store, node, FEMALE, "赵丽")
    made = [
        new_app(store, node, kind="initial"),
        new_app(store, node, kind="initial", person=FEMALE),
        new_app(store, node, kind="change"),
        new_app(store, node, kind="initial", today=dt.date(2025, 1, 2)),
        new_app(store, node, kind="initial"),
        new_app(store, node, kind="change", today=dt.date(2025, 1, 2)),
    ]
    parsed = [parse_number(a.number) for a in made]
    assert [(p.year, p.kind.value, p.sequence) for p in parsed] == [
        (2024, "initial", 1),
        (2024, "initial", 2),
        (2024, "change", 1),
        (2025, "initial", 1),
        (2024, "initial", 3),
        (2025, "change", 1),
    ]
    assert {p.city_code for p in parsed} == {CITY}
    assert {p.enterprise_number for p in parsed} == {"0001"}
    assert len({a.number for a in made}) == len(made)
    for app in made:
        assert store.records[("application", app.number)] == app


def test_new_application_copies_the_person_and_the_enterprise(
    node: NodeIdentity, store: MemoryStore
) -> None:
    add_person_committed(store, node)
    app = new_app(store, node)
    assert app.person_id_number == MALE
    assert app.person_name == "李明"
    assert app.qualification_cert_no == "ZG-2022-0815"
    assert app.qualification_date == TODAY
    assert app.enterprise_uscc == USCC
    assert app.enterprise_name == FIRM
    assert app.city_code == CITY
    assert app.created_on == TODAY
    assert (app.round, app.stage) == (1, Stage.DRAFT.value)


def test_new_application_takes_editable_values(node: NodeIdentity, store: MemoryStore) -> None:
    add_person_committed(store, node)
    with MemoryUnitOfWork(node, store) as uow:
        app = new_application(
            uow,
            today=TODAY,
            kind="renewal",
            specialty="structural",
            person_id_number=MALE,
            values={"valid_until": dt.date(2024, 12, 31), "ce_compulsory_hours": 60},
        )
    assert (app.kind, app.specialty) == ("renewal", "structural")
    assert app.valid_until == dt.date(2024, 12, 31)
    assert app.ce_compulsory_hours == 60
    assert parse_number(app.number).kind is ApplicationKind.RENEWAL


@pytest.mark.parametrize(
    ("kind", "specialty", "field"),
    [("first", "architect", "--kind"), ("initial", "electrician", "--specialty")],
)
def test_new_application_refuses_unknown_kind_or_specialty(
    kind: str, specialty: str, field: str, node: NodeIdentity, store: MemoryStore
) -> None:
    add_person_committed(store, node)
    before = snapshot(store)
    with pytest.raises(InvalidValue) as exc, MemoryUnitOfWork(node, store) as uow:
        new_application(
            uow,
            today=TODAY,
            kind=kind,
            specialty=specialty,
            person_id_number=MALE,
            values={},
        )
    assert exc.value.params["field"] == field
    assert "initial" in str(exc.value) or "architect" in str(exc.value)
    assert snapshot(store) == before


def test_new_application_refuses_an_unknown_person(uow: MemoryUnitOfWork) -> None:
    with pytest.raises(NotFound) as exc:
        new_application(
            uow,
            today=TODAY,
            kind="initial",
            specialty="architect",
            person_id_number=FEMALE,
            values={},
        )
    assert exc.value.params["key"] == FEMALE


def test_new_application_refuses_non_editable_values(uow: MemoryUnitOfWork) -> None:
    with pytest.raises(UnknownField):
        new_application(
            uow,
            today=TODAY,
            kind="initial",
            specialty="architect",
            person_id_number=MALE,
            values={"stage": "issued"},
        )


def test_new_application_needs_the_enterprise_number(node: NodeIdentity) -> None:
    store = setup_store(node, enterprise_number=None)
    add_person_committed(store, node)
    before = snapshot(store)
    with pytest.raises(MissingField) as exc, MemoryUnitOfWork(node, store) as uow:
        new_application(
            uow,
            today=TODAY,
            kind="initial",
            specialty="architect",
            person_id_number=MALE,
            values={},
        )
    assert "enterprise_number" in str(exc.value.params["field"])
    assert snapshot(store) == before


def test_new_application_is_not_allowed_on_a_city_node() -> None:
    identity = city_identity()
    with pytest.raises(NotAllowed), MemoryUnitOfWork(identity, setup_store(identity)) as uow:
        new_application(
            uow,
            today=TODAY,
            kind="initial",
            specialty="architect",
            person_id_number=MALE,
            values={},
        )


# --- editing -------------------------------------------------------------------------


def test_edit_application_changes_a_draft(node: NodeIdentity, store: MemoryStore) -> None:
    add_person_committed(store, node)
    app = new_app(store, node)
    with MemoryUnitOfWork(node, store) as uow:
        edited = edit_application(uow, f" {app.number} ", {"reason": "补充材料"})
        uow.commit()
    assert edited.reason == "补充材料"
    assert edited == app.replace(reason="补充材料")
    assert store.records[("application", app.number)] == edited


@pytest.mark.parametrize("stage", list(Stage))
def test_edit_application_is_refused_once_the_city_received_it(
    stage: Stage, node: NodeIdentity, store: MemoryStore
) -> None:
    add_person_committed(store, node)
    app = new_app(store, node)
    with MemoryUnitOfWork(node, store) as uow:
        uow.put(app.replace(stage=stage.value))
        uow.commit()
    before = snapshot(store)
    with MemoryUnitOfWork(node, store) as uow:
        if stage in LOCKED_FOR_ENTERPRISE:
            with pytest.raises(InvalidState) as exc:
                edit_application(uow, app.number, {"reason": "改"})
            assert exc.value.params["stage"] == stage.value
            assert exc.value.params["number"] == app.number
        else:
            assert edit_application(uow, app.number, {"reason": "改"}).reason == "改"
    assert snapshot(store) == before  # nothing committed either way


def test_edit_application_received_is_refused(node: NodeIdentity, store: MemoryStore) -> None:
    add_person_committed(store, node)
    app = new_app(store, node)
    with MemoryUnitOfWork(node, store) as uow:
        uow.put(app.replace(stage="received"))
        uow.commit()
    with pytest.raises(InvalidState), MemoryUnitOfWork(node, store) as uow:
        edit_application(uow, app.number, {"person_name": "李小明"})
    assert get_application(MemoryUnitOfWork(node, store), app.number).person_name == "李明"


@pytest.mark.parametrize("field", ["stage", "round", "number", "kind", "enterprise_uscc", "x"])
def test_edit_application_refuses_non_editable_fields(
    field: str, node: NodeIdentity, store: MemoryStore
) -> None:
    add_person_committed(store, node)
    app = new_app(store, node)
    with pytest.raises(UnknownField) as exc, MemoryUnitOfWork(node, store) as uow:
        edit_application(uow, app.number, {field: "1"})
    assert exc.value.params["field"] == field
    assert "reason" in str(exc.value.params["known"])


def test_edit_an_unknown_application(uow: MemoryUnitOfWork) -> None:
    with pytest.raises(NotFound):
        edit_application(uow, "140100241000100099", {"reason": "x"})


# --- computer check and performance records ----------------------------------------------


def codes(store: MemoryStore, node: NodeIdentity, number: str) -> list[str]:
    with MemoryUnitOfWork(node, store) as uow:
        return [m.code for m in check(uow, number, today=TODAY, rules=RulesConfig())]


def test_check_wants_a_performance_record_for_an_initial_application(
    node: NodeIdentity, store: MemoryStore
) -> None:
    add_person_committed(store, node)
    app = new_app(store, node)
    assert "application.no_performance" in codes(store, node, app.number)
    with MemoryUnitOfWork(node, store) as uow:
        record = add_performance(
            uow,
            SequentialIds("PF"),
            number=app.number,
            project_name=" 太原市某住宅小区 ",
            role="专业负责人",
            values={"start_date": dt.date(2021, 3, 1)},
        )
        uow.commit()
    assert record.id == "PF0000000001"
    assert record.project_name == "太原市某住宅小区"
    assert isinstance(store.records[("performance", record.id)], PerformanceRecord)
    assert "application.no_performance" not in codes(store, node, app.number)


def test_check_does_not_want_performance_for_a_change(
    node: NodeIdentity, store: MemoryStore
) -> None:
    add_person_committed(store, node)
    app = new_app(store, node, kind="change")
    assert "application.no_performance" not in codes(store, node, app.number)


def test_check_errors_come_first(node: NodeIdentity, store: MemoryStore) -> None:
    add_person_committed(store, node, "11010519491231002X", "王芳")  # 74: age warning
    app = new_app(store, node, person="11010519491231002X")
    with MemoryUnitOfWork(node, store) as uow:
        messages = check(uow, app.number, today=TODAY, rules=RulesConfig())
    severities = [m.severity.value for m in messages]
    assert "error" in severities
    assert "warning" in severities
    assert severities == sorted(severities)  # "error" < "warning"


def test_add_performance_needs_project_and_role(node: NodeIdentity, store: MemoryStore) -> None:
    add_person_committed(store, node)
    app = new_app(store, node)
    for project, role, field in (("", "r", "--project"), ("p", " ", "--role")):
        with pytest.raises(MissingField) as exc, MemoryUnitOfWork(node, store) as uow:
            add_performance(
                uow,
                SequentialIds(),
                number=app.number,
                project_name=project,
                role=role,
                values={},
            )
        assert exc.value.params["field"] == field
    assert not any(kind == "performance" for kind, _ in store.records)


def test_add_performance_is_refused_once_the_city_received_it(
    node: NodeIdentity, store: MemoryStore
) -> None:
    add_person_committed(store, node)
    app = new_app(store, node)
    with MemoryUnitOfWork(node, store) as uow:
        uow.put(app.replace(stage="received"))
        uow.commit()
    with pytest.raises(InvalidState), MemoryUnitOfWork(node, store) as uow:
        add_performance(
            uow, SequentialIds(), number=app.number, project_name="p", role="r", values={}
        )


# --- atomicity -------------------------------------------------------------------------


def add_person_then_apply(store: MemoryStore, node: NodeIdentity, specialty: str) -> None:
    """Two use cases in one unit of work, committed at the end."""
    with MemoryUnitOfWork(node, store) as uow:
        add_person(uow, today=TODAY, id_number=MALE, name="李明", values={})
        assert uow.get(Person, MALE) is not None  # visible inside the unit of work
        new_application(
            uow,
            today=TODAY,
            kind="initial",
            specialty=specialty,
            person_id_number=MALE,
            values={},
        )
        uow.commit()


def test_nothing_is_stored_when_a_use_case_raises_before_commit(
    node: NodeIdentity, store: MemoryStore
) -> None:
    before = snapshot(store)
    with pytest.raises(InvalidValue):
        add_person_then_apply(store, node, "painter")
    assert snapshot(store) == before
    with MemoryUnitOfWork(node, store) as uow:
        assert uow.get(Person, MALE) is None
    # control: the same work without the error is stored whole
    add_person_then_apply(store, node, "architect")
    assert ("person", MALE) in store.records
    assert [k for k, _ in store.records].count("application") == 1
    assert store.commits == before[2] + 1


def test_a_rolled_back_number_is_not_used_up(node: NodeIdentity, store: MemoryStore) -> None:
    add_person_committed(store, node)
    with MemoryUnitOfWork(node, store) as uow:
        abandoned = new_application(
            uow,
            today=TODAY,
            kind="initial",
            specialty="architect",
            person_id_number=MALE,
            values={},
        )
        # leaving without commit
    kept = new_app(store, node)
    assert kept.number == abandoned.number
    assert parse_number(kept.number).sequence == 1


# --- typed-in field values -------------------------------------------------------------


def test_parse_value_date_int_str() -> None:
    assert parse_value(Application, "valid_until", "2026-01-31") == dt.date(2026, 1, 31)
    assert parse_value(Application, "ce_compulsory_hours", "40") == 40
    assert parse_value(Application, "ce_compulsory_hours", "-3") == -3
    assert parse_value(Application, "reason", "单位更名") == "单位更名"
    assert parse_value(Application, "reason", "") is None
    assert parse_value(Application, "valid_until", "") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True),
        ("Y", True),
        ("true", True),
        ("1", True),
        ("是", True),
        (" No ", False),
        ("false", False),
        ("0", False),
        ("否", False),
    ],
)
def test_parse_value_bool(text: str, expected: bool) -> None:
    assert parse_value(Review, "passed", text) is expected
    assert parse_value(Certificate, "current", text) is expected


@pytest.mark.parametrize(
    ("record_type", "field", "text", "expected"),
    [
        (Application, "valid_until", "2026-02-30", "a date YYYY-MM-DD"),
        (Application, "valid_until", "31/01/2026", "a date YYYY-MM-DD"),
        (Application, "ce_elective_hours", "4o", "a whole number"),
        (Application, "ce_elective_hours", "40.5", "a whole number"),
        (Review, "passed", "maybe", "yes or no"),
        (Review, "passed", "2", "yes or no"),
    ],
)
def test_parse_value_errors(
    record_type: type[Application] | type[Review], field: str, text: str, expected: str
) -> None:
    with pytest.raises(InvalidValue) as exc:
        parse_value(record_type, field, text)
    assert exc.value.params["expected"] == expected
    assert field in exc.value.message("en")
    # Chinese names the field by its label, and says what is expected in Chinese.
    assert field_label(field, "zh") in exc.value.message("zh")
    assert exc.value.params["expected_zh"] in exc.value.message("zh")
    assert not re.search("[A-Za-z]", exc.value.params["expected_zh"].replace("YYYY", ""))


def test_parse_value_unknown_field() -> None:
    with pytest.raises(UnknownField) as exc:
        parse_value(Application, "colour", "red")
    assert exc.value.params["field"] == "colour"
    assert "valid_until" in str(exc.value.params["known"])


def test_parse_assignment() -> None:
    assert parse_assignment(Application, "valid_until=2026-01-31") == (
        "valid_until",
        dt.date(2026, 1, 31),
    )
    assert parse_assignment(Application, " reason = 单位更名 ") == ("reason", "单位更名")
    assert parse_assignment(Application, "reason=a=b") == ("reason", "a=b")
    assert parse_assignment(Application, "reason=") == ("reason", None)
    assert parse_assignment(Review, "passed=否") == ("passed", False)


@pytest.mark.parametrize("text", ["reason", "=x", " =x", ""])
def test_parse_assignment_needs_field_equals_value(text: str) -> None:
    with pytest.raises(InvalidValue) as exc:
        parse_assignment(Application, text)
    assert exc.value.params["field"] == "--set"
    assert exc.value.params["expected"] == "FIELD=VALUE"


def test_parse_assignment_passes_on_value_errors() -> None:
    with pytest.raises(InvalidValue) as exc:
        parse_assignment(Application, "round=two")
    assert exc.value.params["field"] == "round"
    with pytest.raises(UnknownField):
        parse_assignment(Application, "colour=red")
