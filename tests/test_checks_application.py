"""Computer checks of one application (core/checks/application.py).

A valid application of every kind produces no message; each test then breaks one
fact and asserts the rule's message, so removing any rule fails at least one test.
Dates are explicit: the check day is TODAY, the application was made on CREATED.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from regsync.core.checks.application import ApplicationFacts, check_application
from regsync.core.checks.identity import id_number_check_digit
from regsync.core.checks.messages import CheckMessage, Severity, has_errors
from regsync.core.config import RulesConfig
from regsync.core.field_labels import field_label
from regsync.core.model import (
    Application,
    ApplicationKind,
    Certificate,
    ContinuingEducation,
    Enterprise,
    PerformanceRecord,
    Person,
    Specialty,
)
from regsync.core.state import Stage

TODAY = dt.date(2024, 6, 1)
CREATED = dt.date(2024, 5, 20)
RULES_DEFAULT = RulesConfig()

# Both USCCs pass GB 32100 (see tests/test_checks_codes.py for their sources).
USCC_A = "91350100M000100Y43"
NAME_A = "太原市某建筑设计有限公司"
USCC_B = "914403001922038216"
NAME_B = "大同市某工程设计院"
BIRTH = dt.date(1980, 5, 17)
NUMBER = "14010020241000100012"


def make_id(birth: dt.date, region: str = "140105", sequence: str = "123") -> str:
    first17 = region + birth.strftime("%Y%m%d") + sequence
    return first17 + id_number_check_digit(first17)


PERSON_ID = make_id(BIRTH)

_KIND_FIELDS: dict[ApplicationKind, dict[str, Any]] = {
    ApplicationKind.INITIAL: {
        "qualification_cert_no": "JZ2022-0001",
        "qualification_date": dt.date(2022, 9, 1),
    },
    ApplicationKind.CHANGE: {
        "registration_cert_no": "C-001",
        "previous_employer": NAME_B,
        "valid_until": dt.date(2025, 12, 31),
    },
    ApplicationKind.RENEWAL: {
        "registration_cert_no": "C-001",
        "valid_until": dt.date(2024, 12, 31),
        "ce_compulsory_hours": 40,
        "ce_elective_hours": 40,
    },
    ApplicationKind.AMEND_REISSUE: {
        "registration_cert_no": "C-001",
        "reason": "证书遗失补办",
        "amend_mode": "reissue",
        "reissue_items": "certificate",
        "loss_newspaper": "山西日报",
        "loss_declared_on": dt.date(2024, 3, 1),
    },
    ApplicationKind.CANCELLATION: {"registration_cert_no": "C-001", "reason": "本人申请注销"},
}


def application(kind: ApplicationKind = ApplicationKind.INITIAL, **changes: Any) -> Application:
    fields: dict[str, Any] = {
        "number": NUMBER,
        "kind": kind.value,
        "specialty": Specialty.ARCHITECT.value,
        "person_id_number": PERSON_ID,
        "person_name": "张三",
        "enterprise_uscc": USCC_A,
        "enterprise_name": NAME_A,
        "city_code": "140100",
        "created_on": CREATED,
    }
    fields.update(_KIND_FIELDS[kind])
    fields.update(changes)
    return Application(**fields)


def person(**changes: Any) -> Person:
    base = Person(
        id_number=PERSON_ID,
        name="张三",
        gender="male",
        birth_date=BIRTH,
        employer_uscc=USCC_A,
    )
    return dataclasses.replace(base, **changes)


def certificate(**changes: Any) -> Certificate:
    base = Certificate(
        id="cert-1",
        certificate_number="C-001",
        person_id_number=PERSON_ID,
        specialty=Specialty.ARCHITECT.value,
        enterprise_uscc=USCC_A,
        issued_on=dt.date(2022, 12, 31),
        valid_until=dt.date(2024, 12, 31),
    )
    return dataclasses.replace(base, **changes)


def other_application(**changes: Any) -> Application:
    fields: dict[str, Any] = {
        "number": "14020020241000200034",
        "enterprise_uscc": USCC_B,
        "enterprise_name": NAME_B,
        "city_code": "140200",
        "stage": Stage.REPORTED.value,
    }
    fields.update(changes)
    return application(ApplicationKind.INITIAL, **fields)


def ce(
    compulsory: int, elective: int, completed_on: dt.date | None, **changes: Any
) -> ContinuingEducation:
    base = ContinuingEducation(
        id=f"ce-{compulsory}-{elective}-{completed_on}",
        person_id_number=PERSON_ID,
        specialty=Specialty.ARCHITECT.value,
        period="2023",
        compulsory_hours=compulsory,
        elective_hours=elective,
        completed_on=completed_on,
    )
    return dataclasses.replace(base, **changes)


PERFORMANCE = PerformanceRecord(
    id="perf-1", application_number=NUMBER, project_name="某住宅小区", role="专业负责人"
)


def _default_certificates(app: Application) -> tuple[Certificate, ...]:
    kind = ApplicationKind(app.kind)
    if kind is ApplicationKind.INITIAL:
        return ()
    if kind is ApplicationKind.CHANGE:
        # The move of employer: the current certificate is with the unit being left.
        return (certificate(enterprise_uscc=USCC_B, valid_until=dt.date(2025, 12, 31)),)
    return (certificate(valid_until=app.valid_until or dt.date(2025, 12, 31)),)


def facts(app: Application | None = None, **changes: Any) -> ApplicationFacts:
    app = app if app is not None else application()
    base = ApplicationFacts(
        application=app,
        person=person(id_number=app.person_id_number),
        enterprise=Enterprise(uscc=app.enterprise_uscc, name=NAME_A, city_code="140100"),
        performance=(PERFORMANCE,) if app.kind == ApplicationKind.INITIAL else (),
        other_applications=(),
        certificates=_default_certificates(app),
        continuing_education=(),
        today=TODAY,
    )
    return dataclasses.replace(base, **changes)


def check(f: ApplicationFacts, rules: RulesConfig = RULES_DEFAULT) -> list[CheckMessage]:
    return check_application(f, rules)


def codes(f: ApplicationFacts, rules: RulesConfig = RULES_DEFAULT) -> list[str]:
    return [m.code for m in check(f, rules)]


def only(f: ApplicationFacts, code: str, rules: RulesConfig = RULES_DEFAULT) -> CheckMessage:
    """The single message of the facts, asserting its code."""
    messages = check(f, rules)
    assert [m.code for m in messages] == [code], messages
    return messages[0]


# --- baseline --------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(ApplicationKind))
@pytest.mark.parametrize("specialty", list(Specialty))
def test_a_valid_application_of_each_kind_has_no_messages(
    kind: ApplicationKind, specialty: Specialty
) -> None:
    changes: dict[str, Any] = {"specialty": specialty.value}
    if kind is ApplicationKind.RENEWAL and specialty is Specialty.STRUCTURAL:
        changes.update(ce_compulsory_hours=60, ce_elective_hours=60)
    app = application(kind, **changes)
    certs = tuple(
        dataclasses.replace(c, specialty=specialty.value) for c in facts(app).certificates
    )
    assert check(facts(app, certificates=certs)) == []


def test_messages_name_a_field_and_have_both_languages() -> None:
    app = application(
        ApplicationKind.INITIAL,
        person_id_number="110105194912310021",
        enterprise_name="旧名称",
        qualification_cert_no="",
    )
    messages = check(facts(app, performance=()))
    assert len(messages) >= 4
    for message in messages:
        assert message.field
        assert message.zh
        assert message.en
        assert message.zh != message.en


# --- kind and specialty ------------------------------------------------------------


def test_unknown_kind_and_specialty() -> None:
    app = application(kind=ApplicationKind.AMEND_REISSUE, specialty="surveyor")
    f = facts(app, certificates=())
    messages = check(dataclasses.replace(f, application=dataclasses.replace(app, kind="transfer")))
    assert [m.code for m in messages] == [
        "application.kind_unknown",
        "application.specialty_unknown",
    ]
    assert "'transfer'" in messages[0].en
    assert "初始注册、变更注册" in messages[0].zh  # the kinds by their names, no codes
    assert "initial" in messages[0].en
    assert "architect" in messages[1].en


# --- required fields -----------------------------------------------------------------

_REQUIRED_CASES = [
    (ApplicationKind.INITIAL, "qualification_cert_no"),
    (ApplicationKind.INITIAL, "qualification_date"),
    (ApplicationKind.CHANGE, "registration_cert_no"),
    (ApplicationKind.CHANGE, "previous_employer"),
    (ApplicationKind.CHANGE, "valid_until"),
    (ApplicationKind.RENEWAL, "registration_cert_no"),
    (ApplicationKind.RENEWAL, "valid_until"),
    (ApplicationKind.RENEWAL, "ce_compulsory_hours"),
    (ApplicationKind.RENEWAL, "ce_elective_hours"),
    (ApplicationKind.AMEND_REISSUE, "registration_cert_no"),
    (ApplicationKind.AMEND_REISSUE, "amend_mode"),
    (ApplicationKind.CANCELLATION, "registration_cert_no"),
    (ApplicationKind.CANCELLATION, "reason"),
    (ApplicationKind.INITIAL, "person_name"),
    (ApplicationKind.CANCELLATION, "enterprise_name"),
]


@pytest.mark.parametrize(("kind", "field"), _REQUIRED_CASES)
def test_each_required_field_of_each_kind(kind: ApplicationKind, field: str) -> None:
    blank: Any = "" if isinstance(_value_of(kind, field), str) else None
    app = application(kind, **{field: blank})
    messages = [m for m in check(facts(app)) if m.code == "application.missing_field"]
    assert [(m.field, m.severity) for m in messages] == [(field, Severity.ERROR)]
    # The field by its label, not its code name (issue 17 item 6).
    assert field_label(field, "zh") in messages[0].zh
    assert field not in messages[0].zh
    assert field in messages[0].en
    assert kind.zh in messages[0].zh


def _value_of(kind: ApplicationKind, field: str) -> Any:
    return getattr(application(kind), field)


def test_whitespace_only_counts_as_missing() -> None:
    app = application(ApplicationKind.CANCELLATION, reason="  ")
    assert only(facts(app), "application.missing_field").field == "reason"


def test_renewal_hours_may_come_from_records_instead_of_the_application() -> None:
    app = application(ApplicationKind.RENEWAL, ce_compulsory_hours=None, ce_elective_hours=None)
    records = (ce(40, 40, dt.date(2023, 10, 1)),)
    assert check(facts(app, continuing_education=records)) == []


# --- person ------------------------------------------------------------------------


def test_invalid_id_number_is_an_error() -> None:
    app = application(person_id_number=PERSON_ID[:17] + "Y")
    message = only(facts(app), "id_number.invalid")
    assert message.field == "person_id_number"
    assert message.severity is Severity.ERROR


def test_person_not_on_file() -> None:
    message = only(facts(person=None), "application.person_missing")
    assert message.severity is Severity.ERROR
    assert PERSON_ID in message.zh
    assert "张三" in message.en


# --- age ---------------------------------------------------------------------------


def _aged(birth: dt.date, kind: ApplicationKind = ApplicationKind.INITIAL) -> ApplicationFacts:
    app = application(kind, person_id_number=make_id(birth))
    return facts(app, person=person(id_number=make_id(birth), birth_date=birth))


def test_seventy_on_the_check_day_is_a_warning() -> None:
    message = only(_aged(dt.date(1954, 6, 1)), "application.age")
    assert message.severity is Severity.WARNING
    assert not has_errors([message])
    assert "1954-06-01" in message.zh
    assert "70" in message.zh
    assert "体检证明" in message.zh
    assert "medical certificate" in message.en


def test_one_day_before_the_seventieth_birthday_is_no_warning() -> None:
    assert check(_aged(dt.date(1954, 6, 2))) == []


def test_age_limit_is_configuration() -> None:
    assert codes(_aged(BIRTH), RulesConfig(age_warning_years=44)) == ["application.age"]
    assert codes(_aged(BIRTH), RulesConfig(age_warning_years=45)) == []


def test_age_comes_from_the_person_record_when_the_id_number_is_invalid() -> None:
    app = application(person_id_number="14010519540601123Y")
    f = facts(app, person=person(birth_date=dt.date(1950, 1, 1)))
    assert codes(f) == ["id_number.invalid", "application.age"]


def test_cancellation_needs_no_medical_certificate() -> None:
    assert check(_aged(dt.date(1940, 1, 1), ApplicationKind.CANCELLATION)) == []


# --- enterprise ----------------------------------------------------------------------


def test_enterprise_not_on_file() -> None:
    message = only(facts(enterprise=None), "application.enterprise_missing")
    assert message.field == "enterprise_uscc"
    assert USCC_A in message.en


def test_enterprise_name_must_equal_the_registered_name() -> None:
    app = application(enterprise_name="太原市某建筑设计院")
    message = only(facts(app), "application.name_mismatch")
    assert message.severity is Severity.ERROR
    assert message.field == "enterprise_name"
    assert "太原市某建筑设计院" in message.zh
    assert NAME_A in message.zh
    assert "更改、补办" in message.zh
    assert "amend/reissue" in message.en


def test_surrounding_spaces_in_the_name_do_not_matter() -> None:
    assert check(facts(application(enterprise_name=f" {NAME_A} "))) == []


def test_uscc_check_mismatch_is_only_a_warning() -> None:
    bad = USCC_A[:17] + "4"
    message = only(facts(application(enterprise_uscc=bad)), "uscc.checksum")
    assert message.severity is Severity.WARNING
    assert message.field == "enterprise_uscc"


def test_malformed_uscc_is_an_error() -> None:
    message = only(facts(application(enterprise_uscc="9135")), "uscc.invalid")
    assert message.severity is Severity.ERROR


# --- one person, one unit ----------------------------------------------------------


@pytest.mark.parametrize(
    "stage",
    [Stage.REPORTED, Stage.RECEIVED, Stage.CITY_PASSED, Stage.FORWARDED, Stage.APPROVED],
)
def test_active_application_in_another_enterprise(stage: Stage) -> None:
    other = other_application(stage=stage.value)
    message = only(facts(other_applications=(other,)), "application.active_elsewhere")
    assert message.severity is Severity.ERROR
    assert other.number in message.zh
    assert NAME_B in message.en
    assert stage.zh in message.zh


@pytest.mark.parametrize(
    "changes",
    [
        {"stage": Stage.DRAFT.value},
        {"stage": Stage.CITY_FAILED.value},
        {"stage": Stage.REJECTED.value},
        {"stage": Stage.ISSUED.value},
        {"stage": "withdrawn"},
        {"specialty": Specialty.STRUCTURAL.value},
        # The same enterprise's active application is register.duplicate_application
        # (tests/test_register_checks.py); its draft does not occupy the person.
        {"enterprise_uscc": USCC_A, "enterprise_name": NAME_A, "stage": Stage.DRAFT.value},
        {"number": NUMBER},
    ],
)
def test_other_applications_that_do_not_occupy_the_person(changes: dict[str, Any]) -> None:
    assert check(facts(other_applications=(other_application(**changes),))) == []


def test_current_certificate_with_another_enterprise() -> None:
    cert = certificate(enterprise_uscc=USCC_B, certificate_number="C-777")
    message = only(facts(certificates=(cert,)), "application.registered_elsewhere")
    assert message.severity is Severity.ERROR
    assert "C-777" in message.zh
    assert USCC_B in message.en
    assert "变更注册" in message.zh


@pytest.mark.parametrize(
    "cert",
    [
        certificate(enterprise_uscc=USCC_B, current=False),
        certificate(enterprise_uscc=USCC_B, specialty=Specialty.STRUCTURAL.value),
        # With the applying enterprise: register.already_registered while it runs
        # (tests/test_register_checks.py), nothing once it has lapsed.
        certificate(enterprise_uscc=USCC_A, valid_until=TODAY - dt.timedelta(days=1)),
    ],
)
def test_certificates_that_do_not_occupy_the_person(cert: Certificate) -> None:
    assert check(facts(certificates=(cert,))) == []


def test_a_change_of_employer_expects_a_certificate_elsewhere_but_not_an_application() -> None:
    f = facts(application(ApplicationKind.CHANGE))
    assert f.certificates[0].enterprise_uscc == USCC_B
    assert check(f) == []
    busy = dataclasses.replace(f, other_applications=(other_application(),))
    assert codes(busy) == ["application.active_elsewhere"]


# --- initial registration --------------------------------------------------------------


def test_initial_needs_a_performance_record() -> None:
    message = only(facts(performance=()), "application.no_performance")
    assert message.severity is Severity.ERROR
    assert message.field == "performance"


def test_other_kinds_need_no_performance_record() -> None:
    assert check(facts(application(ApplicationKind.RENEWAL), performance=())) == []


def _qualified(day: dt.date, **changes: Any) -> ApplicationFacts:
    return facts(application(qualification_date=day), **changes)


def test_initial_within_three_years_of_qualifying_needs_no_proof() -> None:
    assert check(_qualified(dt.date(2021, 5, 20))) == []


def test_initial_more_than_three_years_after_qualifying_needs_ce_proof() -> None:
    message = only(_qualified(dt.date(2021, 5, 19)), "application.qualification_ce_required")
    assert message.field == "qualification_date"
    assert "2021-05-19" in message.zh
    assert "2024-05-20" in message.zh
    assert "40" in message.en


def test_ce_records_of_the_last_period_are_the_proof() -> None:
    recent = (ce(30, 20, dt.date(2023, 3, 1)), ce(10, 20, None))
    assert check(_qualified(dt.date(2019, 1, 1), continuing_education=recent)) == []


@pytest.mark.parametrize(
    "records",
    [
        (ce(40, 39, dt.date(2023, 3, 1)),),  # one hour short
        (ce(39, 40, dt.date(2023, 3, 1)),),
        (ce(40, 40, dt.date(2022, 5, 19)),),  # before the last two-year period
        (ce(40, 40, dt.date(2023, 3, 1), specialty=Specialty.STRUCTURAL.value),),
    ],
)
def test_insufficient_ce_proof(records: tuple[ContinuingEducation, ...]) -> None:
    f = _qualified(dt.date(2019, 1, 1), continuing_education=records)
    assert codes(f) == ["application.qualification_ce_required"]


def test_years_since_qualification_is_configuration() -> None:
    rules = RulesConfig(initial_max_years_since_qualification=5)
    assert check(_qualified(dt.date(2020, 1, 1)), rules) == []


def test_qualified_on_29_february() -> None:
    # Three years after 2020-02-29 is 2023-02-28.
    inside = facts(
        application(qualification_date=dt.date(2020, 2, 29), created_on=dt.date(2023, 2, 28))
    )
    later = facts(
        application(qualification_date=dt.date(2020, 2, 29), created_on=dt.date(2023, 3, 1))
    )
    assert check(inside) == []
    assert codes(later) == ["application.qualification_ce_required"]


# --- renewal -------------------------------------------------------------------------


def _renewal(valid_until: dt.date, **changes: Any) -> ApplicationFacts:
    app = application(ApplicationKind.RENEWAL, valid_until=valid_until, **changes)
    return facts(app)


def test_renewal_exactly_thirty_days_before_expiry_is_in_time() -> None:
    assert check(_renewal(CREATED + dt.timedelta(days=30))) == []


def test_renewal_twenty_nine_days_before_expiry_is_too_late() -> None:
    expiry = CREATED + dt.timedelta(days=29)
    message = only(_renewal(expiry), "application.renewal_too_late")
    assert message.field == "valid_until"
    assert expiry.isoformat() in message.zh
    assert "2024-05-19" in message.en  # the latest day it could have been filed
    assert "30" in message.zh


def test_renewal_after_expiry() -> None:
    message = only(_renewal(CREATED - dt.timedelta(days=1)), "application.renewal_expired")
    assert "2024-05-19" in message.zh
    assert "初始注册" in message.zh


def test_renewal_days_are_configuration() -> None:
    rules = RulesConfig(renewal_min_days_before_expiry=10)
    assert check(_renewal(CREATED + dt.timedelta(days=10)), rules) == []


@pytest.mark.parametrize(
    ("hours", "field"),
    [((39, 40), "ce_compulsory_hours"), ((40, 39), "ce_elective_hours")],
)
def test_renewal_declared_hours_below_the_requirement(hours: tuple[int, int], field: str) -> None:
    f = _renewal(dt.date(2024, 12, 31), ce_compulsory_hours=hours[0], ce_elective_hours=hours[1])
    message = only(f, "application.ce_hours")
    assert message.field == field
    assert "39" in message.zh
    assert "declared" in message.en


def test_structural_engineers_need_sixty_hours() -> None:
    app = application(ApplicationKind.RENEWAL, specialty=Specialty.STRUCTURAL.value)
    cert = certificate(specialty=Specialty.STRUCTURAL.value)
    messages = check(facts(app, certificates=(cert,)))
    assert [(m.code, m.field) for m in messages] == [
        ("application.ce_hours", "ce_compulsory_hours"),
        ("application.ce_hours", "ce_elective_hours"),
    ]
    assert "60" in messages[0].zh


@pytest.mark.parametrize(
    "records",
    [
        (ce(20, 40, dt.date(2023, 10, 1)),),
        (ce(40, 40, dt.date(2022, 12, 30)),),  # before the period ending 2024-12-31
    ],
)
def test_renewal_recorded_hours_below_the_requirement(
    records: tuple[ContinuingEducation, ...],
) -> None:
    app = application(ApplicationKind.RENEWAL, ce_compulsory_hours=None)
    message = only(facts(app, continuing_education=records), "application.ce_hours")
    assert message.field == "ce_compulsory_hours"
    assert "recorded" in message.en


def test_renewal_hours_from_several_records_add_up() -> None:
    app = application(ApplicationKind.RENEWAL, ce_compulsory_hours=None, ce_elective_hours=None)
    records = (ce(20, 10, dt.date(2023, 1, 1)), ce(20, 30, dt.date(2024, 1, 1)))
    assert check(facts(app, continuing_education=records)) == []


# --- change of employer ------------------------------------------------------------------


def test_change_keeps_the_original_validity() -> None:
    app = application(ApplicationKind.CHANGE, valid_until=dt.date(2026, 5, 20))
    message = only(facts(app), "application.change_validity")
    assert message.field == "valid_until"
    assert "2026-05-20" in message.zh
    assert "2025-12-31" in message.zh
    assert "C-001" in message.en


def test_change_validity_uses_the_named_certificate() -> None:
    app = application(ApplicationKind.CHANGE, registration_cert_no="C-002")
    certs = (
        certificate(enterprise_uscc=USCC_B, valid_until=dt.date(2024, 12, 31)),
        certificate(
            id="cert-2",
            certificate_number="C-002",
            enterprise_uscc=USCC_B,
            valid_until=dt.date(2025, 12, 31),
        ),
    )
    assert check(facts(app, certificates=certs)) == []


def test_change_without_a_current_certificate_has_nothing_to_compare() -> None:
    app = application(ApplicationKind.CHANGE)
    history = (certificate(enterprise_uscc=USCC_B, current=False),)
    assert check(facts(app, certificates=history)) == []
