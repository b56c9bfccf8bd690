"""Enterprise codes: 统一社会信用代码 (USCC, GB 32100-2015) and 组织机构代码 (GB 11714).

USCC layout (18 characters)::

    1   registration authority        2   kind of entity
    3-8 region (行政区划码)           9-17 organisation code (GB 11714, with its check)
    18  check character

The alphabet has 31 characters, ``0-9`` and the capitals without I O Z S V (easily
confused with 1 0 2 5 U).  The check is ``alphabet[(31 - sum % 31) % 31]`` with
weights ``3**(i-1) mod 31``.  Some early codes do not satisfy the check, so a
mismatch is a warning that needs a human to compare the business licence, not a
hard reject; a wrong length or a character outside the alphabet is an error.

Organisation code: 8 digits/capitals plus a check character; weights
``3 7 9 10 5 8 4 2``, letters counting ``A=10 ... Z=35``; check ``11 - sum % 11``
with 10 written ``X`` and 11 written ``0``.  Usually printed ``XXXXXXXX-X``.
"""

from __future__ import annotations

import dataclasses
import string

from regsync.core import catalogue
from regsync.core.checks.messages import CheckMessage, Severity, Term
from regsync.core.errors import InvalidOrgCode, InvalidUscc

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_ORG_BODY = string.digits + string.ascii_uppercase
_ORG_VALUE = {c: i for i, c in enumerate(_ORG_BODY)}  # "0"=0 ... "9"=9, "A"=10 ... "Z"=35
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CHECK = "0123456789X"


def _reason(key: str, **params: object) -> dict[str, str]:
    """``reason_zh`` and ``reason_en`` of an input error: the catalogue's ``key``."""
    return {
        "reason_zh": catalogue.text(key, "zh", **params),
        "reason_en": catalogue.text(key, "en", **params),
    }


def _normalise(value: str) -> str:
    # Codes are copied from licences and spreadsheets: spaces (also inner ones, as in
    # grouped print) and lower case are typing artefacts, not part of the code.
    return "".join(value.split()).upper()


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character of the first 17 USCC characters.

    Raises ``ValueError`` unless ``first17`` is 17 characters of the USCC alphabet.
    """
    if len(first17) != 17 or any(c not in _USCC_VALUE for c in first17):
        raise ValueError(f"expected 17 characters of {USCC_ALPHABET}, got {first17!r}")
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """The GB 11714 check character (``0``-``9`` or ``X``) of an organisation code body.

    Raises ``ValueError`` unless ``first8`` is 8 ASCII digits or capitals.
    """
    if len(first8) != 8 or any(c not in _ORG_VALUE for c in first8):
        raise ValueError(f"expected 8 digits or capital letters, got {first8!r}")
    total = sum(_ORG_VALUE[c] * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    return _ORG_CHECK[(11 - total % 11) % 11]


@dataclasses.dataclass(frozen=True)
class UsccInfo:
    """A USCC of valid form.

    ``code`` is normalised (upper case, no spaces); ``org_code`` is the embedded
    organisation code (positions 9-17); ``checksum_ok`` says whether the USCC check
    character is right and ``org_code_ok`` whether the embedded organisation code
    passes its own check.  Either being false needs manual confirmation.
    """

    code: str
    org_code: str
    checksum_ok: bool
    org_code_ok: bool


def parse_uscc(value: str, *, field: str = "uscc") -> UsccInfo:
    """Normalise a USCC; raise ``InvalidUscc`` only for a wrong length or character.

    Check-character mismatches are reported in the result (``checksum_ok``,
    ``org_code_ok``), not raised, because some early codes are non-conforming.
    """
    code = _normalise(value)
    if len(code) != 18:
        raise InvalidUscc(
            field=field, value=value, **_reason("reason.uscc.length", length=len(code))
        )
    bad = sorted({c for c in code if c not in _USCC_VALUE})
    if bad:
        shown = " ".join(bad)
        reason = _reason("reason.uscc.chars", shown=shown, excluded="I, O, Z, S, V")
        raise InvalidUscc(field=field, value=value, **reason)
    org_code = code[8:17]
    return UsccInfo(
        code=code,
        org_code=org_code,
        checksum_ok=uscc_check_char(code[:17]) == code[17],
        org_code_ok=org_code_check_char(org_code[:8]) == org_code[8],
    )


def _uscc_checksum_warning(info: UsccInfo, field: str) -> CheckMessage:
    expected = uscc_check_char(info.code[:17])
    return CheckMessage.of(
        "uscc.checksum",
        Severity.WARNING,
        field,
        code=info.code,
        expected=expected,
        found=info.code[17],
    )


def _uscc_org_code_warning(info: UsccInfo, field: str) -> CheckMessage:
    expected = org_code_check_char(info.org_code[:8])
    return CheckMessage.of(
        "uscc.org_code_checksum",
        Severity.WARNING,
        field,
        code=info.code,
        org_code=info.org_code,
        expected=expected,
        found=info.org_code[8],
    )


def uscc_messages(value: str, *, field: str) -> list[CheckMessage]:
    """Check messages for a USCC.

    ``uscc.invalid`` (error) for a wrong length or character; otherwise
    ``uscc.checksum`` and/or ``uscc.org_code_checksum`` (warnings, manual
    confirmation) for check-character mismatches; empty when all is well.
    """
    try:
        info = parse_uscc(value, field=field)
    except InvalidUscc as exc:
        return [
            CheckMessage.of(
                "uscc.invalid",
                Severity.ERROR,
                field,
                detail=Term(exc.message("zh"), exc.message("en")),
            )
        ]
    messages: list[CheckMessage] = []
    if not info.checksum_ok:
        messages.append(_uscc_checksum_warning(info, field))
    if not info.org_code_ok:
        messages.append(_uscc_org_code_warning(info, field))
    return messages


def parse_org_code(value: str, *, field: str = "org_code") -> str:
    """Validate an organisation code and return it as 9 characters without hyphen.

    Accepts ``XXXXXXXX-X`` or ``XXXXXXXXX``, any case, spaces ignored.  Raises
    ``InvalidOrgCode`` for a wrong length, a wrong character or a wrong check
    character (naming the expected one).  Only the USCC check is lenient (for its
    non-conforming early codes); here every failure is an error.
    """
    code = _normalise(value)
    if len(code) == 10 and code[8] == "-":
        code = code[:8] + code[9]

    def invalid(key: str, **params: object) -> InvalidOrgCode:
        return InvalidOrgCode(field=field, value=value, **_reason(key, **params))

    if len(code) != 9:
        raise invalid("reason.org_code.length", length=len(code))
    bad = sorted({c for c in code[:8] if c not in _ORG_VALUE})
    if bad:
        raise invalid("reason.org_code.chars", shown=" ".join(bad))
    expected = org_code_check_char(code[:8])
    if code[8] != expected:
        raise invalid("reason.check_char", expected=expected, found=code[8])
    return code


def org_code_messages(value: str, *, field: str) -> list[CheckMessage]:
    """Check messages for an organisation code: empty, or one ``org_code.invalid`` error."""
    try:
        parse_org_code(value, field=field)
    except InvalidOrgCode as exc:
        return [
            CheckMessage.of(
                "org_code.invalid",
                Severity.ERROR,
                field,
                detail=Term(exc.message("zh"), exc.message("en")),
            )
        ]
    return []
