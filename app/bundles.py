"""``regsync bundle export|import|verify|inspect``: offline sync through .bpz files.

Export writes every changeset the peer may receive and has not acknowledged, with
signed stream heads; import trusts nothing it cannot verify (bundle signature,
every origin's certified key, the chain of every range, the origin's authority)
before it applies all of it in one transaction.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from regsync.adapters.sql.migrate import head_revision, known_revisions
from regsync.adapters.sql.uow import SqlUnitOfWork
from regsync.app.commands import Context
from regsync.app.render import Output, table_text
from regsync.app.trust_commands import read_input
from regsync.core.errors import NotFound
from regsync.core.model import Enterprise
from regsync.packages_bpz import (
    CHANGESET,
    BundleHeader,
    BundleInfo,
    Unsealer,
    iter_items,
    read_header,
    write_bundle,
)
from regsync.sync.apply import ImportReport
from regsync.sync.authorize import Writer, refusal
from regsync.sync.bundles import SignedHead, build_ranges, check_vouched, visible_to
from regsync.sync.changeset import Changeset
from regsync.sync.errors import Unauthorised, UnvouchedChangeset, WrongOrigin
from regsync.sync.trust import Certificate, NodeCard, read_trust_file
from regsync.sync.trust_store import TrustStore
from regsync.sync.vector import merge

T = TypeVar("T")
HEAD_PREFIX = "head:"
PEER_PREFIX = "peer:"


def _progress(label: str, done: int, total: int) -> None:
    """A progress line on the terminal for long transfers (not when piped)."""
    if total >= 1000 and (done % 500 == 0 or done == total) and sys.stderr.isatty():
        print(f"\r{label} {done}/{total}", end="" if done < total else "\n", file=sys.stderr)


def _counted(label: str, items: Iterator[T], total: int) -> Iterator[T]:
    for done, item in enumerate(items, start=1):
        _progress(label, done, total)
        yield item


def _peer(store: TrustStore, to: str) -> tuple[Writer, bytes]:
    """The peer named by a node id, or by its card or certificate file."""
    cards: list[NodeCard] = []
    if Path(to).is_file():
        item = read_trust_file(read_input(to))
        card = item.subject if isinstance(item, Certificate) else item
        cards = [card] if isinstance(card, NodeCard) else []
    cards += [c.subject for c in store.certificates() if c.subject.node_id == to]
    for card in cards:
        writer = Writer(card.node_id, card.role, card.city_code, card.uscc)
        return writer, bytes.fromhex(card.public_key)
    raise NotFound(what="对方节点（证书或名片）", what_en="peer node (certificate or card)", key=to)


def _enterprise_city(
    uow: SqlUnitOfWork, batch: Sequence[Changeset] = ()
) -> Callable[[str], str | None]:
    """The city of an enterprise, from the batch itself or this node's records."""
    known: dict[str, str | None] = {}
    for cs in batch:
        for c in cs.changes:
            if c.kind == "enterprise" and isinstance(c.fields.get("city_code"), str):
                known[c.key] = str(c.fields["city_code"])

    def city(uscc: str) -> str | None:
        if uscc not in known:
            enterprise = uow.get(Enterprise, uscc)
            known[uscc] = enterprise.city_code if enterprise else None
        return known[uscc]

    return city


def cmd_bundle_export(ctx: Context) -> Output:
    a = ctx.args
    with ctx.services() as s:
        store = s.trust()
        peer, peer_key = _peer(store, a.to)
        signer = s.require_signer(ctx.environ, passphrase_env=a.passphrase_env, pin_env=a.pin_env)
        with s.unit_of_work() as uow:
            acked = json.loads(uow.store.get_local(PEER_PREFIX + peer.node_id) or "{}")
            city = _enterprise_city(uow)
            batch = [cs for cs in uow.changesets_for(acked) if visible_to(peer, cs.scope, city)]
            relayed = _relayed_heads(uow, batch, s.node.node_id)
            ranges = build_ranges(batch, me=s.node.node_id, signer=signer, relayed=relayed)
            heads = uow.store.heads()
        certificates = [c.to_file_bytes() for c in store.certificates()]
        info = BundleInfo(
            schema=head_revision(),
            sender=s.node.node_id,
            recipient=peer.node_id,
            ranges=ranges,
            acks=heads,
            certificates=certificates,
        )
        items = _counted(
            "导出 exporting",
            ((CHANGESET, {"body": cs.body(), "hash": cs.hash}) for cs in batch),
            len(batch),
        )
        header = write_bundle(
            Path(a.output), items, signer=signer, info=info, seal_to=peer_key if a.seal else None
        )
    data = {
        "file": a.output,
        "to": peer.node_id,
        "changesets": len(batch),
        "changes": header.changes,
    }
    text = f"已导出 {len(batch)} 个变更集（{header.changes} 条变更）到 {a.output}"
    return Output(data, f"{text}，接收方 {peer.node_id}")


def _relayed_heads(uow: SqlUnitOfWork, batch: list[Changeset], me: str) -> dict[str, SignedHead]:
    streams = {cs.stream for cs in batch if cs.origin != me}
    found = {}
    for stream in streams:
        text = uow.store.get_local(HEAD_PREFIX + stream)
        if text is not None:
            found[stream] = SignedHead.from_json(text)
    return found


def trusted_writers(store: TrustStore, header: BundleHeader) -> dict[str, Writer]:
    """The certified writer of every stream a verified header carries.

    The sender must be certified, and each stream head must be signed by the
    certified, unrevoked key of the stream's origin (so relays cannot forge).  A key
    the origin handed over to a new one (key rotation) still vouches for heads up to
    the handover, and for nothing later; a bundle it signed before the handover
    still imports (its heads are old), one with a newer head does not.
    """
    presented = [Certificate.from_file_bytes(c) for c in header.certificates]
    store.verify_chain(header.sender_key, presented=presented)
    writers: dict[str, Writer] = {}
    for r in header.ranges:
        t = store.verify_chain(r.head_signer, presented=presented)
        store.check_head(r.head_signer, r.stream, r.last_seq)  # old keys: old heads only
        if t.node_id != r.origin:
            raise WrongOrigin(stream=r.stream, signer=t.node_id, origin=r.origin)
        writers[r.stream] = Writer(t.node_id, t.role, t.city_code, t.uscc)
    return writers


def _already_held(uow: SqlUnitOfWork, header: BundleHeader) -> bool:
    """Every range ends at a head this node already has: a replay, nothing to read."""
    return all(uow.store.hash_at(r.stream, r.last_seq) == r.head_hash for r in header.ranges)


def apply_bundle(
    uow: SqlUnitOfWork,
    path: str,
    header: BundleHeader,
    writers: dict[str, Writer],
    unsealer: Unsealer | None = None,
) -> ImportReport:
    """Read, check and apply a bundle whose header and writers are verified; no commit.

    A sealed bundle needs ``unsealer``: this node's key opens the bundle key.
    """
    if _already_held(uow, header):
        report = ImportReport(duplicates=header.items)
    else:
        batch = []
        for kind, item in _counted(
            "读取 reading", iter_items(path, header, unsealer=unsealer), header.items
        ):
            if kind != CHANGESET:
                continue
            try:
                batch.append(Changeset.from_body(item["body"], item["hash"]))
            except (KeyError, TypeError, ValueError) as exc:
                raise UnvouchedChangeset(stream="?", seq="?") from exc
        check_vouched(header.ranges, batch)
        _authorise(uow, batch, writers)
        report = uow.import_changesets(batch)
    _remember(uow, header)
    return report


def _authorise(uow: SqlUnitOfWork, batch: list[Changeset], writers: dict[str, Writer]) -> None:
    city = _enterprise_city(uow, batch)
    for cs in batch:
        reason = refusal(writers[cs.stream], cs, city)
        if reason is not None:
            raise Unauthorised(origin=cs.origin, reason=reason)


def _import(ctx: Context, *, commit: bool) -> tuple[BundleHeader, ImportReport]:
    read_input(ctx.args.file)  # a clear error for a missing file
    with ctx.services() as s:
        header = read_header(ctx.args.file, known_schemas=known_revisions(), me=s.node.node_id)
        writers = trusted_writers(s.trust(), header)
        unsealer = None
        if header.sealed:  # only this node's key opens it: its passphrase or its lock
            a = ctx.args
            unsealer = s.require_signer(
                ctx.environ, passphrase_env=a.passphrase_env, pin_env=a.pin_env
            ).unseal
        with s.unit_of_work() as uow:
            report = apply_bundle(uow, ctx.args.file, header, writers, unsealer)
            if commit:
                uow.commit()
    return header, report


def _remember(uow: SqlUnitOfWork, header: BundleHeader) -> None:
    """Keep the newest signed head of every stream (to relay it) and what the sender has."""
    for r in header.ranges:
        old = uow.store.get_local(HEAD_PREFIX + r.stream)
        if old is None or SignedHead.from_json(old).seq < r.last_seq:
            uow.store.set_local(HEAD_PREFIX + r.stream, SignedHead.of_range(r).to_json())
    key = PEER_PREFIX + header.sender
    acked = merge(json.loads(uow.store.get_local(key) or "{}"), header.acks)
    uow.store.set_local(key, json.dumps(acked, sort_keys=True))


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
