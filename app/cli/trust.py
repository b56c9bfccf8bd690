"""``regsync node card|certify|trust``: enrolment by files carried between offices."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from regsync.app.bootstrap import Services
from regsync.app.cli.context import Context
from regsync.app.cli.render import Output, say
from regsync.app.errors import (
    FingerprintMismatch,
    InputMissing,
    OutputExists,
    TrustNotConfirmed,
)
from regsync.app.writing import unlink_durably, writing
from regsync.core.model import Enterprise, Role
from regsync.core.ports import Signer
from regsync.packages_bpz.files import atomic_write
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.certificates import (
    Certificate,
    Revocation,
    TrustItem,
    certify,
    read_trust_file,
    revoke,
)
from regsync.sync.trust.files import fingerprint
from regsync.sync.trust.handover import Handover
from regsync.sync.trust.store import TrustStore


def write_new(path: str, data: bytes) -> None:
    """Write a file atomically; never replace one (a card or certificate is evidence).

    A full or failing medium is :class:`~regsync.app.errors.CannotWrite`, with
    nothing left at ``path``."""
    try:
        with writing(path):
            atomic_write(path, data, mode=0o644, exclusive=True)
    except FileExistsError:
        raise OutputExists(path=path) from None


def read_input(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputMissing(path=path, reason=exc.strerror or str(exc)) from None


def cmd_node_card(ctx: Context) -> Output:
    with ctx.services() as s:
        card = NodeCard.from_identity(s.node, created=s.clock.now().isoformat())
    write_new(ctx.args.output, card.to_file_bytes())
    data = {
        "file": ctx.args.output,
        "node_id": card.node_id,
        "fingerprint": fingerprint(card.public_key),
    }
    shown = say("cli.trust.card_written", file=ctx.args.output, fingerprint=data["fingerprint"])
    return Output(data, shown)


Issue = Callable[[Services, Signer, bytes], Certificate | Revocation]


def _issue(ctx: Context, make: Issue) -> Certificate | Revocation:
    """Sign a trust document as this node, write it out new, keep it in its own store.

    ``make`` gets the services, the opened key and the pinned root key.  The file is
    written before the store is saved, and removed if saving fails: the issuer never
    keeps a certificate or revocation it could not hand out (a revocation kept
    without its file could not be issued again).
    """
    with ctx.services() as s:
        store = s.trust()
        a = ctx.args
        signer = s.require_signer(ctx.environ, passphrase_env=a.passphrase_env, pin_env=a.pin_env)
        item = make(s, signer, store.root_key)
        store.add(item)  # the issuer trusts what it certified, and knows what it revoked
        write_new(a.output, item.to_file_bytes())
        try:
            s.save_trust(store)
        except BaseException:
            unlink_durably(Path(a.output))
            raise
    return item


def cmd_node_certify(ctx: Context) -> Output:
    a = ctx.args
    card = NodeCard.from_file_bytes(read_input(a.card))
    cert = _issue(
        ctx,
        lambda s, signer, root: certify(
            card,
            s.node,
            signer,
            serial=s.ids.new_id(),
            issued=s.clock.now().isoformat(),
            enterprise_number=a.enterprise_number,
            root_key=root,
        ),
    )
    assert isinstance(cert, Certificate)
    data = {"file": a.output, "subject": card.node_id, "serial": cert.serial}
    return Output(data, say("cli.trust.certified", label=card.label, serial=cert.serial,
                            file=a.output))  # fmt: skip


def cmd_node_revoke(ctx: Context) -> Output:
    """Revoke a certificate this node issued (the province may revoke any).

    The revocation's cut-off is what this office holds of the subject's streams:
    those changes stay valid everywhere, nothing the key signs later is accepted.
    """
    a = ctx.args
    cert = Certificate.from_file_bytes(read_input(a.certificate))
    cutoff: dict[str, int] = {}

    def make(s: Services, signer: Signer, root: bytes) -> Revocation:
        with s.unit_of_work() as uow:
            own = cert.subject.node_id + "/"
            cutoff.update({k: v for k, v in uow.store.heads().items() if k.startswith(own)})
        return revoke(
            cert, s.node, signer, revoked=s.clock.now().isoformat(), reason=a.reason,
            heads=cutoff, root_key=root,
            successors=s.trust().successors(cert.issuer_public_key),
        )  # fmt: skip

    _issue(ctx, make)
    data = {
        "file": a.output,
        "serial": cert.serial,
        "subject": cert.subject.node_id,
        "cutoff": cutoff,
    }
    kept = say("cli.trust.cutoff_sep").join(
        say("cli.trust.cutoff", stream=k, seq=v) for k, v in sorted(cutoff.items())
    )
    shown = say("cli.trust.revoked", serial=cert.serial, label=cert.subject.label,
                file=a.output, kept=kept or say("cli.none"))  # fmt: skip
    return Output(data, shown)


def describe(item: TrustItem) -> tuple[str, str]:
    """What a trust file holds, for the clerk to compare with the issuer by phone:
    (what it is, the key fingerprint it installs)."""
    if isinstance(item, Certificate):
        subject = item.subject
        key = "cli.trust.root" if item.self_signed else "cli.trust.node_certificate"
        return say(key, label=subject.label, node=subject.node_id), fingerprint(subject.public_key)
    if isinstance(item, Revocation):
        what = say("cli.trust.revocation", serial=item.serial, reason=item.reason)
        return what, fingerprint(item.issuer_public_key)
    if isinstance(item, Handover):
        return say("cli.trust.handover", node=item.node_id), fingerprint(item.new_public_key)
    return say("cli.trust.personal_card", label=item.label, node=item.node_id), fingerprint(
        item.public_key
    )


def _confirm(ctx: Context, item: TrustItem) -> None:
    """Show what is about to be trusted; on a terminal, ask unless ``--yes``.

    ``--fingerprint`` compares without asking (scripts): a different key installs
    nothing.  Without a terminal and without either option the file is installed,
    as before, and the fingerprint is still printed with the result."""
    what, shown = describe(item)
    expected = getattr(ctx.args, "fingerprint", None)
    if expected is not None:
        if expected.replace(" ", "").lower() != shown.replace(" ", ""):
            raise FingerprintMismatch(what=what, shown=shown, expected=expected)
        return
    if getattr(ctx.args, "yes", False) or not sys.stdin.isatty():
        return
    print(f"{what}\n" + say("cli.trust.fingerprint", fingerprint=shown), file=sys.stderr)
    answer = input(say("cli.trust.confirm"))
    if answer.strip().lower() not in ("y", "yes", "是"):
        raise TrustNotConfirmed(what=what)


def cmd_node_trust(ctx: Context) -> Output:
    raw = read_input(ctx.args.file)
    item = read_trust_file(raw)
    _confirm(ctx, item)
    with ctx.services() as s:
        return install_trust(s, raw)


def install_trust(s: Services, raw: bytes) -> Output:
    """Install a card, certificate or revocation file (``regsync node trust``, and
    the window's 信任并导入 once the clerk has compared the fingerprint)."""
    item = read_trust_file(raw)
    root, items = s.db.load_trust()
    if root is None:
        store = TrustStore.from_root_certificate(raw)  # the first file must be the root
    else:
        store = TrustStore.load(root, items)
        store.install(raw)
    s.save_trust(store)
    data: dict[str, object] = {"installed": type(item).__name__}
    if isinstance(item, Certificate):
        trusted = store.verify_chain(item.subject.public_key)
        data |= {
            "node_id": trusted.node_id,
            "role": trusted.role.value,
            "chain": list(trusted.chain),
        }
        if item.subject.node_id == s.node.node_id:
            _take_own_certificate(s, item)
    what, shown = describe(item)
    data["fingerprint"] = shown
    key = "cli.trust.installed_chain" if "node_id" in data else "cli.trust.installed"
    return Output(data, say(key, what=what, fingerprint=shown))


def _take_own_certificate(s: Services, cert: Certificate) -> None:
    """A firm's own certificate carries the enterprise number its city gave it."""
    if s.node.role is not Role.ENTERPRISE or cert.enterprise_number is None:
        return
    assert s.node.uscc is not None
    with s.unit_of_work() as uow:
        enterprise = uow.get(Enterprise, s.node.uscc)
        if enterprise is not None:
            uow.put(enterprise.replace(enterprise_number=cert.enterprise_number))
            uow.commit()
