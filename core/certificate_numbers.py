"""The form of a registration's certificate (证书编号) and seal (印章编号) numbers.

Numbers the system issues come from the templates of
:class:`~regsync.core.config.RulesConfig` (晋2J202614010001, 晋2J-202600001); numbers
issued before go-live, which 数据备案 files, have the older form 晋2J2015000123.  Both
share the shape the checks below accept: ``晋``, the specialty's code (2J architect,
2G structural, from the configuration), then for a certificate the four-digit year of
issue and 4-8 digits, and for a seal an optional ``-`` and 4-12 digits.  A number of
the other specialty is refused: the code is part of the registration.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from regsync.core import catalogue
from regsync.core.config import RulesConfig
from regsync.core.model import Specialty

_CERTIFICATE_REST = re.compile(r"(?P<year>\d{4})\d{4,8}")
_SEAL_REST = re.compile(r"-?\d{4,12}")


@dataclasses.dataclass(frozen=True)
class NumberProblem:
    """Why a number is refused, in Chinese and English."""

    zh: str
    en: str


def _split(text: str, specialty: Specialty, rules: RulesConfig) -> tuple[str | None, str]:
    """The specialty code ``text`` starts with (after 晋), and the rest."""
    codes = sorted((rules.spec_code(s) for s in Specialty), key=len, reverse=True)
    for code in codes:
        if text.startswith("晋" + code):
            return code, text[1 + len(code) :]
    return None, text


def _problem(key: str, **params: object) -> NumberProblem:
    return NumberProblem(catalogue.text(key, "zh", **params), catalogue.text(key, "en", **params))


def _wrong_specialty(text: str, found: str, specialty: Specialty, code: str) -> NumberProblem:
    return _problem(
        "reason.number.specialty",
        text=text,
        found=found,
        specialty=specialty.zh,
        specialty_en=specialty.value,
        code=code,
    )


def certificate_number_problem(
    text: str, specialty: Specialty, rules: RulesConfig, *, today: dt.date
) -> NumberProblem | None:
    """None when ``text`` is a certificate number of ``specialty``, else the reason."""
    code = rules.spec_code(specialty)
    example = f"晋{code}2015000123"
    found, rest = _split(text, specialty, rules)
    match = _CERTIFICATE_REST.fullmatch(rest) if found else None
    if match is None or found is None:
        return _problem("reason.number.certificate_form", text=text, example=example)
    if found != code:
        return _wrong_specialty(text, found, specialty, code)
    year = int(match["year"])
    if not 1990 <= year <= today.year:
        return _problem(
            "reason.number.certificate_year", text=text, year=year, this_year=today.year
        )
    return None


def seal_number_problem(
    text: str, specialty: Specialty, rules: RulesConfig
) -> NumberProblem | None:
    """None when ``text`` is a seal number of ``specialty``, else the reason."""
    code = rules.spec_code(specialty)
    found, rest = _split(text, specialty, rules)
    if found is None or _SEAL_REST.fullmatch(rest) is None:
        return _problem("reason.number.seal_form", text=text, example=f"晋{code}-201500123")
    if found != code:
        return _wrong_specialty(text, found, specialty, code)
    return None
