"""The printed barcode: application number + content digest + check digit (pure)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regsync.core.barcodes import (
    BARCODE_LENGTH,
    content_digest,
    make_barcode,
    parse_barcode,
)
from regsync.core.errors import InvalidValue
from regsync.core.model import Application, PerformanceRecord
from regsync.core.numbering import make_number

NUMBER = "140100261000100017"


def _app(**changes: object) -> Application:
    base = Application(
        number=NUMBER,
        kind="initial",
        specialty="architect",
        person_id_number="14010019800101001X",
        person_name="李四",
        enterprise_uscc="91140100MA0GRP138M",
        enterprise_name="太原市建筑设计研究院",
        city_code="140100",
        created_on=dt.date(2026, 11, 27),
    )
    return base.replace(**changes)


PERF = PerformanceRecord(
    id="P1", application_number=NUMBER, project_name="太原市某住宅小区", role="专业负责人"
)


def test_number_is_valid_and_barcode_is_28_even_digits() -> None:
    barcode = make_barcode(NUMBER, content_digest(_app(), [PERF]))
    assert len(barcode) == BARCODE_LENGTH == 28
    assert barcode.isdigit()
    assert barcode.startswith(NUMBER)
    scanned = parse_barcode(barcode)
    assert (scanned.number, scanned.digest) == (NUMBER, barcode[18:27])


@pytest.mark.parametrize(
    "change",
    [
        {"person_name": "李五"},
        {"enterprise_name": "太原市建筑设计研究院有限公司"},
        {"qualification_date": dt.date(2025, 6, 30)},
        {"ce_compulsory_hours": 40},
        {"reason": "遗失补办"},
    ],
)
def test_digest_changes_with_printed_content(change: dict[str, object]) -> None:
    assert content_digest(_app(**change), [PERF]) != content_digest(_app(), [PERF])


def test_digest_changes_with_performance_records() -> None:
    other = PERF.replace(scale="12万平方米")
    assert content_digest(_app(), [other]) != content_digest(_app(), [PERF])
    assert content_digest(_app(), []) != content_digest(_app(), [PERF])


def test_digest_ignores_workflow_fields_and_load_order() -> None:
    moved = _app(stage="received", round=2, reported_on=dt.date(2026, 11, 28), provenance="x")
    assert content_digest(moved, [PERF]) == content_digest(_app(), [PERF])
    second = PERF.replace(id="P2", project_name="晋中某学校")
    assert content_digest(_app(), [PERF, second]) == content_digest(_app(), [second, PERF])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "140100261000100017",  # the bare number: no digest
        "1401002610001000171234567890" + "1",  # too long
        "14010026100010001712345678X0",  # not digits
        "１４０１００２６１０００１０００１７１２３４５６７８９０",  # full-width digits
    ],
)
def test_malformed_barcodes_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_barcode(text)
    assert "BARCODE" in err.value.message("en")


def test_a_mistyped_digit_is_caught_by_the_check_digit() -> None:
    barcode = make_barcode(NUMBER, "123456789")
    wrong = barcode[:20] + str((int(barcode[20]) + 1) % 10) + barcode[21:]
    with pytest.raises(InvalidValue, match="check digit"):
        parse_barcode(wrong)


@given(
    sequence=st.integers(1, 9999),
    kind=st.sampled_from(["initial", "change", "renewal", "amend_reissue", "cancellation"]),
    digest=st.from_regex(r"\A[0-9]{9}\Z"),
)
def test_every_barcode_parses_back(sequence: int, kind: str, digest: str) -> None:
    from regsync.core.model import ApplicationKind

    number = make_number(
        city_code="140700",
        year=2026,
        kind=ApplicationKind(kind),
        enterprise_number="0042",
        sequence=sequence,
    )
    scanned = parse_barcode(" " + make_barcode(number, digest) + "\n")  # scanners add a newline
    assert (scanned.number, scanned.digest) == (number, digest)
