"""``regsync init``, ``node show`` and ``db status|upgrade``: the node and its database."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from regsync.app.bootstrap import init_node, open_home_database
from regsync.app.cli.context import Context
from regsync.app.cli.render import Output, code_text, pairs_text, say
from regsync.app.secrets import passphrase
from regsync.app.signers import SMARTCARD, NodeSigner, open_lock
from regsync.core.model import (
    Role,
)
from regsync.sync.trust.files import fingerprint


@dataclasses.dataclass(frozen=True)
class NodeSettings:
    """What ``regsync init`` and the first-run wizard ask for (no secrets)."""

    role: Role
    name: str
    city_code: str | None = None
    uscc: str | None = None
    org_code: str | None = None
    enterprise_number: str | None = None
    db_url: str | None = None
    uscc_confirmed: bool = False

    @classmethod
    def of(cls, ctx: Context) -> NodeSettings:
        """The settings given on the ``init`` command line."""
        a = ctx.args
        return cls(
            role=Role(a.role), name=a.name, city_code=a.city, uscc=a.uscc, org_code=a.org_code,
            enterprise_number=a.enterprise_number, db_url=a.db, uscc_confirmed=a.uscc_confirmed,
        )  # fmt: skip


def cmd_init(ctx: Context) -> Output:
    a = ctx.args
    # --signer smartcard: the key is the one on the identity lock (found and unlocked
    # first); otherwise a new key file protected by a passphrase.
    lock = open_lock(ctx.environ, a.pin_env, expected_key=None) if a.signer == SMARTCARD else None
    try:
        secret = None if lock else passphrase(ctx.environ, a.passphrase_env, confirm=True)
        return init_local(ctx.home, ctx.environ, NodeSettings.of(ctx), secret, lock)
    finally:
        if lock is not None:
            lock.close()


def init_local(
    home: Path,
    environ: Mapping[str, str],
    settings: NodeSettings,
    secret: str | None,
    lock: NodeSigner | None = None,
) -> Output:
    """Create the node in ``home`` (``regsync init`` and the first-run wizard): a key
    file protected by ``secret``, or the key on the identity ``lock``."""
    services = init_node(
        home,
        environ,
        role=settings.role,
        name=settings.name,
        city_code=settings.city_code,
        uscc=settings.uscc,
        enterprise_number=settings.enterprise_number,
        db_url=settings.db_url,
        passphrase=secret,
        uscc_confirmed=settings.uscc_confirmed,
        org_code=settings.org_code,
        lock=lock,
    )
    services.close()
    node = services.node
    data = {
        "home": str(home),
        "node_id": node.node_id,
        "role": node.role.value,
        "scope": node.scope,
        "signer": services.signer_kind,
    }
    key = "cli.node.initialised_lock" if lock is not None else "cli.node.initialised"
    role = code_text("cli.role.{}", node.role.value)
    return Output(data, say(key, role=role, node=node.node_id, scope=node.scope, home=home))


def cmd_node_show(ctx: Context) -> Output:
    with ctx.services() as s:
        data = {**s.node.as_dict(), "database": s.db.display_url}
        if s.node.public_key:  # what peers compare on the phone (`node trust`)
            data["fingerprint"] = fingerprint(s.node.public_key)
    shown = [
        (say(f"cli.node.field.{k}"), code_text("cli.role.{}", str(v)) if k == "role" else v or "")
        for k, v in data.items()
    ]
    return Output(data, pairs_text(shown))


def cmd_db_status(ctx: Context) -> Output:
    db = open_home_database(ctx.home, ctx.environ)
    try:
        status = db.schema_status()
    finally:
        db.dispose()
    data = {"current": status.current, "head": status.head, "up_to_date": status.up_to_date}
    return Output(data, say("cli.db.status", current=status.current, head=status.head))


def cmd_db_upgrade(ctx: Context) -> Output:
    db = open_home_database(ctx.home, ctx.environ)
    try:
        before = db.schema_status().current
        after = db.upgrade().current
    finally:
        db.dispose()
    return Output({"from": before, "to": after}, say("cli.db.upgraded", before=before, after=after))
