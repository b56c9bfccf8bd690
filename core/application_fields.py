"""Which fields each kind of application shows and requires (issue 16, item 7).

One table read by the computer check (:mod:`regsync.core.checks.application`), the
printed 申请表 and the entry dialogs, so that a kind never asks for, or prints, a
field that belongs to another kind.
"""

from __future__ import annotations

from collections.abc import Mapping

from regsync.core.model import ApplicationKind

AMEND_REISSUE_FIELDS = (
    "amend_mode",
    "amend_item",
    "amend_old_value",
    "amend_new_value",
    "reissue_items",
    "loss_newspaper",
    "loss_declared_on",
)
"""The structure of a 更改、补办 (see :mod:`regsync.core.checks.amend_reissue`)."""

FIELD_LABELS: Mapping[str, tuple[str, str]] = {
    "person_name": ("姓名", "the applicant's name"),
    "enterprise_name": ("聘用单位名称", "the enterprise name"),
    "qualification_cert_no": ("资格证书号", "the qualification certificate number"),
    "qualification_date": ("资格取得日期", "the qualification date"),
    "registration_cert_no": ("注册证书号", "the registration certificate number"),
    "previous_employer": ("原聘用单位", "the previous employer"),
    "valid_until": ("注册有效期至", "the expiry date of the registration"),
    "reason": ("申请事由", "the reason"),
    "ce_compulsory_hours": ("继续教育必修学时", "the compulsory continuing-education hours"),
    "ce_elective_hours": ("继续教育选修学时", "the elective continuing-education hours"),
    "amend_mode": ("更改或补办", "whether it is an amendment or a reissue"),
    "amend_item": ("更改事项", "the item amended"),
    "amend_old_value": ("更改前内容", "the value before the amendment"),
    "amend_new_value": ("更改后内容", "the value after the amendment"),
    "reissue_items": ("补办项目", "what is reissued (certificate, seal or both)"),
    "loss_newspaper": ("遗失声明刊登报纸", "the newspaper that printed the loss declaration"),
    "loss_declared_on": ("遗失声明刊登日期", "the date the loss declaration was printed"),
}
"""Field -> (Chinese label, English description), as the checks and dialogs name them."""

COMMON_REQUIRED = ("person_name", "enterprise_name")

KIND_REQUIRED: Mapping[ApplicationKind, tuple[str, ...]] = {
    ApplicationKind.INITIAL: ("qualification_cert_no", "qualification_date"),
    ApplicationKind.CHANGE: ("registration_cert_no", "previous_employer", "valid_until"),
    ApplicationKind.RENEWAL: (
        "registration_cert_no",
        "valid_until",
        "ce_compulsory_hours",
        "ce_elective_hours",
    ),
    # What else a 更改、补办 needs depends on the choice: core.checks.amend_reissue.
    ApplicationKind.AMEND_REISSUE: ("registration_cert_no", "amend_mode"),
    ApplicationKind.CANCELLATION: ("registration_cert_no", "reason"),
}
"""The fields each kind cannot be reported without (besides :data:`COMMON_REQUIRED`)."""

KIND_FIELDS: Mapping[ApplicationKind, tuple[str, ...]] = {
    ApplicationKind.INITIAL: ("qualification_cert_no", "qualification_date"),
    ApplicationKind.CHANGE: ("registration_cert_no", "valid_until", "previous_employer"),
    ApplicationKind.RENEWAL: (
        "registration_cert_no",
        "valid_until",
        "ce_compulsory_hours",
        "ce_elective_hours",
    ),
    ApplicationKind.AMEND_REISSUE: (
        "registration_cert_no",
        "valid_until",
        *AMEND_REISSUE_FIELDS,
        "reason",
    ),
    ApplicationKind.CANCELLATION: ("registration_cert_no", "valid_until", "reason"),
}
"""The content fields each kind shows (entry dialogs, the 申请表), in order."""


def fields_of(kind: ApplicationKind) -> tuple[str, ...]:
    """The fields a clerk fills in for ``kind``: the common ones, then the kind's own."""
    return (*COMMON_REQUIRED, *KIND_FIELDS[kind])
