"""Partial replication: which scopes, and so which streams, each peer receives."""

from __future__ import annotations

from collections.abc import Callable

from regsync.core.model import Role
from regsync.core.scopes import PROVINCE, city_scope, enterprise_scope, personal_scope
from regsync.sync.authorize import Writer
from regsync.sync.changeset import stream_scope
from regsync.sync.ports import SyncStore


def visible_to(peer: Writer, scope: str, enterprise_city: Callable[[str], str | None]) -> bool:
    """Partial replication: which scopes a peer receives (DESIGN §4)."""
    if scope == PROVINCE or peer.role is Role.PROVINCE:
        return True
    if peer.role is Role.ENTERPRISE:
        return peer.uscc is not None and scope == enterprise_scope(peer.uscc)
    if peer.role is Role.CITY and peer.city_code is not None:
        prefix = enterprise_scope("")
        if scope.startswith(prefix):
            return enterprise_city(scope[len(prefix) :]) == peer.city_code
        return scope == city_scope(peer.city_code)
    return scope == personal_scope(peer.node_id)


def enterprise_city(store: SyncStore) -> Callable[[str], str | None]:
    """The city of an enterprise, by this node's stored records (loaded once, on demand)."""
    known: dict[str, str | None] = {}
    loaded = False

    def city(uscc: str) -> str | None:
        nonlocal loaded
        if uscc not in known and not loaded:
            # one query for all firms, not one per firm: a province server's heads and
            # exports ask about every firm stream it holds
            known.update(store.enterprise_cities() | known)
            loaded = True
        return known.get(uscc)

    return city


def streams_seen_by(peer: Writer, city: Callable[[str], str | None]) -> Callable[[str], bool]:
    """Whether ``peer`` may receive a stream, by the stream's scope (partial replication)."""
    return lambda stream: visible_to(peer, stream_scope(stream), city)
