"""USCC (GB 32100-2015) and organisation code (GB 11714) checks.

Every vector below was verified by computing its check characters before use.

USCC (alphabet 0-9 A-H J-N P Q R T U W X Y, weights 1 3 9 27 19 26 16 17 20 29 25
13 8 24 10 30 28, check alphabet[(31 - sum % 31) % 31]):

- ``91350100M000100Y43``: the example of GB 32100-2015 (附录): sum = 1640,
  1640 % 31 = 28, 31 - 28 = 3 -> "3"; its embedded
  organisation code ``M000100Y4`` also passes GB 11714.
- ``914403001922038216``: 华为技术有限公司, as listed on its Wikipedia page.
- ``91440300708461136T``: 深圳市腾讯计算机系统有限公司, as published on its licence.
- ``91110108551385082Q``: 小米科技有限责任公司, as published on its licence.
- ``91330100716105852F``: 阿里巴巴（中国）有限公司, as published on its licence.

Organisation codes (weights 3 7 9 10 5 8 4 2, A=10 ... Z=35, 11 - sum % 11,
10 -> X, 11 -> 0):

- ``D2143569-X``: the example of GB 11714-1997 (附录); sum = 199, 199 % 11 = 1,
  11 - 1 = 10 -> X.
- ``12345678-8``: a test vector used by several public validators; sum = 201,
  201 % 11 = 3, 11 - 3 = 8.
- ``M000100Y4`` and ``192203821``: the codes embedded in the first two USCCs.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regsync.core.checks.cities import CITY_NAMES, SHANXI_CITIES, city_name, require_city
from regsync.core.checks.codes import (
    USCC_ALPHABET,
    UsccInfo,
    org_code_check_char,
    org_code_messages,
    parse_org_code,
    parse_uscc,
    uscc_check_char,
    uscc_messages,
)
from regsync.core.checks.messages import Severity
from regsync.core.errors import InvalidOrgCode, InvalidUscc, UnknownCity

GB_USCC = "91350100M000100Y43"
REAL_USCCS = [
    GB_USCC,
    "914403001922038216",
    "91440300708461136T",
    "91110108551385082Q",
    "91330100716105852F",
]
GB_ORG_CODE = "D2143569-X"
ORG_CHECK_CHARS = "0123456789X"


def make_uscc(prefix8: str, org8: str) -> str:
    """A USCC with both check characters computed (org body from digits/letters)."""
    first17 = prefix8 + org8 + org_code_check_char(org8)
    return first17 + uscc_check_char(first17)


# --- USCC vectors ------------------------------------------------------------------


def test_gb_32100_example() -> None:
    assert uscc_check_char(GB_USCC[:17]) == "3"
    assert parse_uscc(GB_USCC) == UsccInfo(
        code=GB_USCC, org_code="M000100Y4", checksum_ok=True, org_code_ok=True
    )


@pytest.mark.parametrize("code", REAL_USCCS)
def test_real_codes_pass_both_checks(code: str) -> None:
    assert uscc_check_char(code[:17]) == code[17]
    info = parse_uscc(code)
    assert info.checksum_ok
    assert info.org_code_ok
    assert uscc_messages(code, field="uscc") == []


def test_uscc_is_normalised_to_upper_case_without_spaces() -> None:
    assert parse_uscc(" 9135 0100 m000 100y 43 ").code == GB_USCC


@pytest.mark.parametrize("value", ["", "91350100M000100Y4", "91350100M000100Y433"])
def test_uscc_wrong_length_is_a_hard_error(value: str) -> None:
    with pytest.raises(InvalidUscc, match=f"18 characters, not {len(value)}"):
        parse_uscc(value)


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V", "-", "é"])
def test_uscc_characters_outside_the_alphabet_are_a_hard_error(letter: str) -> None:
    value = GB_USCC[:10] + letter + GB_USCC[11:]
    with pytest.raises(InvalidUscc) as exc:
        parse_uscc(value, field="enterprise_uscc")
    assert letter.upper() in str(exc.value.params["reason_en"])
    assert exc.value.params["field"] == "enterprise_uscc"


def test_uscc_check_mismatch_is_a_warning_needing_manual_confirmation() -> None:
    value = GB_USCC[:17] + "4"
    info = parse_uscc(value)  # no exception: early codes may be non-conforming
    assert not info.checksum_ok
    assert info.org_code_ok
    [message] = uscc_messages(value, field="enterprise_uscc")
    assert message.code == "uscc.checksum"
    assert message.severity is Severity.WARNING
    assert message.field == "enterprise_uscc"
    assert "应为 3，实为 4" in message.zh
    assert "需人工确认" in message.zh
    assert "manual confirmation" in message.en


def test_embedded_org_code_mismatch_is_also_a_warning() -> None:
    # Change the org code's check character (position 17) and recompute the USCC
    # check, so that only the embedded code is wrong.
    first17 = GB_USCC[:16] + "5"
    value = first17 + uscc_check_char(first17)
    info = parse_uscc(value)
    assert info.checksum_ok
    assert not info.org_code_ok
    [message] = uscc_messages(value, field="uscc")
    assert message.code == "uscc.org_code_checksum"
    assert message.severity is Severity.WARNING
    assert "M000100Y5" in message.en
    assert "should end in 4" in message.en


def test_both_warnings_when_both_checks_fail() -> None:
    codes = [m.code for m in uscc_messages(GB_USCC[:16] + "55", field="uscc")]
    assert codes == ["uscc.checksum", "uscc.org_code_checksum"]


def test_uscc_hard_error_message() -> None:
    [message] = uscc_messages("9135", field="uscc")
    assert message.code == "uscc.invalid"
    assert message.severity is Severity.ERROR
    assert "“9135”" in message.zh


def test_uscc_check_char_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="17 characters"):
        uscc_check_char("91350100M000100Y")
    with pytest.raises(ValueError, match="17 characters"):
        uscc_check_char("91350100M000100I4")


# --- USCC properties -------------------------------------------------------------

prefixes = st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8)
# The embedded org code body uses only characters that are in both alphabets.
org_bodies = st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8)


@given(prefixes, org_bodies)
def test_generated_uscc_passes(prefix: str, org: str) -> None:
    value = make_uscc(prefix, org)
    # The org check may be "X", which is in the USCC alphabet; any other is a digit.
    assert parse_uscc(value) == UsccInfo(
        code=value, org_code=value[8:17], checksum_ok=True, org_code_ok=True
    )


@given(prefixes, org_bodies, st.integers(0, 17), st.integers(1, 30))
def test_every_single_character_change_fails_the_uscc_check(
    prefix: str, org: str, position: int, shift: int
) -> None:
    value = make_uscc(prefix, org)
    new = USCC_ALPHABET[(USCC_ALPHABET.index(value[position]) + shift) % 31]
    mutated = value[:position] + new + value[position + 1 :]
    assert not parse_uscc(mutated).checksum_ok


@given(prefixes, org_bodies, st.integers(0, 16))
def test_adjacent_transposition_fails_the_uscc_check(prefix: str, org: str, position: int) -> None:
    value = make_uscc(prefix, org)
    a, b = value[position], value[position + 1]
    if a == b:
        return
    swapped = value[:position] + b + a + value[position + 2 :]
    assert not parse_uscc(swapped).checksum_ok


# --- organisation codes ------------------------------------------------------------


def test_gb_11714_example() -> None:
    assert org_code_check_char("D2143569") == "X"
    assert parse_org_code(GB_ORG_CODE) == "D2143569X"
    assert parse_org_code("d2143569x") == "D2143569X"
    assert parse_org_code(" D2143569 - X ") == "D2143569X"


@pytest.mark.parametrize("code", ["12345678-8", "M000100Y4", "192203821"])
def test_other_org_code_vectors(code: str) -> None:
    assert parse_org_code(code) == code.replace("-", "")
    assert org_code_messages(code, field="org_code") == []


def test_check_value_11_is_written_0() -> None:
    # sum = 11 * k makes 11 - 0 = 11, written "0": "00000000" sums to 0.
    assert org_code_check_char("00000000") == "0"
    assert parse_org_code("00000000-0") == "000000000"


def test_org_code_wrong_check_is_an_error_naming_the_expected_one() -> None:
    with pytest.raises(InvalidOrgCode) as exc:
        parse_org_code("D2143569-1", field="enterprise_org_code")
    assert exc.value.params["reason_en"] == "the check character should be X, not 1"
    assert exc.value.params["field"] == "enterprise_org_code"


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ("D2143569", "9 characters"),
        ("D2143569-XX", "9 characters"),
        ("D21-43569X", "9 characters"),
        ("D214356#X", "found #"),
        ("D2143569Y", "should be X, not Y"),
    ],
)
def test_org_code_form_errors(value: str, match: str) -> None:
    with pytest.raises(InvalidOrgCode, match=match):
        parse_org_code(value)


def test_org_code_messages() -> None:
    [message] = org_code_messages("D2143569-1", field="org_code")
    assert message.code == "org_code.invalid"
    assert message.severity is Severity.ERROR
    assert "校验码应为 X，实为 1" in message.zh


def test_org_code_check_char_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="8 digits"):
        org_code_check_char("D214356")
    with pytest.raises(ValueError, match="8 digits"):
        org_code_check_char("d2143569")


org_digit_bodies = st.text(alphabet="0123456789", min_size=8, max_size=8)


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=8, max_size=8))
def test_generated_org_code_passes(body: str) -> None:
    code = body + org_code_check_char(body)
    assert parse_org_code(code[:8] + "-" + code[8]) == code


@given(org_digit_bodies, st.integers(0, 8), st.integers(1, 10))
def test_single_digit_change_fails_the_org_check(body: str, position: int, shift: int) -> None:
    # Only digits: letters count 10-35, so two letters 11 apart (A and L) can collide
    # modulo 11; GB 11714 guarantees detection only for digit errors.
    code = body + org_code_check_char(body)
    alphabet = ORG_CHECK_CHARS if position == 8 else ORG_CHECK_CHARS[:10]
    new = alphabet[(alphabet.index(code[position]) + shift) % len(alphabet)]
    if new == code[position]:
        return
    mutated = code[:position] + new + code[position + 1 :]
    with pytest.raises(InvalidOrgCode):
        parse_org_code(mutated)


@given(org_digit_bodies, st.integers(0, 7))
def test_adjacent_digit_transposition_fails_the_org_check(body: str, position: int) -> None:
    code = body + org_code_check_char(body)
    a, b = code[position], code[position + 1]
    if a == b or not (a.isdigit() and b.isdigit()):
        return
    swapped = code[:position] + b + a + code[position + 2 :]
    with pytest.raises(InvalidOrgCode):
        parse_org_code(swapped)


# --- Shanxi city codes (GB/T 2260, as listed in DESIGN §3) ----------------------------


def test_the_eleven_shanxi_cities() -> None:
    assert dict(CITY_NAMES) == {
        "140100": "太原",
        "140200": "大同",
        "140300": "阳泉",
        "140400": "长治",
        "140500": "晋城",
        "140600": "朔州",
        "140700": "晋中",
        "140800": "运城",
        "140900": "忻州",
        "141000": "临汾",
        "141100": "吕梁",
    }
    assert all(code == city.code for code, city in SHANXI_CITIES.items())


def test_city_names_in_both_languages() -> None:
    assert city_name("140100") == "太原"
    assert city_name("140100", "en") == "Taiyuan"
    assert city_name("141100", "en") == "Lüliang"


def test_require_city_returns_the_code_without_spaces() -> None:
    assert require_city(" 140700 ") == "140700"


@pytest.mark.parametrize("code", ["", "110000", "140000", "141200", "1401"])
def test_unknown_city_lists_the_known_ones(code: str) -> None:
    with pytest.raises(UnknownCity) as exc:
        require_city(code, field="enterprise_city")
    assert exc.value.params["field"] == "enterprise_city"
    assert "140100 太原" in exc.value.message("zh")
    assert "141100 吕梁" in exc.value.message("en")
    with pytest.raises(UnknownCity):
        city_name(code)
