"""The use cases' messages and the Excel exports' headers come from the catalogue
(issue 18 item 5, issue 17 item 6): an export in en has English headers and title, in
zh (the default) Chinese ones, over the same cells; a refusal reads in either language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from regsync.adapters.documents import ReportlabRenderer
from regsync.core import catalogue, i18n
from regsync.core.errors import NotAllowed, NotFound
from regsync.core.exports import QUERIES, column_label
from regsync.core.model import ExamResult
from regsync.core.ports import NodeIdentity
from regsync.core.testing import MemoryStore, MemoryUnitOfWork
from regsync.core.usecases import city, documents, filings
from regsync.core.usecases.wording import both
from tests.catalogue_pairs import pairs
from tests.test_usecases import MALE, TODAY, enterprise_identity, setup_store
from tests.test_zh_wording import ALLOWED, RETIRED, _without_code

TEXTS = pairs("usecase.", "export.")

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
EXAM_ZH = ["姓名", "身份证号", "注册专业", "年度", "科目", "成绩", "是否合格"]
EXAM_EN = ["Name", "ID number", "Specialty", "Year", "Subject", "Score", "Passed"]


def _store_with_exam_results() -> tuple[MemoryStore, NodeIdentity]:
    node = enterprise_identity()
    store = setup_store(node)
    for i, passed in enumerate((True, False)):
        store.records[("exam_result", f"E{i}")] = ExamResult(
            id=f"E{i}", person_id_number=MALE, name="李明", specialty="architect",
            year=2025, subject="建筑设计", score=70 - i * 20, passed=passed,
        )  # fmt: skip
    return store, node


def _export(tmp_path: Path, lang: str) -> list[tuple[object, ...]]:
    store, node = _store_with_exam_results()
    query = documents.export_query("exam-results", lang)
    out = tmp_path / f"exam-{lang}.xlsx"
    with MemoryUnitOfWork(node, store) as uow:
        rows = documents.export_rows(uow, documents.CachedLookup(uow, today=TODAY), query, {})
        assert ReportlabRenderer().sheet_xlsx(query.sheet, rows, str(out)) == 2
    ws = load_workbook(out).worksheets[0]
    return [(ws.title,), *(tuple(r) for r in ws.iter_rows(values_only=True))]


def test_an_excel_export_has_the_headers_of_its_language(tmp_path: Path) -> None:
    zh = _export(tmp_path, "zh")
    en = _export(tmp_path, "en")
    assert zh[0] == ("考试成绩",)
    assert list(zh[1]) == EXAM_ZH
    assert en[0] == ("Exam results",)
    assert list(en[1]) == EXAM_EN
    assert zh[2:] == en[2:]  # the same cells under either header row
    assert zh[2] == ("李明", MALE, "二级注册建筑师", 2025, "建筑设计", 70, "合格")


def test_every_export_is_chinese_by_default_and_english_on_request() -> None:
    for name, query in QUERIES.items():
        assert documents.export_query(name) is query  # zh: today's behaviour
        assert query.lang == "zh"
        assert all(CJK.search(c.header) for c in query.columns), name
        assert CJK.search(query.title), name
        english = query.in_lang("en")
        assert [c.width for c in english.columns] == [c.width for c in query.columns]
        assert not CJK.search(english.title), name
        assert [c.header for c in english.columns if CJK.search(c.header)] == [], name
        assert english.in_lang("zh").sheet == query.sheet
    assert [c.header for c in QUERIES["exam-results"].sheet_in("en").columns] == EXAM_EN
    assert [c.header for c in QUERIES["applications"].columns] == [
        "申请编号", "姓名", "身份证号", "申请类别", "注册专业", "聘用单位", "统一社会信用代码",
        "状态", "申报次序", "创建日期", "上报日期",
    ]  # fmt: skip
    assert column_label("聘用单位统一社会信用代码", "en") == "Employer's credit code"
    assert column_label("不是表头", "en") == "不是表头"  # unknown: shown as written


def test_the_use_case_pairs_are_well_formed() -> None:
    """Same placeholders in zh and en, no Chinese in en, no English word or code field
    name in zh (the check tests/test_zh_wording.py makes of the .po files)."""
    problems = []
    # The pairs in the source until scripts/pairs_to_po.py moves them into the .po files.
    moved = {k for k in i18n.msgids("zh") if k.startswith(("usecase.", "export."))}
    keys = set(TEXTS) | moved
    assert len(keys) > 100
    for key in sorted(keys):
        zh, en = catalogue.text(key, "zh"), catalogue.text(key, "en")
        assert re.fullmatch(r"(usecase|export)(\.[a-z0-9_]+)+", key) or key == "table.申报次序"
        if set(re.findall(r"\{(\w*)\}", zh)) != set(re.findall(r"\{(\w*)\}", en)):
            problems.append((key, "placeholders"))
        if CJK.search(en.replace("“", "").replace("”", "")):
            problems.append((key, "Chinese in en"))
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z_]*", _without_code(zh))
                 if w not in ALLOWED]  # fmt: skip
        if words:
            problems.append((key, f"English in zh: {words}"))
        if any(term in zh for term in RETIRED):
            problems.append((key, "retired term"))
    assert problems == []


def test_a_refusal_reads_in_either_language() -> None:
    store = setup_store(enterprise_identity())
    with (
        MemoryUnitOfWork(enterprise_identity(), store) as uow,
        pytest.raises(NotAllowed) as refused,
    ):
        city.require_city(uow, *both("usecase.city.list"))
    assert refused.value.message("zh").endswith("不能查看申报")
    assert refused.value.message("en") == "the enterprise edition cannot list submissions"
    with (
        MemoryUnitOfWork(enterprise_identity(), store) as uow,
        pytest.raises(NotFound) as missing,
    ):
        documents.scan(uow, "1401002610001000170529136755")
    assert missing.value.message("zh").startswith("找不到条形码对应的申请")
    assert missing.value.message("en").startswith("application of barcode")


def test_a_bad_exam_row_is_named_in_either_language() -> None:
    rows = [["李明", MALE, "architect", "2024", "建筑设计", "七十", "合格"],
            ["", MALE, "architect", "1900", "建筑设计", "70", "也许"]]  # fmt: skip
    good, bad = filings.parse_rows(rows, today=TODAY)
    assert good == []
    assert str(bad[0]) == "第2行 成绩“七十”不是数字"
    assert bad[0].text("en") == "row 2: Score '七十' is not a number"  # the cell as typed
    assert (bad[1].column, bad[1].message, bad[1].message_en) == (
        "姓名",
        "姓名为空",
        "Name is empty",
    )
