"""Operators wired to a node: its accounts store, the hashing cost, the recorded operator.

``REGSYNC_KDF=min`` makes password hashes cheap (tests and demos only, as it does for
key files); otherwise :data:`regsync.core.passwords.DEFAULT` (scrypt, 32 MiB).
"""

from __future__ import annotations

from collections.abc import Mapping

from regsync.adapters.sql.operators import (
    SqlOperatorAccounts,
    enrolment_request,
    last_sync,
    save_enrolment_request,
    save_last_sync,
)
from regsync.app.audit import AuditLog
from regsync.app.bootstrap import Services
from regsync.core.operators import ThrottlePolicy
from regsync.core.passwords import ScryptCost, cost_for

KDF_ENV = "REGSYNC_KDF"
POLICY = ThrottlePolicy()


def accounts_of(s: Services) -> SqlOperatorAccounts:
    """The node's operator accounts (node-local tables of its database)."""
    return SqlOperatorAccounts(s.db)


def password_cost(environ: Mapping[str, str]) -> ScryptCost:
    """The scrypt cost of new password hashes (``REGSYNC_KDF=min``: tests only)."""
    return cost_for(environ.get(KDF_ENV, ""))


def record_operator(s: Services, username: str) -> None:
    """Make ``username`` the operator the audit log names for every following write
    (the window calls this at each login and 切换操作员)."""
    hook = s.db.on_commit
    if isinstance(hook, AuditLog):
        hook.operator = username


def recorded_operator(s: Services) -> str | None:
    """Who the audit log names for the writes of these services now."""
    hook = s.db.on_commit
    return hook.operator if isinstance(hook, AuditLog) else None


def note_exchange(s: Services) -> None:
    """Record now as the node's last sync (the window's status bar shows it)."""
    save_last_sync(s.db, s.clock.now().isoformat())


def last_exchange(s: Services) -> str | None:
    """When :func:`note_exchange` last ran on this node (ISO time), if ever."""
    return last_sync(s.db)


def note_enrolment_request(s: Services) -> None:
    """Record now as when this node handed its enrolment request in (登记状态 shows
    the node as waiting for its certificate from then on)."""
    save_enrolment_request(s.db, s.clock.now().isoformat())


def enrolment_requested(s: Services) -> str | None:
    """When :func:`note_enrolment_request` last ran on this node (ISO time), if ever."""
    return enrolment_request(s.db)
