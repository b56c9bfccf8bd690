"""``regsync init``, ``node show`` and ``db status|upgrade``: the node and its database."""

from __future__ import annotations

from regsync.app.bootstrap import init_node, open_home_database
from regsync.app.cli.context import Context
from regsync.app.cli.render import Output
from regsync.app.secrets import passphrase
from regsync.app.signers import SMARTCARD, open_lock
from regsync.core.model import (
    Role,
)
from regsync.sync.trust.files import fingerprint


def cmd_init(ctx: Context) -> Output:
    a = ctx.args
    # --signer smartcard: the key is the one on the identity lock (found and unlocked
    # first); otherwise a new key file protected by a passphrase.
    lock = open_lock(ctx.environ, a.pin_env, expected_key=None) if a.signer == SMARTCARD else None
    try:
        services = init_node(
            ctx.home,
            ctx.environ,
            role=Role(a.role),
            name=a.name,
            city_code=a.city,
            uscc=a.uscc,
            enterprise_number=a.enterprise_number,
            db_url=a.db,
            passphrase=None if lock else passphrase(ctx.environ, a.passphrase_env, confirm=True),
            uscc_confirmed=a.uscc_confirmed,
            org_code=a.org_code,
            lock=lock,
        )
    finally:
        if lock is not None:
            lock.close()
    services.close()
    node = services.node
    data = {
        "home": str(ctx.home),
        "node_id": node.node_id,
        "role": node.role.value,
        "scope": node.scope,
        "signer": services.signer_kind,
    }
    where = "，密钥在身份识别锁中" if lock is not None else ""
    return Output(
        data,
        f"已初始化 {node.role.value} 节点 {node.node_id}（{node.scope}），目录 {ctx.home}{where}",
    )


def cmd_node_show(ctx: Context) -> Output:
    with ctx.services() as s:
        data = {**s.node.as_dict(), "database": s.db.display_url}
        if s.node.public_key:  # what peers compare on the phone (`node trust`)
            data["fingerprint"] = fingerprint(s.node.public_key)
    return Output(data, "\n".join(f"{k:<11} {'' if v is None else v}" for k, v in data.items()))


def cmd_db_status(ctx: Context) -> Output:
    db = open_home_database(ctx.home, ctx.environ)
    try:
        status = db.schema_status()
    finally:
        db.dispose()
    data = {"current": status.current, "head": status.head, "up_to_date": status.up_to_date}
    return Output(data, f"schema {status.current} (head {status.head})")


def cmd_db_upgrade(ctx: Context) -> Output:
    db = open_home_database(ctx.home, ctx.environ)
    try:
        before = db.schema_status().current
        after = db.upgrade().current
    finally:
        db.dispose()
    return Output({"from": before, "to": after}, f"schema {before} -> {after}")
