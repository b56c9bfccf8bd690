"""Document benchmark: forms per second and Excel rows per second against raw baselines.

Run from the project root::

    .venv/bin/python benchmarks/bench_documents.py [--forms N] [--rows M] [--repeat R]

All cases run in one process, best of R with ``time.perf_counter``, interleaved:

``raw-page``     the baseline of forms: N minimal A4 pages drawn with a bare reportlab
                 canvas in the same embedded CJK font (a title and twenty labelled
                 strings each), one PDF;
``forms``        N 申请表 (initial registration, one 工作业绩, barcode) built by the core
                 and rendered by ``regsync.adapters.documents`` into one PDF;
``raw-rows``     the baseline of exports: M rows appended to an openpyxl write-only
                 sheet and saved;
``export-rows``  the same M rows through ``write_sheet`` (header style, widths, frozen
                 row), as ``regsync export`` writes them;
``export-db``    M exam results streamed from a SQLite node through the export use case
                 (records read in batches, rows made one at a time) into a workbook.

After each run the output is checked (page count of the PDF, rows of the workbook);
a mismatch exits with status 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from regsync.adapters.documents.fonts import cjk_font
from regsync.adapters.documents.pdf_form import write_forms
from regsync.adapters.documents.xlsx import write_sheet
from regsync.app.bootstrap import open_database
from regsync.core.documents import ApplicationForm
from regsync.core.exports import QUERIES
from regsync.core.forms import FormFacts, build_form
from regsync.core.model import Application, ExamResult, PerformanceRecord, Person, Role
from regsync.core.usecases.documents import CachedLookup, export_rows
from regsync.core.usecases.setup import plan_identity, record_node

TODAY = dt.date(2026, 11, 27)
LI = "14010019800101001X"
USCC = "91140100MA0GRP138M"


def _forms(n: int) -> list[ApplicationForm]:
    person = Person(id_number=LI, name="李四", gender="male", birth_date=dt.date(1980, 1, 1),
                    education="本科", school="太原理工大学")  # fmt: skip
    forms = []
    for i in range(n):
        number = f"14010026100010{i % 10000:04d}"
        app = Application(number=number, kind="initial", specialty="architect",
                          person_id_number=LI, person_name="李四", enterprise_uscc=USCC,
                          enterprise_name="太原市建筑设计研究院", city_code="140100",
                          created_on=TODAY, stage="reported",
                          qualification_cert_no="JZ2025-0001")  # fmt: skip
        perf = PerformanceRecord(id=f"P{i}", application_number=number,
                                 project_name="太原市某住宅小区", role="专业负责人")  # fmt: skip
        facts = FormFacts(app, person, None, (perf,), ())
        forms.append(build_form(facts, sample=False, today=TODAY))
    return forms


def _raw_pages(n: int, path: str, font: str) -> None:
    canvas = Canvas(path, pagesize=A4, initialFontName=font)
    for _ in range(n):
        canvas.setFont(font, 17)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 60, "二级注册建筑师初始注册申请表")
        canvas.setFont(font, 10)
        for line in range(20):
            canvas.drawString(60, A4[1] - 100 - line * 20, f"字段{line}：李四 14010019800101001X")
        canvas.showPage()
    canvas.save()


def _pages(path: str) -> int:
    return Path(path).read_bytes().count(b"/Type /Page\n") or Path(path).read_bytes().count(
        b"/Type /Page "
    )


def _rows(m: int) -> list[tuple[object, ...]]:
    return [
        (f"考生{i:05d}", LI, "二级注册结构工程师", 2025, "结构设计", 60 + i % 40,
         "合格" if i % 3 else "不合格")
        for i in range(m)
    ]  # fmt: skip


def _raw_xlsx(rows: list[tuple[object, ...]], path: str) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("考试成绩")
    for row in rows:
        ws.append(row)
    wb.save(path)


def _count_rows(path: str) -> int:
    wb = load_workbook(path, read_only=True)
    count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return count


def _db_node(tmp: Path, m: int):  # type: ignore[no-untyped-def]  # returns (database, node)
    class Clock:
        def now(self) -> dt.datetime:
            return dt.datetime.now(dt.UTC)

    db = open_database(f"sqlite:///{tmp / 'bench.db'}", Clock())
    # The province: only it writes exam results (sync/authorize.py).
    node = plan_identity(node_id="bench", role=Role.PROVINCE, name="山西省住房和城乡建设厅",
                         city_code=None, uscc=None, public_key="00" * 32)  # fmt: skip
    db.initialise(node, record_node)
    with db.unit_of_work(node) as uow:
        for i in range(m):
            uow.put(ExamResult(id=f"E{i:06d}", person_id_number=LI, name=f"考生{i:05d}",
                               specialty="structural", year=2025, subject="结构设计",
                               score=60 + i % 40, passed=i % 3 != 0))  # fmt: skip
        uow.commit()
    return db, node


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=100)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    font = cjk_font()
    forms = _forms(args.forms)
    rows = _rows(args.rows)
    query = QUERIES["exam-results"]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db, node = _db_node(tmp, args.rows)

        def export_db(path: str) -> int:
            with db.unit_of_work(node) as uow:
                stream = export_rows(uow, CachedLookup(uow, today=dt.date.today()), query, {})
                return write_sheet(query.sheet, stream, path)

        cases: dict[str, tuple[Callable[[str], object], Callable[[str], int], int, str]] = {
            "raw-page": (lambda p: _raw_pages(args.forms, p, font), _pages, args.forms, "pdf"),
            "forms": (lambda p: write_forms(forms, p, font), _pages, args.forms, "pdf"),
            "raw-rows": (lambda p: _raw_xlsx(rows, p), _count_rows, args.rows, "xlsx"),
            "export-rows": (
                lambda p: write_sheet(query.sheet, rows, p),
                _count_rows,
                args.rows + 1,
                "xlsx",
            ),
            "export-db": (export_db, _count_rows, args.rows + 1, "xlsx"),
        }
        best = {name: float("inf") for name in cases}
        for _ in range(args.repeat):
            for name, (run, count, expected, suffix) in cases.items():
                path = str(tmp / f"{name}.{suffix}")
                gc.collect()
                start = time.perf_counter()
                run(path)
                best[name] = min(best[name], time.perf_counter() - start)
                got = count(path)
                if got != expected:
                    print(f"{name}: wrote {got}, expected {expected}", file=sys.stderr)
                    return 1
        db.dispose()
    print(f"forms={args.forms} rows={args.rows} repeat={args.repeat} (best of)")
    print(f"{'case':<12} {'seconds':>9} {'per second':>12} {'ratio':>7}")
    for name, base, n in (("raw-page", "raw-page", args.forms), ("forms", "raw-page", args.forms),
                          ("raw-rows", "raw-rows", args.rows),
                          ("export-rows", "raw-rows", args.rows),
                          ("export-db", "raw-rows", args.rows)):  # fmt: skip
        ratio = best[name] / best[base]
        print(f"{name:<12} {best[name]:9.3f} {n / best[name]:12.0f} {ratio:6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
