"""The command handlers: parse nothing, print nothing; call use cases and return Output."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from pathlib import Path

from regsync.app.bootstrap import Services, init_node, open_home_database, open_node
from regsync.app.cli.render import Output, record_text, table_text
from regsync.app.secrets import passphrase
from regsync.app.signers import SMARTCARD, open_lock
from regsync.core.checks.messages import has_errors
from regsync.core.fields import parse_assignment, parse_value
from regsync.core.model import (
    Application,
    ApplicationKind,
    Decision,
    PerformanceRecord,
    Person,
    Review,
    Role,
    Specialty,
    Value,
)
from regsync.core.state import Stage
from regsync.core.usecases import applications, checking, conflicts, persons
from regsync.sync.changeset import Change

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


class FailedOutput(Output):
    """Printed like any output, but the command exits 1 (``check`` with errors)."""


class Context:
    """What every handler gets: parsed arguments, the home and the environment."""

    def __init__(self, args: argparse.Namespace, home: Path, environ: Mapping[str, str]) -> None:
        self.args = args
        self.home = home
        self.environ = environ

    def services(self) -> Services:
        return open_node(self.home, self.environ)


def _options(
    record_type: type, args: argparse.Namespace, names: Mapping[str, str]
) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for option, field in names.items():
        text = getattr(args, option, None)
        if text is not None:
            values[field] = parse_value(record_type, field, text)
    return values


def _assignments(record_type: type, items: list[str] | None) -> dict[str, Value]:
    return dict(parse_assignment(record_type, item) for item in items or [])


def cmd_init(ctx: Context) -> Output:
    a = ctx.args
    # --signer smartcard: the key is the one on the identity lock (found and unlocked
    # first); otherwise a new key file protected by a passphrase.
    lock = open_lock(ctx.environ, a.pin_env, expected_key=None) if a.signer == SMARTCARD else None
    try:
        services = init_node(
            ctx.home,
            ctx.environ,
            role=Role(a.role),
            name=a.name,
            city_code=a.city,
            uscc=a.uscc,
            enterprise_number=a.enterprise_number,
            db_url=a.db,
            passphrase=None if lock else passphrase(ctx.environ, a.passphrase_env, confirm=True),
            uscc_confirmed=a.uscc_confirmed,
            org_code=a.org_code,
            lock=lock,
        )
    finally:
        if lock is not None:
            lock.close()
    services.close()
    node = services.node
    data = {
        "home": str(ctx.home),
        "node_id": node.node_id,
        "role": node.role.value,
        "scope": node.scope,
        "signer": services.signer_kind,
    }
    where = "，密钥在身份识别锁中" if lock is not None else ""
    return Output(
        data,
        f"已初始化 {node.role.value} 节点 {node.node_id}（{node.scope}），目录 {ctx.home}{where}",
    )


def cmd_node_show(ctx: Context) -> Output:
    with ctx.services() as s:
        data = {**s.node.as_dict(), "database": s.db.display_url}
    return Output(data, "\n".join(f"{k:<11} {'' if v is None else v}" for k, v in data.items()))


def cmd_db_status(ctx: Context) -> Output:
    db = open_home_database(ctx.home, ctx.environ)
    try:
        status = db.schema_status()
    finally:
        db.dispose()
    data = {"current": status.current, "head": status.head, "up_to_date": status.up_to_date}
    return Output(data, f"schema {status.current} (head {status.head})")


def cmd_db_upgrade(ctx: Context) -> Output:
    db = open_home_database(ctx.home, ctx.environ)
    try:
        before = db.schema_status().current
        after = db.upgrade().current
    finally:
        db.dispose()
    return Output({"from": before, "to": after}, f"schema {before} -> {after}")


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


def _touched(changes: Sequence[Change], limit: int = 3) -> str:
    names = [f"{c.kind}:{c.key}" for c in changes[:limit]]
    more = f" (+{len(changes) - limit})" if len(changes) > limit else ""
    return ", ".join(names) + more


def cmd_log(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        log = uow.store.changesets()
    if ctx.args.limit:
        log = log[-ctx.args.limit :]
    data = [
        {
            "stream": cs.stream,
            "origin": cs.origin,
            "scope": cs.scope,
            "seq": cs.seq,
            "hash": cs.hash,
            "prev_hash": cs.prev_hash,
            "hlc": str(cs.hlc),
            "records": [f"{c.kind}:{c.key}" for c in cs.changes],
        }
        for cs in log
    ]
    rows = [
        (cs.scope, cs.seq, cs.hash[:12], cs.prev_hash[:12], cs.hlc.display(), _touched(cs.changes))
        for cs in log
    ]
    return Output(data, table_text(["scope", "seq", "hash", "prev", "hlc", "records"], rows))


def cmd_conflicts_list(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        found = conflicts.list_conflicts(uow, include_resolved=ctx.args.all)
    rows = [
        (c.id, c.record_kind, c.record_key, c.field, c.kept_value, c.lost_value, c.resolved)
        for c in found
    ]
    headers = ["冲突", "记录类型", "记录", "字段", "保留值", "落选值", "已处理"]
    return Output(found, table_text(headers, rows))


def cmd_conflicts_show(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        conflict = conflicts.get_conflict(uow, ctx.args.id)
    return Output(conflict, record_text(conflict))


def cmd_conflicts_resolve(ctx: Context) -> Output:
    a = ctx.args
    values = dict(item.partition("=")[::2] for item in a.set or [])
    with ctx.services() as s, s.unit_of_work() as uow:
        settled = conflicts.resolve_conflict(
            uow, a.id, take=a.take, values=values, resolved_by=s.node.node_id
        )
        uow.commit()
    return Output(settled, f"已处理冲突 {settled.id}: {settled.resolution}")
