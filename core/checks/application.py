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

from regsync.core.application_fields import COMMON_REQUIRED, FIELD_LABELS, KIND_REQUIRED
from regsync.core.checks.amend_reissue import check_amend_reissue
from regsync.core.checks.codes import uscc_messages
from regsync.core.checks.facts import (
    ApplicationFacts,
    Rule,
    register_certificate,
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
from regsync.core.checks.messages import CheckMessage
from regsync.core.checks.plausibility import PLAUSIBILITY_RULES
from regsync.core.checks.register import REGISTER_RULES
from regsync.core.config import RulesConfig
from regsync.core.errors import InvalidIdNumber
from regsync.core.model import ApplicationKind, Specialty
from regsync.core.state import Stage

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
        known = ", ".join(f"{k.value} {k.zh}" for k in ApplicationKind)
        messages.append(
            _error(
                "application.kind_unknown",
                "kind",
                f"申请类别“{app.kind}”无效；可用：{known}",
                f"application kind '{app.kind}' is unknown; use one of: {known}",
            )
        )
    if _specialty(app) is None:
        known = ", ".join(f"{s.value} {s.zh}" for s in Specialty)
        messages.append(
            _error(
                "application.specialty_unknown",
                "specialty",
                f"注册专业“{app.specialty}”无效；可用：{known}",
                f"specialty '{app.specialty}' is unknown; use one of: {known}",
            )
        )
    return messages


# Which fields each kind requires is one table with the dialogs and the form.
_FIELD_NAMES = FIELD_LABELS
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
    return [
        _error(
            "application.missing_field",
            name,
            f"{kind.zh}申请缺少必填项：{_FIELD_NAMES[name][0]}（{name}）；请补填后再上报",
            f"a {kind.value} application needs {_FIELD_NAMES[name][1]} ({name}); "
            "fill it in before reporting",
        )
        for name in missing
    ]


def check_person(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """The 身份证号 must be valid (GB 11643) and the person must be on file."""
    app = facts.application
    messages = id_number_messages(app.person_id_number, today=facts.today, field="person_id_number")
    if facts.person is None:
        messages.append(
            _error(
                "application.person_missing",
                "person_id_number",
                f"找不到身份证号为 {app.person_id_number} 的人员（{app.person_name}）；"
                "请先在企业人员信息中登记该人员",
                f"no person with ID number {app.person_id_number} ({app.person_name}) is on "
                "file; enter the person under enterprise staff first",
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
            f"申请人 {app.person_name} 出生于 {birth.isoformat()}，"
            f"至 {facts.today.isoformat()} 已满 {age} 周岁（{limit} 周岁及以上）；"
            "须附医院出具的能坚持正常工作的体检证明",
            f"applicant {app.person_name} was born on {birth.isoformat()} and is {age} on "
            f"{facts.today.isoformat()} ({limit} or older); attach a medical certificate "
            "that the applicant is fit to keep working",
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
                f"找不到统一社会信用代码为 {app.enterprise_uscc} 的企业（{app.enterprise_name}）；"
                "请先登记企业基本信息",
                f"no enterprise with USCC {app.enterprise_uscc} ({app.enterprise_name}) is on "
                "file; enter the enterprise first",
            )
        )
    elif name and name != enterprise.name.strip():
        messages.append(
            _error(
                "application.name_mismatch",
                "enterprise_name",
                f"申请中的单位名称“{app.enterprise_name}”与企业登记名称“{enterprise.name}”不一致，"
                "不能上报；单位已更名的，须先由地市更新企业信息，再办理“更改、补办”",
                f"the enterprise name on the application, '{app.enterprise_name}', differs from "
                f"the registered name '{enterprise.name}', so it cannot be reported; a renamed "
                "firm must first have the city update its record, then file an amend/reissue "
                "(更改、补办) application",
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
            f"{app.person_name} 在单位 {other.enterprise_name}（{other.enterprise_uscc}）"
            f"已有进行中的同专业申请 {other.number}（{Stage(other.stage).zh}）；"
            "一人只能在一个单位注册，请先撤回或完成该申请",
            f"{app.person_name} already has application {other.number} ({other.stage}) of the "
            f"same specialty with {other.enterprise_name} ({other.enterprise_uscc}); a person "
            "may register with one unit only: withdraw or finish that application first",
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
            f"{app.person_name} 现持注册证书 {cert.certificate_number}，注册在单位 "
            f"{cert.enterprise_uscc}（有效期至 {cert.valid_until.isoformat()}）；"
            "一人只能在一个单位注册，更换单位请办理变更注册",
            f"{app.person_name} holds current certificate {cert.certificate_number} with "
            f"enterprise {cert.enterprise_uscc} (valid until {cert.valid_until.isoformat()}); "
            "a person may register with one unit only: file a change application to move",
        )
        for cert in _current_certificates(facts)
        if cert.enterprise_uscc != app.enterprise_uscc
    )
    return messages


def check_performance(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    """An initial registration needs at least one performance record (工作业绩)."""
    if _kind(facts.application) is not ApplicationKind.INITIAL or facts.performance:
        return []
    return [
        _error(
            "application.no_performance",
            "performance",
            "初始注册须至少填写一条工作业绩；请添加后再上报",
            "an initial registration needs at least one performance record; add one "
            "before reporting",
        )
    ]


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
            f"资格取得日期 {qualified.isoformat()} 至申请日期 {app.created_on.isoformat()} "
            f"已超过 {years} 年，须提供继续教育证明：{specialty.zh}要求必修 {need_c} 学时、"
            f"选修 {need_e} 学时，{since.isoformat()} 以来的记录为必修 {have_c}、选修 {have_e} "
            "学时；请补录继续教育记录",
            f"the application ({app.created_on.isoformat()}) is more than {years} years after "
            f"the qualification ({qualified.isoformat()}), so continuing education must be "
            f"proven: {need_c} compulsory and {need_e} elective hours are required, the "
            f"records since {since.isoformat()} show {have_c} and {have_e}; enter the "
            "continuing-education records",
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
                f"注册有效期已于 {expiry.isoformat()} 届满（申请日期 "
                f"{app.created_on.isoformat()}），不能延续注册；请重新申请初始注册",
                f"the registration expired on {expiry.isoformat()} (application dated "
                f"{app.created_on.isoformat()}) and cannot be renewed; apply for an "
                "initial registration again",
            )
        ]
    return [
        _error(
            "application.renewal_too_late",
            "valid_until",
            f"延续注册须在注册有效期届满 {days} 日前提出：有效期至 {expiry.isoformat()}，"
            f"最迟应于 {latest.isoformat()} 申请，本申请日期为 {app.created_on.isoformat()}",
            f"a renewal must be filed at least {days} days before expiry: the registration "
            f"is valid until {expiry.isoformat()}, so the latest date was "
            f"{latest.isoformat()}, but the application is dated {app.created_on.isoformat()}",
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
    labels = (("必修", "compulsory"), ("选修", "elective"))
    messages: list[CheckMessage] = []
    for field, need, own, from_records, (zh, en) in zip(
        _CE_FIELDS, rules.ce_hours(specialty), declared, recorded, labels, strict=True
    ):
        have = own if own is not None else from_records
        if have >= need:
            continue
        source_zh, source_en = ("申报", "declared") if own is not None else ("记录合计", "recorded")
        messages.append(
            _error(
                "application.ce_hours",
                field,
                f"继续教育{zh}学时不足：{specialty.zh}每个注册期要求 {need} 学时，{source_zh}为 "
                f"{have} 学时；请补足后再申请延续注册",
                f"not enough {en} continuing-education hours: {need} are required per "
                f"registration period, {have} are {source_en}; complete them before renewing",
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
            f"变更注册保留原注册有效期：申请填写的有效期至 {app.valid_until.isoformat()}，"
            f"与现注册证书 {cert.certificate_number} 的有效期至 {cert.valid_until.isoformat()} "
            f"不一致；请改为 {cert.valid_until.isoformat()}",
            f"a change of employer keeps the original validity: the application says valid "
            f"until {app.valid_until.isoformat()}, but current certificate "
            f"{cert.certificate_number} is valid until {cert.valid_until.isoformat()}; "
            f"change it to {cert.valid_until.isoformat()}",
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
            f"上报日期 {reported.isoformat()} 晚于今天 {facts.today.isoformat()}：上报单位的电脑"
            "日期有误；请通知该单位校正电脑的日期和时间，并核对申请中的其他日期",
            f"the report is dated {reported.isoformat()}, after today "
            f"{facts.today.isoformat()}: the reporting computer's date is wrong; ask them "
            "to correct their computer's date and time, and check the application's other "
            "dates",
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
