"""What the 申请表 / 样表 and the 汇总表 say, built from records (pure functions)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from regsync.core.application_fields import KIND_FIELDS
from regsync.core.barcodes import content_digest, make_barcode
from regsync.core.documents import (
    ApplicationForm,
    Field,
    OpinionBox,
    Section,
    SummaryTable,
    Table,
)
from regsync.core.model import (
    Application,
    ApplicationKind,
    ContinuingEducation,
    Enterprise,
    Gender,
    PerformanceRecord,
    Person,
    Review,
    Specialty,
    Value,
)
from regsync.core.office_codes import (
    AMEND_ITEM,
    AMEND_MODE,
    QUALIFICATION_CATEGORY,
    QUALIFICATION_GRADE,
    QUALIFICATION_ROUTE,
    REISSUE_ITEMS,
)
from regsync.core.photos import decode_photo

FORM_TITLES = {
    ApplicationKind.INITIAL: "初始注册申请表",
    ApplicationKind.CHANGE: "变更注册申请表",
    ApplicationKind.RENEWAL: "延续注册申请表",
    ApplicationKind.AMEND_REISSUE: "更改、补办申请表",
    ApplicationKind.CANCELLATION: "资格注销申请表",
}
SUMMARY_TITLES = {
    ApplicationKind.INITIAL: "初始注册汇总表",
    ApplicationKind.CHANGE: "变更注册汇总表",
    ApplicationKind.RENEWAL: "延续注册汇总表",
    ApplicationKind.AMEND_REISSUE: "更改、补办汇总表",
}
SUMMARY_HEADERS = (
    "序号",
    "申请编号",
    "姓名",
    "性别",
    "身份证号",
    "申请类别",
    "注册专业",
    "注册证书号",
    "有效期至",
    "聘用单位",
    "联系电话",
    "计算机核查结果",
    "审核意见",
)
SUMMARY_SEAL = "（盖章）            年    月    日"
"""The unit's seal line under a 汇总表: the unit stamps the paper it hands in."""
SAMPLE_MARK = "样表 仅供核对，不作申报用"
DECLARATION = "本人承诺：以上填写内容及所附材料真实、准确、完整，如有虚假，愿承担相应责任。"
SEAL_LINE = "负责人（签字）：            （盖章）        年    月    日"
OPINIONS = (
    OpinionBox("聘用单位意见", SEAL_LINE),
    OpinionBox("市级审核意见", SEAL_LINE),
    OpinionBox("省级审批意见", SEAL_LINE),
)


def gender_zh(value: str | None) -> str:
    """男 / 女 from the stored gender."""
    return {Gender.MALE.value: "男", Gender.FEMALE.value: "女"}.get(value or "", value or "")


def text(value: Value) -> str:
    """A field value as printed: dates as YYYY-MM-DD, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclasses.dataclass(frozen=True)
class FormFacts:
    """The records one 申请表 prints."""

    application: Application
    person: Person | None
    enterprise: Enterprise | None
    performance: tuple[PerformanceRecord, ...]
    continuing_education: tuple[ContinuingEducation, ...]


def form_title(application: Application) -> str:
    """e.g. 二级注册建筑师初始注册申请表."""
    kind = ApplicationKind(application.kind)
    return Specialty(application.specialty).zh + FORM_TITLES[kind]


def _person_section(app: Application, person: Person | None) -> Section:
    p = person
    fields = [
        Field("姓名", app.person_name),
        Field("性别", gender_zh(p.gender if p else None)),
        Field("出生日期", text(p.birth_date if p else None)),
        Field("民族", text(p.ethnicity if p else None)),
        Field("身份证号", app.person_id_number),
        Field("学历", text(p.education if p else None)),
        Field("所学专业", text(p.major if p else None)),
        Field("毕业院校", text(p.school if p else None)),
        Field("毕业时间", text(p.graduation_date if p else None)),
        Field("职称", text(p.title if p else None)),
        Field("联系电话", text(p.phone if p else None)),
        Field("电子邮箱", text(p.email if p else None)),
        Field("资格取得方式", QUALIFICATION_ROUTE.label(p.qualification_route if p else None)),
        Field("原印章号", text(p.previous_seal_no if p else None)),
        Field("劳动合同期限", _period(p.contract_start, p.contract_end) if p else ""),
    ]
    return Section("个人信息", tuple(fields))


def _period(start: dt.date | None, end: dt.date | None) -> str:
    if start is None and end is None:
        return ""
    return f"{text(start)} 至 {text(end)}"


def _amend_reissue_section(app: Application) -> Section:
    """更改、补办事项: what is amended (old → new) or reissued, with the loss declaration."""
    mode = app.amend_mode
    fields = [Field("办理方式", AMEND_MODE.label(mode))]
    if mode == "amend":
        fields += [
            Field("更改事项", AMEND_ITEM.label(app.amend_item)),
            Field("更改前", text(app.amend_old_value)),
            Field("更改后", text(app.amend_new_value)),
        ]
    elif mode == "reissue":
        fields += [
            Field("补办项目", REISSUE_ITEMS.label(app.reissue_items)),
            Field("遗失声明刊登报纸", text(app.loss_newspaper)),
            Field("遗失声明刊登日期", text(app.loss_declared_on)),
        ]
    return Section("更改、补办事项", tuple(fields))


def _checklist_table(items: Sequence[str]) -> Table:
    """申报材料清单: one row per attachment, a box to tick when it is handed in."""
    rows = tuple((str(i), item, "□") for i, item in enumerate(items, start=1))
    return Table("申报材料清单", ("序号", "材料名称", "已交"), rows, weights=(8, 80, 12))


def _registration_section(app: Application, kind: ApplicationKind) -> Section:
    fields = [
        Field("申请编号", app.number),
        Field("申请类别", kind.zh),
        Field("注册专业", Specialty(app.specialty).zh),
        Field("资格证书号", text(app.qualification_cert_no)),
        Field("资格取得日期", text(app.qualification_date)),
    ]
    if kind is not ApplicationKind.INITIAL:
        fields += [
            Field("注册证书号", text(app.registration_cert_no)),
            Field("注册有效期至", text(app.valid_until)),
        ]
    if kind in (ApplicationKind.AMEND_REISSUE, ApplicationKind.CANCELLATION):
        fields.append(Field("申请事由", text(app.reason)))
    return Section("注册信息", tuple(fields))


def _employer_section(app: Application, ent: Enterprise | None, kind: ApplicationKind) -> Section:
    fields = [
        Field("聘用单位", app.enterprise_name),
        Field("统一社会信用代码", app.enterprise_uscc),
        Field("资质", _qualification(ent)),
        Field("单位地址", text(ent.address if ent else None)),
        Field("联系人", text(ent.contact if ent else None)),
        Field("联系电话", text(ent.phone if ent else None)),
    ]
    if kind is ApplicationKind.CHANGE:
        fields.append(Field("原聘用单位", text(app.previous_employer)))
    return Section("聘用单位", tuple(fields))


def _qualification(ent: Enterprise | None) -> str:
    """资质类别 资质等级 when coded, else the free text kept from before."""
    if ent is None:
        return ""
    coded = " ".join(
        label
        for label in (
            QUALIFICATION_CATEGORY.label(ent.qualification_category),
            QUALIFICATION_GRADE.label(ent.qualification_grade),
        )
        if label
    )
    return coded or text(ent.qualification)


def _ce_section(app: Application) -> Section:
    return Section(
        "继续教育",
        (
            Field("必修学时", text(app.ce_compulsory_hours)),
            Field("选修学时", text(app.ce_elective_hours)),
        ),
    )


def _performance_table(performance: Sequence[PerformanceRecord]) -> Table:
    rows = tuple(
        (
            str(i),
            p.project_name,
            p.role,
            f"{text(p.start_date)} 至 {text(p.end_date)}",
            text(p.scale),
        )
        for i, p in enumerate(performance, start=1)
    )
    headers = ("序号", "项目名称", "担任角色", "起止时间", "规模")
    return Table("工作业绩", headers, rows, weights=(8, 38, 16, 20, 18))


def _ce_table(records: Sequence[ContinuingEducation]) -> Table:
    rows = tuple(
        (r.period, str(r.compulsory_hours), str(r.elective_hours), text(r.completed_on),
         text(r.provider))
        for r in records
    )  # fmt: skip
    headers = ("学习周期", "必修学时", "选修学时", "完成日期", "培训机构")
    return Table("继续教育记录", headers, rows, weights=(18, 14, 14, 18, 36))


def build_form(
    facts: FormFacts, *, sample: bool, today: dt.date, attachments: Sequence[str] = ()
) -> ApplicationForm:
    """The 申请表 of an application, or its 样表 (marked, without a barcode).

    ``attachments`` is the kind's 申报材料清单 (:meth:`RulesConfig.attachments`).
    """
    app = facts.application
    kind = ApplicationKind(app.kind)
    sections = [
        _person_section(app, facts.person),
        _registration_section(app, kind),
    ]
    if kind is ApplicationKind.AMEND_REISSUE:
        sections.append(_amend_reissue_section(app))
    sections.append(_employer_section(app, facts.enterprise, kind))
    if "ce_compulsory_hours" in KIND_FIELDS[kind]:  # each kind prints only its own fields
        sections.append(_ce_section(app))
    tables: list[Table] = []
    if kind is ApplicationKind.INITIAL:
        tables.append(_performance_table(facts.performance))
    records = [r for r in facts.continuing_education if r.specialty == app.specialty]
    if records and kind is not ApplicationKind.CANCELLATION:
        tables.append(_ce_table(records))
    if attachments:
        tables.append(_checklist_table(attachments))
    photo = facts.person.photo if facts.person is not None else None
    barcode = None
    if not sample:
        barcode = make_barcode(app.number, content_digest(app, facts.performance))
    return ApplicationForm(
        title=form_title(app),
        number=app.number,
        barcode=barcode,
        sample=sample,
        sections=tuple(sections),
        tables=tuple(tables),
        declaration=DECLARATION,
        opinions=OPINIONS,
        printed_on=today,
        photo_box=True,
        photo=decode_photo(photo) if photo else None,
    )


@dataclasses.dataclass(frozen=True)
class SummaryLine:
    """One applicant of a 汇总表 with what the table shows about them."""

    application: Application
    gender: str | None
    check_result: str
    review: Review | None
    phone: str | None = None  # the applicant's contact phone


def review_text(review: Review | None) -> str:
    """审核意见: 通过 / 不通过, with the reviewer's opinion."""
    if review is None:
        return ""
    verdict = "审核通过" if review.passed else "审核不通过"
    return f"{verdict}：{review.opinion}" if review.opinion else verdict


def build_summary(
    lines: Sequence[SummaryLine],
    *,
    kind: ApplicationKind,
    specialty: Specialty,
    unit: str,
    operator: str,
    today: dt.date,
) -> SummaryTable:
    """The 汇总表 of one kind and specialty."""
    rows = tuple(
        (
            str(i),
            line.application.number,
            line.application.person_name,
            gender_zh(line.gender),
            line.application.person_id_number,
            kind.zh,
            specialty.zh,
            text(line.application.registration_cert_no),
            text(line.application.valid_until),
            line.application.enterprise_name,
            text(line.phone),
            line.check_result,
            review_text(line.review),
        )
        for i, line in enumerate(lines, start=1)
    )
    men = sum(1 for line in lines if line.gender == Gender.MALE.value)
    women = sum(1 for line in lines if line.gender == Gender.FEMALE.value)
    return SummaryTable(
        title=specialty.zh + SUMMARY_TITLES[kind],
        unit=unit,
        headers=SUMMARY_HEADERS,
        rows=rows,
        totals=f"合计：{len(lines)} 人（男 {men} 人，女 {women} 人）",
        footer=(
            Field("填报单位", unit),
            Field("经办人", operator),
            Field("日期", today.isoformat()),
            Field("填报单位盖章", SUMMARY_SEAL),
        ),
        printed_on=today,
    )
