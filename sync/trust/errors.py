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
    msgid = N_("error.TrustFileError")


class UnsupportedTrustFileVersion(TrustFileError):
    msgid = N_("error.UnsupportedTrustFileVersion")


class InvalidCard(TrustError):
    msgid = N_("error.InvalidCard")


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
