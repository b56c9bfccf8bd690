"""``regsync person``, ``apply``, ``perf add`` and ``check``: persons and applications."""

from __future__ import annotations

import argparse

from regsync.app.cli.context import Context, FailedOutput, _assignments, _options
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
from regsync.core import catalogue
from regsync.core.checks.messages import has_errors
from regsync.core.errors import InvalidValue, MissingField
from regsync.core.model import (
    Application,
    Decision,
    PerformanceRecord,
    Person,
    Review,
    Value,
)
from regsync.core.photos import PHOTO_MAX_BYTES, encode_photo
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
    "ethnicity": "ethnicity",
    "qualification_route": "qualification_route",
    "contract_start": "contract_start",
    "contract_end": "contract_end",
    "previous_seal_no": "previous_seal_no",
}
PERSON_HELP = {
    "ethnicity": "民族, e.g. 汉族 (GB 3304)",
    "qualification_route": "资格取得方式: exam 考试 | special 特许 | assessment 考核认定",
    "contract_start": "劳动合同起始日期 YYYY-MM-DD",
    "contract_end": "劳动合同终止日期 YYYY-MM-DD",
    "previous_seal_no": "原印章号",
    "photo": "照片: a JPEG or PNG file of at most 200 KB (an empty value removes it)",
}

AMEND_OPTIONS = {
    "amend": "amend_item",
    "old_value": "amend_old_value",
    "new_value": "amend_new_value",
    "reissue": "reissue_items",
    "loss_newspaper": "loss_newspaper",
    "loss_date": "loss_declared_on",
}
AMEND_HELP = {
    "amend": "更改: employer_name 单位名称 | person_name 个人姓名 | id_upgrade 身份证号升位 "
    "| other 其他",
    "old_value": "更改前内容 (with --amend)",
    "new_value": "更改后内容 (with --amend)",
    "reissue": "补办: certificate 证书 | seal 印章 | both",
    "loss_newspaper": "遗失声明刊登报纸 (with --reissue)",
    "loss_date": "遗失声明刊登日期 YYYY-MM-DD (with --reissue)",
}


def person_values(a: argparse.Namespace) -> dict[str, Value]:
    """The person fields given as options; ``--photo FILE`` read and checked."""
    values = _options(Person, a, PERSON_OPTIONS)
    path = getattr(a, "photo", None)
    if path is not None:
        values["photo"] = encode_photo(read_photo(path)) if path else None
    return values


def read_photo(path: str) -> bytes:
    """The bytes of a photo file, read no further than one byte past the limit."""
    try:
        with open(path, "rb") as f:
            return f.read(PHOTO_MAX_BYTES + 1)
    except OSError as exc:
        expected = say("cli.person.photo_expected")
        raise InvalidValue(field="--photo", value=path, expected=expected) from exc


def amend_values(a: argparse.Namespace) -> dict[str, Value]:
    """The 更改、补办 options of ``apply new/edit``: --amend ... or --reissue ...."""
    values = _options(Application, a, AMEND_OPTIONS)
    if getattr(a, "amend", None) is not None:
        values["amend_mode"] = "amend"
    if getattr(a, "reissue", None) is not None:
        values["amend_mode"] = "reissue"
    return values


PERF_OPTIONS = {
    "start": "start_date",
    "end": "end_date",
    "scale": "scale",
    "description": "description",
}


def cmd_person_add(ctx: Context) -> Output:
    a = ctx.args
    values = person_values(a)
    with ctx.services() as s, s.unit_of_work() as uow:
        person = persons.add_person(
            uow,
            today=s.today(),
            id_number=a.id_number,
            name=a.name,
            values=values,
            entry=s.entry(),
        )
        uow.commit()
    return Output(person, say("cli.person.added", name=person.name, id_number=person.id_number))


def cmd_person_list(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        found = persons.list_persons(uow)
    rows = [(p.id_number, p.name, code_text("gender.{}", p.gender), p.birth_date, p.phone)
            for p in found]  # fmt: skip
    headers = ["身份证号", "姓名", "性别", "出生日期",
               "电话"]  # fmt: skip
    return Output(found, table_text(headers, rows))


def cmd_apply_new(ctx: Context) -> Output:
    a = ctx.args
    values = _assignments(Application, a.set) | amend_values(a)
    with ctx.services() as s, s.unit_of_work() as uow:
        app = applications.new_application(
            uow,
            today=s.today(),
            kind=a.kind,
            specialty=a.specialty,
            person_id_number=a.person,
            values=values,
            entry=s.entry(),
        )
        uow.commit()
    return Output(app, app.number)


def cmd_apply_edit(ctx: Context) -> Output:
    values = _assignments(Application, ctx.args.set) | amend_values(ctx.args)
    if not values:
        raise MissingField(field="--set / --amend / --reissue")
    with ctx.services() as s, s.unit_of_work() as uow:
        app = applications.edit_application(uow, ctx.args.number, values, s.entry())
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
        text += (
            "\n\n"
            + say("cli.registry.performance")
            + "\n"
            + table_text(
                ["项目", "担任角色", "开始", "结束"],
                [(p.project_name, p.role, p.start_date, p.end_date) for p in perf],
            )
        )
    # What the city and the province said, round by round: a refused or failed firm
    # reads here why, before it corrects the application and reports it again.
    city, province = say("cli.apply.city_level"), say("cli.apply.province_level")
    opinions = [
        (r.round, city, say("choice.passed" if r.passed else "choice.failed"), r.reviewer,
         r.reviewed_on, r.opinion)
        for r in reviews
    ] + [
        (d.round, province, say("choice.approved" if d.approved else "choice.rejected"),
         d.decided_by, d.decided_on, d.opinion)
        for d in decisions
    ]  # fmt: skip
    if opinions:
        headers = ["轮次", "级别", "结果", "审核人",
                   "日期", "意见"]  # fmt: skip
        text += "\n\n" + say("cli.apply.opinions") + "\n"
        text += table_text(headers, sorted(opinions, key=str))
    data = {"application": app, "performance": perf, "reviews": reviews, "decisions": decisions}
    return Output(data, text)


def cmd_apply_list(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        found = applications.list_applications(uow)
    rows = [
        (
            x.number,
            x.person_name,
            kind_text(x.kind),
            specialty_text(x.specialty),
            stage_text(x.stage),
            x.round,
        )
        for x in found
    ]
    headers = ["申请编号", "姓名", "类别",
               "专业", "状态", "轮次"]  # fmt: skip
    return Output(found, table_text(headers, rows))


def cmd_perf_add(ctx: Context) -> Output:
    a = ctx.args
    values = _options(PerformanceRecord, a, PERF_OPTIONS)
    with ctx.services() as s, s.unit_of_work() as uow:
        record = applications.add_performance(
            uow,
            s.ids,
            number=a.number,
            project_name=a.project,
            role=a.role,
            values=values,
            entry=s.entry(),
        )
        uow.commit()
    return Output(record, say("cli.perf.added", id=record.id))


def cmd_check(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        messages = checking.check(uow, ctx.args.number, today=s.today(), rules=s.rules)
    lang = ctx.args.lang
    lines = [f"[{catalogue.text(f'severity.{m.severity}', lang)}] {m.text(lang)}" for m in messages]
    ok = not has_errors(messages)
    summary = say("cli.check.passed" if ok else "cli.check.failed")
    data = {"number": ctx.args.number, "passed": ok, "messages": messages}
    return (Output if ok else FailedOutput)(data, "\n".join([*lines, summary]))
