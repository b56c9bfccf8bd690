"""Key rotation (handover): the old key vouches for what it signed before, nothing after."""

from __future__ import annotations

import dataclasses
import json

import pytest

from regsync.sync.trust.certificates import read_trust_file, revoke
from regsync.sync.trust.errors import (
    BadHandover,
    BadRevocation,
    NotAllowedToCertify,
    RevokedKey,
    SupersededKey,
    TrustFileError,
)
from regsync.sync.trust.handover import Handover, hand_over
from regsync.sync.trust.store import TrustStore
from tests.test_trust import USCC_A, Province, assert_speaks_both, forge, issue, province, rekeyed

__all__ = ["province"]  # the fixture, imported for pytest
T1 = "2026-11-27T10:00:00+08:00"


def _handover(p: Province, seq: int = 7) -> tuple[Handover, str]:
    firm = p.firm_a
    stream = f"{firm.identity.node_id}/{firm.identity.scope}"
    new = rekeyed(firm)
    return hand_over(
        firm.identity.node_id, firm.signer, new.key, heads={stream: seq}, created=T1
    ), stream


def test_old_heads_verify_newer_ones_are_refused(province: Province) -> None:
    handover, stream = _handover(province)
    store = province.store()
    store.add(handover)
    old_key = province.firm_a.key
    assert store.verify_chain(old_key).node_id == province.firm_a.identity.node_id
    store.check_head(old_key, stream, 7)  # up to the handover: still good
    store.check_head(old_key, stream, 1)
    with pytest.raises(SupersededKey) as refused:
        store.check_head(old_key, stream, 8)
    assert_speaks_both(refused.value)
    with pytest.raises(SupersededKey):  # a stream it never had: nothing is vouched for
        store.check_head(old_key, f"{province.firm_a.identity.node_id}/other", 1)
    store.check_head(province.firm_b.key, "whatever/stream", 10**6)  # others unaffected


def test_certificates_the_old_key_issued_stay_valid(province: Province) -> None:
    """A city changing its lock does not orphan its firms."""
    city = province.taiyuan
    new = rekeyed(city)
    store = province.store()
    store.add(hand_over(city.identity.node_id, city.signer, new.key, heads={}, created=T1))
    assert store.verify_chain(province.firm_a.key).chain[1] == province.certs["taiyuan"].serial
    store.add(issue(new, province.root))
    assert store.verify_chain(new.key).node_id == city.identity.node_id


def test_file_roundtrip_store_export_and_tampering(province: Province) -> None:
    handover, stream = _handover(province)
    data = handover.to_file_bytes()
    assert read_trust_file(data) == handover
    store = province.store()
    store.add(handover)
    store.add(handover)  # the same one again is a no-op
    again = TrustStore.load(store.root_key, store.export())
    assert again.handovers() == (handover,)
    doc = json.loads(data)
    doc["handover"]["heads"][stream] = 9  # move the boundary: the signature breaks
    forged = (json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()
    with pytest.raises(BadHandover):
        read_trust_file(forged)
    with pytest.raises(TrustFileError):
        read_trust_file(data.replace(b'"created"', b'"Created"'))


def test_a_second_different_handover_of_one_key_is_refused(province: Province) -> None:
    first, _ = _handover(province, seq=7)
    second, _ = _handover(province, seq=9)
    store = province.store()
    store.add(first)
    with pytest.raises(BadHandover) as refused:
        store.add(second)
    assert_speaks_both(refused.value)
    assert store.handovers() == (first,)


def test_heads_of_other_nodes_and_bad_numbers_are_refused(province: Province) -> None:
    handover, stream = _handover(province)
    other = f"{province.firm_b.identity.node_id}/x"
    for heads in ({other: 1}, {stream: -1}, {stream: True}, {stream: "7"}):
        with pytest.raises(BadHandover):
            dataclasses.replace(handover, heads=heads)


def test_a_city_s_new_key_revokes_what_its_retired_key_certified(province: Province) -> None:
    """A city that changed its lock still revokes its firms' certificates; another
    city's key, or the new key without the handover installed, may not."""
    city, firm_cert = province.taiyuan, province.certs["firm_a"]
    new = rekeyed(city)
    handover = hand_over(city.identity.node_id, city.signer, new.key, heads={}, created=T1)
    revocation = revoke(
        firm_cert, new.identity, new.signer, revoked=T1, reason="丢失",
        successors=(new.key.hex(),),
    )  # fmt: skip
    with pytest.raises(NotAllowedToCertify):  # the CLI passes the store's successors
        revoke(firm_cert, new.identity, new.signer, revoked=T1, reason="丢失")
    store = province.store()
    store.add(revocation)  # before the handover: kept, but carries no weight yet
    assert store.verify_chain(province.firm_a.key).uscc == USCC_A
    store.add(handover)
    assert store.successors(city.key) == (new.key.hex(),)
    with pytest.raises(RevokedKey):
        store.verify_chain(province.firm_a.key)
    again = TrustStore.load(store.root_key, store.export())  # handovers load first
    with pytest.raises(RevokedKey):
        again.verify_chain(province.firm_a.key)
    assert store.successors(province.datong.key) == ()
    by_datong = revoke(
        firm_cert, province.datong.identity, province.datong.signer, revoked=T1,
        reason="恶意吊销", successors=(province.datong.key.hex(),),
    )  # fmt: skip
    with pytest.raises(BadRevocation):  # a key known as another node's: told at once
        province.store().add(by_datong)


def test_the_current_certificate_is_the_new_key_s(province: Province) -> None:
    """Sealing a bundle to a rotated node uses its current key (the CI finding: a
    firm sealed its report to the city's first certificate)."""
    city = province.taiyuan
    new = rekeyed(city)
    store = province.store()
    node_id = city.identity.node_id
    assert store.current_certificate(node_id) == province.certs["taiyuan"]
    renewed = issue(new, province.root)
    store.add(renewed)
    store.add(hand_over(node_id, city.signer, new.key, heads={}, created=T1))
    assert store.current_certificate(node_id) == renewed
    assert store.current_certificate("01NOSUCHNODE0000000000000") is None


def test_a_certificate_that_does_not_chain_never_becomes_current(province: Province) -> None:
    """A careless clerk installs a forged certificate naming the city with an attacker's
    key, issued later than the real one: peers must still seal to the city's real key."""
    city, attacker = province.taiyuan, rekeyed(province.taiyuan)
    forged = dataclasses.replace(
        forge(attacker.card, city.identity.node_id, attacker.signer), issued=T1
    )
    forged = dataclasses.replace(
        forged, signature=attacker.signer.sign(forged.signed_bytes()).hex()
    )
    store = province.store()
    store.add(forged)  # installing checks the signature only
    assert store.current_certificate(city.identity.node_id) == province.certs["taiyuan"]
