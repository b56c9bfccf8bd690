"""更改、补办 with structure: what is amended (old → new) or what is reissued (issue 16, item 6).

A 更改 names the item (单位名称, 个人姓名, 身份证号升位, 其他) and its value before and
after; a 补办 names what is reissued (证书, 印章 or both) and the loss declaration
(遗失声明: the newspaper and the date it was printed).  Each choice requires its own
fields and refuses the other's, so the printed 申请表 says one thing.  The fields
stay empty on the other kinds of application.
"""

from __future__ import annotations

from regsync.core.application_fields import AMEND_REISSUE_FIELDS, FIELD_LABELS
from regsync.core.checks.identity import parse_id_number
from regsync.core.checks.messages import CheckMessage, Severity
from regsync.core.errors import InvalidIdNumber
from regsync.core.model import Application, ApplicationKind
from regsync.core.office_codes import AMEND_ITEM, AMEND_MODE, REISSUE_ITEMS, CodedField

_AMEND_FIELDS = ("amend_item", "amend_old_value", "amend_new_value")
_REISSUE_FIELDS = ("reissue_items", "loss_newspaper", "loss_declared_on")


def _error(code: str, field: str, zh: str, en: str) -> CheckMessage:
    # Every message names its field, as the field-bound input errors do.
    label_zh, label_en = FIELD_LABELS[field]
    if field not in zh:
        zh = f"{label_zh}（{field}）：{zh}"
        en = f"{label_en} ({field}): {en}"
    return CheckMessage(code=code, severity=Severity.ERROR, field=field, zh=zh, en=en)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _label(field: str) -> tuple[str, str]:
    return FIELD_LABELS[field]


def _missing(field: str, choice_zh: str, choice_en: str) -> CheckMessage:
    zh, en = _label(field)
    return _error(
        "application.amend_reissue_missing",
        field,
        f"{choice_zh}须填写{zh}（{field}）；请补填后再上报",
        f"{choice_en} needs {en} ({field}); fill it in before reporting",
    )


def _unknown(spec: CodedField, value: str) -> CheckMessage:
    known = "、".join(f"{code}（{label}）" for code, label in spec.codes.items())
    return _error(
        "application.amend_reissue_code",
        spec.field,
        f"{spec.label_zh}（{spec.field}）的值“{value}”无效；可用：{known}",
        f"{spec.label_en} ({spec.field}) '{value}' is not in its list; use one of: "
        + ", ".join(spec.codes),
    )


def _foreign(field: str, choice_zh: str, choice_en: str) -> CheckMessage:
    zh, en = _label(field)
    return _error(
        "application.amend_reissue_foreign",
        field,
        f"{choice_zh}不填写{zh}（{field}）；请清空该项，或改选另一种办理方式",
        f"{choice_en} does not use {en} ({field}); clear it, or choose the other way",
    )


def _check_amend(app: Application) -> list[CheckMessage]:
    choice = ("更改", "an amendment")
    messages = [_missing(f, *choice) for f in _AMEND_FIELDS if _blank(getattr(app, f))]
    messages += [_foreign(f, *choice) for f in _REISSUE_FIELDS if not _blank(getattr(app, f))]
    item, old, new = app.amend_item, app.amend_old_value, app.amend_new_value
    if item is None or old is None or new is None:
        return messages
    if _blank(item) or _blank(old) or _blank(new):
        return messages
    if item not in AMEND_ITEM.codes:
        return [*messages, _unknown(AMEND_ITEM, item)]
    if old.strip() == new.strip():
        messages.append(
            _error(
                "application.amend_unchanged",
                "amend_new_value",
                f"更改前后内容相同（“{old}”）；请填写更改后的内容",
                f"the value before and after the amendment is the same ('{old}'); "
                "enter the new value",
            )
        )
    elif item == "employer_name" and new.strip() != app.enterprise_name.strip():
        messages.append(
            _error(
                "application.amend_new_mismatch",
                "amend_new_value",
                f"更改后的单位名称“{new}”与申请中的聘用单位名称“{app.enterprise_name}”不一致；"
                "须与地市登记的单位名称相同",
                f"the new employer name '{new}' differs from the enterprise name on the "
                f"application, '{app.enterprise_name}'; it must be the name the city registered",
            )
        )
    elif item == "person_name" and new.strip() != app.person_name.strip():
        messages.append(
            _error(
                "application.amend_new_mismatch",
                "amend_new_value",
                f"更改后的姓名“{new}”与申请人姓名“{app.person_name}”不一致；"
                "请先在企业人员信息中改正姓名",
                f"the new name '{new}' differs from the applicant's name '{app.person_name}'; "
                "correct the person's name under enterprise staff first",
            )
        )
    elif item == "id_upgrade":
        messages += _check_id_upgrade(app, old.strip(), new.strip())
    return messages


def _check_id_upgrade(app: Application, old: str, new: str) -> list[CheckMessage]:
    """身份证号升位: a 15-digit number whose 18-character upgrade is the applicant's."""
    upgraded: str | None = None
    if len(old) == 15:
        try:
            upgraded = parse_id_number(old, today=app.created_on, field="amend_old_value").number
        except InvalidIdNumber:
            upgraded = None
    if upgraded is None:
        return [
            _error(
                "application.id_upgrade_old",
                "amend_old_value",
                f"身份证号升位的原号码“{old}”不是有效的15位身份证号；请填写升位前的15位号码",
                f"the old number of an ID upgrade, '{old}', is not a valid 15-digit ID "
                "number; enter the 15-digit number before the upgrade",
            )
        ]
    if upgraded != new.upper() or upgraded != app.person_id_number:
        return [
            _error(
                "application.id_upgrade_new",
                "amend_new_value",
                f"15位号码 {old} 升位后应为 {upgraded}，申请填写的新号码为“{new}”、申请人身份证号"
                f"为 {app.person_id_number}；三者须一致",
                f"the 15-digit number {old} upgrades to {upgraded}, but the new number is "
                f"'{new}' and the applicant's ID number is {app.person_id_number}; all three "
                "must agree",
            )
        ]
    return []


def _check_reissue(app: Application) -> list[CheckMessage]:
    choice = ("补办", "a reissue")
    messages = [_missing(f, *choice) for f in _REISSUE_FIELDS if _blank(getattr(app, f))]
    messages += [_foreign(f, *choice) for f in _AMEND_FIELDS if not _blank(getattr(app, f))]
    items = app.reissue_items
    if not _blank(items) and items not in REISSUE_ITEMS.codes:
        assert items is not None
        messages.append(_unknown(REISSUE_ITEMS, items))
    declared = app.loss_declared_on
    if declared is not None and declared > app.created_on:
        messages.append(
            _error(
                "application.loss_declared_late",
                "loss_declared_on",
                f"遗失声明刊登日期 {declared.isoformat()} 晚于申请日期 "
                f"{app.created_on.isoformat()}；须先登报声明遗失，再申请补办",
                f"the loss declaration is dated {declared.isoformat()}, after the application "
                f"({app.created_on.isoformat()}); the loss must be declared in a newspaper "
                "before the reissue is applied for",
            )
        )
    return messages


def check_amend_reissue(app: Application) -> list[CheckMessage]:
    """The 更改 or 补办 structure of an application (nothing for other kinds)."""
    if app.kind not in {k.value for k in ApplicationKind}:
        return []  # the kind rule reports an unknown kind
    if app.kind != ApplicationKind.AMEND_REISSUE.value:
        return [
            CheckMessage(
                code="application.amend_reissue_other_kind",
                severity=Severity.WARNING,
                field=field,
                zh=f"{_label(field)[0]}（{field}）只用于更改、补办申请，本申请不打印也不审核该项；"
                "请清空",
                en=f"{_label(field)[1]} ({field}) belongs to amend/reissue applications only; "
                "it is neither printed nor checked here: clear it",
            )
            for field in AMEND_REISSUE_FIELDS
            if not _blank(getattr(app, field))
        ]
    mode = app.amend_mode
    if _blank(mode):
        return []  # the required-field rule reports it
    assert mode is not None
    if mode == "amend":
        return _check_amend(app)
    if mode == "reissue":
        return _check_reissue(app)
    return [_unknown(AMEND_MODE, mode)]
