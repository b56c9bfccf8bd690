"""Application numbers: layout, Damm check digit, parsing errors.

Published vector: ``572`` has the Damm check digit ``4`` (the worked example of
H. M. Damm's algorithm, recomputed by hand through the quasigroup table: interim
0 -> 9 (row 0, col 5) -> 1 (row 9, col 7) -> 4 (row 1, col 2)), so ``5724`` is valid.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regsync.core.errors import InvalidValue
from regsync.core.model import ApplicationKind
from regsync.core.numbering import (
    LENGTH,
    ApplicationNumber,
    damm_check_digit,
    damm_valid,
    make_number,
    parse_number,
)

DIGITS = "0123456789"
CITY_CODES = st.text(DIGITS, min_size=6, max_size=6)
YEARS = st.integers(min_value=2000, max_value=2099)
KINDS = st.sampled_from(ApplicationKind)
ENTERPRISE_NUMBERS = st.text(DIGITS, min_size=4, max_size=4)
SEQUENCES = st.integers(min_value=1, max_value=9999)
PARTS = st.builds(
    ApplicationNumber,
    city_code=CITY_CODES,
    year=YEARS,
    kind=KINDS,
    enterprise_number=ENTERPRISE_NUMBERS,
    sequence=SEQUENCES,
)
BODIES = st.text(DIGITS, min_size=17, max_size=17)


def number_of(parts: ApplicationNumber) -> str:
    return make_number(
        city_code=parts.city_code,
        year=parts.year,
        kind=parts.kind,
        enterprise_number=parts.enterprise_number,
        sequence=parts.sequence,
    )


def reference_check_digit(digits: str) -> str:
    """Damm from its defining property: the one digit that makes the whole string valid."""
    (check,) = (c for c in DIGITS if damm_check_digit(digits + c) == "0")
    return check


def sample_number() -> str:
    return make_number(
        city_code="140100",
        year=2024,
        kind=ApplicationKind.INITIAL,
        enterprise_number="0001",
        sequence=1,
    )


def field_of(exc: pytest.ExceptionInfo[InvalidValue]) -> object:
    return exc.value.params["field"]


# --- published vectors ---------------------------------------------------------------


def test_damm_published_example() -> None:
    assert damm_check_digit("572") == "4"
    assert damm_valid("5724")
    assert not damm_valid("5723")
    assert not damm_valid("5274")  # the transposition of 7 and 2


@given(st.text(DIGITS, min_size=1, max_size=30))
def test_check_digit_agrees_with_a_reference_formulation(digits: str) -> None:
    assert damm_check_digit(digits) == reference_check_digit(digits)


# --- layout and round trip -----------------------------------------------------------


def test_layout() -> None:
    number = make_number(
        city_code="140500",
        year=2026,
        kind=ApplicationKind.RENEWAL,
        enterprise_number="0427",
        sequence=35,
    )
    assert len(number) == LENGTH == 18
    assert number.isascii()
    assert number.isdigit()
    assert number[:6] == "140500"
    assert number[6:8] == "26"
    assert number[8] == "3"  # position 9: initial 1, change 2, renewal 3, ...
    assert number[9:13] == "0427"
    assert number[13:17] == "0035"
    assert number[17] == damm_check_digit(number[:17])


@pytest.mark.parametrize(
    ("kind", "digit"),
    [
        (ApplicationKind.INITIAL, "1"),
        (ApplicationKind.CHANGE, "2"),
        (ApplicationKind.RENEWAL, "3"),
        (ApplicationKind.AMEND_REISSUE, "4"),
        (ApplicationKind.CANCELLATION, "5"),
    ],
)
def test_kind_digit(kind: ApplicationKind, digit: str) -> None:
    number = make_number(
        city_code="140100", year=2024, kind=kind, enterprise_number="0001", sequence=1
    )
    assert number[8] == digit
    assert parse_number(number).kind is kind


@given(PARTS)
def test_round_trip(parts: ApplicationNumber) -> None:
    number = number_of(parts)
    assert len(number) == LENGTH
    assert number.isdigit()
    assert damm_valid(number)
    assert parse_number(number) == parts
    assert str(parse_number(number)) == number


def test_parse_ignores_surrounding_whitespace() -> None:
    number = sample_number()
    assert parse_number(f"  {number}\n") == parse_number(number)


# --- error detection -------------------------------------------------------------------


@given(PARTS)
def test_every_single_digit_substitution_is_rejected(parts: ApplicationNumber) -> None:
    number = number_of(parts)
    for i, original in enumerate(number):
        for digit in DIGITS:
            if digit == original:
                continue
            wrong = number[:i] + digit + number[i + 1 :]
            with pytest.raises(InvalidValue) as exc:
                parse_number(wrong, field="--number")
            assert field_of(exc) == "--number"


def transpositions(number: str) -> list[str]:
    return [
        number[:i] + number[i + 1] + number[i] + number[i + 2 :]
        for i in range(len(number) - 1)
        if number[i] != number[i + 1]
    ]


@given(PARTS)
def test_every_adjacent_transposition_is_rejected(parts: ApplicationNumber) -> None:
    number = number_of(parts)
    for wrong in transpositions(number):
        with pytest.raises(InvalidValue):
            parse_number(wrong)


def test_the_transposition_that_mod_11_10_missed_is_caught() -> None:
    # MOD 11,10, the first choice, accepted both of these bodies' numbers.
    body = "38675650889957903"
    number = body + damm_check_digit(body)
    swapped = "38676550889957903" + number[-1]
    assert damm_valid(number)
    assert not damm_valid(swapped)


# --- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "14010024100010001",  # 17 digits
        "1401002410001000120",  # 19 digits
        "14010024100010001A",
        "1401002410001O0012",  # letter O for zero
        "140100-24-1-0001-0001-2",
    ],
)
def test_parse_rejects_wrong_length_or_letters(text: str) -> None:
    with pytest.raises(InvalidValue, match="barcode") as exc:
        parse_number(text, field="barcode")
    assert field_of(exc) == "barcode"
    assert "18 digits" in exc.value.message("en")


def test_parse_names_the_default_field() -> None:
    with pytest.raises(InvalidValue) as exc:
        parse_number("12345")
    assert field_of(exc) == "number"
    assert exc.value.message("en").startswith("application number (number) ")
    assert exc.value.message("zh").startswith("申请编号 ")


@pytest.mark.parametrize("kind_digit", ["0", "6", "7", "8", "9"])
def test_parse_rejects_an_unknown_kind_digit(kind_digit: str) -> None:
    body = "14010024" + kind_digit + "00010001"
    with pytest.raises(InvalidValue, match="kind digit") as exc:
        parse_number(body + damm_check_digit(body))
    assert field_of(exc) == "number"


@pytest.mark.parametrize("sequence", [0, -1, 10000, 123456])
def test_make_rejects_a_sequence_out_of_range(sequence: int) -> None:
    with pytest.raises(InvalidValue, match="sequence") as exc:
        make_number(
            city_code="140100",
            year=2024,
            kind=ApplicationKind.INITIAL,
            enterprise_number="0001",
            sequence=sequence,
        )
    assert field_of(exc) == "sequence"


@pytest.mark.parametrize("enterprise_number", ["12a4", "123", "12345", "", " 123"])
def test_make_rejects_a_bad_enterprise_number(enterprise_number: str) -> None:
    with pytest.raises(InvalidValue, match="enterprise_number") as exc:
        make_number(
            city_code="140100",
            year=2024,
            kind=ApplicationKind.INITIAL,
            enterprise_number=enterprise_number,
            sequence=1,
        )
    assert field_of(exc) == "enterprise_number"
    assert "four digits" in exc.value.message("en")


def test_sequence_bounds_are_inclusive() -> None:
    for sequence in (1, 9999):
        number = make_number(
            city_code="140100",
            year=2024,
            kind=ApplicationKind.CHANGE,
            enterprise_number="0001",
            sequence=sequence,
        )
        assert parse_number(number).sequence == sequence


# --- malformed parts -------------------------------------------------------------------


def test_make_rejects_a_bad_city_code() -> None:
    with pytest.raises(InvalidValue):
        make_number(
            city_code="14010",
            year=2024,
            kind=ApplicationKind.INITIAL,
            enterprise_number="0001",
            sequence=1,
        )


def test_full_width_digits_are_rejected() -> None:
    with pytest.raises(InvalidValue):
        make_number(
            city_code="140100",
            year=2024,
            kind=ApplicationKind.INITIAL,
            enterprise_number="１２３４",
            sequence=1,
        )
    with pytest.raises(InvalidValue):
        parse_number("140100241１２３４00014")
