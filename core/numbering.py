"""The application number: unique without coordination, digits only.

Layout (18 digits, even, so Code 128 set C packs it into 9 symbols)::

    CCCCCC YY K EEEE SSSS D
    city   yr kind enterprise-number sequence check

* ``CCCCCC`` the city code (140100 ...), ``YY`` the last two digits of the year,
* ``K`` the kind digit (1 initial ... 5 cancellation),
* ``EEEE`` the enterprise number the city issued at enrolment (``0000`` for a
  personal-edition draft, renumbered when the enterprise receives it),
* ``SSSS`` the enterprise's own sequence for that year and kind,
* ``D`` an ISO 7064 MOD 11,10 check digit: it catches every single-digit error and
  every transposition of adjacent digits, and stays a digit (no ``X``).
"""

from __future__ import annotations

import dataclasses

from regsync.core.errors import InvalidValue
from regsync.core.model import ApplicationKind

LENGTH = 18
PERSONAL_ENTERPRISE_NUMBER = "0000"


def mod11_10_check_digit(digits: str) -> str:
    """ISO 7064 MOD 11,10 check digit of a string of decimal digits."""
    product = 10
    for ch in digits:
        total = (int(ch) + product) % 10 or 10
        product = (total * 2) % 11
    return str((11 - product) % 10)


def mod11_10_valid(digits: str) -> bool:
    return digits.isdigit() and mod11_10_check_digit(digits[:-1]) == digits[-1]


@dataclasses.dataclass(frozen=True)
class ApplicationNumber:
    """The parts of an application number."""

    city_code: str
    year: int
    kind: ApplicationKind
    enterprise_number: str
    sequence: int

    def __str__(self) -> str:
        body = (
            f"{self.city_code}{self.year % 100:02d}{self.kind.digit}"
            f"{self.enterprise_number}{self.sequence:04d}"
        )
        return body + mod11_10_check_digit(body)


def make_number(
    *, city_code: str, year: int, kind: ApplicationKind, enterprise_number: str, sequence: int
) -> str:
    """Compose an application number; the sequence must fit in four digits."""
    if not (len(enterprise_number) == 4 and enterprise_number.isdigit()):
        raise InvalidValue(
            field="enterprise_number", value=enterprise_number, expected="four digits"
        )
    if not 1 <= sequence <= 9999:
        raise InvalidValue(field="sequence", value=sequence, expected="1 to 9999 per year and kind")
    return str(ApplicationNumber(city_code, year, kind, enterprise_number, sequence))


def parse_number(text: str, *, field: str = "number") -> ApplicationNumber:
    """Split an application number into its parts, verifying length and check digit."""
    value = text.strip()
    if len(value) != LENGTH or not value.isdigit():
        raise InvalidValue(field=field, value=text, expected=f"{LENGTH} digits")
    if not mod11_10_valid(value):
        raise InvalidValue(field=field, value=text, expected="a number whose check digit matches")
    kinds = list(ApplicationKind)
    kind_digit = int(value[8])
    if not 1 <= kind_digit <= len(kinds):
        raise InvalidValue(field=field, value=text, expected="kind digit 1-5 at position 9")
    return ApplicationNumber(
        city_code=value[:6],
        year=2000 + int(value[6:8]),
        kind=kinds[kind_digit - 1],
        enterprise_number=value[9:13],
        sequence=int(value[13:17]),
    )
