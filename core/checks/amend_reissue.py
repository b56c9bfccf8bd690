"""更改、补办 with structure: what is amended (old → new) or what is reissued (issue 16, item 6).

A 更改 names the item (单位名称, 个人姓名, 身份证号升位, 其他) and its value before and
after; a 补办 names what is reissued (证书, 印章 or both) and the loss declaration
(遗失声明: the newspaper and the date it was printed).  Each choice requires its own
fields and refuses the other's, so the printed 申请表 says one thing.  The fields
stay empty on the other kinds of application.
"""

from __future__ import annotations

from regsync.core.application_fields import AMEND_REISSUE_FIELDS
from regsync.core.checks.identity import parse_id_number
from regsync.core.checks.messages import CheckMessage, Phrase, Severity, Term
from regsync.core.errors import InvalidIdNumber
from regsync.core.model import Application, ApplicationKind
from regsync.core.office_codes import AMEND_ITEM, AMEND_MODE, REISSUE_ITEMS, CodedField

_AMEND_FIELDS = ("amend_item", "amend_old_value", "amend_new_value")
_REISSUE_FIELDS = ("reissue_items", "loss_newspaper", "loss_declared_on")


def _error(code: str, field: str, /, **params: object) -> CheckMessage:
    # Every message names its field (its label), as the field-bound input errors do.
    return CheckMessage.of(code, Severity.ERROR, field, **params)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _missing(field: str, choice: Phrase) -> CheckMessage:
    return _error("application.amend_reissue_missing", field, choice=choice)


def _unknown(spec: CodedField, value: str) -> CheckMessage:
    # The codes are what a clerk types on the command line; their labels are Chinese.
    known = Term(
        "、".join(spec.codes.values()),
        ", ".join(spec.codes),
    )
    return _error("application.amend_reissue_code", spec.field, value=value, known=known)


def _foreign(field: str, choice: Phrase) -> CheckMessage:
    return _error("application.amend_reissue_foreign", field, choice=choice)


def _check_amend(app: Application) -> list[CheckMessage]:
    choice = Phrase("check.piece.amend")
    messages = [_missing(f, choice) for f in _AMEND_FIELDS if _blank(getattr(app, f))]
    messages += [_foreign(f, choice) for f in _REISSUE_FIELDS if not _blank(getattr(app, f))]
    item, old, new = app.amend_item, app.amend_old_value, app.amend_new_value
    if item is None or old is None or new is None:
        return messages
    if _blank(item) or _blank(old) or _blank(new):
        return messages
    if item not in AMEND_ITEM.codes:
        return [*messages, _unknown(AMEND_ITEM, item)]
    if old.strip() == new.strip():
        messages.append(_error("application.amend_unchanged", "amend_new_value", old=old))
    elif item == "employer_name" and new.strip() != app.enterprise_name.strip():
        messages.append(
            _error(
                "application.amend_new_mismatch",
                "amend_new_value",
                detail=Phrase.of(
                    "check.piece.amend_new_employer", new=new, name=app.enterprise_name
                ),
            )
        )
    elif item == "person_name" and new.strip() != app.person_name.strip():
        messages.append(
            _error(
                "application.amend_new_mismatch",
                "amend_new_value",
                detail=Phrase.of("check.piece.amend_new_person", new=new, name=app.person_name),
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
        return [_error("application.id_upgrade_old", "amend_old_value", old=old)]
    if upgraded != new.upper() or upgraded != app.person_id_number:
        return [
            _error(
                "application.id_upgrade_new",
                "amend_new_value",
                old=old,
                upgraded=upgraded,
                new=new,
                id_number=app.person_id_number,
            )
        ]
    return []


def _check_reissue(app: Application) -> list[CheckMessage]:
    choice = Phrase("check.piece.reissue")
    messages = [_missing(f, choice) for f in _REISSUE_FIELDS if _blank(getattr(app, f))]
    messages += [_foreign(f, choice) for f in _AMEND_FIELDS if not _blank(getattr(app, f))]
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
                declared=declared.isoformat(),
                created=app.created_on.isoformat(),
            )
        )
    return messages


def check_amend_reissue(app: Application) -> list[CheckMessage]:
    """The 更改 or 补办 structure of an application (nothing for other kinds)."""
    if app.kind not in {k.value for k in ApplicationKind}:
        return []  # the kind rule reports an unknown kind
    if app.kind != ApplicationKind.AMEND_REISSUE.value:
        return [
            CheckMessage.of("application.amend_reissue_other_kind", Severity.WARNING, field)
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
