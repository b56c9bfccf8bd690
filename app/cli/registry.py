"""注册信息管理, 证书印章管理, 数据备案管理 and the query screens (附件4 §1.4, §2-§4).

``query`` shows any of the export queries on the terminal with the same conditions
as ``export`` (which writes them to Excel); ``registry`` keeps enterprises, registered
persons, conduct, leave-province records and cancellations; ``filing`` imports exam
results and files continuing education; ``print summaries`` writes every 汇总表.
"""

from __future__ import annotations

import datetime as dt
from itertools import islice
from pathlib import Path
from typing import Any

from regsync.app.cli import register_filing
from regsync.app.cli.argtypes import at_least
from regsync.app.cli.context import Context
from regsync.app.cli.documents import add_filter_options, filter_options, renderer
from regsync.app.cli.enterprise import ENTERPRISE_HELP
from regsync.app.cli.render import (
    Output,
    code_text,
    kind_text,
    record_text,
    say,
    specialty_text,
    stage_text,
    table_text,
)
from regsync.core.exports import QUERIES
from regsync.core.fields import parse_value
from regsync.core.model import (
    ApplicationKind,
    ContinuingEducation,
    LeaveProvinceRecord,
    Specialty,
)
from regsync.core.registration_status import STATUS_ZH
from regsync.core.state import Stage
from regsync.core.usecases import documents, filings, registry
from regsync.core.usecases.documents import CachedLookup
from regsync.core.usecases.queries import query_filters


def cmd_query(ctx: Context) -> Output:
    """申报查询 / 证书印章 / 人员出省 / 考试成绩 / 继续教育 / 注册人员 on the terminal."""
    a = ctx.args
    query = documents.export_query(a.query)
    equals = query_filters(query, filter_options(a))
    with ctx.services() as s, s.unit_of_work() as uow:
        lookup = CachedLookup(uow, today=s.today())
        rows = list(islice(documents.export_rows(uow, lookup, query, equals), a.limit))
    headers = [c.header for c in query.columns]
    data = {
        "query": query.name,
        "title": query.title,
        "rows": [dict(zip(headers, r, strict=True)) for r in rows],
    }
    text = table_text(headers, rows) + "\n"
    text += say("cli.query.count", title=query.title, count=len(rows), query=query.name)
    return Output(data, text)


def cmd_certificate_show(ctx: Context) -> Output:
    """双击记录: one person's certificates and seals, current and history."""
    with ctx.services() as s, s.unit_of_work() as uow:
        detail = registry.person_detail(uow, ctx.args.person, today=s.today())
    rows = [
        (c.certificate_number, specialty_text(c.specialty), c.issued_on, c.valid_until,
         _current(c.current), c.application_number)
        for c in detail.certificates
    ]  # fmt: skip
    seals = [(x.seal_number, x.certificate_number, x.issued_on, _current(x.current))
             for x in detail.seals]  # fmt: skip
    headers = ["证书编号", "专业", "发证日期",
               "有效期至", "状态", "申请编号"]  # fmt: skip
    seal_headers = ["印章编号", "证书编号", "发证日期",
                    "状态"]  # fmt: skip
    text = (
        f"{detail.person.name} {detail.person.id_number}\n{say('cli.registry.certificates')}\n"
        + table_text(headers, rows)
        + f"\n{say('cli.registry.seals')}\n"
        + table_text(seal_headers, seals)
    )
    data = {"person": detail.person, "certificates": detail.certificates, "seals": detail.seals}
    return Output(data, text)


def _current(current: bool) -> str:
    return say("reg.current" if current else "reg.history")


def cmd_enterprise_add(ctx: Context) -> Output:
    a = ctx.args
    values = {k: getattr(a, k) for k in registry.ENTERPRISE_OPTIONS if getattr(a, k) is not None}
    with ctx.services() as s, s.unit_of_work() as uow:
        found = registry.add_enterprise(
            uow,
            uscc=a.uscc,
            name=a.name,
            enterprise_number=a.enterprise_number,
            org_code=a.org_code,
            uscc_confirmed=a.uscc_confirmed,
            values=values,
            entry=s.entry(),
        )
        uow.commit()
    return Output(found, say("reg.enterprise_added", name=found.name, uscc=found.uscc))


def cmd_enterprise_edit(ctx: Context) -> Output:
    a = ctx.args
    names = ("name", *registry.ENTERPRISE_OPTIONS)
    values = {k: getattr(a, k) for k in names if getattr(a, k) is not None}
    with ctx.services() as s, s.unit_of_work() as uow:
        found = registry.edit_enterprise(uow, a.uscc, values, s.entry())
        uow.commit()
    return Output(found, say("reg.enterprise_edited", uscc=found.uscc, name=found.name))


def cmd_enterprise_list(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        found = registry.list_enterprises(uow)
    rows = [(e.uscc, e.name, e.city_code, e.enterprise_number,
             code_text("reg.enterprise_{}", e.status)) for e in found]  # fmt: skip
    headers = ["统一社会信用代码", "企业名称", "地市",
               "企业编号", "状态"]  # fmt: skip
    return Output(found, table_text(headers, rows))


def cmd_enterprise_show(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        found = registry.get_enterprise(uow, ctx.args.uscc)
    return Output(found, record_text(found))


def cmd_person_list(ctx: Context) -> Output:
    """注册人员管理: status 有效 / 停止注册 first, as the seed's traffic light."""
    with ctx.services() as s, s.unit_of_work() as uow:
        found = registry.registered_persons(uow, today=s.today(), status=ctx.args.status)
    rows = [(code_text("cli.registration.{}", r.status), r.person.name, r.person.id_number,
             r.person.employer_uscc) for r in found]  # fmt: skip
    # The JSON carries the person with the status of the day (not the stored one).
    data = [{**r.person.fields(), "registration_status": r.status} for r in found]
    headers = ["状态", "姓名", "身份证号", "聘用单位"]
    return Output(data, table_text(headers, rows))


def cmd_person_show(ctx: Context) -> Output:
    """基本信息, 证书印章, 良好/不良行为, 工作业绩, 历次申报情况 (read only)."""
    with ctx.services() as s, s.unit_of_work() as uow:
        d = registry.person_detail(uow, ctx.args.id_number, today=s.today())
    parts = [
        record_text(d.person.replace(registration_status=d.status)),  # as of today
        say("cli.registry.certificates_seals") + "\n" + table_text(
            ["证书编号", "专业", "有效期至",
             "状态"],
            [(c.certificate_number, specialty_text(c.specialty), c.valid_until,
              _current(c.current)) for c in d.certificates],
        ),
        say("cli.registry.conduct") + "\n" + table_text(
            ["类别", "内容", "日期"],
            [(say("reg.good" if c.good else "reg.bad"), c.description, c.recorded_on)
             for c in d.conduct],
        ),
        say("cli.registry.performance") + "\n" + table_text(
            ["项目", "角色", "开始", "结束"],
            [(p.project_name, p.role, p.start_date, p.end_date) for p in d.performance],
        ),
        say("cli.registry.applications") + "\n" + table_text(
            ["申请编号", "类别", "专业",
             "状态", "轮次", "聘用单位"],
            [(x.number, kind_text(x.kind), specialty_text(x.specialty), stage_text(x.stage),
              x.round, x.enterprise_name) for x in d.applications],
        ),
    ]  # fmt: skip
    data = {
        "person": d.person.replace(registration_status=d.status),  # as of today
        "certificates": d.certificates, "seals": d.seals,
        "conduct": d.conduct, "performance": d.performance, "applications": d.applications,
        "leave_province": d.leave_province, "continuing_education": d.continuing_education,
    }  # fmt: skip
    return Output(data, "\n\n".join(parts))


def cmd_conduct_add(ctx: Context) -> Output:
    a = ctx.args
    with ctx.services() as s, s.unit_of_work() as uow:
        record = registry.add_conduct(
            uow, s.ids, person_id=a.person, good=a.good, description=a.description,
            recorded_by=a.by or "", today=s.today(),
        )  # fmt: skip
        uow.commit()
    kind = say("reg.good" if record.good else "reg.bad")
    return Output(record, say("reg.conduct_added", kind=kind, id=record.id))


def cmd_leave_add(ctx: Context) -> Output:
    a = ctx.args
    left_on = parse_value(LeaveProvinceRecord, "left_on", a.date) if a.date else None
    assert left_on is None or isinstance(left_on, dt.date)
    with ctx.services() as s, s.unit_of_work() as uow:
        record = registry.add_leave(
            uow, s.ids, person_id=a.person, left_on=left_on or s.today(),
            destination=a.destination, reason=a.reason, today=s.today(),
        )  # fmt: skip
        uow.commit()
    return Output(record, say("msg.leave_recorded", person=record.person_id_number))


def cmd_cancel(ctx: Context) -> Output:
    a = ctx.args
    with ctx.services() as s, s.unit_of_work() as uow:
        count = registry.cancel(uow, person_id=a.person, specialty=a.specialty, today=s.today())
        uow.commit()
    data = {"person": a.person, "specialty": a.specialty, "retired": count}
    shown = say("reg.cancelled", person=a.person, specialty=specialty_text(a.specialty),
                count=count)  # fmt: skip
    return Output(data, shown)


def cmd_exam_import(ctx: Context) -> Output:
    """考试成绩 from Excel: bad rows are listed; none or only the good rows are imported."""
    # openpyxl: when reading
    from regsync.adapters.documents.xlsx_read import read_sheet  # noqa: PLC0415

    a = ctx.args
    header, rows = read_sheet(a.file)
    with ctx.services() as s, s.unit_of_work() as uow:
        result = filings.import_exam_results(
            uow, s.ids, header, rows, only_good=a.only_good, today=s.today()
        )
        if not a.dry_run:
            uow.commit()
    data = {
        "file": a.file, "added": result.added, "updated": result.updated,
        "skipped_rows": [{"row": e.row, "message": e.message} for e in result.errors],
        "dry_run": a.dry_run,
    }  # fmt: skip
    key = "cli.filing.exam_dry_run" if a.dry_run else "rec.exam_imported"
    lines = [say(key, added=result.added, updated=result.updated, skipped=len(result.errors))]
    lines += [say("cli.filing.skipped_row", row=e) for e in result.errors]
    return Output(data, "\n".join(lines))


def cmd_ce_add(ctx: Context) -> Output:
    a = ctx.args
    values: dict[str, Any] = {}
    if a.completed:
        values["completed_on"] = parse_value(ContinuingEducation, "completed_on", a.completed)
    if a.provider:
        values["provider"] = a.provider
    with ctx.services() as s, s.unit_of_work() as uow:
        record = registry.add_continuing_education(
            uow, s.ids, person_id=a.person, specialty=a.specialty, period=a.period,
            compulsory=a.compulsory, elective=a.elective, values=values, today=s.today(),
        )  # fmt: skip
        uow.commit()
    return Output(record, say("rec.ce_added", id=record.id))


def cmd_print_summaries(ctx: Context) -> Output:
    """打印汇总表: one 汇总表 per 申报类型 (four kinds) and 申报专业 that has rows."""
    a = ctx.args
    out = Path(a.output)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with ctx.services() as s, s.unit_of_work() as uow:
        for kind in (k for k in ApplicationKind if k is not ApplicationKind.CANCELLATION):
            for spec in Specialty:
                table = documents.summary(
                    uow, kind=kind.value, specialty=spec.value, stage=a.stage,
                    operator=a.operator or "", today=s.today(), rules=s.rules,
                )  # fmt: skip
                if not table.rows:
                    continue
                path = out / f"汇总表-{kind.value}-{spec.value}.{a.format}"
                if a.format == "xlsx":
                    renderer().summary_xlsx(table, str(path))
                else:
                    renderer().summary_pdf(table, str(path))
                written.append({"file": str(path), "title": table.title, "rows": len(table.rows)})
    text = "\n".join(
        say("cli.summaries.written", file=w["file"], title=w["title"], count=w["rows"])
        for w in written
    )
    return Output(written, text or say("cli.summaries.none"))


def add_commands(sub: Any, add: Any, group: Any, printing: Any) -> None:
    """Register ``query``, ``certificate``, ``registry``, ``filing`` and ``print summaries``."""
    p = add(
        sub, "query", cmd_query, "show a query (申报查询, 证书印章, 出省, 考试成绩...) on screen"
    )
    p.add_argument("query", metavar="QUERY", choices=list(QUERIES), help=", ".join(QUERIES))
    add_filter_options(p)
    p.add_argument(
        "--limit", type=at_least(1, int), default=500, help="show at most N rows (default 500)"
    )

    _registry_commands(sub, add, group)
    _filing_commands(sub, add, group, printing)


def _registry_commands(sub: Any, add: Any, group: Any) -> None:
    cert = group(sub, "certificate", "证书印章管理: certificates and seals of a person")
    p = add(cert, "show", cmd_certificate_show, "a person's certificates and seals, with history")
    p.add_argument("person", metavar="ID_NUMBER")

    reg = group(sub, "registry", "注册信息管理: enterprises, registered persons, conduct, 出省")
    ent = group(reg, "enterprise", "企业信息管理 (city): add and view enterprises")
    p = add(ent, "add", cmd_enterprise_add, "add an enterprise of this city (format checks)")
    p.add_argument("--uscc", required=True, help="统一社会信用代码 (GB 32100)")
    p.add_argument("--name", required=True)
    p.add_argument("--org-code", help="组织机构代码 (GB 11714; default USCC positions 9-17)")
    p.add_argument("--enterprise-number", help="the 4-digit number the city issues")
    p.add_argument("--uscc-confirmed", action="store_true", help="accept a failing check character")
    for option in registry.ENTERPRISE_OPTIONS:
        p.add_argument("--" + option.replace("_", "-"), dest=option,
                       help=ENTERPRISE_HELP.get(option))  # fmt: skip
    p = add(ent, "edit", cmd_enterprise_edit, "update an enterprise of this city (e.g. 更名)")
    p.add_argument("uscc", metavar="USCC")
    p.add_argument("--name")
    for option in registry.ENTERPRISE_OPTIONS:
        p.add_argument("--" + option.replace("_", "-"), dest=option,
                       help=ENTERPRISE_HELP.get(option))  # fmt: skip
    add(ent, "list", cmd_enterprise_list, "list the enterprises of this city")
    p = add(ent, "show", cmd_enterprise_show, "show one enterprise")
    p.add_argument("uscc", metavar="USCC")
    person = group(reg, "person", "注册人员管理: registered persons (有效 / 停止注册)")
    p = add(person, "list", cmd_person_list, "list registered persons with their status")
    p.add_argument("--status", choices=list(STATUS_ZH))
    p = add(person, "show", cmd_person_show, "a person's certificates, conduct, 业绩 and history")
    p.add_argument("id_number", metavar="ID_NUMBER")
    conduct = group(reg, "conduct", "良好行为与不良行为 records")
    p = add(conduct, "add", cmd_conduct_add, "record good or bad conduct of a person")
    p.add_argument("--person", required=True, metavar="ID_NUMBER")
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--good", action="store_true", dest="good", help="良好行为")
    kind.add_argument("--bad", action="store_false", dest="good", help="不良行为")
    p.add_argument("--description", required=True)
    p.add_argument("--by", help="recorded by")
    leave = group(reg, "leave", "人员出省管理 (province records, city queries)")
    p = add(leave, "add", cmd_leave_add, "record that a person left the province")
    p.add_argument("--person", required=True, metavar="ID_NUMBER")
    p.add_argument("--date", help="YYYY-MM-DD (default today)")
    p.add_argument("--destination")
    p.add_argument("--reason")
    p = add(reg, "cancel", cmd_cancel, "资格注销: end a person's registration (province)")
    p.add_argument("--person", required=True, metavar="ID_NUMBER")
    p.add_argument("--specialty", required=True, choices=[x.value for x in Specialty])


def _filing_commands(sub: Any, add: Any, group: Any, printing: Any) -> None:
    filing = group(
        sub, "filing", "数据备案管理: 考试成绩 import, 二级注册人员 filing, 继续教育 records"
    )
    p = add(filing, "exam-import", cmd_exam_import, "import exam results from an Excel sheet")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--only-good", action="store_true", help="import the good rows, skip bad ones")
    p.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    p = add(filing, "ce-add", cmd_ce_add, "file a continuing-education record (继续教育)")
    p.add_argument("--person", required=True, metavar="ID_NUMBER")
    p.add_argument("--specialty", required=True, choices=[x.value for x in Specialty])
    p.add_argument("--period", required=True, help="学习周期, e.g. 2025-2026")
    p.add_argument("--compulsory", required=True, type=int, help="必修学时")
    p.add_argument("--elective", required=True, type=int, help="选修学时")
    p.add_argument("--completed", help="completion date YYYY-MM-DD")
    p.add_argument("--provider", help="培训机构")
    register_filing.add_commands(filing, add)

    p = add(printing, "summaries", cmd_print_summaries,
            "print every 汇总表 (four kinds x two specialties) into a folder")  # fmt: skip
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.add_argument("--format", choices=["pdf", "xlsx"], default="xlsx")
    p.add_argument("--stage", choices=[x.value for x in Stage if x is not Stage.DRAFT])
    p.add_argument("--operator", help="经办人 printed in the footer")
