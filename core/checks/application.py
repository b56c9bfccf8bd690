"""Computer checks (计算机核查) of one application against the loaded state.

The enterprise runs them before reporting and the city on receiving (DESIGN §3).
The caller loads an :class:`ApplicationFacts` (the application and the records it
refers to) and :func:`check_application` returns every finding as a
:class:`CheckMessage`; an ``error`` blocks reporting, a ``warning`` needs a human
look.  Each rule is a small function in :data:`RULES`; every message has a stable
code (``application.*``, or ``id_number.*`` / ``uscc.*`` from the code checks),
names the field concerned and says, in Chinese and English, the values involved and
what to do.  Periods and hours come from :class:`RulesConfig`, never from here.
The rules against the register (``register.*``) live in :mod:`.register` and run as
part of :data:`RULES`; :data:`RECHECK_RULES` is what the province runs again.
"""

from __future__ import annotations

import datetime as dt

from regsync.core.application_fields import COMMON_REQUIRED, KIND_REQUIRED
from regsync.core.checks.amend_reissue import check_amend_reissue
from regsync.core.checks.codes import uscc_messages
from regsync.core.checks.facts import (
    ApplicationFacts,
    Rule,
    kind_term,
    register_certificate,
    specialty_term,
    stage_term,
)
from regsync.core.checks.facts import add_years as _add_years
from regsync.core.checks.facts import ce_period_start as _ce_period_start
from regsync.core.checks.facts import ce_totals as _ce_totals
from regsync.core.checks.facts import current_certificates as _current_certificates
from regsync.core.checks.facts import error as _error
from regsync.core.checks.facts import full_years as _full_years
from regsync.core.checks.facts import is_active as _is_active
from regsync.core.checks.facts import is_blank as _is_blank
from regsync.core.checks.facts import kind_of as _kind
from regsync.core.checks.facts import specialty_of as _specialty
from regsync.core.checks.facts import warning as _warning
from regsync.core.checks.identity import id_number_messages, parse_id_number
from regsync.core.checks.messages import CheckMessage, Joined, Phrase
from regsync.core.checks.plausibility import PLAUSIBILITY_RULES
from regsync.core.checks.register import REGISTER_RULES
from regsync.core.config import RulesConfig
from regsync.core.errors import InvalidIdNumber
from regsync.core.model import ApplicationKind, Specialty

__all__ = [
    "RECHECK_RULES",
    "RULES",
    "ApplicationFacts",
    "Rule",
    "check_application",
    "recheck_register",
]


# --- rules -----------------------------------------------------------------------


def check_kind_and_specialty(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """The kind and specialty must be known values; other rules skip unknown ones."""
    app = facts.application
    messages: list[CheckMessage] = []
    if _kind(app) is None:
        kinds = Joined(tuple(kind_term(k) for k in ApplicationKind))
        messages.append(_error("application.kind_unknown", "kind", value=app.kind, known=kinds))
    if _specialty(app) is None:
        specialties = Joined(tuple(specialty_term(s) for s in Specialty))
        messages.append(
            _error(
                "application.specialty_unknown",
                "specialty",
                value=app.specialty,
                known=specialties,
            )
        )
    return messages


# Which fields each kind requires is one table with the dialogs and the form.
_COMMON_REQUIRED = COMMON_REQUIRED
_REQUIRED = KIND_REQUIRED
_CE_FIELDS = ("ce_compulsory_hours", "ce_elective_hours")


def check_required_fields(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """Each field the kind of application needs must be filled in (one error each).

    For a renewal the declared continuing-education hours may be left empty when the
    person has 继续教育 records of the specialty: the records then stand in for them
    (see :func:`check_renewal_ce_hours`).
    """
    app = facts.application
    kind = _kind(app)
    if kind is None:
        return []
    missing = [n for n in _COMMON_REQUIRED + _REQUIRED[kind] if _is_blank(getattr(app, n))]
    has_records = any(r.specialty == app.specialty for r in facts.continuing_education)
    if kind is ApplicationKind.RENEWAL and has_records:
        missing = [n for n in missing if n not in _CE_FIELDS]
    return [_error("application.missing_field", name, kind=kind_term(kind)) for name in missing]


def check_person(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """The 身份证号 must be valid (GB 11643) and the person must be on file."""
    app = facts.application
    messages = id_number_messages(app.person_id_number, today=facts.today, field="person_id_number")
    if facts.person is None:
        messages.append(
            _error(
                "application.person_missing",
                "person_id_number",
                id_number=app.person_id_number,
                name=app.person_name,
            )
        )
    return messages


# The medical certificate is asked for when a registration is granted or continued;
# correcting, reissuing or cancelling one does not need it.
_AGE_CHECKED_KINDS = frozenset(
    {ApplicationKind.INITIAL, ApplicationKind.CHANGE, ApplicationKind.RENEWAL}
)


def _birth_date(facts: ApplicationFacts) -> dt.date | None:
    # The 身份证号 is the person's key and the authoritative source of the birth date;
    # the person record's copy is the fallback when the number is not valid.
    try:
        return parse_id_number(facts.application.person_id_number, today=facts.today).birth_date
    except InvalidIdNumber:
        return facts.person.birth_date if facts.person is not None else None


def check_age(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """At ``rules.age_warning_years`` or older a medical certificate is needed (warning)."""
    app = facts.application
    birth = _birth_date(facts)
    if _kind(app) not in _AGE_CHECKED_KINDS or birth is None:
        return []
    age = _full_years(birth, facts.today)
    limit = rules.age_warning_years
    if age < limit:
        return []
    return [
        _warning(
            "application.age",
            "birth_date",
            name=app.person_name,
            birth=birth.isoformat(),
            today=facts.today.isoformat(),
            age=age,
            limit=limit,
        )
    ]


def check_enterprise(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """The enterprise must be registered under the USCC and named exactly as registered.

    The USCC's check characters are verified too (a mismatch is only a warning).
    """
    app = facts.application
    messages = uscc_messages(app.enterprise_uscc, field="enterprise_uscc")
    enterprise = facts.enterprise
    name = app.enterprise_name.strip()
    if enterprise is None:
        messages.append(
            _error(
                "application.enterprise_missing",
                "enterprise_uscc",
                uscc=app.enterprise_uscc,
                name=app.enterprise_name,
            )
        )
    elif name and name != enterprise.name.strip():
        messages.append(
            _error(
                "application.name_mismatch",
                "enterprise_name",
                name=app.enterprise_name,
                registered=enterprise.name,
            )
        )
    return messages


def check_one_unit(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """One person, one unit: no active application or registration elsewhere.

    An active application of the same specialty in another enterprise is an error.
    So is a current certificate of the specialty with another enterprise, except on
    a 变更注册: moving from that enterprise is exactly what a change does.
    """
    app = facts.application
    messages = [
        _error(
            "application.active_elsewhere",
            "enterprise_uscc",
            name=app.person_name,
            enterprise=other.enterprise_name,
            uscc=other.enterprise_uscc,
            number=other.number,
            stage=stage_term(other.stage),
        )
        for other in facts.other_applications
        if other.number != app.number
        and other.specialty == app.specialty
        and other.enterprise_uscc != app.enterprise_uscc
        and _is_active(other.stage)
    ]
    if _kind(app) is ApplicationKind.CHANGE:
        return messages
    messages.extend(
        _error(
            "application.registered_elsewhere",
            "enterprise_uscc",
            name=app.person_name,
            certificate=cert.certificate_number,
            uscc=cert.enterprise_uscc,
            valid_until=cert.valid_until.isoformat(),
        )
        for cert in _current_certificates(facts)
        if cert.enterprise_uscc != app.enterprise_uscc
    )
    return messages


def check_performance(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """An initial registration needs at least one performance record (工作业绩)."""
    if _kind(facts.application) is not ApplicationKind.INITIAL or facts.performance:
        return []
    return [_error("application.no_performance", "performance")]


def check_initial_qualification_age(
    facts: ApplicationFacts, rules: RulesConfig
) -> list[CheckMessage]:
    """Initial registration later than N years after qualifying needs CE proof.

    N is ``rules.initial_max_years_since_qualification``.  The proof is the person's
    继续教育 records of the specialty within one registration period before the
    application, reaching ``rules.ce_hours`` in both compulsory and elective hours.
    """
    app = facts.application
    specialty = _specialty(app)
    qualified = app.qualification_date
    if _kind(app) is not ApplicationKind.INITIAL or specialty is None or qualified is None:
        return []
    years = rules.initial_max_years_since_qualification
    if app.created_on <= _add_years(qualified, years):
        return []
    need_c, need_e = rules.ce_hours(specialty)
    since = _add_years(app.created_on, -rules.validity_years(specialty))
    have_c, have_e = _ce_totals(facts.continuing_education, specialty, since)
    if have_c >= need_c and have_e >= need_e:
        return []
    return [
        _error(
            "application.qualification_ce_required",
            "qualification_date",
            qualified=qualified.isoformat(),
            created=app.created_on.isoformat(),
            years=years,
            specialty=specialty_term(specialty),
            need_c=need_c,
            need_e=need_e,
            since=since.isoformat(),
            have_c=have_c,
            have_e=have_e,
        )
    ]


def check_renewal_timing(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """A renewal must be filed at least N days before the registration expires.

    N is ``rules.renewal_min_days_before_expiry``.  The expiry is the register's (the
    current certificate on file) where the node holds it, since a declared date may be
    wrong (:mod:`.register` reports that); the declared one otherwise.
    """
    app = facts.application
    on_file = register_certificate(facts)
    expiry = on_file.valid_until if on_file is not None else app.valid_until
    if _kind(app) is not ApplicationKind.RENEWAL or expiry is None:
        return []
    days = rules.renewal_min_days_before_expiry
    latest = expiry - dt.timedelta(days=days)
    if app.created_on <= latest:
        return []
    if app.created_on > expiry:
        return [
            _error(
                "application.renewal_expired",
                "valid_until",
                expiry=expiry.isoformat(),
                created=app.created_on.isoformat(),
            )
        ]
    return [
        _error(
            "application.renewal_too_late",
            "valid_until",
            days=days,
            expiry=expiry.isoformat(),
            latest=latest.isoformat(),
            created=app.created_on.isoformat(),
        )
    ]


def check_renewal_ce_hours(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """A renewal needs ``rules.ce_hours`` of continuing education in the period.

    The hours declared on the application count; where one is not declared, the
    records of the specialty completed in the current registration period stand in.
    """
    app = facts.application
    specialty = _specialty(app)
    if _kind(app) is not ApplicationKind.RENEWAL or specialty is None:
        return []
    recorded = _ce_totals(facts.continuing_education, specialty, _ce_period_start(app, rules))
    declared = (app.ce_compulsory_hours, app.ce_elective_hours)
    hours_kinds = (Phrase("check.piece.compulsory"), Phrase("check.piece.elective"))
    messages: list[CheckMessage] = []
    for field, need, own, from_records, hours_kind in zip(
        _CE_FIELDS, rules.ce_hours(specialty), declared, recorded, hours_kinds, strict=True
    ):
        have = own if own is not None else from_records
        if have >= need:
            continue
        source = "check.piece.declared" if own is not None else "check.piece.recorded"
        messages.append(
            _error(
                "application.ce_hours",
                field,
                hours_kind=hours_kind,
                specialty=specialty_term(specialty),
                need=need,
                source=Phrase(source),
                have=have,
            )
        )
    return messages


def check_change_validity(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """A change of employer keeps the original validity of the current certificate."""
    app = facts.application
    if _kind(app) is not ApplicationKind.CHANGE or app.valid_until is None:
        return []
    cert = register_certificate(facts)
    if cert is None or cert.valid_until == app.valid_until:
        return []
    return [
        _error(
            "application.change_validity",
            "valid_until",
            stated=app.valid_until.isoformat(),
            certificate=cert.certificate_number,
            valid_until=cert.valid_until.isoformat(),
        )
    ]


def check_report_date(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """A report dated after today was made on a computer whose date is wrong.

    The firm's computer dates the report (上报日期); the office checking it compares
    that date with its own today.  Everything else in the application may be dated
    wrongly as well, so a human looks (a warning, not an error).
    """
    reported = facts.application.reported_on
    if reported is None or reported <= facts.today:
        return []
    return [
        _warning(
            "application.reported_in_future",
            "reported_on",
            reported=reported.isoformat(),
            today=facts.today.isoformat(),
        )
    ]


def check_amend_reissue_structure(
    facts: ApplicationFacts, rules: RulesConfig
) -> list[CheckMessage]:
    """更改 (item, old → new) or 补办 (what, loss declaration): :mod:`.amend_reissue`."""
    return check_amend_reissue(facts.application)


RULES: tuple[Rule, ...] = (
    check_kind_and_specialty,
    check_required_fields,
    check_amend_reissue_structure,
    check_person,
    check_age,
    check_enterprise,
    check_one_unit,
    check_performance,
    check_initial_qualification_age,
    check_renewal_timing,
    check_renewal_ce_hours,
    check_change_validity,
    check_report_date,
    *PLAUSIBILITY_RULES,
    *REGISTER_RULES,
)
"""Every rule, in the order their messages are listed."""

RECHECK_RULES: tuple[Rule, ...] = (
    check_one_unit,
    check_renewal_timing,
    check_change_validity,
    *REGISTER_RULES,
)
"""The rules the province runs again before it approves and before it issues.

Those that compare the application with the register, which may have changed since
the city's review (another city's firm, a certificate issued meanwhile); the
application's own content was checked by the firm and the city and has not changed.
"""


def recheck_register(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """The messages of :data:`RECHECK_RULES` (the province's re-check) for one application."""
    return [m for rule in RECHECK_RULES for m in rule(facts, rules)]


def check_application(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """Run every rule on one application; an empty list means it may be reported."""
    messages: list[CheckMessage] = []
    for rule in RULES:
        messages.extend(rule(facts, rules))
    return messages
