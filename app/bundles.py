"""``regsync bundle export|import|verify|inspect``: offline sync through .bpz files.

The USB path drives the same sync session as live HTTP
(:func:`regsync.sync.session.push_pull`): export answers the session's question
"what does the peer hold?" with what the peer last acknowledged, writes the bundle
the session sends, and stops; the peer's answer comes back later through
``bundle import``, the same :func:`~regsync.app.replica.import_bundle` the session's
pull uses.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from regsync.app.bootstrap import Services
from regsync.app.commands import Context
from regsync.app.render import Output, table_text
from regsync.app.replica import (
    PEER_PREFIX,
    KeyOpener,
    NodeKey,
    NodeLink,
    import_bundle,
    resolve_peer,
)
from regsync.app.secrets import passphrase
from regsync.app.trust_commands import read_input
from regsync.packages_bpz import BundleHeader, read_header
from regsync.sync.apply import ImportReport
from regsync.sync.session import Heads, SendBundle, push_pull


def _key_opener(ctx: Context, s: Services) -> KeyOpener:
    def open_key() -> NodeKey:
        return s.signer(passphrase(ctx.environ, ctx.args.passphrase_env))

    return open_key


def cmd_bundle_export(ctx: Context) -> Output:
    a = ctx.args
    with ctx.services() as s:
        peer, peer_key = resolve_peer(s.trust(), a.to)
        link = NodeLink(s, peer, peer_key, _key_opener(ctx, s), seal=a.seal)
        with s.unit_of_work() as uow:  # offline: the peer holds what it last acknowledged
            acked = json.loads(uow.store.get_local(PEER_PREFIX + peer.node_id) or "{}")
        session = push_pull(link, Path(a.output))
        next(session)
        message = session.send(Heads(acked))
        assert isinstance(message, SendBundle)  # the session's second step
        session.close()  # the answer comes back as a file, through `bundle import`
    sent = message.sent
    data = {
        "file": a.output,
        "to": peer.node_id,
        "changesets": sent.changesets,
        "changes": sent.changes,
    }
    text = f"已导出 {sent.changesets} 个变更集（{sent.changes} 条变更）到 {a.output}"
    return Output(data, f"{text}，接收方 {peer.node_id}")


def _import(ctx: Context, *, commit: bool) -> tuple[BundleHeader, ImportReport]:
    read_input(ctx.args.file)  # a clear error for a missing file
    with ctx.services() as s:
        return import_bundle(s, Path(ctx.args.file), _key_opener(ctx, s), commit=commit)


def _report(header: BundleHeader, report: ImportReport, verb: str) -> Output:
    conflicts = [f"{kind}:{key}.{c.field}" for kind, key, c in report.conflicts]
    data: dict[str, Any] = {
        "bundle": header.bundle_id,
        "sender": header.sender,
        "new_changesets": len(report.new),
        "new_changes": report.changes,
        "duplicates": report.duplicates,
        "conflicts": conflicts,
    }
    text = (
        f"{verb}：新变更集 {len(report.new)}（{report.changes} 条变更），"
        f"已有（重复）{report.duplicates}，冲突 {len(conflicts)}"
    )
    if conflicts:
        text += "\n" + "\n".join(f"  冲突 {c}" for c in conflicts)
    return Output(data, text)


def cmd_bundle_import(ctx: Context) -> Output:
    header, report = _import(ctx, commit=True)
    return _report(header, report, "已导入")


def cmd_bundle_verify(ctx: Context) -> Output:
    header, report = _import(ctx, commit=False)
    return _report(header, report, "校验通过（未写入）")


def cmd_bundle_inspect(ctx: Context) -> Output:
    header = read_header(ctx.args.file)
    rows = [(r.stream, r.first_seq, r.last_seq, r.head_hash[:12]) for r in header.ranges]
    data = {
        "bundle": header.bundle_id,
        "schema": header.schema,
        "sender": header.sender,
        "recipient": header.recipient,
        "created": header.created,
        "sealed": header.sealed,
        "changes": header.changes,
        "ranges": [{"stream": r[0], "first": r[1], "last": r[2]} for r in rows],
    }
    head = "\n".join(f"{k:<10} {v}" for k, v in data.items() if k != "ranges")
    return Output(data, head + "\n" + table_text(["stream", "first", "last", "head"], rows))
