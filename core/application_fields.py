"""Which fields each kind of application shows and requires (issue 16, item 7).

One table read by the computer check (:mod:`regsync.core.checks.application`), the
printed 申请表 and the entry dialogs, so that a kind never asks for, or prints, a
field that belongs to another kind.
"""

from __future__ import annotations

from collections.abc import Mapping

from regsync.core.field_labels import field_label
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


FIELD_LABELS: Mapping[str, tuple[str, str]] = {
    name: (field_label(name, "zh"), field_label(name, "en"))
    for kind in ApplicationKind
    for name in fields_of(kind)
}
"""Field -> (Chinese label, English label): the catalogue's ``label.<field>``
(:mod:`regsync.core.field_labels`), as the checks and dialogs name them."""
