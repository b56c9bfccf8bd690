"""``regsync bundle export|import|verify|inspect``: offline sync through .bpz files.

The USB path drives the same sync session as live HTTP
(:func:`regsync.sync.session.push_pull`): export answers the session's question
"what does the peer hold?" with what the peer last acknowledged, writes the bundle
the session sends, and stops; the peer's answer comes back later through
``bundle import``, the same :func:`~regsync.sync.peer.import_bundle` the session's
pull uses.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from regsync.app.bootstrap import Services
from regsync.app.cli.context import Context
from regsync.app.cli.render import Output, pairs_text, say, table_text
from regsync.app.cli.trust import read_input
from regsync.app.errors import IsAPackage
from regsync.app.progress import show
from regsync.app.transaction import one_transaction
from regsync.app.writing import unlink_durably, writing
from regsync.core.china_time import show_iso
from regsync.core.ports import UnitOfWork
from regsync.packages_bpz import BundleHeader, read_header
from regsync.sync.apply import ImportReport
from regsync.sync.authorize import Writer
from regsync.sync.inbox import read_bundle_header
from regsync.sync.packages import PACKAGE
from regsync.sync.peer import export_changes, import_bundle, keep_certificates, resolve_peer
from regsync.sync.ports import KeyOpener, SyncNode
from regsync.sync.session import Sent
from regsync.sync.snapshot import SNAPSHOT, export_snapshot, start_from_snapshot
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.certificates import Certificate, read_trust_file


def key_opener(ctx: Context, s: Services) -> KeyOpener:
    """The node's key file (passphrase) or identity lock (PIN), opened once when first
    needed, from where the command line says."""
    a = ctx.args
    return s.key_opener(ctx.environ, passphrase_env=a.passphrase_env, pin_env=a.pin_env)


def peer_named(s: SyncNode, to: str) -> tuple[Writer, bytes]:
    """The peer named on the command line: a node id, or its card or certificate file."""
    card = None
    if Path(to).is_file():
        item = read_trust_file(read_input(to))
        subject = item.subject if isinstance(item, Certificate) else item
        card = subject if isinstance(subject, NodeCard) else None
    return resolve_peer(s.trust(), to, card)


def export_to(
    s: SyncNode,
    to: str,
    output: Path,
    open_key: KeyOpener,
    *,
    seal: bool = False,
    resend_own: bool = False,
) -> tuple[str, Sent]:
    """Write what peer ``to`` lacks (by its last acknowledgement) to ``output``.

    Returns the peer's node id and what was sent; ``bundle export``, ``forward send``,
    ``report --via bundle`` and the demo all go through here.  A failed write (a full
    USB stick) is :class:`~regsync.app.errors.CannotWrite`, with nothing at ``output``.
    """
    peer, peer_key = peer_named(s, to)
    with writing(output):
        sent = export_changes(
            s, peer, peer_key, output, open_key, seal=seal, resend_own=resend_own, progress=show
        )
    return peer.node_id, sent


T = TypeVar("T")


def change_and_export(
    s: Services,
    change: Callable[[UnitOfWork], T],
    to: Callable[[SyncNode], str],
    output: Path,
    open_key: KeyOpener,
    *,
    seal: bool = False,
) -> tuple[T, str, Sent]:
    """Make ``change`` and write the bundle that carries it to peer ``to(node)``: all or
    none (``report --via bundle`` and ``forward send -o``, CLI and window).

    The change and the export share one transaction (:mod:`regsync.app.transaction`):
    the transaction is committed only after the bundle is written, fsynced and named
    on the medium; a failed write (a full USB stick) changes nothing, and a failed
    commit removes the bundle.  Returns what ``change`` returned, the peer's node id
    and what was sent.
    """
    with one_transaction(s) as node:
        peer = to(node)
        peer_named(node, peer)  # an unknown peer is refused before anything changes
        with node.unit_of_work() as uow:
            result = change(uow)
            uow.commit()  # captured in the shared transaction, not yet durable
        peer_id, sent = export_to(node, peer, output, open_key, seal=seal)
        try:
            node.commit()
        except BaseException:
            unlink_durably(output)  # no bundle for a change the node did not keep
            raise
    return result, peer_id, sent


def cmd_bundle_export(ctx: Context) -> Output:
    a = ctx.args
    if a.snapshot:
        return _export_snapshot(ctx)
    with ctx.services() as s:
        return export_file(s, a.to, a.output, key_opener(ctx, s), seal=a.seal, resend_own=a.resend)


def export_file(
    s: Services,
    to: str,
    output: str,
    open_key: KeyOpener,
    *,
    seal: bool = False,
    resend_own: bool = False,
) -> Output:
    """``bundle export``: what peer ``to`` lacks, written to ``output`` (CLI and window)."""
    peer_id, sent = export_to(s, to, Path(output), open_key, seal=seal, resend_own=resend_own)
    data = {
        "file": output,
        "to": peer_id,
        "changesets": sent.changesets,
        "changes": sent.changes,
    }
    text = say("cli.bundle.exported", changesets=sent.changesets, changes=sent.changes,
               file=output, peer=peer_id)  # fmt: skip
    return Output(data, text)


def _export_snapshot(ctx: Context) -> Output:
    a = ctx.args
    with ctx.services() as s:
        peer, peer_key = peer_named(s, a.to)
        seal_to = peer_key if a.seal else None
        with writing(a.output):
            sent = export_snapshot(
                s, peer, key_opener(ctx, s), Path(a.output), seal_to=seal_to, progress=show
            )
    data = {"file": a.output, "to": peer.node_id, "snapshot": True, "items": sent.changes}
    shown = say("cli.bundle.snapshot_exported", items=sent.changes, file=a.output,
                peer=peer.node_id)  # fmt: skip
    return Output(data, shown)


def _import(ctx: Context, *, commit: bool) -> Output:
    read_input(ctx.args.file)  # a clear error for a missing file
    with ctx.services() as s:
        # an administrator's decision, after checking the sender's dates (ClockAhead)
        s.db.accept_clock_ahead = bool(getattr(ctx.args, "accept_clock_ahead", False))
        return import_file(s, Path(ctx.args.file), key_opener(ctx, s), commit=commit)


def import_file(s: Services, path: Path, open_key: KeyOpener, *, commit: bool = True) -> Output:
    """``bundle import`` (or, without ``commit``, ``bundle verify``) of a changes bundle
    or a snapshot: the header is read once, then the kind's service runs."""
    header = read_bundle_header(s, path)
    if header.kind == PACKAGE:
        raise IsAPackage(path=str(path))
    if header.kind != SNAPSHOT:
        report = import_bundle(s, path, header, open_key, commit=commit, progress=show)
        return _report(header, report, commit)
    started = start_from_snapshot(s, path, header, open_key, commit=commit, progress=show)
    if commit:
        keep_certificates(s, header)
    data = {
        "bundle": header.bundle_id,
        "sender": header.sender,
        "snapshot": True,
        "records": started.records,
        "streams": started.streams,
        "rewritten": started.rewritten,
    }
    text = say(
        "cli.bundle.snapshot_imported" if commit else "cli.bundle.snapshot_verified",
        records=started.records, streams=started.streams, rewritten=started.rewritten,
    )  # fmt: skip
    return Output(data, text)


def _report(header: BundleHeader, report: ImportReport, commit: bool) -> Output:
    conflicts = [f"{kind}:{key}.{c.field}" for kind, key, c in report.conflicts]
    data: dict[str, Any] = {
        "bundle": header.bundle_id,
        "sender": header.sender,
        "new_changesets": report.new_changesets,
        "new_changes": report.changes,
        "duplicates": report.duplicates,
        "conflicts": conflicts,
    }
    text = say(
        "cli.bundle.imported" if commit else "cli.bundle.verified",
        changesets=report.new_changesets, changes=report.changes,
        duplicates=report.duplicates, conflicts=len(conflicts),
    )  # fmt: skip
    if conflicts:
        text += "\n" + "\n".join(say("cli.bundle.conflict", conflict=c) for c in conflicts)
    return Output(data, text)


def cmd_bundle_import(ctx: Context) -> Output:
    return _import(ctx, commit=True)


def cmd_bundle_verify(ctx: Context) -> Output:
    return _import(ctx, commit=False)


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
    shown = {**data, "created": show_iso(header.created)}  # China time for people
    head = pairs_text(
        [(say(f"cli.bundle.header.{k}"), v) for k, v in shown.items() if k != "ranges"]
    )
    return Output(data, head + "\n" + table_text(["stream", "first", "last", "head"], rows))
