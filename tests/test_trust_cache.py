"""Each certificate is verified once (issue 19 item 4): counted, not timed.

A bundle of 200 ranges presents its certificates for every range, and a node loads its
trust store again for each command part that needs it; the Ed25519 check of one
certificate runs once per process, while a changed certificate is still refused.
"""

from __future__ import annotations

import dataclasses

import pytest

from regsync.core.model import Role
from regsync.packages_bpz import Item
from regsync.sync.acks import ACKS
from regsync.sync.authorize import Writer
from regsync.sync.peer import certificates_for
from regsync.sync.trust import certificates
from regsync.sync.trust.errors import BadCertificate
from regsync.sync.trust.store import TrustStore
from tests.test_trust import TAIYUAN, USCC_A, Province, province  # the fixture

__all__ = ["province"]


def test_presented_certificates_are_verified_once_for_many_ranges(province: Province) -> None:
    store = TrustStore(province.root.key)
    store.add(province.certs["root"])
    presented = [province.certs["firm_a"], province.certs["taiyuan"]]
    before = certificates.signature_checks()
    for seq in range(1, 201):  # one check per range of a 200-range bundle
        assert store.verify_head(
            province.firm_a.key, f"x/{seq}", seq, presented=presented
        ).uscc == USCC_A  # fmt: skip
    assert certificates.signature_checks() - before <= len(presented)


def test_loading_the_store_again_verifies_nothing_again(province: Province) -> None:
    items = province.store().export()
    TrustStore.load(province.root.key, items)
    before = certificates.signature_checks()
    for _ in range(5):
        store = TrustStore.load(province.root.key, items)
    assert certificates.signature_checks() == before
    assert store.verify_chain(province.firm_b.key).node_id == province.firm_b.identity.node_id


def test_a_changed_certificate_is_still_refused_after_the_good_one(province: Province) -> None:
    store = TrustStore(province.root.key)
    store.add(province.certs["root"])
    good = province.certs["taiyuan"]
    assert store.verify_chain(province.taiyuan.key, presented=[good]).node_id
    tampered = dataclasses.replace(good, issued="2030-01-01T00:00:00+00:00")
    with pytest.raises(BadCertificate):
        store.verify_chain(province.taiyuan.key, presented=[tampered])
    forged = dataclasses.replace(good, signature="00" * 64)
    with pytest.raises(BadCertificate):
        store.verify_chain(province.taiyuan.key, presented=[forged])


def _carried(province: Province, peer: Writer, gossip: list[Item] | None = None) -> set[str]:
    store = province.store()
    me = province.root.identity.node_id
    found = certificates_for(store, me, peer, [], gossip or [])
    return {name for name, cert in province.certs.items() if cert in found}


def test_a_bundle_carries_only_the_chains_its_peer_needs(province: Province) -> None:
    city = Writer(province.taiyuan.identity.node_id, Role.CITY, TAIYUAN)
    # 太原 gets its own firm and every office's chain, not 大同's firm.
    assert _carried(province, city) == {"root", "taiyuan", "datong", "firm_a"}
    firm = Writer(province.firm_a.identity.node_id, Role.ENTERPRISE, TAIYUAN, USCC_A)
    assert _carried(province, firm) == {"root", "taiyuan", "datong", "firm_a"}
    # A node the bundle names (here in the gossip) is carried with its chain.
    about_b: list[Item] = [(ACKS, {"node": province.firm_b.identity.node_id, "heads": {}})]
    assert "firm_b" in _carried(province, city, about_b)
    # The province holds every scope: it gets everything.
    top = Writer(province.root.identity.node_id, Role.PROVINCE)
    assert _carried(province, top) == set(province.certs)
