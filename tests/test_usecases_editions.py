"""The editions' use cases against the in-memory unit of work: personal drafts,
the intake of a personal package, reporting all or nothing, status, 企业基本信息."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from regsync.core.config import RulesConfig
from regsync.core.errors import (
    InvalidState,
    MissingField,
    NotAllowed,
    NotEnrolled,
    RegisteredNameFixed,
    ReportRefused,
    UnknownField,
)
from regsync.core.model import (
    Application,
    Certificate,
    Decision,
    PerformanceRecord,
    Person,
    Review,
    Role,
    Seal,
)
from regsync.core.ports import NodeIdentity
from regsync.core.testing import MemoryStore, MemoryUnitOfWork, SequentialIds
from regsync.core.usecases.applications import add_performance, new_application
from regsync.core.usecases.enterprise_info import update_enterprise
from regsync.core.usecases.packages import Outcome, PersonalPackage, receive_package
from regsync.core.usecases.performance import edit_performance, remove_performance
from regsync.core.usecases.persons import add_person, edit_person
from regsync.core.usecases.reporting import report_applications
from regsync.core.usecases.resubmission import reopen_application
from regsync.core.usecases.setup import plan_identity, record_node
from regsync.core.usecases.status import application_status
from tests.test_usecases import FEMALE, FIRM, MALE, TODAY, enterprise_identity, setup_store

RULES = RulesConfig()


def personal_identity(city: str | None = "140100") -> NodeIdentity:
    return plan_identity(
        node_id="me-1", role=Role.PERSONAL, name="李明", city_code=city, uscc=None, public_key=None
    )


def personal_store(node: NodeIdentity) -> MemoryStore:
    store = MemoryStore()
    with MemoryUnitOfWork(node, store) as uow:
        record_node(uow)
        add_person(
            uow,
            today=TODAY,
            id_number=MALE,
            name="李明",
            values={"qualification_cert_no": "ZG-1", "qualification_date": TODAY},
        )
        uow.commit()
    return store


def test_a_personal_draft_has_number_0000_and_no_enterprise() -> None:
    node = personal_identity()
    with MemoryUnitOfWork(node, personal_store(node)) as uow:
        app = new_application(
            uow,
            today=TODAY,
            kind="initial",
            specialty="architect",
            person_id_number=MALE,
            values={"enterprise_name": FIRM},
        )
    assert (app.number[9:13], app.enterprise_uscc, app.enterprise_name) == ("0000", "", FIRM)
    with MemoryUnitOfWork(node, personal_store(node)) as uow, pytest.raises(NotAllowed):
        new_application(
            uow,
            today=TODAY,
            kind="cancellation",
            specialty="architect",
            person_id_number=MALE,
            values={},
        )
    cityless = personal_identity(city=None)
    with MemoryUnitOfWork(cityless, personal_store(cityless)) as uow, pytest.raises(MissingField):
        new_application(
            uow,
            today=TODAY,
            kind="initial",
            specialty="architect",
            person_id_number=MALE,
            values={},
        )


def _package(
    store: MemoryStore,
    touched: dict[tuple[str, str], frozenset[str]] | None = None,
    **changes: object,
) -> PersonalPackage:
    """What the personal node in ``store`` would send: its records as they are."""
    records = store.records.values()
    apps = tuple(r.replace(**changes) for r in records if isinstance(r, Application))
    perf = tuple(r for r in records if isinstance(r, PerformanceRecord))
    everything = {(r.KIND, r.key): frozenset(r.fields()) for r in records}
    return PersonalPackage(
        source="me-1",
        persons=tuple(r for r in records if isinstance(r, Person)),
        applications=apps,
        performance=perf,
        removed=frozenset(),
        touched=everything if touched is None else touched,
    )


@pytest.fixture
def drafted() -> tuple[MemoryStore, str]:
    node = personal_identity()
    store = personal_store(node)
    with MemoryUnitOfWork(node, store) as uow:
        app = new_application(
            uow,
            today=TODAY,
            kind="initial",
            specialty="architect",
            person_id_number=MALE,
            values={"enterprise_name": ""},
        )
        add_performance(
            uow,
            SequentialIds("P"),
            number=app.number,
            project_name="某小区",
            role="设计人",
            values={},
        )
        uow.commit()
    return store, app.number


def test_a_package_becomes_the_enterprises_draft(drafted: tuple[MemoryStore, str]) -> None:
    personal, original = drafted
    firm = enterprise_identity()
    store = setup_store(firm)
    with MemoryUnitOfWork(firm, store) as uow:
        (intake,) = receive_package(uow, _package(personal), today=TODAY)
        uow.commit()
    app = store.records[("application", intake.number)]
    assert isinstance(app, Application)
    assert (intake.outcome, intake.original, app.number[9:13]) == (Outcome.NEW, original, "0001")
    assert (app.enterprise_uscc, app.enterprise_name) == (firm.uscc, FIRM)  # empty: registered
    assert app.provenance == f"me-1:{original}"
    (perf,) = [r for r in store.records.values() if isinstance(r, PerformanceRecord)]
    assert perf.application_number == app.number
    person = store.records[("person", MALE)]
    assert isinstance(person, Person)
    assert person.employer_uscc == firm.uscc

    # A later package: only what the applicant touched; nothing once reported.
    with MemoryUnitOfWork(firm, store) as uow:
        uow.put(app.replace(reason="企业改的"))
        uow.commit()
    later = _package(
        personal,
        {("application", original): frozenset({"qualification_cert_no"})},
        qualification_cert_no="ZG-2",
        reason="个人改的",
    )
    with MemoryUnitOfWork(firm, store) as uow:
        (again,) = receive_package(uow, later, today=TODAY)
        uow.commit()
    now = store.records[("application", intake.number)]
    assert isinstance(now, Application)
    assert (again.outcome, now.qualification_cert_no, now.reason) == (
        Outcome.UPDATED,
        "ZG-2",
        "企业改的",
    )
    with MemoryUnitOfWork(firm, store) as uow:
        uow.put(now.replace(stage="reported"))
        uow.commit()
    with MemoryUnitOfWork(firm, store) as uow:
        (kept,) = receive_package(uow, _package(personal, reason="x"), today=TODAY)
    assert kept.outcome is Outcome.KEPT
    with MemoryUnitOfWork(firm, store) as uow:
        assert receive_package(uow, _package(personal), today=TODAY, selected=["none"]) == []


def test_only_an_enterprise_receives_packages(drafted: tuple[MemoryStore, str]) -> None:
    personal, _ = drafted
    with MemoryUnitOfWork(personal_identity(), personal) as uow, pytest.raises(NotAllowed):
        receive_package(uow, _package(personal), today=TODAY)


def _firm_with_drafts() -> tuple[NodeIdentity, MemoryStore, list[str]]:
    node = enterprise_identity()
    store = setup_store(node)
    numbers = []
    with MemoryUnitOfWork(node, store) as uow:
        for person in (MALE, FEMALE):
            add_person(
                uow,
                today=TODAY,
                id_number=person,
                name="某人",
                values={"qualification_cert_no": "ZG-1", "qualification_date": TODAY},
            )
            app = new_application(
                uow,
                today=TODAY,
                kind="initial",
                specialty="architect",
                person_id_number=person,
                values={},
            )
            numbers.append(app.number)
        add_performance(
            uow,
            SequentialIds("P"),
            number=numbers[0],
            project_name="某项目",
            role="设计人",
            values={},
        )
        uow.commit()
    return node, store, numbers


def test_reporting_is_all_or_nothing_and_needs_enrolment() -> None:
    node, store, numbers = _firm_with_drafts()
    with MemoryUnitOfWork(node, store) as uow, pytest.raises(ReportRefused):
        report_applications(uow, numbers, today=TODAY, rules=RULES)  # the second has no 业绩
    with MemoryUnitOfWork(node, store) as uow, pytest.raises(NotEnrolled):
        report_applications(uow, numbers[:1], today=TODAY, rules=RULES, not_enrolled=("x", "x"))
    with MemoryUnitOfWork(node, store) as uow:
        (done,) = report_applications(uow, [numbers[0], numbers[0]], today=TODAY, rules=RULES)
        uow.commit()
    assert (done.stage, done.reported_on) == ("reported", TODAY)
    other = store.records[("application", numbers[1])]
    assert isinstance(other, Application)
    assert other.stage == "draft"


def test_status_shows_the_current_rounds_decisions() -> None:
    node, store, numbers = _firm_with_drafts()
    number = numbers[0]
    app = store.records[("application", number)]
    assert isinstance(app, Application)
    day = dt.date(2024, 7, 1)
    with MemoryUnitOfWork(node, store) as uow:
        uow.put(app.replace(round=2, stage="issued"))
        uow.put(
            Review(
                id="R1",
                application_number=number,
                round=1,
                passed=False,
                reviewer="甲",
                reviewed_on=day,
                opinion="缺材料",
            )
        )
        uow.put(
            Review(
                id="R2",
                application_number=number,
                round=2,
                passed=True,
                reviewer="乙",
                reviewed_on=day,
                opinion="齐全",
            )
        )
        uow.put(
            Decision(
                id="D2",
                application_number=number,
                round=2,
                approved=True,
                decided_by="省",
                decided_on=day,
            )
        )
        uow.put(
            Certificate(
                id="C1",
                certificate_number="晋1",
                person_id_number=MALE,
                specialty="architect",
                enterprise_uscc=app.enterprise_uscc,
                issued_on=day,
                valid_until=day,
                application_number=number,
            )
        )
        uow.put(
            Seal(
                id="S1",
                seal_number="印1",
                person_id_number=MALE,
                specialty="architect",
                issued_on=day,
                certificate_number="晋1",
            )
        )
        uow.commit()
    with MemoryUnitOfWork(node, store) as uow:
        (st,) = application_status(uow, number=number)
        assert [s.application.number for s in application_status(uow, name="某")] == sorted(
            numbers, reverse=True
        )
    assert st.review is not None
    assert st.decision is not None
    assert (st.review.opinion, st.decision.approved) == ("齐全", True)
    assert st.certificate is not None
    assert st.seal is not None
    assert (st.certificate.certificate_number, st.seal.seal_number) == ("晋1", "印1")


def test_enterprise_details_persons_and_performance_edits() -> None:
    node, store, numbers = _firm_with_drafts()
    with MemoryUnitOfWork(node, store) as uow:
        assert update_enterprise(uow, {"phone": "0351-1"}).phone == "0351-1"
        with pytest.raises(RegisteredNameFixed):
            update_enterprise(uow, {"name": "新名"})
        with pytest.raises(UnknownField):
            update_enterprise(uow, {"uscc": "x"})
        assert edit_person(uow, MALE, {"phone": "139"}).phone == "139"
        with pytest.raises(UnknownField):
            edit_person(uow, MALE, {"gender": "female"})
        (perf,) = uow.find(PerformanceRecord)
        assert edit_performance(uow, perf.id, {"scale": "1万"}).scale == "1万"
        with pytest.raises(MissingField):
            edit_performance(uow, perf.id, {"project_name": " "})
        app = uow.get(Application, numbers[0])
        assert app is not None
        uow.put(app.replace(stage="received"))
        with pytest.raises(InvalidState):
            remove_performance(uow, perf.id)
        uow.put(app)
        remove_performance(uow, perf.id)
        assert uow.find(PerformanceRecord) == []


def test_the_city_edition_enters_no_data() -> None:
    node = dataclasses.replace(enterprise_identity(), role=Role.CITY)
    with MemoryUnitOfWork(node, setup_store(enterprise_identity())) as uow:
        with pytest.raises(NotAllowed):
            edit_person(uow, MALE, {"phone": "1"})
        with pytest.raises(NotAllowed):
            report_applications(uow, ["1"], today=TODAY, rules=RULES)


def test_only_a_failed_or_rejected_round_reopens() -> None:
    node, store, numbers = _firm_with_drafts()
    with MemoryUnitOfWork(node, store) as uow:
        with pytest.raises(InvalidState):
            reopen_application(uow, numbers[0])
        app = uow.get(Application, numbers[0])
        assert app is not None
        uow.put(app.replace(stage="rejected", reported_on=TODAY))
        reopened = reopen_application(uow, numbers[0])
    assert (reopened.round, reopened.stage) == (2, "draft")
