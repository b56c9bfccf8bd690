"""身份证号 checks (GB 11643-1999).

Vectors, each verified by computing the check character by hand (weights
7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, "10X98765432"[sum % 11]) before use:

- ``11010519491231002X``: the worked example of GB 11643-1999 (Beijing 朝阳区,
  born 1949-12-31, sequence 002: female); sum = 167, 167 % 11 = 2 -> "X".
- ``110105491231002``: the same person's 15-digit number, which must upgrade to the
  example above.
- ``440524188001010014``: the example quoted by the Chinese Wikipedia article on the
  resident identity card (born 1880-01-01, sequence 001: male); check "4".
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regsync.core.checks.identity import (
    IdNumberInfo,
    id_number_check_digit,
    id_number_messages,
    parse_id_number,
)
from regsync.core.checks.messages import Severity
from regsync.core.errors import InvalidIdNumber
from regsync.core.model import Gender

TODAY = dt.date(2024, 6, 1)
GB_EXAMPLE = "11010519491231002X"
WIKI_EXAMPLE = "440524188001010014"
CHECK_CHARS = "0123456789X"


def make_id(region: str, birth: dt.date, sequence: str) -> str:
    first17 = region + birth.strftime("%Y%m%d") + sequence
    return first17 + id_number_check_digit(first17)


def reason(exc: pytest.ExceptionInfo[InvalidIdNumber]) -> str:
    return str(exc.value.params["reason_en"])


# --- published vectors -----------------------------------------------------------


def test_gb_11643_example() -> None:
    assert id_number_check_digit(GB_EXAMPLE[:17]) == "X"
    assert parse_id_number(GB_EXAMPLE, today=TODAY) == IdNumberInfo(
        number=GB_EXAMPLE,
        birth_date=dt.date(1949, 12, 31),
        gender=Gender.FEMALE,
        region="110105",
    )


def test_wikipedia_example_male_born_1880() -> None:
    info = parse_id_number(WIKI_EXAMPLE, today=TODAY)
    assert info.birth_date == dt.date(1880, 1, 1)
    assert info.gender is Gender.MALE
    assert info.region == "440524"


def test_lowercase_x_and_surrounding_spaces_are_normalised() -> None:
    info = parse_id_number("  11010519491231002x ", today=TODAY)
    assert info.number == GB_EXAMPLE


def test_legacy_15_digit_number_is_upgraded() -> None:
    info = parse_id_number("110105491231002", today=TODAY)
    assert info.number == GB_EXAMPLE
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.gender is Gender.FEMALE


def test_legacy_15_digit_gender_comes_from_its_last_digit() -> None:
    assert parse_id_number("140105800517123", today=TODAY).gender is Gender.MALE
    assert parse_id_number("140105800517124", today=TODAY).gender is Gender.FEMALE


def test_legacy_15_digit_number_with_bad_date_or_letter_is_refused() -> None:
    with pytest.raises(InvalidIdNumber, match="19491331 is not a real date"):
        parse_id_number("110105491331002", today=TODAY)
    with pytest.raises(InvalidIdNumber, match="position 15 is 'X'"):
        parse_id_number("11010549123100X", today=TODAY)


# --- precise reasons ---------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "1101051949123100", "11010519491231002X1", "1234567"])
def test_wrong_length(value: str) -> None:
    with pytest.raises(InvalidIdNumber, match=f"it has {len(value)} characters"):
        parse_id_number(value, today=TODAY)


def test_non_digit_in_first_17_names_the_position() -> None:
    with pytest.raises(InvalidIdNumber) as exc:
        parse_id_number("1101051949A231002X", today=TODAY)
    assert "position 11 is 'A'" in reason(exc)
    assert "第 11 位" in exc.value.message("zh")


def test_full_width_digits_are_not_digits() -> None:
    # "１" (U+FF11) passes str.isdigit(); an ID number is ASCII only.
    with pytest.raises(InvalidIdNumber, match="position 1"):
        parse_id_number("１1010519491231002X", today=TODAY)


def test_bad_last_character() -> None:
    with pytest.raises(InvalidIdNumber, match="last character must be a digit or X, not 'Y'"):
        parse_id_number("11010519491231002Y", today=TODAY)


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490000", "00000101", "20230229"])
def test_impossible_birth_date(birth: str) -> None:
    first17 = "110105" + birth + "002"
    value = first17 + id_number_check_digit(first17)
    with pytest.raises(InvalidIdNumber, match=f"{birth} is not a real date"):
        parse_id_number(value, today=TODAY)


def test_leap_day_is_a_real_date() -> None:
    value = make_id("140105", dt.date(2000, 2, 29), "123")
    assert parse_id_number(value, today=TODAY).birth_date == dt.date(2000, 2, 29)


def test_birth_date_in_the_future_is_refused_and_today_is_accepted() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    with pytest.raises(InvalidIdNumber, match="2024-06-02 is after today"):
        parse_id_number(make_id("140105", tomorrow, "123"), today=TODAY)
    assert parse_id_number(make_id("140105", TODAY, "123"), today=TODAY).birth_date == TODAY


def test_wrong_check_character_names_the_expected_one() -> None:
    with pytest.raises(InvalidIdNumber) as exc:
        parse_id_number("110105194912310021", today=TODAY)
    assert reason(exc) == "the check character should be X, not 1"
    assert "校验码应为 X，实为 1" in exc.value.message("zh")
    assert exc.value.params["field"] == "id_number"


def test_error_keeps_the_field_and_the_value_as_typed() -> None:
    with pytest.raises(InvalidIdNumber) as exc:
        parse_id_number(" 110105194912310021", today=TODAY, field="person_id_number")
    assert exc.value.params["field"] == "person_id_number"
    assert exc.value.params["value"] == " 110105194912310021"


@pytest.mark.parametrize("first17", ["", "1234567890123456", "1101051949123100A"])
def test_check_digit_needs_17_digits(first17: str) -> None:
    with pytest.raises(ValueError, match="expected 17 digits"):
        id_number_check_digit(first17)


def test_messages() -> None:
    assert id_number_messages(GB_EXAMPLE, today=TODAY, field="person_id_number") == []
    [message] = id_number_messages("110105194912310021", today=TODAY, field="person_id_number")
    assert message.code == "id_number.invalid"
    assert message.severity is Severity.ERROR
    assert message.field == "person_id_number"
    assert "110105194912310021" in message.zh
    assert "should be X" in message.en


# --- properties ------------------------------------------------------------------

regions = st.text(alphabet="0123456789", min_size=6, max_size=6)
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
sequences = st.text(alphabet="0123456789", min_size=3, max_size=3)


@given(regions, births, sequences)
def test_any_number_with_computed_check_parses(region: str, birth: dt.date, seq: str) -> None:
    value = make_id(region, birth, seq)
    info = parse_id_number(value, today=TODAY)
    assert info.number == value
    assert info.birth_date == birth
    assert info.region == region
    assert info.gender is (Gender.MALE if int(seq[-1]) % 2 else Gender.FEMALE)


@given(regions, births, sequences, st.integers(0, 17), st.integers(1, 10))
def test_every_single_character_change_is_detected(
    region: str, birth: dt.date, seq: str, position: int, shift: int
) -> None:
    value = make_id(region, birth, seq)
    # The check position may hold 0-9 or X; the others 0-9 only.
    alphabet = CHECK_CHARS if position == 17 else CHECK_CHARS[:10]
    old = alphabet.index(value[position])
    new = alphabet[(old + shift) % len(alphabet)]
    if new == value[position]:  # shift == len(alphabet) for the digit positions
        return
    mutated = value[:position] + new + value[position + 1 :]
    with pytest.raises(InvalidIdNumber):
        parse_id_number(mutated, today=TODAY)


@given(regions, births, sequences, st.integers(0, 16))
def test_swapping_adjacent_different_digits_is_detected(
    region: str, birth: dt.date, seq: str, position: int
) -> None:
    value = make_id(region, birth, seq)
    a, b = value[position], value[position + 1]
    if a == b or not (a.isdigit() and b.isdigit()):
        return
    swapped = value[:position] + b + a + value[position + 2 :]
    with pytest.raises(InvalidIdNumber):
        parse_id_number(swapped, today=TODAY)


@given(regions, st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31)))
def test_upgrade_of_15_digits_matches_the_18_digit_form(region: str, birth: dt.date) -> None:
    legacy = region + birth.strftime("%y%m%d") + "357"
    assert parse_id_number(legacy, today=TODAY).number == make_id(region, birth, "357")
