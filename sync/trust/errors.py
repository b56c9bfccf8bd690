"""Errors of node identity and trust (cards, certificates, revocations).

Every message names what is wrong and what to do, in Chinese and English.

    SyncError
    └── TrustError                  root of the trust errors
        ├── TrustFileError          not a card/certificate/revocation file, damaged or edited
        │   └── UnsupportedTrustFileVersion
        ├── InvalidCard             a card's fields disagree (role, scope, city, USCC, key)
        ├── BadEnterpriseNumber     the enterprise number is missing, malformed or misplaced
        ├── SignerMismatch          the signer does not hold the issuer's key
        ├── NotAllowedToCertify     the issuer's role may not certify (or revoke) this subject
        ├── BadCertificate          a certificate's signature does not verify, or it contradicts its issuer
        ├── BadRevocation           a revocation's signature does not verify
        ├── CardNotTrustable        only a personal node's card can be trusted directly
        ├── UntrustedKey            no certificate leads from this key to the province root
        ├── RevokedKey              a certificate on the key's chain has been revoked
        │   └── RevokedPastCutoff   a revoked key's change past its revocation's cut-off
        ├── BadHandover             a key handover's signature does not verify, or it contradicts another
        └── SupersededKey           a key handed over to a new one signed something new
"""

from __future__ import annotations

from regsync.core.i18n import N_
from regsync.sync.errors import SyncError


class TrustError(SyncError):
    """Root of the identity and trust errors."""


class TrustFileError(TrustError):
    zh = "文件不是有效的{what}：{reason_zh}。请向对方索取原始文件重新导入（该类文件不可手工编辑）"
    en = (
        "the file is not a valid regsync {what_en}: {reason_en}. Ask the sender for the "
        "original file and import it again (these files must not be edited by hand)"
    )


class UnsupportedTrustFileVersion(TrustFileError):
    msgid = N_("error.UnsupportedTrustFileVersion")


class InvalidCard(TrustError):
    zh = (
        "节点密钥卡的{field_zh}无效：{reason_zh}。"
        "请在该节点上重新运行 regsync node card 生成节点密钥卡"
    )
    en = (
        "the node card's {field_en} is invalid: {reason_en}. Run `regsync node card` on that "
        "node again to make a new card"
    )


class BadEnterpriseNumber(TrustError):
    msgid = N_("error.BadEnterpriseNumber")


class SignerMismatch(TrustError):
    msgid = N_("error.SignerMismatch")


class NotAllowedToCertify(TrustError):
    msgid = N_("error.NotAllowedToCertify")


class BadCertificate(TrustError):
    msgid = N_("error.BadCertificate")


class BadRevocation(TrustError):
    msgid = N_("error.BadRevocation")


class CardNotTrustable(TrustError):
    msgid = N_("error.CardNotTrustable")


class UntrustedKey(TrustError):
    msgid = N_("error.UntrustedKey")


class RevokedKey(TrustError):
    msgid = N_("error.RevokedKey")


class RevokedPastCutoff(RevokedKey):
    msgid = N_("error.RevokedPastCutoff")


class BadHandover(TrustError):
    msgid = N_("error.BadHandover")


class SupersededKey(TrustError):
    msgid = N_("error.SupersededKey")
