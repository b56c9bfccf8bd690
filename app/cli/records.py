"""``regsync person``, ``apply``, ``perf add`` and ``check``: persons and applications."""

from __future__ import annotations

from regsync.app.cli.context import Context, FailedOutput, _assignments, _options
from regsync.app.cli.render import Output, record_text, table_text
from regsync.core.checks.messages import has_errors
from regsync.core.model import (
    Application,
    ApplicationKind,
    Decision,
    PerformanceRecord,
    Person,
    Review,
    Specialty,
)
from regsync.core.state import Stage
from regsync.core.usecases import applications, checking, persons

PERSON_OPTIONS = {
    "phone": "phone",
    "email": "email",
    "education": "education",
    "major": "major",
    "school": "school",
    "graduation_date": "graduation_date",
    "title": "title",
    "qualification_cert": "qualification_cert_no",
    "qualification_date": "qualification_date",
}


PERF_OPTIONS = {
    "start": "start_date",
    "end": "end_date",
    "scale": "scale",
    "description": "description",
}


def cmd_person_add(ctx: Context) -> Output:
    a = ctx.args
    values = _options(Person, a, PERSON_OPTIONS)
    with ctx.services() as s, s.unit_of_work() as uow:
        person = persons.add_person(
            uow, today=s.today(), id_number=a.id_number, name=a.name, values=values
        )
        uow.commit()
    return Output(person, f"已添加人员 {person.name} {person.id_number}")


def cmd_person_list(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        found = persons.list_persons(uow)
    rows = [(p.id_number, p.name, p.gender, p.birth_date, p.phone) for p in found]
    return Output(found, table_text(["身份证号", "姓名", "性别", "出生日期", "电话"], rows))


def cmd_apply_new(ctx: Context) -> Output:
    a = ctx.args
    values = _assignments(Application, a.set)
    with ctx.services() as s, s.unit_of_work() as uow:
        app = applications.new_application(
            uow,
            today=s.today(),
            kind=a.kind,
            specialty=a.specialty,
            person_id_number=a.person,
            values=values,
        )
        uow.commit()
    return Output(app, app.number)


def cmd_apply_edit(ctx: Context) -> Output:
    values = _assignments(Application, ctx.args.set)
    with ctx.services() as s, s.unit_of_work() as uow:
        app = applications.edit_application(uow, ctx.args.number, values)
        uow.commit()
    return Output(app, record_text(app))


def cmd_apply_show(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        app = applications.get_application(uow, ctx.args.number)
        perf = uow.find(PerformanceRecord, application_number=app.number)
        reviews = uow.find(Review, application_number=app.number)
        decisions = uow.find(Decision, application_number=app.number)
    text = record_text(app)
    if perf:
        text += "\n\n工作业绩:\n" + table_text(
            ["项目", "担任角色", "开始", "结束"],
            [(p.project_name, p.role, p.start_date, p.end_date) for p in perf],
        )
    # What the city and the province said, round by round: a refused or failed firm
    # reads here why, before it corrects the application and reports it again.
    opinions = [
        (r.round, "市级", "通过" if r.passed else "不通过", r.reviewer, r.reviewed_on, r.opinion)
        for r in reviews
    ] + [
        (d.round, "省级", "批准" if d.approved else "不批准", d.decided_by, d.decided_on, d.opinion)
        for d in decisions
    ]
    if opinions:
        text += "\n\n审核与审批意见:\n" + table_text(
            ["轮次", "级别", "结果", "审核人", "日期", "意见"], sorted(opinions, key=str)
        )
    data = {"application": app, "performance": perf, "reviews": reviews, "decisions": decisions}
    return Output(data, text)


def cmd_apply_list(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        found = applications.list_applications(uow)
    rows = [
        (
            x.number,
            x.person_name,
            ApplicationKind(x.kind).zh,
            Specialty(x.specialty).zh,
            Stage(x.stage).zh,
            x.round,
        )
        for x in found
    ]
    return Output(found, table_text(["申请编号", "姓名", "类别", "专业", "状态", "轮次"], rows))


def cmd_perf_add(ctx: Context) -> Output:
    a = ctx.args
    values = _options(PerformanceRecord, a, PERF_OPTIONS)
    with ctx.services() as s, s.unit_of_work() as uow:
        record = applications.add_performance(
            uow, s.ids, number=a.number, project_name=a.project, role=a.role, values=values
        )
        uow.commit()
    return Output(record, f"已添加工作业绩 {record.id}")


def cmd_check(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        messages = checking.check(uow, ctx.args.number, today=s.today(), rules=s.rules)
    lang = ctx.args.lang
    lines = [f"[{m.severity.value}] {m.text(lang)}" for m in messages]
    ok = not has_errors(messages)
    summary = ("通过" if ok else "未通过") if lang != "en" else ("passed" if ok else "failed")
    data = {"number": ctx.args.number, "passed": ok, "messages": messages}
    return (Output if ok else FailedOutput)(data, "\n".join([*lines, summary]))
