"""地市版 commands: ``receive``, ``review``, ``forward`` (注册申报管理, 附件4 §1).

Each list shows the 信息提示 column (the computer check as the city runs it, with
every firm's data); each batch is all or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from regsync.app.cli.argtypes import at_least
from regsync.app.cli.context import Context, _assignments
from regsync.app.cli.render import (
    Output,
    kind_text,
    record_text,
    say,
    specialty_text,
    stage_text,
    table_text,
)
from regsync.app.cli.transport import require_server, sync_with_server
from regsync.core import catalogue
from regsync.core.errors import NotFound, NothingSelected
from regsync.core.model import Application, Role
from regsync.core.ports import UnitOfWork
from regsync.core.state import Stage
from regsync.core.usecases import city
from regsync.core.usecases.applications import get_application
from regsync.core.usecases.city import Submission
from regsync.sync.ports import KeyOpener, SyncNode

if TYPE_CHECKING:
    from regsync.app.bootstrap import Services


def _rows(found: list[Submission], lang: str) -> list[tuple[Any, ...]]:
    return [
        (
            x.application.number,
            x.application.person_name,
            kind_text(x.application.kind),
            specialty_text(x.application.specialty),
            x.application.enterprise_name,
            x.application.round,
            x.hint(lang),
        )
        for x in found
    ]


_HEADERS = [
    "申请编号",
    "姓名",
    "类别",
    "专业",
    "聘用单位",
    "轮次",
    "信息提示",
]


def _both(key: str) -> tuple[str, str]:
    """A text the core keeps in both languages (zh, en)."""
    return catalogue.text(key, "zh"), catalogue.text(key, "en")


def _listing(ctx: Context, stage: Stage) -> Output:
    with ctx.services() as s, s.unit_of_work() as uow:
        found = city.list_stage(uow, stage, today=s.today(), rules=s.rules)
    data = [
        {"application": x.application, "messages": list(x.messages), "has_errors": x.has_errors}
        for x in found
    ]
    text = table_text(_HEADERS, _rows(found, ctx.args.lang))
    return Output(
        data, text + "\n" + say("cli.city.total", count=len(found), stage=stage_text(stage))
    )


def _selection(ctx: Context) -> list[str]:
    numbers: list[str] = list(ctx.args.numbers or [])
    if not numbers and not getattr(ctx.args, "all", False):
        raise NothingSelected()
    return numbers


def cmd_receive_list(ctx: Context) -> Output:
    """申报接收: the pending (reported, not received) submissions."""
    return _listing(ctx, Stage.REPORTED)


def cmd_receive_show(ctx: Context) -> Output:
    """双击记录: one submission with its check messages, before receiving."""
    with ctx.services() as s, s.unit_of_work() as uow:
        city.require_city(uow, *_both("cli.city.show_submissions"))
        app = get_application(uow, ctx.args.number)
        messages = city.messages_of(uow, app, s.today(), s.rules)
    hint = Submission(app, messages).hint(ctx.args.lang)
    return Output(
        {"application": app, "messages": list(messages)},
        record_text(app) + "\n\n" + say("cli.city.hint", hint=hint),
    )


def cmd_receive_correct(ctx: Context) -> Output:
    """修改 → 保存: the city corrects a submission before it is reviewed."""
    values = _assignments(Application, ctx.args.set)
    with ctx.services() as s, s.unit_of_work() as uow:
        app = city.correct(uow, ctx.args.number, values, s.entry())
        messages = city.messages_of(uow, app, s.today(), s.rules)
        uow.commit()
    hint = Submission(app, messages).hint(ctx.args.lang)
    return Output(
        {"application": app, "messages": list(messages)},
        say("cli.city.corrected", number=app.number) + "\n" + say("cli.city.hint", hint=hint),
    )


def _require_lock(ctx: Context, s: Services) -> None:
    """Receiving, refusing, reviewing and forwarding need the city's key (管理锁) before any work:
    on a node whose key is on the identity lock, nothing happens without the lock."""
    a = ctx.args
    s.require_signer(ctx.environ, passphrase_env=a.passphrase_env, pin_env=a.pin_env)


def cmd_receive_accept(ctx: Context) -> Output:
    """接收: the selected submissions, or all with ``--all``; all or none."""
    numbers = _selection(ctx)
    with ctx.services() as s, s.unit_of_work() as uow:
        _require_lock(ctx, s)
        done = city.receive_all(uow) if ctx.args.all else city.receive(uow, numbers)
        found = [Submission(a, city.messages_of(uow, a, s.today(), s.rules)) for a in done]
        uow.commit()
    data = {
        "received": [x.application.number for x in found],
        "messages": {x.application.number: list(x.messages) for x in found},
    }
    text = table_text(_HEADERS, _rows(found, ctx.args.lang))
    return Output(data, f"{text}\n" + say("cli.city.received", count=len(found)))


def cmd_receive_refuse(ctx: Context) -> Output:
    """删除/拒绝接收 with a reason the enterprise sees; it reports again in a new round."""
    a = ctx.args
    with ctx.services() as s, s.unit_of_work() as uow:
        _require_lock(ctx, s)
        review = city.refuse(uow, s.ids, a.number, reason=a.reason, clerk=a.clerk, today=s.today())
        uow.commit()
    shown = say("cli.city.refused", number=review.application_number, reason=review.opinion)
    return Output(review, shown)


def cmd_review_list(ctx: Context) -> Output:
    """申报审核: received submissions waiting for review, with warnings."""
    return _listing(ctx, Stage.RECEIVED)


def _review(ctx: Context, *, passed: bool) -> Output:
    a = ctx.args
    with ctx.services() as s, s.unit_of_work() as uow:
        _require_lock(ctx, s)
        results = city.review(
            uow,
            s.ids,
            a.numbers,
            passed=passed,
            reviewer=a.reviewer,
            opinion=a.opinion,
            today=s.today(),
            rules=s.rules,
        )
        uow.commit()
    key = "cli.city.review_passed" if passed else "cli.city.review_failed"
    lines = [say(key, number=r.application.number, reviewer=r.review.reviewer) for r in results]
    for r in results:
        lines += [
            f"  [{catalogue.text(f'severity.{m.severity}', a.lang)}] {m.text(a.lang)}"
            for m in r.messages
        ]
    data = [{"review": r.review, "messages": list(r.messages)} for r in results]
    return Output(data, "\n".join(lines))


def cmd_review_pass(ctx: Context) -> Output:
    return _review(ctx, passed=True)


def cmd_review_fail(ctx: Context) -> Output:
    return _review(ctx, passed=False)


def cmd_forward_list(ctx: Context) -> Output:
    """申报上报: passed submissions not yet sent to the province."""
    return _listing(ctx, Stage.CITY_PASSED)


def province_of(s: SyncNode) -> str:
    """The province's node id in the trust store of ``s``."""
    for cert in s.trust().certificates():
        if cert.subject.role is Role.PROVINCE:
            return cert.subject.node_id
    what, what_en = _both("cli.city.province_certificate")
    raise NotFound(what=what, what_en=what_en, key="root")


def cmd_forward_send(ctx: Context) -> Output:
    """上报: mark passed submissions forwarded, then send them (bundle file or HTTP)."""
    # the database: not at start-up
    from regsync.app.cli.bundles import key_opener  # noqa: PLC0415

    a = ctx.args
    numbers = _selection(ctx)
    if a.via == "http":
        require_server(ctx)
    output = None if a.via == "http" else a.output
    with ctx.services() as s:
        out = forward_send(
            s, numbers, key_opener(ctx, s), every=a.all, output=output, to=a.to, seal=a.seal
        )
    if a.via == "http":
        synced = sync_with_server(ctx)
        joined_text = say("cli.city.then", first=out.text, then=synced.text)
        return Output({**out.data, "sync": synced.data}, joined_text)
    if output is None:
        return Output(
            out.data,
            say("cli.city.then", first=out.text, then=say("cli.city.send_later")),
        )
    return out


def forward_send(
    s: Services,
    numbers: list[str],
    open_key: KeyOpener,
    *,
    every: bool = False,
    output: str | None = None,
    to: str | None = None,
    seal: bool = False,
) -> Output:
    """申报上报 (CLI and window): mark the submissions forwarded, all or none, then,
    given ``output``, write the province's bundle there."""
    # the database: not at start-up
    from regsync.app.cli.bundles import change_and_export  # noqa: PLC0415

    key = open_key()  # the city's key (管理锁) before any work

    def mark(uow: UnitOfWork) -> list[Application]:
        return city.forward_all(uow) if every else city.forward(uow, numbers)

    if not output:
        with s.unit_of_work() as uow:
            done = mark(uow)
            uow.commit()
        shown = say("cli.city.forwarded", count=len(done))
        return Output({"forwarded": [x.number for x in done]}, shown)
    # Forwarded only if the province's bundle is on the medium (all or none).
    done, peer, sent = change_and_export(
        s, mark, lambda node: to or province_of(node), Path(output), lambda: key, seal=seal
    )
    data: dict[str, Any] = {"forwarded": [x.number for x in done]}
    data |= {"file": output, "to": peer, "changesets": sent.changesets}
    text = say(
        "cli.city.forwarded_bundle", count=len(done), file=output, changesets=sent.changesets
    )
    return Output(data, text)


def _secret_options(p: Any) -> None:
    p.add_argument("--passphrase-env", metavar="VAR", help="variable holding the key passphrase")
    p.add_argument("--pin-env", metavar="VAR", help="variable holding the identity-lock PIN")


def add_commands(sub: Any, add: Any, group: Any) -> None:
    """Register ``receive``, ``review`` and ``forward`` with the CLI's helpers."""
    receive = group(
        sub, "receive", "申报接收 (city): pending submissions, correct, receive, refuse"
    )
    add(receive, "list", cmd_receive_list, "list pending submissions with their 信息提示")
    p = add(receive, "show", cmd_receive_show, "show one submission and its check messages")
    p.add_argument("number")
    p = add(receive, "correct", cmd_receive_correct, "correct a submission before review")
    p.add_argument("number")
    p.add_argument("--set", action="append", required=True, metavar="FIELD=VALUE")
    p = add(receive, "accept", cmd_receive_accept, "receive the named submissions, or --all")
    p.add_argument("numbers", nargs="*", metavar="NUMBER")
    p.add_argument("--all", action="store_true", help="every pending submission (全选)")
    _secret_options(p)
    p = add(receive, "refuse", cmd_receive_refuse, "refuse a submission with a reason (删除)")
    p.add_argument("number")
    p.add_argument("--reason", required=True, help="why: the enterprise sees it")
    p.add_argument("--clerk", required=True, help="who refuses (经办人)")
    _secret_options(p)

    review = group(sub, "review", "申报审核 (city): pass or fail received submissions")
    add(review, "list", cmd_review_list, "list received submissions with their 信息提示")
    for name, handler, text in (
        ("pass", cmd_review_pass, "pass the named submissions (地市审核通过)"),
        ("fail", cmd_review_fail, "fail the named submissions (the firm may report again)"),
    ):
        p = add(review, name, handler, text)
        p.add_argument("numbers", nargs="+", metavar="NUMBER")
        p.add_argument("--reviewer", required=True, help="审查人员")
        p.add_argument("--opinion", help="审查结果 / 意见")
        _secret_options(p)

    forward = group(sub, "forward", "申报上报 (city): send passed submissions to the province")
    add(forward, "list", cmd_forward_list, "list passed submissions not yet forwarded")
    p = add(forward, "send", cmd_forward_send, "forward the named submissions, or --all")
    p.add_argument("numbers", nargs="*", metavar="NUMBER")
    p.add_argument("--all", action="store_true", help="every passed submission (全选)")
    p.add_argument(
        "--via", choices=["bundle", "http"], default="bundle", help="bundle file or live sync"
    )
    p.add_argument("--server", metavar="URL", help="--via http: the province's server URL")
    p.add_argument("--timeout", type=at_least(0.1, float), default=60.0,
                   help="--via http: seconds per request")  # fmt: skip
    p.add_argument("--retries", type=at_least(0, int), default=3,
                   help="--via http: retries on network errors")  # fmt: skip
    p.add_argument("--backoff", type=at_least(0, float), default=1.0,
                   help="--via http: first wait (s)")  # fmt: skip
    p.add_argument("-o", "--output", metavar="FILE.bpz", help="write the bundle for the province")
    p.add_argument("--to", metavar="PEER", help="province node id or certificate (default: root)")
    p.add_argument("--seal", action="store_true", help="encrypt the bundle to the province")
    _secret_options(p)
