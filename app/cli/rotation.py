"""``regsync node rotate-key``: replace the node's key, keeping what the old one signed.

The old key signs a handover (:mod:`regsync.sync.trust.handover`) of the node's
streams at their current heads to the new key; then the node switches: its identity
and directory entry name the new key, ``config.json`` the new signer, and an old key
file is kept as ``node.key.retired-<fingerprint>`` (never deleted: it is evidence).
The new key needs a certificate (``regsync node card``, then the issuer's ``regsync
node certify``), and every office installs the handover with ``regsync node trust``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from regsync.adapters.keyfile import KeyFileSigner
from regsync.app.bootstrap import Services
from regsync.app.cli.context import Context
from regsync.app.cli.render import Output, say
from regsync.app.cli.trust import write_new
from regsync.app.errors import OutputExists
from regsync.app.home import KEY_NAME, read_config, write_config
from regsync.app.secrets import kdf_limits, passphrase
from regsync.app.signers import KEYFILE, SMARTCARD, NodeSigner, open_lock
from regsync.app.writing import writing
from regsync.core.model import Node
from regsync.packages_bpz.files import publish
from regsync.sync.trust.files import fingerprint
from regsync.sync.trust.handover import Handover, hand_over

NEW_KEY_NAME = KEY_NAME + ".new"


def _new_signer(ctx: Context, s: Services, old: NodeSigner) -> NodeSigner:
    a = ctx.args
    if a.signer == SMARTCARD:
        pin_env = a.new_pin_env or a.pin_env
        return open_lock(ctx.environ, pin_env, expected_key=None, exclude_key=old.public_key())
    secret = passphrase(ctx.environ, a.new_passphrase_env or a.passphrase_env, confirm=True)
    with writing(s.home / NEW_KEY_NAME):
        return KeyFileSigner.create(s.home / NEW_KEY_NAME, secret, limits=kdf_limits(ctx.environ))


def _switch(s: Services, handover: Handover, new_kind: str) -> None:
    """Make the new key the node's: identity, directory entry, key files, config."""
    node = dataclasses.replace(s.node, public_key=handover.new_public_key)
    with s.unit_of_work() as uow:
        uow.store.save_identity(node)
        record = uow.get(Node, node.node_id)
        if record is not None:  # the directory entry travels: peers learn the new key
            uow.put(record.replace(public_key=handover.new_public_key))
        uow.commit()
    old_file = s.home / KEY_NAME
    if s.signer_kind == KEYFILE and old_file.exists():
        retired = f"{KEY_NAME}.retired-{handover.old_public_key[:16]}"
        with writing(s.home / retired):
            publish(old_file, s.home / retired)
    if new_kind == KEYFILE:
        with writing(old_file):
            publish(s.home / NEW_KEY_NAME, old_file)
    config = read_config(s.home)
    write_config(s.home, dataclasses.replace(config, signer=new_kind))


def cmd_node_rotate_key(ctx: Context) -> Output:
    a = ctx.args
    if Path(a.output).exists():  # checked first: a refused rotation changes nothing
        raise OutputExists(path=a.output)
    with ctx.services() as s:
        store = s.trust()
        old = s.require_signer(ctx.environ, passphrase_env=a.passphrase_env, pin_env=a.pin_env)
        with s.unit_of_work() as uow:
            mine = s.node.node_id + "/"
            heads = {st: seq for st, seq in uow.store.heads().items() if st.startswith(mine)}
        new = _new_signer(ctx, s, old)
        try:
            handover = hand_over(
                s.node.node_id,
                old,
                new.public_key(),
                heads=heads,
                created=s.clock.now().isoformat(),
            )
            store.add(handover)
            write_new(a.output, handover.to_file_bytes())
        except BaseException:
            (s.home / NEW_KEY_NAME).unlink(missing_ok=True)
            raise
        finally:
            close = getattr(new, "close", None)
            if close is not None:
                close()
        s.save_trust(store)
        _switch(s, handover, a.signer)
    data = {
        "file": a.output,
        "old_key": fingerprint(handover.old_public_key),
        "new_key": fingerprint(handover.new_public_key),
        "signer": a.signer,
        "heads": dict(handover.heads),
    }
    signer = say(f"cli.rotation.signer.{a.signer}")
    text = say("cli.rotation.done", old=data["old_key"], new=data["new_key"], signer=signer,
               file=a.output)  # fmt: skip
    return Output(data, text)
