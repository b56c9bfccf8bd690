"""Excel exports and the 汇总表 workbook, read back with openpyxl; exports stream."""

from __future__ import annotations

import datetime as dt
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from regsync.adapters.documents import ReportlabRenderer
from regsync.core.model import Certificate, ExamResult, Person, Record, Seal
from tests.conftest import Cli
from tests.documents_helpers import FIRM, LI, USCC, init_enterprise, print_json, reported_node
from tests.seeding import as_received


def _put(cli: Cli, records: list[Record]) -> None:
    """Records this firm holds as the province issued them."""
    from regsync.app.bootstrap import open_node

    with open_node(Path(cli.env["REGSYNC_HOME"]), cli.env) as s:
        as_received(s, records)


def _rows(path: Path) -> list[tuple[object, ...]]:
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def test_applications_export_reads_back_with_headers_dates_and_frozen_row(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    number = reported_node(cli, db_url)
    out = tmp_path / "申报查询.xlsx"
    result = print_json(cli, "export", "applications", "--kind", "initial", "-o", str(out))
    assert result["rows"] == 1
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    assert ws.title == "申报查询"
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width == 20
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][:4] == ("申请编号", "姓名", "身份证号", "申请类别")
    created = dt.datetime(2026, 11, 27)
    assert rows[1] == (number, "李四", LI, "初始注册", "二级注册建筑师", FIRM, USCC, "已上报", 1,
                       created, created)  # fmt: skip
    assert ws.cell(row=2, column=10).is_date
    assert ws.cell(row=2, column=10).number_format == "yyyy-mm-dd"
    empty = tmp_path / "none.xlsx"
    cli.ok("export", "applications", "--kind", "renewal", "-o", str(empty))
    assert len(_rows(empty)) == 1  # the header only


def test_certificates_export_names_person_enterprise_and_seal(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    init_enterprise(cli, db_url)
    cli.ok("person", "add", "--id-number", LI, "--name", "李四")
    issued, until = dt.date(2024, 1, 10), dt.date(2026, 1, 9)
    old = Certificate(id="C0", certificate_number="JZ-2022-1", person_id_number=LI,
                      specialty="architect", enterprise_uscc=USCC, issued_on=dt.date(2022, 1, 10),
                      valid_until=dt.date(2024, 1, 9), current=False)  # fmt: skip
    new = Certificate(id="C1", certificate_number="JZ-2024-7", person_id_number=LI,
                      specialty="architect", enterprise_uscc=USCC, issued_on=issued,
                      valid_until=until)  # fmt: skip
    seal = Seal(id="S1", seal_number="YZ-0007", person_id_number=LI, specialty="architect",
                issued_on=issued, certificate_number="JZ-2024-7")  # fmt: skip
    _put(cli, [old, new, seal])
    current = tmp_path / "current.xlsx"
    cli.ok("export", "certificates", "-o", str(current))
    day = dt.datetime.combine
    assert _rows(current)[1:] == [
        ("JZ-2024-7", "李四", LI, "二级注册建筑师", FIRM, day(issued, dt.time()),
         day(until, dt.time()), "YZ-0007", "当前"),
    ]  # fmt: skip
    history = tmp_path / "history.xlsx"
    cli.ok("export", "certificate-history", "--id-number", LI, "-o", str(history))
    assert [r[0] for r in _rows(history)[1:]] == ["JZ-2022-1", "JZ-2024-7"]


def test_summary_workbook_has_title_rows_totals_and_footer(cli: Cli, tmp_path: Path) -> None:
    number = reported_node(cli, f"sqlite:///{tmp_path / 'n.db'}")
    out = tmp_path / "summary.xlsx"
    cli.ok("print", "summary", "--kind", "initial", "--specialty", "architect",
           "--operator", "赵六", "-o", str(out))  # fmt: skip
    rows = _rows(out)
    assert rows[0][0] == "二级注册建筑师初始注册汇总表"
    assert rows[1][0] == f"单位：{FIRM}"
    assert rows[2][:3] == ("序号", "申请编号", "姓名")
    assert rows[3] == ("1", number, "李四", "男", LI, "初始注册", "二级注册建筑师", None, None,
                       FIRM, None, "通过", None)  # fmt: skip
    assert rows[4][0] == "合计：1 人（男 1 人，女 0 人）"
    assert rows[5][:2] == (f"填报单位：{FIRM}", "经办人：赵六")
    ws = load_workbook(out).worksheets[0]
    assert ws.freeze_panes == "A4"
    assert ws.page_setup.orientation == "landscape"


def test_bad_export_requests_exit_1_without_a_file(cli: Cli, tmp_path: Path) -> None:
    init_enterprise(cli, f"sqlite:///{tmp_path / 'n.db'}")
    out = tmp_path / "x.xlsx"
    wrong_filter = cli(
        "--lang", "en", "export", "exam-results", "--kind", "initial", "-o", str(out)
    )
    assert wrong_filter.code == 1
    assert "--kind" in wrong_filter.err
    assert "--year" in wrong_filter.err  # it says which filters exist
    nowhere = cli("export", "applications", "-o", str(tmp_path / "missing" / "x.xlsx"))
    assert nowhere.code == 1
    assert not out.exists()
    assert cli("export", "nobody", "-o", str(out)).code == 2  # argparse: not a query


ROWS = 10_000


def _exam_results(n: int) -> list[ExamResult]:
    return [
        ExamResult(id=f"E{i:06d}", person_id_number=LI, name=f"考生{i:05d}", specialty="structural",
                   year=2025, subject="结构设计（专业考试）", score=60 + i % 40, passed=i % 3 != 0)
        for i in range(n)
    ]  # fmt: skip


@pytest.mark.slow
def test_a_10000_row_export_streams_in_bounded_memory(cli: Cli, tmp_path: Path) -> None:
    from regsync.app.bootstrap import open_node
    from regsync.core.usecases import documents

    init_enterprise(cli, f"sqlite:///{tmp_path / 'n.db'}")
    _put(cli, [Person(id_number=LI, name="李四", gender="male", birth_date=dt.date(1980, 1, 1))])
    _put(cli, _exam_results(ROWS))
    query = documents.export_query("exam-results")

    def peak(action: str) -> int:
        with open_node(Path(cli.env["REGSYNC_HOME"]), cli.env) as s, s.unit_of_work() as uow:
            rows = documents.export_rows(
                uow, documents.CachedLookup(uow, today=dt.date(2026, 3, 1)), query, {}
            )
            tracemalloc.start()
            try:
                if action == "export":
                    out = tmp_path / "big.xlsx"
                    assert ReportlabRenderer().sheet_xlsx(query.sheet, rows, str(out)) == ROWS
                else:
                    held = list(rows)  # what a non-streaming export would hold at once
                    assert len(held) == ROWS
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    streamed, materialised = peak("export"), peak("materialise")
    # Holding the rows alone costs several MB; the streamed export, which also builds
    # the workbook, must stay well below that (it holds one batch of 500 rows).
    assert streamed < materialised / 3, (streamed, materialised)
    rows = _rows(tmp_path / "big.xlsx")
    assert len(rows) == ROWS + 1
    assert rows[1] == ("考生00000", LI, "二级注册结构工程师", 2025, "结构设计（专业考试）", 60,
                       "不合格")  # fmt: skip
    assert rows[-1][0] == f"考生{ROWS - 1:05d}"


cells = st.one_of(
    st.none(),
    st.integers(-(2**40), 2**40),
    st.dates(dt.date(1900, 3, 1), dt.date(2099, 12, 31)),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(st.text("李四王芳Ab1", min_size=1), cells, cells), max_size=20))
def test_any_rows_read_back_as_written(rows: list[tuple[object, ...]]) -> None:
    from regsync.core.documents import Column, Sheet

    sheet = Sheet("任意", (Column("姓名", 10), Column("乙", 10), Column("丙", 10)))
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "any.xlsx")
        assert ReportlabRenderer().sheet_xlsx(sheet, rows, path) == len(rows)
        back = _rows(Path(path))[1:]
    assert back == [tuple(_as_read(c) for c in row) for row in rows]


def _as_read(value: object) -> object:
    """What a cell gives back: dates as midnight datetimes; text without control
    characters, with XML's line ends, and empty text as an empty cell."""
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, str):
        cleaned = ILLEGAL_CHARACTERS_RE.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
        return cleaned or None
    return value
