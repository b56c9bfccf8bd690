"""Reporting gate, form and summary content, exports: the core with in-memory fakes."""

from __future__ import annotations

import datetime as dt

import pytest

from regsync.core.barcodes import content_digest, make_barcode
from regsync.core.config import RulesConfig
from regsync.core.errors import (
    FrozenAfterReport,
    InvalidState,
    InvalidValue,
    NotAllowed,
    NotFound,
    NotReported,
    ReportRefused,
)
from regsync.core.exports import QUERIES
from regsync.core.model import (
    Application,
    Enterprise,
    ExamResult,
    PerformanceRecord,
    Person,
    Review,
)
from regsync.core.ports import NodeIdentity
from regsync.core.testing import MemoryStore, MemoryUnitOfWork, RecordingRenderer, SequentialIds
from regsync.core.usecases import documents
from regsync.core.usecases.applications import add_performance, edit_application
from regsync.core.usecases.reporting import mark_reported
from tests.test_usecases import (
    FEMALE,
    MALE,
    TODAY,
    add_person_committed,
    city_identity,
    enterprise_identity,
    new_app,
    setup_store,
)

RULES = RulesConfig()
IDS = SequentialIds("PF")  # one generator: every 工作业绩 gets its own id


@pytest.fixture
def node() -> NodeIdentity:
    return enterprise_identity()


@pytest.fixture
def store(node: NodeIdentity) -> MemoryStore:
    store = setup_store(node)
    add_person_committed(store, node)
    return store


def _with_perf(store: MemoryStore, node: NodeIdentity, number: str) -> None:
    with MemoryUnitOfWork(node, store) as uow:
        add_performance(
            uow,
            IDS,
            number=number,
            project_name="太原市某住宅小区",
            role="专业负责人",
            values={"scale": "12万平方米"},
        )
        uow.commit()


def _report(store: MemoryStore, node: NodeIdentity, number: str) -> Application:
    with MemoryUnitOfWork(node, store) as uow:
        app = mark_reported(uow, number, today=TODAY, rules=RULES)
        uow.commit()
    return app


def _reported(store: MemoryStore, node: NodeIdentity, **kw: str) -> Application:
    app = new_app(store, node, **kw)
    if app.kind == "initial":
        _with_perf(store, node, app.number)
    return _report(store, node, app.number)


# --- the reporting gate ------------------------------------------------------------


def test_a_checked_draft_becomes_reported(store: MemoryStore, node: NodeIdentity) -> None:
    app = _reported(store, node)
    stored = store.records[("application", app.number)]
    assert isinstance(stored, Application)
    assert (stored.stage, stored.reported_on, stored.round) == ("reported", TODAY, 1)


def test_reporting_is_refused_while_the_check_has_errors(
    store: MemoryStore, node: NodeIdentity
) -> None:
    app = new_app(store, node)  # initial without a 工作业绩
    with pytest.raises(ReportRefused) as err:
        _report(store, node, app.number)
    assert "工作业绩" in err.value.message("zh")
    assert store.records[("application", app.number)].fields()["stage"] == "draft"


def test_reporting_is_refused_when_the_enterprise_name_differs(
    store: MemoryStore, node: NodeIdentity
) -> None:
    app = new_app(store, node)
    _with_perf(store, node, app.number)
    with MemoryUnitOfWork(node, store) as uow:
        edit_application(uow, app.number, {"enterprise_name": "太原市另一家设计院"})
        uow.commit()
    with pytest.raises(ReportRefused) as err:
        _report(store, node, app.number)
    assert "不一致" in err.value.message("zh")
    assert "differs from the registered name" in err.value.message("en")


def test_only_a_draft_of_an_enterprise_is_reported(store: MemoryStore, node: NodeIdentity) -> None:
    app = _reported(store, node)
    with pytest.raises(InvalidState):
        _report(store, node, app.number)
    city = city_identity()
    with MemoryUnitOfWork(city, store) as uow, pytest.raises(NotAllowed):
        mark_reported(uow, app.number, today=TODAY, rules=RULES)


# --- forms -------------------------------------------------------------------------


def test_a_draft_prints_only_as_sample(store: MemoryStore, node: NodeIdentity) -> None:
    app = new_app(store, node)
    with MemoryUnitOfWork(node, store) as uow:
        with pytest.raises(NotReported) as err:
            documents.application_form(uow, app.number, today=TODAY, sample=False)
        assert "regsync print sample" in err.value.message("en")
        sample = documents.application_form(uow, app.number, today=TODAY, sample=True)
    assert sample.sample
    assert sample.barcode is None
    with MemoryUnitOfWork(node, store) as uow, pytest.raises(NotFound):
        documents.application_form(uow, "140100261000100025", today=TODAY, sample=True)


def test_the_initial_form_carries_record_employer_performance_and_barcode(
    store: MemoryStore, node: NodeIdentity
) -> None:
    app = _reported(store, node)
    with MemoryUnitOfWork(node, store) as uow:
        form = documents.application_form(uow, app.number, today=TODAY, sample=False)
        perf = uow.find(PerformanceRecord, application_number=app.number)
    assert form.title == "二级注册建筑师初始注册申请表"
    assert form.barcode == make_barcode(app.number, content_digest(app, perf))
    values = {f.label: f.value for s in form.sections for f in s.fields}
    assert values["姓名"] == "李明"
    assert values["性别"] == "男"
    assert values["身份证号"] == MALE
    assert values["统一社会信用代码"] == app.enterprise_uscc
    assert values["资格证书号"] == "ZG-2022-0815"
    assert "注册证书号" not in values  # an initial registration has none yet
    assert [t.title for t in form.tables] == ["工作业绩", "申报材料清单"]
    assert form.tables[0].rows[0][1:3] == ("太原市某住宅小区", "专业负责人")
    assert [o.title for o in form.opinions] == ["聘用单位意见", "市级审核意见", "省级审批意见"]


@pytest.mark.parametrize(
    ("kind", "has", "lacks"),
    [
        ("change", {"原聘用单位", "注册证书号"}, {"申请事由"}),
        ("renewal", {"注册证书号", "必修学时"}, {"原聘用单位"}),
        ("amend_reissue", {"申请事由", "注册有效期至"}, {"原聘用单位"}),
        ("cancellation", {"申请事由"}, {"必修学时"}),
    ],
)
def test_each_kind_has_its_fields(
    store: MemoryStore, node: NodeIdentity, kind: str, has: set[str], lacks: set[str]
) -> None:
    app = new_app(store, node, kind=kind)
    with MemoryUnitOfWork(node, store) as uow:
        form = documents.application_form(uow, app.number, today=TODAY, sample=True)
    labels = {f.label for s in form.sections for f in s.fields}
    assert has <= labels
    assert not lacks & labels
    # 工作业绩 only on initial registration; every kind lists its attachments.
    assert [t.title for t in form.tables] == ["申报材料清单"]


# --- scanning ----------------------------------------------------------------------


def test_scan_matches_until_the_content_changes_and_names_the_field(
    store: MemoryStore, node: NodeIdentity
) -> None:
    app = _reported(store, node)
    with MemoryUnitOfWork(node, store) as uow:
        form = documents.application_form(uow, app.number, today=TODAY, sample=False)
    assert form.barcode is not None
    with MemoryUnitOfWork(node, store) as uow:
        assert documents.scan(uow, form.barcode).matches
        assert documents.scan(uow, form.barcode).differing is None
        # Reported: frozen at the firm (issue 16) ...
        with pytest.raises(FrozenAfterReport):
            edit_application(uow, app.number, {"qualification_cert_no": "ZG-2022-0816"})
    # ... but the city's correction arrives by sync and changes the content.
    stored = store.records[("application", app.number)]
    assert isinstance(stored, Application)
    store.records[("application", app.number)] = stored.replace(
        qualification_cert_no="ZG-2022-0816"
    )
    with MemoryUnitOfWork(node, store) as uow:
        found = documents.scan(uow, form.barcode)
    assert not found.matches
    assert found.current_barcode != form.barcode
    assert found.current_barcode[:18] == app.number
    assert found.differing == ("qualification_cert_no",)  # kept at report time


def test_scan_of_an_unknown_number_says_not_found(node: NodeIdentity, store: MemoryStore) -> None:
    with MemoryUnitOfWork(node, store) as uow, pytest.raises(NotFound):
        documents.scan(uow, make_barcode("140100261000100025", "000000000"))


# --- summaries ---------------------------------------------------------------------


def test_summary_lists_reported_applications_of_one_kind_with_totals(
    store: MemoryStore, node: NodeIdentity
) -> None:
    add_person_committed(store, node, FEMALE, "王芳")
    first = _reported(store, node)
    second = _reported(store, node, person=FEMALE)
    new_app(store, node, kind="renewal")  # another kind: not in this table
    store.records[("review", "R1")] = Review(
        id="R1",
        application_number=second.number,
        round=1,
        passed=False,
        reviewer="张审",
        reviewed_on=TODAY,
        opinion="业绩证明不全",
    )
    with MemoryUnitOfWork(node, store) as uow:
        table = documents.summary(
            uow, kind="initial", specialty="architect", stage=None, operator="赵六",
            today=TODAY, rules=RULES,
        )  # fmt: skip
    assert table.title == "二级注册建筑师初始注册汇总表"
    assert [r[1] for r in table.rows] == [first.number, second.number]
    assert table.rows[0][:5] == ("1", first.number, "李明", "男", MALE)
    assert table.rows[1][3] == "女"
    assert table.rows[1][-1] == "审核不通过：业绩证明不全"
    assert table.rows[0][11] == "通过"
    assert table.totals == "合计：2 人（男 1 人，女 1 人）"
    assert ("经办人", "赵六") in {(f.label, f.value) for f in table.footer}


def test_drafts_never_reach_a_summary_and_cancellation_has_none(
    store: MemoryStore, node: NodeIdentity
) -> None:
    new_app(store, node)
    with MemoryUnitOfWork(node, store) as uow:
        table = documents.summary(
            uow, kind="initial", specialty="architect", stage=None, operator="",
            today=TODAY, rules=RULES,
        )  # fmt: skip
        assert table.rows == ()
        assert table.totals.startswith("合计：0 人")
        with pytest.raises(InvalidValue, match="cancellation has no summary"):
            documents.summary(
                uow, kind="cancellation", specialty="architect", stage=None, operator="",
                today=TODAY, rules=RULES,
            )  # fmt: skip


# --- exports -----------------------------------------------------------------------


def test_export_rows_stream_with_filters_and_lookups(
    store: MemoryStore, node: NodeIdentity
) -> None:
    for i, passed in enumerate((True, False, True)):
        store.records[("exam_result", f"E{i}")] = ExamResult(
            id=f"E{i}", person_id_number=MALE, name="李明", specialty="architect",
            year=2025 + i % 2, subject="建筑设计", score=70 - i * 20, passed=passed,
        )  # fmt: skip
    query = documents.export_query("exam-results")
    renderer = RecordingRenderer()
    with MemoryUnitOfWork(node, store) as uow:
        equals = documents.export_filters(query, {"year": 2025, "kind": None})
        rows = documents.export_rows(uow, documents.CachedLookup(uow, today=TODAY), query, equals)
        renderer.sheet_xlsx(query.sheet, rows, "unused.xlsx")
    sheet, written = renderer.sheets[0]
    assert [c.header for c in sheet.columns][:3] == ["姓名", "身份证号", "注册专业"]
    assert written == [
        ("李明", MALE, "二级注册建筑师", 2025, "建筑设计", 70, "合格"),
        ("李明", MALE, "二级注册建筑师", 2025, "建筑设计", 30, "合格"),
    ]
    with pytest.raises(InvalidValue, match="--kind"):
        documents.export_filters(query, {"kind": "initial"})
    with pytest.raises(InvalidValue, match="architect, structural"):
        documents.export_filters(query, {"specialty": "architekt"})
    with pytest.raises(InvalidValue, match="registered-persons"):
        documents.export_query("nobody")


def test_registered_persons_lists_only_registered_ones(
    store: MemoryStore, node: NodeIdentity
) -> None:
    person = store.records[("person", MALE)]
    assert isinstance(person, Person)
    store.records[("person", MALE)] = person.replace(registration_status="active")
    add_person_committed(store, node, FEMALE, "王芳")  # not registered
    query = QUERIES["registered-persons"]
    with MemoryUnitOfWork(node, store) as uow:
        rows = list(documents.export_rows(uow, documents.CachedLookup(uow, today=TODAY), query, {}))
    enterprise = store.records[("enterprise", node.uscc or "")]
    assert isinstance(enterprise, Enterprise)
    assert rows == [
        ("有效", "李明", "男", MALE, dt.date(1985, 6, 15), enterprise.name, "ZG-2022-0815",
         None, None),
    ]  # fmt: skip
