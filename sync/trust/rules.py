"""Who may certify (and revoke) whom: the rules checked at signing and at verifying.

The root certifies province nodes (itself included, in the self-signed root
certificate), any certified province node certifies cities and enterprises, and a
city certifies the enterprises of its own city, giving each its four-digit
enterprise number.  Personal nodes are never certified.
"""

from __future__ import annotations

import dataclasses

from regsync.core.catalogue_sync import label as pair
from regsync.core.model import Role
from regsync.core.ports import NodeIdentity, Signer
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.errors import BadEnterpriseNumber, NotAllowedToCertify, SignerMismatch
from regsync.sync.trust.files import ENTERPRISE_NUMBER, fingerprint, role_zh


def check_number_form(number: str, subject: NodeCard) -> None:
    if subject.role is not Role.ENTERPRISE:
        zh, en = pair("trust.number.not_enterprise")
        raise BadEnterpriseNumber(value=number, reason_zh=zh, reason_en=en)
    if not ENTERPRISE_NUMBER.fullmatch(number):
        zh, en = pair("trust.number.form")
        raise BadEnterpriseNumber(value=number, reason_zh=zh, reason_en=en)


@dataclasses.dataclass(frozen=True)
class Issuer:
    """What the certification rules need to know about an issuer."""

    label: str
    role: Role
    city_code: str | None
    is_root: bool


def refusal(issuer: Issuer, subject: NodeCard, zh: str, en: str) -> NotAllowedToCertify:
    return NotAllowedToCertify(
        issuer=issuer.label,
        issuer_role=issuer.role.value,
        issuer_role_zh=role_zh(issuer.role),
        subject=subject.label,
        subject_role=subject.role.value,
        subject_role_zh=role_zh(subject.role),
        reason_zh=zh,
        reason_en=en,
    )


def check_may_certify(issuer: Issuer, subject: NodeCard, enterprise_number: str | None) -> None:
    """Enforce who may certify whom; the same rules at signing and at verifying."""
    if subject.role is Role.PERSONAL:
        raise refusal(
            issuer,
            subject,
            *pair("trust.certify.personal"),
        )
    if issuer.role is Role.PROVINCE:
        if subject.role is Role.PROVINCE and not issuer.is_root:
            raise refusal(
                issuer,
                subject,
                *pair("trust.certify.province"),
            )
    elif issuer.role is Role.CITY and subject.role is Role.ENTERPRISE:
        if subject.city_code != issuer.city_code:
            raise refusal(
                issuer,
                subject,
                *pair("trust.certify.other_city", city=subject.city_code),
            )
        if enterprise_number is None:
            zh, en = pair("trust.number.required")
            raise BadEnterpriseNumber(value="", reason_zh=zh, reason_en=en)
    else:
        raise refusal(
            issuer,
            subject,
            *pair("trust.certify.who"),
        )
    if enterprise_number is not None:
        check_number_form(enterprise_number, subject)


def check_self_signed(issuer: Issuer, subject: NodeCard, self_signed: bool) -> None:
    """Only the province root signs its own card (the root certificate)."""
    if self_signed and subject.role is not Role.PROVINCE:
        raise refusal(
            issuer,
            subject,
            *pair("trust.certify.self_signed"),
        )


def check_signer(identity: NodeIdentity, signer: Signer) -> str:
    """The signer's key as hex, after checking it is the identity's registered key."""
    signer_key = signer.public_key().hex()
    if identity.public_key is not None and identity.public_key.lower() != signer_key:
        raise SignerMismatch(
            signer_key=fingerprint(signer_key),
            node_id=identity.node_id,
            node_key=fingerprint(identity.public_key),
        )
    return signer_key
