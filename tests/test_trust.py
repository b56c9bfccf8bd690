"""Node cards, certificates, revocations and the trust store (issue 3, item 2)."""

from __future__ import annotations

import dataclasses
import itertools
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey

from regsync.core.errors import CoreError
from regsync.core.ids import encode_ulid
from regsync.core.model import Role
from regsync.core.ports import NodeIdentity, Signer
from regsync.core.scopes import PROVINCE, city_scope, enterprise_scope, personal_scope
from regsync.sync.errors import SyncError
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.certificates import (
    Certificate,
    Revocation,
    certify,
    read_trust_file,
    revoke,
)
from regsync.sync.trust.errors import (
    BadCertificate,
    BadEnterpriseNumber,
    BadRevocation,
    CardNotTrustable,
    InvalidCard,
    NotAllowedToCertify,
    RevokedKey,
    SignerMismatch,
    TrustError,
    TrustFileError,
    UnsupportedTrustFileVersion,
    UntrustedKey,
)
from regsync.sync.trust.files import fingerprint
from regsync.sync.trust.store import TrustedNode, TrustStore

TAIYUAN, DATONG = "140100", "140200"
USCC_A, USCC_B = "91140100MA0GRP138M", "91140200MA0GRP1381"
T0 = "2025-03-01T08:00:00+00:00"
_serials = itertools.count(1)


def serial() -> str:
    return encode_ulid(1_740_000_000_000, next(_serials))


class KeySigner:
    """A Signer over an in-memory key (the key-file adapter is tested elsewhere)."""

    def __init__(self) -> None:
        self._key = SigningKey.generate()

    def public_key(self) -> bytes:
        return bytes(self._key.verify_key)

    def sign(self, message: bytes) -> bytes:
        return bytes(self._key.sign(message).signature)


@dataclasses.dataclass
class Node:
    identity: NodeIdentity
    signer: KeySigner

    @property
    def card(self) -> NodeCard:
        return NodeCard.from_identity(self.identity, created=T0)

    @property
    def key(self) -> bytes:
        return self.signer.public_key()


_node_ids = itertools.count(1)


def make_node(role: Role, name: str, *, city: str | None = None, uscc: str | None = None) -> Node:
    node_id = encode_ulid(1_730_000_000_000, next(_node_ids))
    scope = {
        Role.PROVINCE: PROVINCE,
        Role.CITY: city_scope(city or ""),
        Role.ENTERPRISE: enterprise_scope(uscc or ""),
        Role.PERSONAL: personal_scope(node_id),
    }[role]
    signer = KeySigner()
    identity = NodeIdentity(
        node_id, role, name, scope, city, uscc, public_key=signer.public_key().hex()
    )
    return Node(identity, signer)


def rekeyed(node: Node) -> Node:
    """The same node after a key rotation."""
    signer = KeySigner()
    identity = dataclasses.replace(node.identity, public_key=signer.public_key().hex())
    return Node(identity, signer)


def issue(
    subject: Node, issuer: Node, *, number: str | None = None, root: Node | None = None
) -> Certificate:
    return certify(
        subject.card,
        issuer.identity,
        issuer.signer,
        serial=serial(),
        issued=T0,
        enterprise_number=number,
        root_key=root.key if root else None,
    )


def forge(
    card: NodeCard, issuer_id: str, signer: Signer, *, number: str | None = None
) -> Certificate:
    """A correctly signed certificate that skips certify()'s rules."""
    unsigned = Certificate(
        subject=card,
        issuer_node_id=issuer_id,
        issuer_public_key=signer.public_key().hex(),
        issued=T0,
        serial=serial(),
        enterprise_number=number,
        signature="0" * 128,
    )
    return dataclasses.replace(unsigned, signature=signer.sign(unsigned.signed_bytes()).hex())


def assert_speaks_both(exc: CoreError) -> None:
    """Every error formats in Chinese and English (no missing template parameter)."""
    assert exc.message("zh")
    assert exc.message("en")
    assert exc.message("zh") != exc.message("en")


@dataclasses.dataclass
class Province:
    """A small province: root, two cities, an enterprise in each, their certificates."""

    root: Node
    taiyuan: Node
    datong: Node
    firm_a: Node
    firm_b: Node
    certs: dict[str, Certificate]

    def store(self) -> TrustStore:
        store = TrustStore(self.root.key)
        for cert in self.certs.values():
            store.add(cert)
        return store


@pytest.fixture
def province() -> Province:
    root = make_node(Role.PROVINCE, "山西省住房和城乡建设厅")
    taiyuan = make_node(Role.CITY, "太原市住建局", city=TAIYUAN)
    datong = make_node(Role.CITY, "大同市住建局", city=DATONG)
    firm_a = make_node(Role.ENTERPRISE, "太原市建筑设计研究院", city=TAIYUAN, uscc=USCC_A)
    firm_b = make_node(Role.ENTERPRISE, "大同设计院", city=DATONG, uscc=USCC_B)
    certs = {
        "root": issue(root, root),
        "taiyuan": issue(taiyuan, root),
        "datong": issue(datong, root),
        "firm_a": issue(firm_a, taiyuan, number="0001"),
        "firm_b": issue(firm_b, datong, number="0042"),
    }
    return Province(root, taiyuan, datong, firm_a, firm_b, certs)


# --- chains ------------------------------------------------------------------------


def test_root_city_enterprise_chain_verifies(province: Province) -> None:
    trusted = province.store().verify_chain(province.firm_a.key)
    assert trusted == TrustedNode(
        node_id=province.firm_a.identity.node_id,
        role=Role.ENTERPRISE,
        name="太原市建筑设计研究院",
        scope=enterprise_scope(USCC_A),
        city_code=TAIYUAN,
        uscc=USCC_A,
        enterprise_number="0001",
        public_key=province.firm_a.key.hex(),
        certified=True,
        chain=(province.certs["firm_a"].serial, province.certs["taiyuan"].serial),
    )


def test_city_and_root_verify(province: Province) -> None:
    store = province.store()
    city = store.verify_chain(province.taiyuan.key.hex())
    assert (city.role, city.scope, city.city_code) == (Role.CITY, city_scope(TAIYUAN), TAIYUAN)
    root = store.verify_chain(province.root.key)
    assert (root.role, root.scope, root.chain) == (
        Role.PROVINCE,
        PROVINCE,
        (province.certs["root"].serial,),
    )


def test_province_certifies_an_enterprise_directly(province: Province) -> None:
    firm = make_node(Role.ENTERPRISE, "省直企业", city=TAIYUAN, uscc=USCC_B)
    store = province.store()
    store.add(issue(firm, province.root))
    trusted = store.verify_chain(firm.key)
    assert trusted.enterprise_number is None
    assert len(trusted.chain) == 1


def test_root_key_without_its_certificate_is_not_an_identity(province: Province) -> None:
    store = TrustStore(province.root.key)
    store.add(province.certs["taiyuan"])
    assert store.verify_chain(province.taiyuan.key).role is Role.CITY
    with pytest.raises(UntrustedKey) as caught:
        store.verify_chain(province.root.key)
    assert "root certificate" in caught.value.message("en")


def test_unknown_key_is_untrusted_and_says_how_to_fix(province: Province) -> None:
    stranger = make_node(Role.ENTERPRISE, "陌生企业", city=TAIYUAN, uscc=USCC_B)
    with pytest.raises(UntrustedKey) as caught:
        province.store().verify_chain(stranger.key)
    assert isinstance(caught.value, TrustError)
    assert isinstance(caught.value, SyncError)
    assert "regsync node trust" in caught.value.message("en")
    assert "regsync node certify" in caught.value.message("zh")
    assert fingerprint(stranger.key).replace(" ", "") in caught.value.message("en").replace(" ", "")
    assert_speaks_both(caught.value)


def test_certificate_signed_by_an_uncertified_key_is_refused(province: Province) -> None:
    rogue_city = make_node(Role.CITY, "假冒市局", city=TAIYUAN)
    firm = make_node(Role.ENTERPRISE, "受骗企业", city=TAIYUAN, uscc=USCC_B)
    store = province.store()
    store.add(issue(firm, rogue_city, number="0002"))
    with pytest.raises(UntrustedKey):
        store.verify_chain(firm.key)


def test_self_signed_certificate_of_another_province_key_is_refused(province: Province) -> None:
    impostor = make_node(Role.PROVINCE, "假冒省厅")
    store = province.store()
    store.add(issue(impostor, impostor))
    with pytest.raises(UntrustedKey):
        store.verify_chain(impostor.key)
    firm = make_node(Role.ENTERPRISE, "企业", city=TAIYUAN, uscc=USCC_B)
    store.add(issue(firm, impostor))
    with pytest.raises(UntrustedKey):
        store.verify_chain(firm.key)


def test_presented_certificates_count_for_one_check_only(province: Province) -> None:
    store = TrustStore(province.root.key)
    presented = [province.certs["firm_a"], province.certs["taiyuan"]]
    assert store.verify_chain(province.firm_a.key, presented=presented).uscc == USCC_A
    with pytest.raises(UntrustedKey):
        store.verify_chain(province.firm_a.key)


def test_presented_certificates_are_checked(province: Province) -> None:
    store = TrustStore(province.root.key)
    tampered = dataclasses.replace(province.certs["taiyuan"], issued="2030-01-01T00:00:00+00:00")
    with pytest.raises(BadCertificate):
        store.verify_chain(province.taiyuan.key, presented=[tampered])


def test_issuer_id_must_match_the_issuers_certificate(province: Province) -> None:
    firm = make_node(Role.ENTERPRISE, "企业", city=TAIYUAN, uscc=USCC_B)
    store = province.store()
    store.add(forge(firm.card, "SOMEONEELSE", province.taiyuan.signer, number="0003"))
    with pytest.raises(BadCertificate) as caught:
        store.verify_chain(firm.key)
    assert "SOMEONEELSE" in caught.value.message("en")


# --- who may certify whom ----------------------------------------------------------


def test_city_cannot_certify_an_enterprise_of_another_city(province: Province) -> None:
    with pytest.raises(NotAllowedToCertify) as caught:
        issue(province.firm_b, province.taiyuan, number="0001")
    assert DATONG in caught.value.message("en")
    assert_speaks_both(caught.value)
    # ... and a certificate made anyway is refused when the chain is checked.
    store = province.store()
    store.add(forge(province.firm_b.card, province.taiyuan.identity.node_id,
                    province.taiyuan.signer, number="0001"))  # fmt: skip
    assert store.verify_chain(province.firm_b.key).enterprise_number == "0042"  # its real cert
    lone = TrustStore(province.root.key)
    lone.add(province.certs["taiyuan"])
    lone.add(forge(province.firm_b.card, province.taiyuan.identity.node_id,
                   province.taiyuan.signer, number="0001"))  # fmt: skip
    with pytest.raises(NotAllowedToCertify):
        lone.verify_chain(province.firm_b.key)


def test_enterprise_cannot_certify(province: Province) -> None:
    other = make_node(Role.ENTERPRISE, "子公司", city=TAIYUAN, uscc=USCC_B)
    with pytest.raises(NotAllowedToCertify):
        issue(other, province.firm_a)
    store = province.store()
    store.add(forge(other.card, province.firm_a.identity.node_id, province.firm_a.signer))
    with pytest.raises(NotAllowedToCertify):
        store.verify_chain(other.key)


def test_city_cannot_certify_a_city(province: Province) -> None:
    with pytest.raises(NotAllowedToCertify):
        issue(province.datong, province.taiyuan)


def test_only_the_root_certifies_province_nodes(province: Province) -> None:
    server = make_node(Role.PROVINCE, "省级服务器")
    cert = issue(server, province.root, root=province.root)
    store = province.store()
    store.add(cert)
    assert store.verify_chain(server.key).role is Role.PROVINCE
    # A certified province node certifies cities, but not other province nodes.
    city = make_node(Role.CITY, "阳泉市住建局", city="140300")
    store.add(issue(city, server))
    assert store.verify_chain(city.key).chain[1] == cert.serial
    other = make_node(Role.PROVINCE, "另一台")
    with pytest.raises(NotAllowedToCertify):
        issue(other, server, root=province.root)
    with pytest.raises(NotAllowedToCertify):
        issue(province.taiyuan, province.taiyuan)  # only the root signs its own card
    store.add(forge(other.card, server.identity.node_id, server.signer))
    with pytest.raises(NotAllowedToCertify):
        store.verify_chain(other.key)


def test_personal_nodes_are_not_certified_but_their_card_is_trusted(province: Province) -> None:
    person = make_node(Role.PERSONAL, "张三")
    with pytest.raises(NotAllowedToCertify) as caught:
        issue(person, province.firm_a)
    assert "regsync node trust" in caught.value.message("en")
    store = province.store()
    installed = store.install(person.card.to_file_bytes())
    assert installed == person.card
    trusted = store.verify_chain(person.key)
    assert (trusted.role, trusted.certified, trusted.chain) == (Role.PERSONAL, False, ())
    assert trusted.scope == personal_scope(person.identity.node_id)
    store.forget_card(person.key)
    with pytest.raises(UntrustedKey):
        store.verify_chain(person.key)


def test_only_personal_cards_are_trusted_directly(province: Province) -> None:
    with pytest.raises(CardNotTrustable) as caught:
        province.store().install(province.firm_a.card.to_file_bytes())
    assert_speaks_both(caught.value)


def test_enterprise_numbers(province: Province) -> None:
    firm = make_node(Role.ENTERPRISE, "新企业", city=TAIYUAN, uscc=USCC_B)
    with pytest.raises(BadEnterpriseNumber) as caught:
        issue(firm, province.taiyuan)  # a city must give the number
    assert "--enterprise-number" in caught.value.message("en")
    for bad in ("12", "12345", "12a4", "１２３４"):
        with pytest.raises(BadEnterpriseNumber):
            issue(firm, province.taiyuan, number=bad)
    with pytest.raises(BadEnterpriseNumber):
        issue(make_node(Role.CITY, "晋中市住建局", city="140700"), province.root, number="0001")


def test_signer_must_hold_the_issuers_key(province: Province) -> None:
    impostor = Node(province.taiyuan.identity, KeySigner())
    with pytest.raises(SignerMismatch) as caught:
        issue(province.firm_a, impostor, number="0001")
    assert_speaks_both(caught.value)


# --- tampering ---------------------------------------------------------------------

_OTHER_KEY = SigningKey.generate().verify_key.encode().hex()
_TAMPER: dict[str, Any] = {
    "issuer_node_id": "01ARZ3NDEKTSV4RRFFQ69G5FAV",
    "issuer_public_key": _OTHER_KEY,
    "issued": "2025-03-01T08:00:01+00:00",
    "serial": "01ARZ3NDEKTSV4RRFFQ69G5FAV",
    "enterprise_number": "0002",
    "signature": "1" * 128,
}
_TAMPER_SUBJECT: dict[str, Any] = {
    "node_id": "01ARZ3NDEKTSV4RRFFQ69G5FAV",
    "name": "另一家企业",
    "public_key": _OTHER_KEY,
    "created": "2025-03-01T08:00:01+00:00",
    "city_code": "140199",
}


@pytest.mark.parametrize("field", sorted(_TAMPER))
def test_tampering_a_certificate_field_breaks_it(province: Province, field: str) -> None:
    cert = province.certs["firm_a"]
    tampered = dataclasses.replace(cert, **{field: _TAMPER[field]})
    store = TrustStore(province.root.key)
    with pytest.raises(BadCertificate):
        store.add(tampered)
    with pytest.raises(BadCertificate):
        Certificate.from_file_bytes(tampered.to_file_bytes())


@pytest.mark.parametrize("field", sorted(_TAMPER_SUBJECT))
def test_tampering_the_subject_card_breaks_it(province: Province, field: str) -> None:
    cert = province.certs["firm_a"]
    subject = dataclasses.replace(cert.subject, **{field: _TAMPER_SUBJECT[field]})
    with pytest.raises(BadCertificate):
        dataclasses.replace(cert, subject=subject).verify_signature()


def test_tampering_scope_or_role_is_refused_as_an_invalid_card(province: Province) -> None:
    card = province.certs["firm_a"].subject
    with pytest.raises(InvalidCard):
        dataclasses.replace(card, scope=enterprise_scope(USCC_B))
    with pytest.raises(InvalidCard):
        dataclasses.replace(card, role=Role.CITY)
    with pytest.raises(InvalidCard):
        dataclasses.replace(card, role="mayor")  # type: ignore[arg-type]


def test_a_different_certificate_under_a_known_serial_is_refused(province: Province) -> None:
    store = province.store()
    store.add(province.certs["firm_a"])  # the same again: a no-op
    twin = forge(province.firm_a.card, province.taiyuan.identity.node_id,
                 province.taiyuan.signer, number="0009")  # fmt: skip
    twin = dataclasses.replace(twin, serial=province.certs["firm_a"].serial)
    twin = dataclasses.replace(
        twin, signature=province.taiyuan.signer.sign(twin.signed_bytes()).hex()
    )
    with pytest.raises(BadCertificate):
        store.add(twin)


# --- revocation and rotation -------------------------------------------------------

REVOKED = "2025-06-01T09:30:00+08:00"


def test_revocation_makes_verification_fail_with_when_and_why(province: Province) -> None:
    store = province.store()
    revocation = revoke(
        province.certs["firm_a"],
        province.taiyuan.identity,
        province.taiyuan.signer,
        revoked=REVOKED,
        reason="身份识别锁遗失",
    )
    store.install(revocation.to_file_bytes())
    with pytest.raises(RevokedKey) as caught:
        store.verify_chain(province.firm_a.key)
    assert REVOKED in caught.value.message("zh")
    assert "身份识别锁遗失" in caught.value.message("en")
    assert province.certs["firm_a"].serial in caught.value.message("en")
    assert_speaks_both(caught.value)
    assert store.verify_chain(province.firm_b.key).uscc == USCC_B


def test_revoking_a_city_revokes_the_chain_below_it(province: Province) -> None:
    store = province.store()
    store.add(
        revoke(
            province.certs["taiyuan"],
            province.root.identity,
            province.root.signer,
            revoked=REVOKED,
            reason="密钥泄露",
        )
    )
    with pytest.raises(RevokedKey) as caught:
        store.verify_chain(province.firm_a.key)
    assert "太原市住建局" in caught.value.message("zh")


def test_the_root_may_revoke_what_a_city_issued(province: Province) -> None:
    store = province.store()
    store.add(
        revoke(
            province.certs["firm_a"],
            province.root.identity,
            province.root.signer,
            revoked=REVOKED,
            reason="企业注销",
            root_key=province.root.key,
        )
    )
    with pytest.raises(RevokedKey):
        store.verify_chain(province.firm_a.key)


def test_only_the_issuer_or_root_may_revoke(province: Province) -> None:
    with pytest.raises(NotAllowedToCertify):
        revoke(
            province.certs["firm_a"],
            province.datong.identity,
            province.datong.signer,
            revoked=REVOKED,
            reason="恶意吊销",
        )
    forged = Revocation(
        serial=province.certs["firm_a"].serial,
        issuer_node_id=province.datong.identity.node_id,
        issuer_public_key=province.datong.key.hex(),
        revoked=REVOKED,
        reason="恶意吊销",
        signature="0" * 128,
    )
    forged = dataclasses.replace(
        forged, signature=province.datong.signer.sign(forged.signed_bytes()).hex()
    )
    with pytest.raises(BadRevocation):
        province.store().add(forged)
    # Installed before the certificate it names, it is kept but carries no weight.
    store = TrustStore(province.root.key)
    store.add(forged)
    for cert in province.certs.values():
        store.add(cert)
    assert store.verify_chain(province.firm_a.key).uscc == USCC_A


def test_a_tampered_revocation_is_refused(province: Province) -> None:
    revocation = revoke(
        province.certs["firm_a"],
        province.taiyuan.identity,
        province.taiyuan.signer,
        revoked=REVOKED,
        reason="身份识别锁遗失",
    )
    with pytest.raises(BadRevocation):
        province.store().add(dataclasses.replace(revocation, reason="其他原因"))
    with pytest.raises(BadRevocation):
        dataclasses.replace(revocation, reason="  ")


def test_rotation_revoking_the_old_key_leaves_the_new_one(province: Province) -> None:
    store = province.store()
    old_cert = province.certs["firm_a"]
    new_node = rekeyed(province.firm_a)
    store.add(issue(new_node, province.taiyuan, number="0001"))
    old, new = store.verify_chain(province.firm_a.key), store.verify_chain(new_node.key)
    assert old.node_id == new.node_id
    assert old.public_key != new.public_key
    store.add(
        revoke(
            old_cert,
            province.taiyuan.identity,
            province.taiyuan.signer,
            revoked=REVOKED,
            reason="更换密钥",
        )
    )
    with pytest.raises(RevokedKey):
        store.verify_chain(province.firm_a.key)
    assert store.verify_chain(new_node.key).enterprise_number == "0001"


def test_a_renewed_certificate_names_the_node_with_its_newest_details(province: Province) -> None:
    store = province.store()
    renamed_identity = dataclasses.replace(province.firm_a.identity, name="太原院（更名）")
    renamed = NodeCard.from_identity(renamed_identity, created="2025-04-01T00:00:00+00:00")
    store.add(
        certify(
            renamed,
            province.taiyuan.identity,
            province.taiyuan.signer,
            serial=serial(),
            issued="2025-04-01T00:00:00+00:00",
            enterprise_number="0001",
        )
    )
    assert store.verify_chain(province.firm_a.key).name == "太原院（更名）"


# --- files and serialisation -------------------------------------------------------


def test_card_certificate_and_revocation_files_round_trip(province: Province) -> None:
    card = province.firm_a.card
    assert NodeCard.from_file_bytes(card.to_file_bytes()) == card
    assert read_trust_file(card.to_file_bytes()) == card
    cert = province.certs["firm_a"]
    assert Certificate.from_file_bytes(cert.to_file_bytes()) == cert
    assert read_trust_file(cert.to_file_bytes()) == cert
    revocation = revoke(cert, province.taiyuan.identity, province.taiyuan.signer,
                        revoked=REVOKED, reason="测试")  # fmt: skip
    assert Revocation.from_file_bytes(revocation.to_file_bytes()) == revocation
    assert read_trust_file(revocation.to_file_bytes()) == revocation


def test_card_file_format(province: Province) -> None:
    doc = json.loads(province.firm_a.card.to_file_bytes())
    assert doc["type"] == "regsync-node-card"
    assert doc["version"] == 1
    assert doc["card"]["role"] == "enterprise"
    assert "太原市建筑设计研究院" in province.firm_a.card.to_file_bytes().decode()
    canonical = province.firm_a.card.canonical_bytes()
    assert canonical == json.dumps(
        json.loads(canonical), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def test_store_round_trip(province: Province) -> None:
    store = province.store()
    person = make_node(Role.PERSONAL, "李四")
    store.add(person.card)
    store.add(revoke(province.certs["firm_b"], province.datong.identity,
                     province.datong.signer, revoked=REVOKED, reason="测试"))  # fmt: skip
    exported = store.export()
    again = TrustStore.load(province.root.key, exported)
    assert again.export() == exported
    assert again.certificates() == store.certificates()
    assert again.revocations() == store.revocations()
    assert again.cards() == (person.card,)
    assert again.verify_chain(province.firm_a.key) == store.verify_chain(province.firm_a.key)
    with pytest.raises(RevokedKey):
        again.verify_chain(province.firm_b.key)
    assert TrustStore.load(province.root.key, reversed(exported)).export() == exported


def test_store_from_the_root_certificate(province: Province) -> None:
    store = TrustStore.from_root_certificate(province.certs["root"].to_file_bytes())
    assert store.root_key == province.root.key
    with pytest.raises(BadCertificate):
        TrustStore.from_root_certificate(province.certs["taiyuan"].to_file_bytes())


def test_wrong_type_and_newer_version_are_refused(province: Province) -> None:
    cert_bytes = province.certs["firm_a"].to_file_bytes()
    with pytest.raises(TrustFileError) as caught:
        NodeCard.from_file_bytes(cert_bytes)
    assert_speaks_both(caught.value)
    doc = json.loads(cert_bytes)
    doc["version"] = 2
    newer = (json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()
    with pytest.raises(UnsupportedTrustFileVersion) as version_error:
        read_trust_file(newer)
    assert_speaks_both(version_error.value)
    for junk in (b"", b"[]", b'{"type": "regsync-bundle"}', b"\xff\xfe", b"{" * 100_000):
        with pytest.raises(TrustFileError):
            read_trust_file(junk)


def test_windows_line_ends_and_bom_are_tolerated_but_edits_are_not(province: Province) -> None:
    cert = province.certs["firm_a"]
    windows = b"\xef\xbb\xbf" + cert.to_file_bytes().replace(b"\n", b"\r\n")
    assert Certificate.from_file_bytes(windows) == cert
    compact = json.dumps(json.loads(cert.to_file_bytes()), ensure_ascii=False).encode()
    with pytest.raises(TrustFileError):
        Certificate.from_file_bytes(compact)


def _mutations(data: bytes) -> st.SearchStrategy[bytes]:
    def mutate(position: int, value: int) -> bytes:
        return data[:position] + bytes([value]) + data[position + 1 :]

    return st.builds(mutate, st.integers(0, len(data) - 1), st.integers(0, 255)).filter(
        lambda mutated: mutated != data
    )


_FIXED_ROOT = make_node(Role.PROVINCE, "山西省")
_FIXED_CITY = make_node(Role.CITY, "太原市住建局", city=TAIYUAN)
_FIXED_FIRM = make_node(Role.ENTERPRISE, "太原市建筑设计研究院", city=TAIYUAN, uscc=USCC_A)
_FIXED_CERT = issue(_FIXED_FIRM, _FIXED_CITY, number="0001")
_FIXED_REVOCATION = revoke(_FIXED_CERT, _FIXED_CITY.identity, _FIXED_CITY.signer,
                           revoked=REVOKED, reason="身份识别锁遗失")  # fmt: skip


@settings(max_examples=400, suppress_health_check=[HealthCheck.filter_too_much])
@given(_mutations(_FIXED_CERT.to_file_bytes()))
def test_any_single_byte_change_to_a_certificate_is_refused(mutated: bytes) -> None:
    with pytest.raises(TrustError) as caught:
        Certificate.from_file_bytes(mutated)
    assert_speaks_both(caught.value)
    with pytest.raises(TrustError):
        read_trust_file(mutated)


@settings(max_examples=200)
@given(_mutations(_FIXED_REVOCATION.to_file_bytes()))
def test_any_single_byte_change_to_a_revocation_is_refused(mutated: bytes) -> None:
    with pytest.raises(TrustError):
        Revocation.from_file_bytes(mutated)


@settings(max_examples=200)
@given(_mutations(_FIXED_FIRM.card.to_file_bytes()))
def test_a_changed_card_is_refused_or_reads_as_a_different_card(mutated: bytes) -> None:
    # Cards are unsigned (the certificate signs them); a change either fails to read
    # or yields a different card, never the same card from different bytes.
    try:
        card = NodeCard.from_file_bytes(mutated)
    except TrustError as exc:
        assert_speaks_both(exc)
    else:
        assert card != _FIXED_FIRM.card


def test_newest_is_decided_by_time_not_by_text(province: Province) -> None:
    store = province.store()
    earlier = "2025-03-01T10:00:00+08:00"  # sorts after T0 as text, but is 6 hours before it
    identity = dataclasses.replace(province.firm_a.identity, name="旧名称")
    store.add(
        certify(
            NodeCard.from_identity(identity, created=earlier),
            province.taiyuan.identity,
            province.taiyuan.signer,
            serial=serial(),
            issued=earlier,
            enterprise_number="0001",
        )
    )
    assert store.verify_chain(province.firm_a.key).name == "太原市建筑设计研究院"
