"""Checks of an application against the register (注册库) the node holds (issue 16).

The register is the person's certificates (current and history) and applications,
as far as this node sees them: the province sees every firm, a city its firms, a
firm its own staff.  A rule fires on what is visible; where the *absence* of a record
decides (a person who holds no certificate), it is an error only on a node that would
hold the record, a warning or nothing elsewhere, so a firm is not refused for a
certificate it cannot see.  The province, the register of record, re-checks before it
approves and issues (:mod:`regsync.core.usecases.recheck`).

"One person, one unit" across enterprises and the renewal window stay in
:mod:`.application` (``check_one_unit``, ``check_renewal_timing``); these rules add
what those do not say.  Every message has a stable ``register.*`` code.
"""

from __future__ import annotations

from regsync.core.checks.facts import (
    OFFICES,
    ApplicationFacts,
    Rule,
    ce_period_start,
    ce_records,
    ce_totals,
    current_certificates,
    error,
    is_active,
    is_blank,
    kind_of,
    kind_term,
    register_certificate,
    specialty_of,
    specialty_term,
    stage_term,
    warning,
)
from regsync.core.checks.messages import CheckMessage, Phrase, Severity, Term
from regsync.core.config import RulesConfig
from regsync.core.model import ApplicationKind, Role

# Applications of one family each end in one registration act: two active at once would
# issue (or cancel) twice.  初始、变更、延续 each issue a certificate, so they are one
# family; 更改补办 and 资格注销 are each their own.
_FAMILY: dict[ApplicationKind, str] = {
    ApplicationKind.INITIAL: "registration",
    ApplicationKind.CHANGE: "registration",
    ApplicationKind.RENEWAL: "registration",
    ApplicationKind.AMEND_REISSUE: "amend_reissue",
    ApplicationKind.CANCELLATION: "cancellation",
}
# The kinds that act on a registration the person holds (they cite its number).
_ON_A_REGISTRATION = frozenset(
    {
        ApplicationKind.CHANGE,
        ApplicationKind.RENEWAL,
        ApplicationKind.AMEND_REISSUE,
        ApplicationKind.CANCELLATION,
    }
)


def check_initial_registered(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """初始注册 of a person who holds a current, unexpired registration of the specialty.

    A certificate with another enterprise is ``application.registered_elsewhere``
    (check_one_unit); this is the one with the applying enterprise itself.  One past
    its end date no longer stands in the way: a lapsed registration starts again with
    an initial registration.
    """
    app = facts.application
    kind = kind_of(app)
    if kind is not ApplicationKind.INITIAL:
        return []
    return [
        error(
            "register.already_registered",
            "kind",
            name=app.person_name,
            specialty=specialty_term(app.specialty),
            certificate=cert.certificate_number,
            uscc=cert.enterprise_uscc,
            valid_until=cert.valid_until.isoformat(),
        )
        for cert in current_certificates(facts)
        if cert.enterprise_uscc == app.enterprise_uscc and cert.valid_until >= facts.today
    ]


def check_duplicate_application(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """A second active application of the same person, specialty and kind family here.

    An active application in another enterprise is ``application.active_elsewhere``
    (check_one_unit), whatever its kind; this covers the same enterprise.
    """
    app = facts.application
    kind = kind_of(app)
    if kind is None:
        return []
    return [
        error(
            "register.duplicate_application",
            "kind",
            name=app.person_name,
            number=other.number,
            other_kind=kind_term(other.kind),
            stage=stage_term(other.stage),
            kind=kind_term(kind),
        )
        for other in facts.other_applications
        if other.number != app.number
        and other.specialty == app.specialty
        and other.enterprise_uscc == app.enterprise_uscc
        and is_active(other.stage)
        and _family(other.kind) == _FAMILY[kind]
    ]


def _family(kind: str) -> str | None:
    try:
        return _FAMILY[ApplicationKind(kind)]
    except ValueError:
        return None


def _holds_the_register(facts: ApplicationFacts, kind: ApplicationKind) -> Severity | None:
    """How sure this node is that a certificate it does not see does not exist.

    The province is the register of record (every firm's certificates; the persons
    registered before go-live, filed by their city or the province, 数据备案): an
    error.  Elsewhere it depends on what the node holds of the person's registration
    in the specialty:

    - 延续/更改补办/注销 are filed by the employer the certificate is with, so a firm
      and its city that hold the registration's history (a certificate replaced,
      cancelled or of a person who left) know there is no current one: an error.
      Where they hold nothing at all, the person may be registered from before
      go-live and not filed yet: a warning (the province decides on its register).
    - A 变更注册's certificate is with the firm being left, which the applying firm
      never sees and its city only within the city: a warning at the city, nothing
      at the firm.
    - The personal edition holds no register.
    """
    if facts.role is Role.PROVINCE:
        return Severity.ERROR
    if facts.role is Role.PERSONAL:
        return None
    if kind is ApplicationKind.CHANGE:
        return Severity.WARNING if facts.role is Role.CITY else None
    specialty = facts.application.specialty
    if any(c.specialty == specialty for c in facts.certificates):
        return Severity.ERROR
    return Severity.WARNING


def check_certificate_on_file(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """变更/延续/更改补办/资格注销 must cite the person's current certificate as on file.

    The number must be the current certificate's and a stated ``valid_until`` its end
    date (for a change ``application.change_validity`` says that); a person who holds
    no current certificate of the specialty has nothing to change, renew, amend or
    cancel.
    """
    app = facts.application
    kind = kind_of(app)
    if kind not in _ON_A_REGISTRATION or specialty_of(app) is None:
        return []
    cert = register_certificate(facts)
    if cert is None:
        severity = _holds_the_register(facts, kind)
        if severity is None:
            return []
        if severity is Severity.ERROR:
            make, then = error, "check.piece.no_certificate_refused"
        else:
            make, then = warning, "check.piece.no_certificate_province"
        cited: object = app.registration_cert_no or Phrase("check.piece.none_cited")
        return [
            make(
                "register.no_certificate",
                "registration_cert_no",
                name=app.person_name,
                specialty=specialty_term(app.specialty),
                cited=cited,
                then=Phrase.of(then, kind=kind_term(kind)),
            )
        ]
    messages: list[CheckMessage] = []
    if not is_blank(app.registration_cert_no) and app.registration_cert_no != (
        cert.certificate_number
    ):
        messages.append(
            error(
                "register.certificate_mismatch",
                "registration_cert_no",
                cited=app.registration_cert_no,
                name=app.person_name,
                certificate=cert.certificate_number,
            )
        )
    if (
        kind is not ApplicationKind.CHANGE
        and app.valid_until is not None
        and app.valid_until != cert.valid_until
    ):
        messages.append(
            error(
                "register.validity_mismatch",
                "valid_until",
                stated=app.valid_until.isoformat(),
                certificate=cert.certificate_number,
                valid_until=cert.valid_until.isoformat(),
            )
        )
    return messages


def check_change_employer(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """A 变更注册 must move to another employer than the current certificate's."""
    app = facts.application
    cert = register_certificate(facts)
    if kind_of(app) is not ApplicationKind.CHANGE or cert is None:
        return []
    if cert.enterprise_uscc != app.enterprise_uscc:
        return []
    return [
        error(
            "register.change_same_employer",
            "enterprise_uscc",
            name=app.person_name,
            certificate=cert.certificate_number,
            uscc=app.enterprise_uscc,
        )
    ]


_CE_FIELDS = (
    ("ce_compulsory_hours", "check.piece.compulsory"),
    ("ce_elective_hours", "check.piece.elective"),
)


def check_ce_against_records(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """Declared 继续教育 hours above the filed records: a warning at the firm, an error
    at the city's review and the province.

    Only where the node holds filings of the specialty in the registration period
    (the same period ``check_renewal_ce_hours`` counts): without any, the records
    have not reached this node and say nothing.  The firm may hold fewer filings
    than its city, so it is warned; the office that files them decides.
    """
    app = facts.application
    specialty = specialty_of(app)
    if specialty is None:
        return []
    since = ce_period_start(app, rules)
    if not ce_records(facts.continuing_education, specialty, since):
        return []
    filed = ce_totals(facts.continuing_education, specialty, since)
    declared = (app.ce_compulsory_hours, app.ce_elective_hours)
    make = error if facts.role in OFFICES else warning
    period: Phrase | Term = (
        Phrase.of("check.piece.since", day=since.isoformat()) if since else Term("", "")
    )
    return [
        make(
            "register.ce_above_records",
            field,
            hours_kind=Phrase(hours_kind),
            own=own,
            period=period,
            have=have,
        )
        for (field, hours_kind), own, have in zip(_CE_FIELDS, declared, filed, strict=True)
        if own is not None and own > have
    ]


REGISTER_RULES: tuple[Rule, ...] = (
    check_initial_registered,
    check_duplicate_application,
    check_certificate_on_file,
    check_change_employer,
    check_ce_against_records,
)
"""The register rules, in the order their messages are listed."""
