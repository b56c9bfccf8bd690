"""Each certificate is verified once (issue 19 item 4): counted, not timed.

A bundle of 200 ranges presents its certificates for every range, and a node loads its
trust store again for each command part that needs it; the Ed25519 check of one
certificate runs once per process, while a changed certificate is still refused.
"""

from __future__ import annotations

import dataclasses

import pytest

from regsync.sync.trust import certificates
from regsync.sync.trust.errors import BadCertificate
from regsync.sync.trust.store import TrustStore
from tests.test_trust import USCC_A, Province, province  # the fixture

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
