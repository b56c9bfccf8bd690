"""省级 commands: ``decision list|approve|reject`` and ``issue``.

Decisions, certificates and seals travel back to the city and the enterprise with
the next sync (``regsync bundle export --to CITY`` / HTTP).
"""

from __future__ import annotations

from typing import Any

from regsync.app.cli.context import Context
from regsync.app.cli.render import Output, kind_text, say, specialty_text, stage_text, table_text
from regsync.core import catalogue
from regsync.core.errors import NothingSelected
from regsync.core.state import Stage
from regsync.core.usecases import province


def cmd_decision_list(ctx: Context) -> Output:
    """Forwarded applications waiting for the province (or another stage with --stage)."""
    stage = Stage(ctx.args.stage)
    with ctx.services() as s, s.unit_of_work() as uow:
        province.require_province(
            uow,
            catalogue.text("cli.province.list", "zh"),
            catalogue.text("cli.province.list", "en"),
        )
        found = province.at_stage(uow, stage)
    rows = [
        (
            a.number,
            a.person_name,
            kind_text(a.kind),
            specialty_text(a.specialty),
            a.enterprise_name,
            a.city_code,
            a.round,
        )
        for a in found
    ]
    headers = ["申请编号", "姓名", "类别", "专业",
               "聘用单位", "地市", "轮次"]  # fmt: skip
    total = say("cli.city.total", count=len(found), stage=stage_text(stage))
    return Output(found, table_text(headers, rows) + "\n" + total)


def _numbers(ctx: Context, stage: Stage) -> list[str]:
    if ctx.args.all:
        with ctx.services() as s, s.unit_of_work() as uow:
            return [a.number for a in province.at_stage(uow, stage)]
    if not ctx.args.numbers:
        raise NothingSelected()
    return list(ctx.args.numbers)


def _decide(ctx: Context, *, approved: bool) -> Output:
    a = ctx.args
    numbers = _numbers(ctx, Stage.FORWARDED)
    with ctx.services() as s, s.unit_of_work() as uow:
        decisions = province.decide(
            uow,
            s.ids,
            numbers,
            approved=approved,
            decided_by=a.by,
            opinion=a.opinion,
            today=s.today(),
            rules=s.rules,
        )
        uow.commit()
    verdict = say("choice.approved" if approved else "choice.rejected")
    lines = [say("cli.province.decided", number=d.application_number, verdict=verdict,
                 by=d.decided_by) for d in decisions]  # fmt: skip
    lines.append(say("cli.province.total", count=len(decisions)))
    return Output(decisions, "\n".join(lines))


def cmd_decision_approve(ctx: Context) -> Output:
    return _decide(ctx, approved=True)


def cmd_decision_reject(ctx: Context) -> Output:
    return _decide(ctx, approved=False)


def cmd_issue(ctx: Context) -> Output:
    """证书、印章 for approved applications, numbered from the configured templates."""
    numbers = _numbers(ctx, Stage.APPROVED)
    with ctx.services() as s, s.unit_of_work() as uow:
        issued = province.issue(uow, s.ids, numbers, today=s.today(), rules=s.rules)
        uow.commit()
    rows = [
        (
            x.application.number,
            x.application.person_name,
            x.certificate.certificate_number,
            x.seal.seal_number,
            x.certificate.valid_until,
        )
        for x in issued
    ]
    data = [
        {"application": x.application.number, "certificate": x.certificate, "seal": x.seal}
        for x in issued
    ]
    headers = ["申请编号", "姓名", "证书编号",
               "印章编号", "有效期至"]  # fmt: skip
    text = table_text(headers, rows)
    return Output(data, text + "\n" + say("msg.issued", count=len(issued)))


def add_commands(sub: Any, add: Any, group: Any) -> None:
    """Register ``decision`` and ``issue`` with the CLI's helpers."""
    decision = group(
        sub, "decision", "省级审批 (province): approve or reject forwarded applications"
    )
    p = add(decision, "list", cmd_decision_list, "list forwarded applications to decide")
    p.add_argument(
        "--stage",
        default=Stage.FORWARDED.value,
        choices=[x.value for x in Stage],
        help="default forwarded",
    )
    for name, handler, text in (
        ("approve", cmd_decision_approve, "approve the named applications, or --all"),
        ("reject", cmd_decision_reject, "reject the named applications (the firm may re-apply)"),
    ):
        p = add(decision, name, handler, text)
        p.add_argument("numbers", nargs="*", metavar="NUMBER")
        p.add_argument("--all", action="store_true", help="every forwarded application")
        p.add_argument("--by", required=True, help="who decides (审批人)")
        p.add_argument("--opinion", help="省级审批意见")
    p = add(sub, "issue", cmd_issue, "issue certificate and seal numbers for approved applications")
    p.add_argument("numbers", nargs="*", metavar="NUMBER")
    p.add_argument("--all", action="store_true", help="every approved application")
