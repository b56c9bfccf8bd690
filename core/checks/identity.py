"""身份证号 (citizen identity number) checks after GB 11643-1999.

An 18-character number is laid out as::

    RRRRRR YYYYMMDD SSS C
    region birth    seq check

The 17th character (the last of ``SSS``) is odd for men and even for women.  The
check character is ISO 7064 MOD 11-2: the first 17 digits are weighted with
``7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2`` (that is ``2**(17 - i) mod 11``) and the
check is ``"10X98765432"[sum % 11]``.  Because every weight is non-zero modulo the
prime 11 and neighbouring weights differ, any single wrong digit and any swap of two
neighbouring different digits is detected.

Legacy 15-digit numbers (issued before 1999) have a ``YYMMDD`` birth date in the
1900s and no check character; they are upgraded to 18 characters.

Everything here is pure: the current date is a parameter, never read from a clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from regsync.core.catalogue import text
from regsync.core.checks.messages import CheckMessage, Severity, Term
from regsync.core.errors import InvalidIdNumber
from regsync.core.model import Gender

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"


@dataclasses.dataclass(frozen=True)
class IdNumberInfo:
    """What a valid 身份证号 says about its holder.

    ``number`` is the normalised 18-character form (upper-case ``X``, legacy
    15-digit numbers upgraded); ``region`` is the 6-digit administrative code of the
    place of first registration.
    """

    number: str
    birth_date: dt.date
    gender: Gender
    region: str


def _ascii_digits(text: str) -> bool:
    # str.isdigit() alone also accepts full-width and other Unicode digits ("１").
    return text.isascii() and text.isdigit()


def id_number_check_digit(first17: str) -> str:
    """The GB 11643 check character (``0``-``9`` or ``X``) of the first 17 digits.

    Raises ``ValueError`` unless ``first17`` is exactly 17 ASCII digits.
    """
    if len(first17) != 17 or not _ascii_digits(first17):
        raise ValueError(f"expected 17 digits, got {first17!r}")
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _invalid(value: str, field: str, reason: str, **params: object) -> InvalidIdNumber:
    """The error naming ``value``; ``reason`` is a catalogue key filled with ``params``."""
    return InvalidIdNumber(
        field=field,
        value=value,
        reason_zh=text(reason, "zh", **params),
        reason_en=text(reason, "en", **params),
    )


def _first_non_digit(text: str) -> int:
    return next(i for i, c in enumerate(text) if not _ascii_digits(c))


def _to_18(value: str, field: str) -> str:
    """Upper-case, strip, upgrade a 15-digit number; check length and characters."""
    number = value.strip().upper()
    if len(number) == 15:
        if not _ascii_digits(number):
            i = _first_non_digit(number)
            raise _invalid(
                value, field, "reason.id_number.legacy_digit", position=i + 1, char=number[i]
            )
        # Legacy numbers were issued to people born in the 1900s; the upgrade inserts
        # the century and appends the check character (GB 11643-1999, 附录).
        first17 = number[:6] + "19" + number[6:]
        return first17 + id_number_check_digit(first17)
    if len(number) != 18:
        raise _invalid(value, field, "reason.id_number.length", length=len(number))
    if not _ascii_digits(number[:17]):
        i = _first_non_digit(number[:17])
        raise _invalid(value, field, "reason.id_number.digit", position=i + 1, char=number[i])
    if not (_ascii_digits(number[17]) or number[17] == "X"):
        raise _invalid(value, field, "reason.id_number.last", char=number[17])
    return number


def _birth_date(text: str, value: str, field: str, today: dt.date) -> dt.date:
    digits = text[6:14]
    try:
        birth = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise _invalid(value, field, "reason.id_number.birth_invalid", digits=digits) from None
    if birth > today:
        raise _invalid(
            value,
            field,
            "reason.id_number.birth_future",
            birth=birth.isoformat(),
            today=today.isoformat(),
        )
    return birth


def parse_id_number(value: str, *, today: dt.date, field: str = "id_number") -> IdNumberInfo:
    """Validate and normalise a 身份证号; raise ``InvalidIdNumber`` with the reason.

    Accepts 18 characters (lower-case ``x`` allowed) or a legacy 15-digit number;
    surrounding whitespace is ignored.  The reasons, in the order checked: wrong
    length, a non-digit, a birth date that is not a real date or lies after
    ``today``, a wrong check character (the message names the expected one).
    """
    text = _to_18(value, field)
    birth = _birth_date(text, value, field, today)
    expected = id_number_check_digit(text[:17])
    if text[17] != expected:
        raise _invalid(value, field, "reason.check_char", expected=expected, found=text[17])
    gender = Gender.MALE if int(text[16]) % 2 == 1 else Gender.FEMALE
    return IdNumberInfo(number=text, birth_date=birth, gender=gender, region=text[:6])


def id_number_messages(value: str, *, today: dt.date, field: str) -> list[CheckMessage]:
    """Check messages for a 身份证号: empty when valid, else one ``id_number.invalid`` error."""
    try:
        parse_id_number(value, today=today, field=field)
    except InvalidIdNumber as exc:
        return [
            CheckMessage.of(
                "id_number.invalid",
                Severity.ERROR,
                field,
                detail=Term(exc.message("zh"), exc.message("en")),
            )
        ]
    return []
