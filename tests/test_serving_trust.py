"""A server parses its trust store once per change, not three times per request
(issue 19 item 5): each request's link gets a private copy of the parsed store."""

from __future__ import annotations

from typing import Any

from regsync.core.ports import NodeIdentity
from regsync.sync.serving import NodeBackend, RequestNode, private_copy
from regsync.sync.trust.store import TrustStore
from tests.test_trust import Province, province  # the fixture

__all__ = ["province"]


class FakeNode:
    """The few parts of a served node that ``link_for`` and a link's trust use."""

    def __init__(self, province: Province) -> None:
        self.province = province
        self.stored = [cert for name, cert in province.certs.items() if name != "firm_b"]
        self.parses = 0
        self.saved: list[TrustStore] = []
        self.node: NodeIdentity = province.taiyuan.identity

    def stored_trust(self) -> object:
        return tuple(cert.serial for cert in self.stored)

    def trust(self) -> TrustStore:
        self.parses += 1
        store = TrustStore(self.province.root.key)
        for cert in self.stored:
            store.add(cert)
        return store

    def save_trust(self, store: TrustStore) -> None:
        self.saved.append(store)
        self.stored = list(store.certificates())

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"not expected here: {name}")


def test_a_private_copy_is_equal_and_independent(province: Province) -> None:
    store = province.store()
    copy = private_copy(store)
    assert copy is not store
    assert copy.export() == store.export()
    lone = TrustStore(province.root.key)
    lone.add(province.certs["root"])
    lone_copy = private_copy(lone)
    lone_copy.add(province.certs["taiyuan"])
    assert len(lone.certificates()) == 1
    assert len(lone_copy.certificates()) == 2
    assert lone_copy.verify_chain(province.taiyuan.key).node_id == (
        province.taiyuan.identity.node_id
    )


def test_links_share_one_parse_and_never_each_others_changes(province: Province) -> None:
    node = FakeNode(province)
    backend = NodeBackend(node, key=None, replay_window=60)  # type: ignore[arg-type]  # fakes
    firm = province.firm_a
    links = [backend.link_for(firm.identity.node_id, firm.key) for _ in range(3)]
    assert node.parses == 1  # three requests, one parse: the stored form did not change
    mine = links[0].node
    assert isinstance(mine, RequestNode)
    assert mine.trust() is mine.trust()  # one store for the whole request
    mine.trust().add(province.certs["firm_b"])  # as keep_certificates does, before saving
    assert len(links[1].node.trust().certificates()) == 4
    assert len(backend.trust().certificates()) == 4
    mine.save_trust(mine.trust())  # saved: the stored form changed, parsed again
    assert len(node.saved) == 1
    assert len(backend.trust().certificates()) == 5
    assert node.parses == 2
    assert len(links[2].node.trust().certificates()) == 4  # its request's snapshot
