"""Who may certify (and revoke) whom: the rules checked at signing and at verifying.

The root certifies province nodes (itself included, in the self-signed root
certificate), any certified province node certifies cities and enterprises, and a
city certifies the enterprises of its own city, giving each its four-digit
enterprise number.  Personal nodes are never certified.
"""

from __future__ import annotations

import dataclasses

from regsync.core.model import Role
from regsync.core.ports import NodeIdentity, Signer
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.errors import BadEnterpriseNumber, NotAllowedToCertify, SignerMismatch
from regsync.sync.trust.files import ENTERPRISE_NUMBER, ROLE_ZH, fingerprint


def check_number_form(number: str, subject: NodeCard) -> None:
    if subject.role is not Role.ENTERPRISE:
        raise BadEnterpriseNumber(
            value=number,
            reason_zh="只有企业的证书带企业编号",
            reason_en="only enterprise certificates carry an enterprise number",
        )
    if not ENTERPRISE_NUMBER.fullmatch(number):
        raise BadEnterpriseNumber(
            value=number, reason_zh="应为4位数字", reason_en="expected four digits"
        )


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
        issuer_role_zh=ROLE_ZH[issuer.role],
        subject=subject.label,
        subject_role=subject.role.value,
        subject_role_zh=ROLE_ZH[subject.role],
        reason_zh=zh,
        reason_en=en,
    )


def check_may_certify(issuer: Issuer, subject: NodeCard, enterprise_number: str | None) -> None:
    """Enforce who may certify whom; the same rules at signing and at verifying."""
    if subject.role is Role.PERSONAL:
        raise refusal(
            issuer,
            subject,
            "个人版节点不签发证书，由接收其申报包的企业用 regsync node trust 直接导入其节点密钥卡",
            "personal nodes are not certified; the enterprise that receives their packages "
            "installs their card with `regsync node trust`",
        )
    if issuer.role is Role.PROVINCE:
        if subject.role is Role.PROVINCE and not issuer.is_root:
            raise refusal(
                issuer,
                subject,
                "只有省级信任根可以为省级节点签发证书",
                "only the province trust root may certify province nodes",
            )
    elif issuer.role is Role.CITY and subject.role is Role.ENTERPRISE:
        if subject.city_code != issuer.city_code:
            raise refusal(
                issuer,
                subject,
                f"该企业属于地市 {subject.city_code}，只能由该地市或省级签发",
                f"the enterprise belongs to city {subject.city_code}; only that city or the "
                "province may certify it",
            )
        if enterprise_number is None:
            raise BadEnterpriseNumber(
                value="",
                reason_zh="地市为企业签发证书时必须分配4位企业编号（--enterprise-number）",
                reason_en="a city must give the enterprise its four-digit number "
                "(--enterprise-number)",
            )
    else:
        raise refusal(
            issuer,
            subject,
            "省级可为地市和企业签发证书，地市只能为本市企业签发",
            "the province certifies cities and enterprises, a city only its own enterprises",
        )
    if enterprise_number is not None:
        check_number_form(enterprise_number, subject)


def check_self_signed(issuer: Issuer, subject: NodeCard, self_signed: bool) -> None:
    """Only the province root signs its own card (the root certificate)."""
    if self_signed and subject.role is not Role.PROVINCE:
        raise refusal(
            issuer,
            subject,
            "只有省级信任根可以自签名",
            "only the province trust root signs its own certificate",
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
