"""core.text_rules and the 计算机核查 of implausible dates and hours (issue 18, item 4)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from regsync.core.checks.plausibility import (
    check_ce_hours_range,
    check_performance_periods,
    check_qualification_date,
)
from regsync.core.config import RulesConfig
from regsync.core.errors import InvalidDate, InvalidText
from regsync.core.model import Application, PerformanceRecord, Person
from regsync.core.text_rules import (
    FIELD_LIMITS,
    MAX_CE_HOURS,
    check_dates,
    clean_text,
    clean_texts,
    limit_of,
    record_problems,
)
from tests.test_checks_application import PERFORMANCE, application, ce, check, facts, only

TODAY = dt.date(2024, 6, 1)
# A font covering ASCII and a few CJK characters, as the document adapter would pass it.
GLYPHS = frozenset(ord(c) for c in " abcdefghijklmnopqrstuvwxyz0123456789王李四张三（）-\n")


def _refusal(field: str, text: str, record_type: type = Person) -> InvalidText:
    with pytest.raises(InvalidText) as caught:
        clean_text(record_type, field, text, GLYPHS)
    return caught.value


def test_text_is_stored_nfc_and_trimmed() -> None:
    decomposed = "  e\u0301 "  # e + combining acute: NFC makes it one character
    assert clean_text(Person, "name", decomposed) == "\u00e9"
    assert clean_text(Application, "reason", "李四\r\n王") == "李四\n王"


@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("\x07", "U+0007"),
        ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("\u2028", "U+2028 LINE SEPARATOR"),
    ],
)
def test_control_zero_width_and_bidi_characters_are_refused_by_name(char: str, named: str) -> None:
    err = _refusal("name", f"王{char}四")
    assert err.params["field"] == "name"
    assert named in err.message("zh")
    assert named in err.message("en")
    assert "控制字符" in err.message("zh")
    assert "control character" in err.message("en")


def test_newlines_only_in_multiline_fields() -> None:
    err = _refusal("project_name", "李\n四", PerformanceRecord)
    assert "换行" in err.message("zh")
    assert "one line" in err.message("en")
    assert err.params["field"] == "project_name"
    assert clean_text(Application, "reason", "李四\n王", GLYPHS) == "李四\n王"


def test_characters_outside_the_font_are_refused_by_name() -> None:
    for text, named in (("王\U00020000", "U+20000"), ("李四\U0001f600", "U+1F600")):
        err = _refusal("name", text)
        assert named in err.message("zh")
        assert named in err.message("en")
        assert "字体" in err.message("zh")
        assert "font" in err.message("en")
    # Without a coverage set (no font on the machine) only the font rule is skipped.
    assert clean_text(Person, "name", "王\U00020000") == "王\U00020000"


def test_lengths_are_bounded_per_field() -> None:
    limit = limit_of(Person, "name").chars
    assert clean_text(Person, "name", "王" * limit, GLYPHS) == "王" * limit
    err = _refusal("name", "王" * (limit + 1))
    assert str(limit) in err.message("zh")
    assert str(limit) in err.message("en")
    assert limit_of(PerformanceRecord, "project_name").chars > limit
    assert all(lim.chars > 0 for lim in FIELD_LIMITS.values())


def test_clean_texts_leaves_non_text_alone_and_bounds_hours() -> None:
    values = {"name": " 王 ", "qualification_date": dt.date(2020, 1, 1)}
    assert clean_texts(Person, values, GLYPHS) == {
        "name": "王",
        "qualification_date": dt.date(2020, 1, 1),
    }
    assert clean_texts(Application, {"ce_elective_hours": 0})["ce_elective_hours"] == 0
    for hours in (-1, MAX_CE_HOURS + 1):
        with pytest.raises(InvalidText, match="ce_compulsory_hours"):
            clean_texts(Application, {"ce_compulsory_hours": hours})


def _person(**changes: object) -> Person:
    base = Person(id_number="x", name="王", gender="male", birth_date=dt.date(1980, 1, 1))
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_dates_in_plausible_ranges() -> None:
    check_dates(_person(qualification_date=TODAY), TODAY)
    with pytest.raises(InvalidDate) as future:
        check_dates(_person(qualification_date=dt.date(2099, 1, 1)), TODAY)
    assert "2099-01-01" in future.value.message("zh")
    assert "after today" in future.value.message("en")
    with pytest.raises(InvalidDate, match="birth_date"):
        check_dates(_person(birth_date=dt.date(1850, 1, 1)), TODAY)
    perf = dataclasses.replace(
        PERFORMANCE, start_date=dt.date(2023, 5, 1), end_date=dt.date(2023, 4, 30)
    )
    with pytest.raises(InvalidDate, match="end_date") as order:
        check_dates(perf, TODAY)
    assert "早于开始日期" in order.value.message("zh")
    late = dataclasses.replace(
        PERFORMANCE, start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 1, 1)
    )
    with pytest.raises(InvalidDate, match="end_date"):
        check_dates(late, TODAY)
    check_dates(late, None)  # no today known: only the order is checked


def test_record_problems_name_every_unprintable_field() -> None:
    bad = _person(name="王\u202e", school="\U0001f600", photo="\u202e not text")
    fields = [p.field for p in record_problems(bad, GLYPHS)]
    assert fields == ["name", "school"]  # the photo is base64 data, not text
    assert list(record_problems(_person(name="王"), GLYPHS)) == []


# --- 计算机核查 of data that arrived by sync ---------------------------------------


def test_check_flags_a_qualification_date_in_2099() -> None:
    f = facts(application(qualification_date=dt.date(2099, 1, 1)))
    assert [m.code for m in check_qualification_date(f, RulesConfig())] == [
        "application.qualification_date_future"
    ]
    codes = [m.code for m in check(f)]
    assert "application.qualification_date_future" in codes
    message = next(m for m in check(f) if m.code == "application.qualification_date_future")
    assert "2099-01-01" in message.zh
    assert "2099-01-01" in message.en


def test_check_flags_a_performance_period_ending_before_it_starts() -> None:
    perf = dataclasses.replace(
        PERFORMANCE, start_date=dt.date(2023, 5, 1), end_date=dt.date(2022, 5, 1)
    )
    message = only(facts(performance=(perf,)), "application.performance_period_order")
    assert message.field == "end_date"
    assert "2022-05-01" in message.zh
    assert "2023-05-01" in message.en
    future = dataclasses.replace(PERFORMANCE, end_date=dt.date(2030, 1, 1))
    assert [
        m.code for m in check_performance_periods(facts(performance=(future,)), RulesConfig())
    ] == ["application.performance_period_future"]


def test_check_flags_negative_ce_hours_declared_or_recorded() -> None:
    declared = facts(application(ce_compulsory_hours=-5))
    found = check_ce_hours_range(declared, RulesConfig())
    assert [m.field for m in found] == ["ce_compulsory_hours"]
    assert "-5" in found[0].zh
    assert "-5" in found[0].en
    recorded = facts(continuing_education=(ce(-1, 10, dt.date(2023, 1, 1)),))
    assert [m.field for m in check_ce_hours_range(recorded, RulesConfig())] == ["compulsory_hours"]
    assert "application.ce_hours_range" in [m.code for m in check(recorded)]
    assert check_ce_hours_range(facts(), RulesConfig()) == []


def test_an_exam_sheet_row_with_a_bidi_name_is_named_by_row_and_column() -> None:
    from regsync.core.usecases.filings import parse_rows
    from tests.test_queries import IDS

    rows = [
        ("李\u202e四", IDS[0], "二级注册建筑师", 2025, "建筑设计", 70, "合格"),
        ("李四", IDS[0], "二级注册建筑师", 2025, "建筑设计\u200b", 70, "合格"),
        ("李四", IDS[0], "二级注册建筑师", 2025, "建筑设计", 70, "合格"),
    ]
    good, bad = parse_rows(rows, today=dt.date(2026, 11, 27))
    assert [line.name for line in good] == ["李四"]
    assert [(e.row, e.column) for e in bad] == [(2, "姓名"), (3, "科目")]
    assert "U+202E" in str(bad[0])
    assert "U+200B" in str(bad[1])


def test_check_names_text_the_form_could_not_hold() -> None:
    from tests.test_checks_application import person

    f = facts(person=person(school="太原\u202e理工"))
    message = only(f, "application.text_unprintable")
    assert message.field == "school"
    assert "U+202E" in message.zh
    assert "U+202E" in message.en
    long = facts(application(reason="某" * 301))
    assert "application.text_unprintable" in [m.code for m in check(long)]


def test_a_multi_line_box_bounds_its_lines_as_well_as_its_characters() -> None:
    limit = limit_of(Application, "reason")
    fits = "\n".join(["王"] * limit.lines)
    assert clean_text(Application, "reason", fits, GLYPHS) == fits
    err = _refusal("reason", fits + "\n王", Application)
    assert f"{limit.lines + 1} 行" in err.message("zh")
    assert f"{limit.lines + 1} lines" in err.message("en")
