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
    register_certificate,
    specialty_of,
    warning,
)
from regsync.core.checks.messages import CheckMessage, Severity
from regsync.core.config import RulesConfig
from regsync.core.model import ApplicationKind, Role, Specialty
from regsync.core.state import Stage

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
            f"{app.person_name} 已持有有效的{_spec_zh(app.specialty)}注册证书 "
            f"{cert.certificate_number}（聘用单位 {cert.enterprise_uscc}，有效期至 "
            f"{cert.valid_until.isoformat()}），不能再申请初始注册：到期前请办理延续注册，"
            "更换单位请办理变更注册，证书遗失或信息变化请办理更改、补办",
            f"{app.person_name} holds current registration certificate "
            f"{cert.certificate_number} of this specialty (employer {cert.enterprise_uscc}, "
            f"valid until {cert.valid_until.isoformat()}) and cannot apply for an initial "
            "registration: renew it before it expires, file a change application to move, "
            "or an amend/reissue application for a lost certificate or changed details",
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
            f"{app.person_name} 在本单位已有进行中的同专业申请 {other.number}"
            f"（{ApplicationKind(other.kind).zh}，{Stage(other.stage).zh}），不能同时再办理"
            f"{kind.zh}；请等该申请办结，或先撤回该申请",
            f"{app.person_name} already has active application {other.number} "
            f"({other.kind}, {other.stage}) of the same specialty with this enterprise, so "
            f"another {kind.value} application cannot run at the same time; wait until that "
            "one is closed, or withdraw it first",
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


def _spec_zh(specialty: str) -> str:
    try:
        return Specialty(specialty).zh
    except ValueError:
        return specialty


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
            make, then_zh = error, "不能办理"
            then_en = f"a {kind.value} application needs one"
        else:
            make, then_zh = warning, "省级审批时将据注册库核对后方可办理"
            then_en = f"the province checks its register before it approves a {kind.value}"
        cited = app.registration_cert_no or "-"
        return [
            make(
                "register.no_certificate",
                "registration_cert_no",
                f"本节点注册库中没有 {app.person_name} 当前有效的{_spec_zh(app.specialty)}"
                f"注册证书（申请填写 {cited}），{then_zh}{kind.zh}；请核对身份证号和注册专业，"
                "未在本系统登记的注册人员须先办理数据备案",
                f"the register on this node holds no current registration certificate of "
                f"this specialty for {app.person_name} (the application cites {cited}) and "
                f"{then_en}: check the ID number and specialty, and have a person registered "
                "before this system filed first (数据备案)",
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
                f"申请填写的注册证书号 {app.registration_cert_no} 与注册库中 {app.person_name} "
                f"当前有效的证书 {cert.certificate_number} 不一致；请改为 "
                f"{cert.certificate_number}",
                f"the application cites registration certificate {app.registration_cert_no}, "
                f"but {app.person_name}'s current certificate on file is "
                f"{cert.certificate_number}; change it to {cert.certificate_number}",
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
                f"申请填写的注册有效期至 {app.valid_until.isoformat()}，与注册库中证书 "
                f"{cert.certificate_number} 的有效期至 {cert.valid_until.isoformat()} "
                f"不一致；请改为 {cert.valid_until.isoformat()}",
                f"the application says the registration is valid until "
                f"{app.valid_until.isoformat()}, but certificate {cert.certificate_number} on "
                f"file is valid until {cert.valid_until.isoformat()}; change it to "
                f"{cert.valid_until.isoformat()}",
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
            f"{app.person_name} 的注册证书 {cert.certificate_number} 已注册在本单位"
            f"（{app.enterprise_uscc}），变更注册的新聘用单位不能是现聘用单位；"
            "单位名称等信息变化请办理更改、补办",
            f"{app.person_name}'s certificate {cert.certificate_number} is already "
            f"registered with this enterprise ({app.enterprise_uscc}): a change of employer "
            "needs another employer; for a changed name or other details file an "
            "amend/reissue application",
        )
    ]


_CE_FIELDS = (
    ("ce_compulsory_hours", "必修", "compulsory"),
    ("ce_elective_hours", "选修", "elective"),
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
    period_zh = f"{since.isoformat()} 以来" if since else ""
    period_en = f" since {since.isoformat()}" if since else ""
    return [
        make(
            "register.ce_above_records",
            field,
            f"申报的继续教育{zh}学时 {own} 多于{period_zh}备案记录合计 {have} 学时；"
            f"请按备案记录改为不超过 {have} 学时，或先补录继续教育备案",
            f"the declared {en} continuing-education hours ({own}) exceed the filed "
            f"records{period_en}, which total {have}; declare at most {have}, or have the "
            "missing records filed first",
        )
        for (field, zh, en), own, have in zip(_CE_FIELDS, declared, filed, strict=True)
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
