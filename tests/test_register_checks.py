"""The register as the check's source of truth (issue 16, items 1 and 5).

First each register rule (core/checks/register.py, and the renewal window taken from
the certificate on file) with a valid and an invalid case on pure facts; then the
facts a node loads (its role, its register) and the province's re-check over the use
cases; last the issue's reproduction end to end, on both backends: a second 初始注册
for a person who holds a current certificate is refused by the firm's check, the
city's check, and the province's approve and issue.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from regsync.app.bootstrap import open_node
from regsync.core.checks.application import (
    ApplicationFacts,
    check_application,
    recheck_register,
)
from regsync.core.checks.identity import id_number_check_digit
from regsync.core.checks.messages import CheckMessage, Severity
from regsync.core.config import RulesConfig
from regsync.core.errors import ReportRefused
from regsync.core.model import (
    Application,
    ApplicationKind,
    Certificate,
    ContinuingEducation,
    Enterprise,
    PerformanceRecord,
    Person,
    Role,
)
from regsync.core.state import Stage
from regsync.core.usecases.applications import get_application
from tests.city_helpers import Offices, carry, dump, issued, new_application, offices, report
from tests.conftest import Cli
from tests.offices import PERSON

TODAY = dt.date(2024, 6, 1)
CREATED = dt.date(2024, 5, 20)
RULES = RulesConfig()
USCC_A = "91350100M000100Y43"
NAME_A = "太原市某建筑设计有限公司"
USCC_B = "914403001922038216"
NAME_B = "大同市某工程设计院"
NUMBER = "14010020241000100012"
OTHER_NUMBER = "14010020241000100023"
_FIRST17 = "14010519800517123"
PERSON_ID = _FIRST17 + id_number_check_digit(_FIRST17)
EXPIRY = dt.date(2024, 12, 31)

_KIND_FIELDS: dict[ApplicationKind, dict[str, Any]] = {
    ApplicationKind.INITIAL: {
        "qualification_cert_no": "JZ2022-0001",
        "qualification_date": dt.date(2022, 9, 1),
    },
    ApplicationKind.CHANGE: {
        "registration_cert_no": "C-001",
        "previous_employer": NAME_B,
        "valid_until": EXPIRY,
    },
    ApplicationKind.RENEWAL: {
        "registration_cert_no": "C-001",
        "valid_until": EXPIRY,
        "ce_compulsory_hours": 40,
        "ce_elective_hours": 40,
    },
    ApplicationKind.AMEND_REISSUE: {
        "registration_cert_no": "C-001",
        "reason": "证书遗失补办",
        "amend_mode": "reissue",
        "reissue_items": "certificate",
        "loss_newspaper": "山西日报",
        "loss_declared_on": TODAY - dt.timedelta(days=60),  # before the application
    },
    ApplicationKind.CANCELLATION: {"registration_cert_no": "C-001", "reason": "本人申请注销"},
}


def app(kind: ApplicationKind = ApplicationKind.INITIAL, **changes: Any) -> Application:
    fields: dict[str, Any] = {
        "number": NUMBER,
        "kind": kind.value,
        "specialty": "architect",
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


def cert(**changes: Any) -> Certificate:
    base = Certificate(
        id="cert-1",
        certificate_number="C-001",
        person_id_number=PERSON_ID,
        specialty="architect",
        enterprise_uscc=USCC_A,
        issued_on=dt.date(2022, 12, 31),
        valid_until=EXPIRY,
    )
    return dataclasses.replace(base, **changes)


def ce(compulsory: int, elective: int, completed_on: dt.date) -> ContinuingEducation:
    return ContinuingEducation(
        id=f"ce-{compulsory}-{elective}-{completed_on}",
        person_id_number=PERSON_ID,
        specialty="architect",
        period="2023-2024",
        compulsory_hours=compulsory,
        elective_hours=elective,
        completed_on=completed_on,
    )


def facts(application: Application, **changes: Any) -> ApplicationFacts:
    """Facts under which ``application`` is valid unless ``changes`` break one fact."""
    kind = ApplicationKind(application.kind)
    certificates: tuple[Certificate, ...] = ()
    if kind is ApplicationKind.CHANGE:
        certificates = (cert(enterprise_uscc=USCC_B),)  # with the unit being left
    elif kind is not ApplicationKind.INITIAL:
        certificates = (cert(),)
    base = ApplicationFacts(
        application=application,
        person=Person(
            id_number=PERSON_ID,
            name="张三",
            gender="male",
            birth_date=dt.date(1980, 5, 17),
            employer_uscc=USCC_A,
        ),
        enterprise=Enterprise(uscc=application.enterprise_uscc, name=NAME_A, city_code="140100"),
        performance=(
            PerformanceRecord(
                id="p1", application_number=NUMBER, project_name="某住宅小区", role="专业负责人"
            ),
        )
        if kind is ApplicationKind.INITIAL
        else (),
        other_applications=(),
        certificates=certificates,
        continuing_education=(),
        today=TODAY,
    )
    return dataclasses.replace(base, **changes)


def messages(f: ApplicationFacts, rules: RulesConfig = RULES) -> list[CheckMessage]:
    return check_application(f, rules)


def codes(f: ApplicationFacts, rules: RulesConfig = RULES) -> list[str]:
    return [m.code for m in messages(f, rules)]


def only(f: ApplicationFacts, code: str) -> CheckMessage:
    found = messages(f)
    assert [m.code for m in found] == [code], found
    return found[0]


@pytest.mark.parametrize("kind", list(ApplicationKind))
@pytest.mark.parametrize("role", list(Role))
def test_the_valid_baseline_has_no_message(kind: ApplicationKind, role: Role) -> None:
    assert messages(facts(app(kind), role=role)) == []


# --- 初始注册 of a registered person ---------------------------------------------------


def test_initial_while_holding_a_current_certificate_is_an_error() -> None:
    message = only(facts(app(), certificates=(cert(),)), "register.already_registered")
    assert message.severity is Severity.ERROR
    assert "C-001" in message.zh
    assert "2024-12-31" in message.zh
    assert "延续注册" in message.zh
    assert "renew" in message.en


@pytest.mark.parametrize(
    "held",
    [
        cert(valid_until=TODAY - dt.timedelta(days=1)),  # lapsed: start again
        cert(current=False),  # history
        cert(specialty="structural"),  # the other specialty
    ],
)
def test_certificates_that_allow_an_initial_registration(held: Certificate) -> None:
    assert messages(facts(app(), certificates=(held,))) == []


def test_the_last_day_of_validity_still_counts() -> None:
    held = cert(valid_until=TODAY)
    assert codes(facts(app(), certificates=(held,))) == ["register.already_registered"]


def test_a_certificate_elsewhere_is_said_once_by_one_person_one_unit() -> None:
    held = cert(enterprise_uscc=USCC_B)
    assert codes(facts(app(), certificates=(held,))) == ["application.registered_elsewhere"]


# --- a second active application ---------------------------------------------------------


def _other(kind: ApplicationKind, stage: Stage, **changes: Any) -> Application:
    return app(kind, number=OTHER_NUMBER, stage=stage.value, **changes)


@pytest.mark.parametrize(
    ("mine", "theirs"),
    [
        (ApplicationKind.INITIAL, ApplicationKind.INITIAL),
        (ApplicationKind.RENEWAL, ApplicationKind.CHANGE),  # one family: each issues
        (ApplicationKind.CANCELLATION, ApplicationKind.CANCELLATION),
    ],
)
def test_second_active_application_of_one_family_in_this_firm(
    mine: ApplicationKind, theirs: ApplicationKind
) -> None:
    other = _other(theirs, Stage.FORWARDED)
    message = only(facts(app(mine), other_applications=(other,)), "register.duplicate_application")
    assert message.field == "kind"
    assert OTHER_NUMBER in message.zh
    assert Stage.FORWARDED.zh in message.zh
    assert OTHER_NUMBER in message.en


@pytest.mark.parametrize(
    "other",
    [
        _other(ApplicationKind.INITIAL, Stage.DRAFT),
        _other(ApplicationKind.INITIAL, Stage.ISSUED),
        _other(ApplicationKind.INITIAL, Stage.REJECTED),
        _other(ApplicationKind.INITIAL, Stage.CITY_FAILED),
        _other(ApplicationKind.AMEND_REISSUE, Stage.REPORTED),  # another family
        _other(ApplicationKind.INITIAL, Stage.REPORTED, specialty="structural"),
    ],
)
def test_applications_that_do_not_duplicate(other: Application) -> None:
    assert messages(facts(app(), other_applications=(other,))) == []


def test_an_active_application_elsewhere_is_said_once() -> None:
    other = _other(ApplicationKind.INITIAL, Stage.REPORTED, enterprise_uscc=USCC_B)
    assert codes(facts(app(), other_applications=(other,))) == ["application.active_elsewhere"]


# --- the certificate on file ---------------------------------------------------------------


def test_a_renewal_citing_a_bogus_certificate() -> None:
    f = facts(app(ApplicationKind.RENEWAL, registration_cert_no="BOGUS-1"))
    message = only(f, "register.certificate_mismatch")
    assert message.field == "registration_cert_no"
    assert "BOGUS-1" in message.zh
    assert "C-001" in message.zh
    assert "change it to C-001" in message.en


def test_citing_a_certificate_of_the_history() -> None:
    held = (cert(id="old", certificate_number="C-000", current=False), cert())
    f = facts(app(ApplicationKind.AMEND_REISSUE, registration_cert_no="C-000"), certificates=held)
    assert codes(f) == ["register.certificate_mismatch"]


def test_a_stated_end_date_that_differs_from_the_register() -> None:
    f = facts(app(ApplicationKind.CANCELLATION, valid_until=dt.date(2025, 6, 30)))
    message = only(f, "register.validity_mismatch")
    assert message.field == "valid_until"
    assert "2025-06-30" in message.zh
    assert "2024-12-31" in message.en


def test_a_change_with_another_end_date_is_said_once_by_change_validity() -> None:
    f = facts(app(ApplicationKind.CHANGE, valid_until=dt.date(2025, 6, 30)))
    assert codes(f) == ["application.change_validity"]


@pytest.mark.parametrize(
    "kind",
    [ApplicationKind.RENEWAL, ApplicationKind.AMEND_REISSUE, ApplicationKind.CANCELLATION],
)
@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.CITY, Role.PROVINCE])
def test_a_person_without_a_current_certificate(kind: ApplicationKind, role: Role) -> None:
    f = facts(app(kind), certificates=(cert(current=False),), role=role)
    message = only(f, "register.no_certificate")
    assert message.severity is Severity.ERROR
    assert "C-001" in message.zh
    assert "数据备案" in message.zh


@pytest.mark.parametrize(
    ("role", "severity"),
    [
        (Role.ENTERPRISE, Severity.WARNING),
        (Role.CITY, Severity.WARNING),
        (Role.PROVINCE, Severity.ERROR),
    ],
)
def test_a_person_the_register_does_not_know(role: Role, severity: Severity) -> None:
    # Nothing of the registration on the node: perhaps registered before go-live and
    # not filed yet; the province, the register of record, decides.
    f = facts(app(ApplicationKind.CANCELLATION), certificates=(), role=role)
    message = only(f, "register.no_certificate")
    assert message.severity is severity
    assert "C-001" in message.en


def test_the_personal_edition_holds_no_register() -> None:
    f = facts(app(ApplicationKind.RENEWAL), certificates=(), role=Role.PERSONAL)
    assert messages(f) == []


@pytest.mark.parametrize(
    ("role", "severity"),
    [(Role.ENTERPRISE, None), (Role.CITY, Severity.WARNING), (Role.PROVINCE, Severity.ERROR)],
)
def test_a_change_without_a_certificate_on_file(role: Role, severity: Severity | None) -> None:
    # The certificate of a change is with the firm being left: the applying firm never
    # sees it, its city only within the city, the province always.
    found = messages(facts(app(ApplicationKind.CHANGE), certificates=(), role=role))
    assert [(m.code, m.severity) for m in found] == (
        [("register.no_certificate", severity)] if severity else []
    )


# --- the renewal window and the change of employer ------------------------------------------


def test_the_renewal_window_counts_from_the_register_not_the_declared_date() -> None:
    expiry = CREATED + dt.timedelta(days=29)
    declared_later = app(ApplicationKind.RENEWAL, valid_until=dt.date(2025, 12, 31))
    f = facts(declared_later, certificates=(cert(valid_until=expiry),))
    assert codes(f) == ["application.renewal_too_late", "register.validity_mismatch"]


def test_a_renewal_in_the_window_of_the_register() -> None:
    expiry = CREATED + dt.timedelta(days=30)
    renewal = app(ApplicationKind.RENEWAL, valid_until=expiry)
    f = facts(renewal, certificates=(cert(valid_until=expiry),))
    assert messages(f) == []


def test_the_renewal_window_is_configuration() -> None:
    expiry = CREATED + dt.timedelta(days=20)
    renewal = app(ApplicationKind.RENEWAL, valid_until=expiry)
    f = facts(renewal, certificates=(cert(valid_until=expiry),))
    assert codes(f) == ["application.renewal_too_late"]
    assert codes(f, RulesConfig(renewal_min_days_before_expiry=20)) == []


def test_a_change_to_the_current_employer() -> None:
    f = facts(app(ApplicationKind.CHANGE), certificates=(cert(enterprise_uscc=USCC_A),))
    message = only(f, "register.change_same_employer")
    assert message.field == "enterprise_uscc"
    assert USCC_A in message.zh
    assert "更改、补办" in message.zh


# --- continuing education against the filed records (item 5) -------------------------------

_FILED = (ce(20, 30, dt.date(2023, 10, 1)),)


@pytest.mark.parametrize(
    ("role", "severity"),
    [
        (Role.ENTERPRISE, Severity.WARNING),
        (Role.CITY, Severity.ERROR),
        (Role.PROVINCE, Severity.ERROR),
    ],
)
def test_declared_hours_above_the_filed_records(role: Role, severity: Severity) -> None:
    f = facts(app(ApplicationKind.RENEWAL), continuing_education=_FILED, role=role)
    found = messages(f)
    assert [(m.code, m.field, m.severity) for m in found] == [
        ("register.ce_above_records", "ce_compulsory_hours", severity),
        ("register.ce_above_records", "ce_elective_hours", severity),
    ]
    assert "40" in found[0].zh
    assert "20" in found[0].zh
    assert "(40)" in found[1].en
    assert "total 30" in found[1].en


@pytest.mark.parametrize(
    "records",
    [
        (ce(40, 40, dt.date(2023, 10, 1)),),
        (ce(30, 10, dt.date(2023, 1, 1)), ce(10, 35, dt.date(2024, 3, 1))),
        (ce(10, 10, dt.date(2022, 12, 30)),),  # no filing of this period on the node
    ],
)
def test_declared_hours_the_records_cover(records: tuple[ContinuingEducation, ...]) -> None:
    f = facts(app(ApplicationKind.RENEWAL), continuing_education=records, role=Role.CITY)
    assert messages(f) == []


# --- the province's re-check ------------------------------------------------------------------


def test_the_recheck_sees_a_certificate_wherever_it_is() -> None:
    here = facts(app(), certificates=(cert(),), role=Role.PROVINCE)
    elsewhere = facts(app(), certificates=(cert(enterprise_uscc=USCC_B),), role=Role.PROVINCE)
    assert [m.code for m in recheck_register(here, RULES)] == ["register.already_registered"]
    assert [m.code for m in recheck_register(elsewhere, RULES)] == [
        "application.registered_elsewhere"
    ]
    assert recheck_register(facts(app(), role=Role.PROVINCE), RULES) == []


# --- end to end, on both backends -------------------------------------------------------------

OTHER_PERSON = "140105198506150319"  # 太原 小店区, born 1985-06-15 (tests/test_usecases.py)


def _read(o: Offices, number: str) -> Application:
    with open_node(Path(o.firm.home), o.cli.env) as s, s.unit_of_work() as uow:
        return get_application(uow, number)


def _arrives_at_province(o: Offices, application: Application, stage: Stage) -> None:
    """An application as it would reach the province from a city that passed it before it
    knew the certificate (another city's firm, a city not yet synced): written there."""
    with open_node(Path(o.province.home), o.cli.env) as s, s.unit_of_work() as uow:
        uow.put(application.replace(stage=stage.value))
        uow.commit()


def _codes(cli: Cli, office_home: str, number: str) -> list[tuple[str, str]]:
    result = cli("--json", "check", number, "--home", office_home)
    found = json.loads(result.out)["messages"]
    return [(m["code"], m["severity"]) for m in found]


def test_a_second_initial_registration_is_refused_everywhere(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    o = offices(cli, tmp_path, province_db=db_url)
    cert_no = issued(o)
    carry(o, o.province, o.city)
    carry(o, o.city, o.firm)

    # The firm's check: the person holds the certificate just issued.
    second = new_application(o)
    with pytest.raises(ReportRefused) as refused:
        report(o, second)
    assert cert_no in refused.value.message("zh")
    assert ("register.already_registered", "error") in _codes(cli, o.firm.home, second)

    # The city's check of the same application (the draft travels with the firm's data).
    carry(o, o.firm, o.city)
    assert ("register.already_registered", "error") in _codes(cli, o.city.home, second)

    # The province: a good application of another person is forwarded the normal way.
    good = new_application(o, OTHER_PERSON, "王五")
    report(o, good)
    carry(o, o.firm, o.city)
    o.city("receive", "accept", good)
    o.city("review", "pass", good, "--reviewer", "王五")
    o.city("forward", "send", good, "-o", str(o.files / "fwd-good.bpz"))
    o.province("bundle", "import", str(o.files / "fwd-good.bpz"))
    _arrives_at_province(o, _read(o, second), Stage.FORWARDED)

    before = dump(o.province)
    approve_all = cli("decision", "approve", "--all", "--by", "省厅", "--home", o.province.home)
    assert approve_all.code == 1
    assert second in approve_all.err
    assert "register.already_registered" in approve_all.err
    assert good not in approve_all.err  # the refusal names the bad one only
    assert "regsync decision reject" in approve_all.err
    assert dump(o.province) == before  # the whole batch: nothing written
    o.province("decision", "approve", good, "--by", "省厅")
    o.province("decision", "reject", second, "--by", "省厅", "--opinion", "已持有效证书")

    # Issuing: an approved duplicate (approved before the certificate was known) is refused
    # with the good one in the same batch; the good one then issues on its own.
    third = new_application(o)
    _arrives_at_province(o, _read(o, third), Stage.APPROVED)
    before = dump(o.province)
    issue_all = cli("--lang", "en", "issue", "--all", "--home", o.province.home)
    assert issue_all.code == 1
    assert third in issue_all.err
    assert "register.already_registered" in issue_all.err
    assert "nothing in this batch was changed" in issue_all.err
    assert dump(o.province) == before
    assert len(o.province.json("issue", good)) == 1
    certificates = o.province.json("certificate", "show", PERSON)
    assert isinstance(certificates, dict)
    assert [c["certificate_number"] for c in certificates["certificates"] if c["current"]] == [
        cert_no
    ]


def test_hours_above_the_filing_warn_the_firm_and_stop_the_city(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    o = offices(cli, tmp_path, city_db=db_url)
    cert_no = issued(o)
    carry(o, o.province, o.city)
    o.city("filing", "ce-add", "--person", PERSON, "--specialty", "architect",
           "--period", "2026-2028", "--compulsory", "20", "--elective", "40",
           "--completed", "2026-11-27")  # fmt: skip
    carry(o, o.city, o.firm)
    shown = o.city.json("certificate", "show", PERSON)
    assert isinstance(shown, dict)
    valid_until = shown["certificates"][0]["valid_until"]
    renewal = o.firm("apply", "new", "--kind", "renewal", "--specialty", "architect",
                     "--person", PERSON, "--set", f"registration_cert_no={cert_no}",
                     "--set", f"valid_until={valid_until}", "--set", "ce_compulsory_hours=40",
                     "--set", "ce_elective_hours=40")  # fmt: skip
    at_firm = _codes(cli, o.firm.home, renewal)
    carry(o, o.firm, o.city)
    at_city = _codes(cli, o.city.home, renewal)
    assert ("register.ce_above_records", "error") in at_city
    assert ("register.ce_above_records", "warning") not in at_city
    # The firm warns where it holds the filing; the city, which files them, refuses.
    assert at_firm in ([], [("register.ce_above_records", "warning")])
    en = cli("--json", "--lang", "en", "check", renewal, "--home", o.city.home)
    text = " ".join(m["en"] for m in json.loads(en.out)["messages"])
    assert "(40)" in text
    assert "total 20" in text
    # Declaring what was filed passes the city's check.
    o.firm("apply", "edit", renewal, "--set", "ce_compulsory_hours=20")
    carry(o, o.firm, o.city)
    assert not [c for c in _codes(cli, o.city.home, renewal) if c[0] == "register.ce_above_records"]
