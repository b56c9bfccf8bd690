"""The enterprise edition's own commands: 企业基本信息, 在线上报 and 上报情况查询,
plus editing persons and 工作业绩 (both editions).

``regsync report`` reports through the core's gate (computer check, enterprise
name, enrolment) and then sends: ``--via http`` pushes to the sync server through
the same session as ``regsync sync``; ``--via bundle -o FILE`` writes the bundle for
the city through the same path as ``bundle export`` (sealed to the city).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from regsync.app.cli.context import Context, _assignments, _options
from regsync.app.cli.records import PERF_OPTIONS, person_values
from regsync.app.cli.render import (
    Output,
    joined,
    kind_text,
    record_text,
    say,
    specialty_text,
    stage_text,
    table_text,
)
from regsync.app.errors import OutputRequired, OutputUnwritable
from regsync.core import catalogue
from regsync.core.model import (
    Application,
    Enterprise,
    PerformanceRecord,
    Person,
)
from regsync.core.usecases import enterprise_info, performance, persons, reporting, resubmission
from regsync.core.usecases.status import ApplicationStatus, application_status
from regsync.sync.ports import NodeKey
from regsync.sync.trust.errors import TrustError

if TYPE_CHECKING:
    from regsync.app.bootstrap import Services

ENTERPRISE_OPTIONS = {
    "address": "address",
    "legal_representative": "legal_representative",
    "contact": "contact",
    "phone": "phone",
    "qualification": "qualification",
    "qualification_category": "qualification_category",
    "qualification_grade": "qualification_grade",
    "name": "name",  # refused with the reason: the city changes the registered name
}
ENTERPRISE_HELP = {
    "qualification": "资质 as free text (kept from before the coded fields)",
    "qualification_category": "资质类别: comprehensive 工程设计综合资质 | "
    "industry 工程设计行业资质 | specialty 工程设计专业资质 | special 工程设计专项资质 | "
    "office 建筑工程设计事务所资质",
    "qualification_grade": "资质等级: a 甲级 | b 乙级 | c 丙级 | d 丁级",
}


def cmd_enterprise_show(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        enterprise = enterprise_info.own_enterprise(uow)
    return Output(enterprise, record_text(enterprise))


def cmd_enterprise_update(ctx: Context) -> Output:
    values = _options(Enterprise, ctx.args, ENTERPRISE_OPTIONS)
    with ctx.services() as s, s.unit_of_work() as uow:
        enterprise = enterprise_info.update_enterprise(uow, values, s.entry())
        uow.commit()
    return Output(enterprise, say("cli.enterprise.saved") + "\n" + record_text(enterprise))


def cmd_person_edit(ctx: Context) -> Output:
    a = ctx.args
    values = person_values(a) | _options(Person, a, {"name": "name"})
    with ctx.services() as s, s.unit_of_work() as uow:
        person = persons.edit_person(uow, a.id_number, values, s.entry())
        uow.commit()
    return Output(person, say("cli.person.saved", name=person.name, id_number=person.id_number))


def cmd_apply_reopen(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        app = resubmission.reopen_application(uow, ctx.args.number)
        uow.commit()
    return Output(app, say("cli.apply.reopened", number=app.number, round=app.round))


def cmd_perf_list(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        found = performance.list_performance(uow, ctx.args.number)
    rows = [(p.id, p.project_name, p.role, p.start_date, p.end_date, p.scale) for p in found]
    headers = ["编号", "项目", "担任角色", "开始", "结束",
               "规模"]  # fmt: skip
    return Output(found, table_text(headers, rows))


def cmd_perf_edit(ctx: Context) -> Output:
    a = ctx.args
    names = {**PERF_OPTIONS, "project": "project_name", "role": "role"}
    values = _options(PerformanceRecord, a, names)
    values |= _assignments(PerformanceRecord, a.set)
    with ctx.services() as s, s.unit_of_work() as uow:
        record = performance.edit_performance(uow, a.id, values, s.entry())
        uow.commit()
    return Output(record, say("cli.perf.saved", id=record.id))


def cmd_perf_remove(ctx: Context) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        record = performance.remove_performance(uow, ctx.args.id)
        uow.commit()
    return Output(record, say("cli.perf.removed", id=record.id, project=record.project_name))


def writable(path: str) -> None:
    """Refuse an output whose folder is missing before anything is written or changed."""
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        raise OutputUnwritable(path=path, folder=str(folder))


def enrolment(s: Services) -> tuple[tuple[str, str] | None, str | None]:
    """Why this enterprise is not enrolled (None when it is), and its city's node id.

    Enrolled means: the province root is pinned and this node's key has a valid
    certificate chain from its city up to the root (``regsync node trust``).
    """
    root, _ = s.db.load_trust()
    if root is None:
        return _both("cli.report.no_root"), None
    store = s.trust()
    assert s.node.public_key is not None
    try:
        trusted = store.verify_chain(s.node.public_key)
    except TrustError as exc:
        return (
            catalogue.text("cli.report.bad_certificate", "zh", reason=exc.message("zh")),
            catalogue.text("cli.report.bad_certificate", "en", reason=exc.message("en")),
        ), None
    own = [c for c in store.certificates() if c.subject.node_id == s.node.node_id]
    if not trusted.certified or not own:
        return _both("cli.report.no_certificate"), None
    return None, own[-1].issuer_node_id


def _both(key: str) -> tuple[str, str]:
    """A reason the core keeps in both languages (zh, en)."""
    return catalogue.text(key, "zh"), catalogue.text(key, "en")


def cmd_report(ctx: Context) -> Output:
    """在线上报: report checked drafts, then send them (HTTP, or a bundle for the city)."""
    # not at start-up
    from regsync.app.cli.bundles import change_and_export, peer_named  # noqa: PLC0415

    a = ctx.args
    if a.via == "bundle":
        if not a.output:
            raise OutputRequired(what="regsync report --via bundle")
        writable(a.output)  # checked before anything is reported
    with ctx.services() as s:
        problem, city = enrolment(s)
        if problem is not None:  # the core refuses, with the reason, and changes nothing
            _mark_reported(s, a.numbers, problem)
        assert city is not None  # an enrolled enterprise has its city's certificate
        # Reporting signs: the key (or the identity lock and its PIN) is opened first,
        # so that without it nothing changes.
        key = s.require_signer(ctx.environ, passphrase_env=a.passphrase_env, pin_env=a.pin_env)
        if a.via == "http":
            return _report_online(ctx, s, key)
        # 选择发送目标: the city that certified this enterprise, unless --to names another.
        target, _ = peer_named(s, a.to or city)
        # Reported only if the bundle for the city is on the medium (all or none).
        clock = s.clock_reading()
        reported, peer_id, sent = change_and_export(
            s,
            lambda uow: reporting.report_applications(
                uow, a.numbers, today=s.today(), rules=s.rules, clock=clock
            ),
            lambda _node: target.node_id,
            Path(a.output),
            lambda: key,
            seal=True,
        )
    numbers = [r.number for r in reported]
    data = {
        "reported": numbers,
        "via": a.via,
        "file": a.output,
        "to": peer_id,
        "changesets": sent.changesets,
    }
    text = say("cli.report.bundle", count=len(numbers), numbers=joined(numbers), file=a.output,
               peer=peer_id)  # fmt: skip
    return Output(data, text)


def _mark_reported(
    s: Services, numbers: list[str], problem: tuple[str, str] | None
) -> list[Application]:
    with s.unit_of_work() as uow:
        reported = reporting.report_applications(
            uow, numbers, today=s.today(), rules=s.rules, not_enrolled=problem,
            clock=s.clock_reading(),
        )  # fmt: skip
        uow.commit()
    return reported


def _report_online(ctx: Context, s: Services, key: NodeKey) -> Output:
    """Reach the server first (nothing changes when it cannot be reached), then report
    and push: the sync session carries the reported drafts to the server."""
    # httpx: only commands that go online
    from regsync.app.cli import http as http_commands  # noqa: PLC0415

    with http_commands.open_client(ctx, s, lambda: key) as client:
        http_commands.server_peer(s, client)
        reported = _mark_reported(s, ctx.args.numbers, None)
        net = http_commands.Network.of(ctx)
        outcome, peer = http_commands.push_pull_with_server(net, s, client, lambda: key)
        url = client.url
    numbers = [r.number for r in reported]
    data = {
        "reported": numbers,
        "via": "http",
        "server": url,
        "to": peer.node_id,
        "changesets": outcome.sent.changesets,
    }
    text = say("cli.report.online", count=len(numbers), numbers=joined(numbers), url=url,
               peer=peer.node_id)  # fmt: skip
    return Output(data, text)


def _status_row(st: ApplicationStatus) -> tuple[object, ...]:
    app, review, decision = st.application, st.review, st.decision
    city = ""
    if review is not None:
        verdict = say("choice.passed" if review.passed else "choice.failed")
        city = say("cli.status.review", verdict=verdict, reviewer=review.reviewer,
                   opinion=review.opinion or "")  # fmt: skip
    province = ""
    if decision is not None:
        verdict = say("choice.approved" if decision.approved else "choice.rejected")
        province = f"{verdict} {decision.opinion or ''}".strip()
    return (
        app.number,
        app.person_name,
        kind_text(app.kind),
        specialty_text(app.specialty),
        app.round,
        stage_text(app.stage),
        app.reported_on,
        city,
        province,
        st.certificate.certificate_number if st.certificate else "",
        st.seal.seal_number if st.seal else "",
    )


def _status_data(st: ApplicationStatus) -> dict[str, object]:
    app = st.application
    return {
        "number": app.number,
        "person_name": app.person_name,
        "person_id_number": app.person_id_number,
        "kind": app.kind,
        "specialty": app.specialty,
        "round": app.round,
        "stage": app.stage,
        "reported_on": app.reported_on,
        "review": st.review,
        "decision": st.decision,
        "certificate_number": st.certificate.certificate_number if st.certificate else None,
        "seal_number": st.seal.seal_number if st.seal else None,
    }


def cmd_status(ctx: Context) -> Output:
    """上报情况查询 / 注册人员查询."""
    a = ctx.args
    with ctx.services() as s, s.unit_of_work() as uow:
        found = application_status(uow, number=a.number, name=a.name)
    headers = [
        "申请编号",
        "姓名",
        "类别",
        "专业",
        "轮次",
        "状态",
        "上报日期",
        "市级审核",
        "省级审批",
        "证书编号",
        "印章编号",
    ]
    return Output(
        [_status_data(st) for st in found], table_text(headers, [_status_row(st) for st in found])
    )
