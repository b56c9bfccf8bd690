"""``regsync package`` (个人版: 申报 → 生成) and ``regsync receive-package`` (企业版: 注册数据接收).

A personal node is never certified: the enterprise trusts it by its card,
installed with ``regsync node trust APPLICANT.card`` after comparing the
fingerprint with the applicant (docs/decisions/0012-personal-packages.md).  The
package is sealed to the enterprise's key and addressed to its node id, so the
applicant's own node, and every node but that enterprise, can neither open nor
import it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from regsync.adapters.sql.migrate import head_revision, known_revisions
from regsync.app.bootstrap import Services
from regsync.app.commands import Context
from regsync.app.editions import writable
from regsync.app.errors import (
    NotAPackage,
    NotEnterpriseCard,
    NothingToPackage,
    UnknownApplicant,
)
from regsync.app.render import Output, table_text
from regsync.app.trust_commands import read_input
from regsync.core.errors import NotAllowed, NotFound
from regsync.core.model import Application, Role
from regsync.core.usecases.packages import Intake, receive_package
from regsync.packages_bpz import (
    CHANGESET,
    BundleHeader,
    BundleInfo,
    StreamRange,
    iter_items,
    read_header,
    write_bundle,
)
from regsync.sync.authorize import Writer, refusal
from regsync.sync.bundles import build_ranges, check_vouched
from regsync.sync.changeset import Changeset
from regsync.sync.errors import Unauthorised, UnvouchedChangeset
from regsync.sync.packages import PACKAGE, SELECTION, fold
from regsync.sync.trust import Certificate, NodeCard, fingerprint, read_trust_file
from regsync.sync.trust_errors import UntrustedKey

RECEIVED_PREFIX = "package:"  # local setting: the last seq taken in of a personal stream


def _enterprise_card(path: str) -> NodeCard:
    item = read_trust_file(read_input(path))
    card = item.subject if isinstance(item, Certificate) else item
    if not isinstance(card, NodeCard) or card.role is not Role.ENTERPRISE:
        what = card.role.value if isinstance(card, NodeCard) else type(item).__name__
        raise NotEnterpriseCard(path=path, what=what)
    return card


def cmd_package(ctx: Context) -> Output:
    """Write the applicant's drafts as a package sealed to one enterprise."""
    a = ctx.args
    card = _enterprise_card(a.to)
    writable(a.output)
    with ctx.services() as s:
        node = s.node
        if node.role is not Role.PERSONAL:
            raise NotAllowed(
                role=node.role.value, action_zh="生成个人版数据包", action_en="write packages"
            )
        with s.unit_of_work() as uow:
            batch = [
                cs
                for cs in uow.changesets_for({})
                if cs.origin == node.node_id and cs.scope == node.scope
            ]
            drafts = uow.find(Application)
        numbers = _selection(drafts, a.numbers or [])
        signer = s.require_signer(ctx.environ, passphrase_env=a.passphrase_env, pin_env=a.pin_env)
        info = BundleInfo(
            schema=head_revision(),
            sender=node.node_id,
            kind=PACKAGE,
            recipient=card.node_id,
            ranges=build_ranges(batch, me=node.node_id, signer=signer, relayed={}),
        )
        items: list[tuple[str, dict[str, Any]]] = [
            (CHANGESET, {"body": cs.body(), "hash": cs.hash}) for cs in batch
        ]
        items.append((SELECTION, {"applications": numbers}))
        write_bundle(
            a.output, items, signer=signer, info=info, seal_to=bytes.fromhex(card.public_key)
        )
    data = {"file": a.output, "to": card.node_id, "enterprise": card.name, "applications": numbers}
    text = (
        f"已生成数据包 {a.output}（{len(numbers)} 份申请），只有 {card.name} 的企业版能接收；"
        "请把数据包和注册材料交给企业"
    )
    return Output(data, text)


def _selection(drafts: list[Application], wanted: list[str]) -> list[str]:
    known = {d.number for d in drafts}
    if not known:
        raise NothingToPackage()
    for number in wanted:
        if number.strip() not in known:
            raise NotFound(what="申请", what_en="application", key=number)
    return sorted({n.strip() for n in wanted} or known)


def cmd_receive_package(ctx: Context) -> Output:
    """Verify a personal package completely, then take its drafts in, all or nothing."""
    path = ctx.args.file
    read_input(path)  # a clear error for a missing file
    with ctx.services() as s:
        # Addressed to another node (another enterprise, or opened by its author):
        # refused here, before anything is read.
        header = read_header(path, known_schemas=known_revisions(), me=s.node.node_id)
        if header.kind != PACKAGE:
            raise NotAPackage(path=path, kind=header.kind)
        if s.node.role is not Role.ENTERPRISE:
            raise NotAllowed(
                role=s.node.role.value, action_zh="接收个人版数据包", action_en="receive packages"
            )
        writer = _applicant(s, header)
        a = ctx.args
        key = s.require_signer(ctx.environ, passphrase_env=a.passphrase_env, pin_env=a.pin_env)
        batch, selection = _read(path, header, key.unseal)
        stream = _authorise(writer, header, batch)
        with s.unit_of_work() as uow:
            # What this enterprise took in from the applicant's stream last time: the
            # fields written after it are the applicant's corrections.
            since = int(uow.store.get_local(RECEIVED_PREFIX + stream.stream) or 0)
            package = fold(writer.node_id, batch, since=since)
            intakes = receive_package(uow, package, today=s.today(), selected=selection)
            last = max(since, stream.last_seq)
            uow.store.set_local(RECEIVED_PREFIX + stream.stream, str(last))
            uow.commit()
    return _intake_output(path, writer.node_id, intakes)


def _applicant(s: Services, header: BundleHeader) -> Writer:
    """The personal node that signed the package, trusted by its installed card."""
    try:
        trusted = s.trust().verify_chain(header.sender_key)
    except UntrustedKey:
        raise UnknownApplicant(
            sender=header.sender, fingerprint=fingerprint(header.sender_key.hex())
        ) from None
    if trusted.role is not Role.PERSONAL or trusted.node_id != header.sender:
        raise NotAPackage(path=header.bundle_id, kind=f"{header.kind} from {trusted.role.value}")
    return Writer(trusted.node_id, trusted.role)


def _read(path: str, header: BundleHeader, unseal: Any) -> tuple[list[Changeset], list[str] | None]:
    batch: list[Changeset] = []
    selection: list[str] | None = None
    items: Iterator[tuple[str, dict[str, Any]]] = iter_items(path, header, unsealer=unseal)
    for kind, item in items:  # stage only: nothing is applied before the loop ends
        if kind == CHANGESET:
            try:
                batch.append(Changeset.from_body(item["body"], item["hash"]))
            except (KeyError, TypeError, ValueError) as exc:
                raise UnvouchedChangeset(stream="?", seq="?") from exc
        elif kind == SELECTION:
            chosen = item.get("applications")
            if isinstance(chosen, list):
                selection = [str(n) for n in chosen]
    return batch, selection


def _authorise(writer: Writer, header: BundleHeader, batch: list[Changeset]) -> StreamRange:
    """One whole stream of the applicant's, written within a personal node's authority;
    returns its range."""
    check_vouched(header.ranges, batch)
    if len(header.ranges) != 1 or header.ranges[0].first_seq != 1:
        raise UnvouchedChangeset(stream=header.sender, seq=1)
    for cs in batch:
        reason = refusal(writer, cs, lambda _uscc: None)
        if reason is not None:
            raise Unauthorised(origin=cs.origin, reason=reason)
    return header.ranges[0]


def _intake_output(path: str, sender: str, intakes: list[Intake]) -> Output:
    labels = {
        "new": "新建草稿",
        "updated": "已更新",
        "unchanged": "无变化",
        "kept": "已上报，未改动",
    }
    rows = [(i.number, i.person_name, i.original, labels[i.outcome.value]) for i in intakes]
    data = {
        "file": path,
        "sender": sender,
        "applications": [
            {
                "number": i.number,
                "original": i.original,
                "person_name": i.person_name,
                "outcome": i.outcome.value,
            }
            for i in intakes
        ],
    }
    head = f"已接收 {path}：{len(intakes)} 份申请（来自个人版节点 {sender}）\n"
    return Output(data, head + table_text(["申请编号", "姓名", "个人版编号", "结果"], rows))
