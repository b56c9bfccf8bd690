"""The trust store: the pinned root, installed trust files, and the chain walk.

:meth:`TrustStore.verify_chain` answers the certified identity of a key (a
:class:`TrustedNode`) or raises a typed :class:`~regsync.sync.trust.errors.TrustError`.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from typing import Final

from regsync.core.catalogue_sync import label as pair
from regsync.core.model import Role
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.certificates import (
    Certificate,
    Revocation,
    TrustItem,
    bad_certificate,
    read_trust_file,
)
from regsync.sync.trust.errors import (
    BadCertificate,
    BadEnterpriseNumber,
    BadHandover,
    BadRevocation,
    CardNotTrustable,
    NotAllowedToCertify,
    RevokedKey,
    RevokedPastCutoff,
    TrustError,
    UntrustedKey,
)
from regsync.sync.trust.files import fingerprint, key_hex, moment, role_zh
from regsync.sync.trust.handover import Handover
from regsync.sync.trust.rules import Issuer, check_may_certify, check_self_signed

MAX_CHAIN: Final = 6
"""Longest chain walked (root → province → city → enterprise needs 3 links)."""


@dataclasses.dataclass(frozen=True)
class TrustedNode:
    """The certified identity of a key, as :meth:`TrustStore.verify_chain` found it.

    ``chain`` lists certificate serials from this node's certificate up to the one the
    root signed; it is empty for a personal node trusted by its card
    (``certified`` false).
    """

    node_id: str
    role: Role
    name: str
    scope: str
    city_code: str | None
    uscc: str | None
    enterprise_number: str | None
    public_key: str
    certified: bool
    chain: tuple[str, ...]

    @classmethod
    def from_card(cls, card: NodeCard) -> TrustedNode:
        return cls(
            node_id=card.node_id,
            role=card.role,
            name=card.name,
            scope=card.scope,
            city_code=card.city_code,
            uscc=card.uscc,
            enterprise_number=None,
            public_key=card.public_key,
            certified=False,
            chain=(),
        )

    @classmethod
    def from_certificate(cls, cert: Certificate, parent: tuple[str, ...]) -> TrustedNode:
        base = cls.from_card(cert.subject)
        return dataclasses.replace(
            base,
            enterprise_number=cert.enterprise_number,
            certified=True,
            chain=(cert.serial, *parent),
        )


class TrustStore:
    """The pinned province root, certificates, revocations and trusted personal cards.

    Pure and in memory; :meth:`export` and :meth:`load` turn it into a list of file
    bytes and back, for the node's database.  Installing checks signatures and
    structure only: whether a chain reaches the root is decided by
    :meth:`verify_chain`, so certificates may be installed in any order.
    """

    def __init__(self, root_key: bytes | str) -> None:
        self._root = key_hex(root_key)
        self._certs: dict[str, Certificate] = {}
        self._by_key: dict[str, list[Certificate]] = {}
        self._revocations: dict[str, list[Revocation]] = {}
        self._cards: dict[str, NodeCard] = {}
        self._handovers: dict[str, Handover] = {}
        self._verified: dict[str, Certificate] = {}  # presented ones checked, by serial

    @classmethod
    def from_root_certificate(cls, data: bytes) -> TrustStore:
        """A store pinned to the self-signed province certificate of the province directory."""
        cert = Certificate.from_file_bytes(data)
        if not cert.self_signed or cert.subject.role is not Role.PROVINCE:
            raise bad_certificate(
                cert,
                *pair("trust.cert.not_root"),
            )
        store = cls(cert.subject.public_key)
        store.add(cert)
        return store

    @classmethod
    def load(cls, root_key: bytes | str, items: Iterable[bytes]) -> TrustStore:
        """A store from the pinned root and what :meth:`export` returned."""
        store = cls(root_key)
        for data in items:
            store.install(data)
        return store

    @property
    def root_key(self) -> bytes:
        return bytes.fromhex(self._root)

    def export(self) -> list[bytes]:
        """Every certificate, revocation and trusted card as file bytes, in a stable order."""
        certs = [self._certs[serial] for serial in sorted(self._certs)]
        revocations = sorted(
            (r for rs in self._revocations.values() for r in rs),
            key=lambda r: (r.serial, r.issuer_public_key, r.revoked),
        )
        cards = [self._cards[key] for key in sorted(self._cards)]
        handovers = [self._handovers[key] for key in sorted(self._handovers)]
        # Handovers before revocations: a revocation signed by an issuer's successor
        # key is accepted on load only once the handover that names it is installed.
        items: list[TrustItem] = [*certs, *handovers, *revocations, *cards]
        return [item.to_file_bytes() for item in items]

    def install(self, data: bytes) -> TrustItem:
        """Read and add a card, certificate or revocation file (``regsync node trust``)."""
        item = read_trust_file(data)
        self.add(item)
        return item

    def add(self, item: TrustItem) -> None:
        """Add an item after checking its signature; adding the same item again is a no-op."""
        if isinstance(item, Certificate):
            self._add_certificate(item)
        elif isinstance(item, Revocation):
            self._add_revocation(item)
        elif isinstance(item, Handover):
            self._add_handover(item)
        else:
            self._add_card(item)

    def forget_card(self, public_key: bytes | str) -> None:
        """Stop trusting a personal node's card (its certificates are unaffected)."""
        self._cards.pop(key_hex(public_key), None)

    def certificates(self) -> tuple[Certificate, ...]:
        return tuple(self._certs[serial] for serial in sorted(self._certs))

    def revocations(self) -> tuple[Revocation, ...]:
        return tuple(r for serial in sorted(self._revocations) for r in self._revocations[serial])

    def cards(self) -> tuple[NodeCard, ...]:
        return tuple(self._cards[key] for key in sorted(self._cards))

    def handovers(self) -> tuple[Handover, ...]:
        return tuple(self._handovers[key] for key in sorted(self._handovers))

    def successors(self, public_key: bytes | str) -> tuple[str, ...]:
        """The keys ``public_key`` was handed over to, in order (key rotation).

        The same node's later keys speak for what its earlier keys did: a city that
        rotated its key still revokes the certificates its retired key issued.
        """
        chain: list[str] = []
        handover = self._handovers.get(key_hex(public_key))
        while handover is not None and handover.new_public_key not in chain:
            chain.append(handover.new_public_key)
            handover = self._handovers.get(handover.new_public_key)
        return tuple(chain)

    def current_certificate(self, node_id: str) -> Certificate | None:
        """The certificate of ``node_id``'s current key: one whose chain reaches the
        root, not handed over, not revoked, the latest issued; ``None`` when the store
        holds none for that node.  (Installing checks signatures only, so a forged
        certificate naming the node may be in the store; it never wins.)"""
        certs = [c for c in self._certs.values() if c.subject.node_id == node_id]
        if not certs:
            return None

        def chained(cert: Certificate) -> bool:
            try:
                return self.verify_chain(cert.subject.public_key).node_id == node_id
            except TrustError:
                return False

        def rank(cert: Certificate) -> tuple[bool, bool, bool, datetime.datetime, str]:
            key = cert.subject.public_key
            return (
                chained(cert),
                key not in self._handovers,
                self._revocation_of(cert) is None,
                moment(cert.issued),
                cert.serial,
            )

        return max(certs, key=rank)

    def check_head(self, public_key: bytes | str, stream: str, seq: int) -> None:
        """Refuse a stream head a handed-over key signed past its handover."""
        handover = self._handovers.get(key_hex(public_key))
        if handover is not None:
            handover.check_head(stream, seq)

    def verify_head(
        self,
        public_key: bytes | str,
        stream: str,
        seq: int,
        *,
        presented: Iterable[Certificate] = (),
    ) -> TrustedNode:
        """The certified identity of the key that signed ``stream``'s head at ``seq``.

        Like :meth:`verify_chain`, except that an old key still vouches for its
        node's own streams up to where it was handed over (key rotation) or, for a
        revoked key, up to its revocation's cut-off: the highest sequence number any
        office that revoked it had accepted (so that what one office accepted and
        relays is never refused by another).  Nothing later is accepted.
        """
        key = key_hex(public_key)
        certificates = list(presented)
        try:
            trusted = self.verify_chain(key, presented=certificates)
        except RevokedKey:
            trusted = self._within_cutoff(key, stream, seq, certificates)
        self.check_head(key, stream, seq)
        return trusted

    def _within_cutoff(
        self, key: str, stream: str, seq: int, presented: list[Certificate]
    ) -> TrustedNode:
        walker = _ChainWalker(self, self._checked(presented), tolerate=key)
        trusted = walker.node(key, ())  # a revoked issuer further up still refuses
        revocations = [
            r for cert in walker.certificates(key) for r in self._valid_revocations(cert)
        ]
        if not revocations:  # revoked further up the chain: walk again to say so
            return self.verify_chain(key, presented=presented)
        own = stream.startswith(trusted.node_id + "/")
        last = max(revocations, key=lambda r: (r.cutoff(stream) if own else 0, r.revoked))
        cutoff = last.cutoff(stream) if own else 0
        if seq > cutoff:
            raise RevokedPastCutoff(
                key=fingerprint(key),
                subject=trusted.name + f"（{trusted.node_id}）",
                serial=last.serial,
                revoked=last.revoked,
                reason=last.reason,
                revoker=last.issuer_node_id,
                stream=stream,
                seq=seq,
                cutoff=cutoff,
            )
        return trusted

    def verify_chain(
        self, public_key: bytes | str, *, presented: Iterable[Certificate] = ()
    ) -> TrustedNode:
        """The certified identity of ``public_key``, or a typed :class:`TrustError`.

        ``presented`` certificates (for example those a peer sends with a bundle) are
        used for this check only, after their signatures are checked.
        """
        return _ChainWalker(self, self._checked(presented)).node(key_hex(public_key), ())

    def _checked(self, presented: Iterable[Certificate]) -> dict[str, list[Certificate]]:
        """Presented certificates by subject key, each signature checked once per store:
        a bundle of 200 ranges presents its certificates for every range (issue 19)."""
        extra: dict[str, list[Certificate]] = {}
        for cert in presented:
            if self._verified.get(cert.serial) != cert and self._certs.get(cert.serial) != cert:
                cert.verify_signature()
                self._verified[cert.serial] = cert
            extra.setdefault(cert.subject.public_key, []).append(cert)
        return extra

    def _add_certificate(self, cert: Certificate) -> None:
        cert.verify_signature()
        known = self._certs.get(cert.serial)
        if known == cert:
            return
        if known is not None:
            raise bad_certificate(
                cert,
                *pair("trust.cert.duplicate_serial"),
            )
        self._certs[cert.serial] = cert
        self._by_key.setdefault(cert.subject.public_key, []).append(cert)

    def _add_revocation(self, revocation: Revocation) -> None:
        revocation.verify_signature()
        cert = self._certs.get(revocation.serial)
        if cert is not None and self._signed_by_another_node(revocation, cert):
            zh, en = pair("trust.revocation.other_node")
            raise BadRevocation(serial=revocation.serial, reason_zh=zh, reason_en=en)
        known = self._revocations.setdefault(revocation.serial, [])
        if revocation not in known:
            known.append(revocation)

    def _add_card(self, card: NodeCard) -> None:
        if card.role is not Role.PERSONAL:
            raise CardNotTrustable(
                role=card.role.value, role_zh=role_zh(card.role), node=card.label
            )
        known = self._cards.get(card.public_key)
        if known is None or moment(known.created) < moment(card.created):
            self._cards[card.public_key] = card

    def _add_handover(self, handover: Handover) -> None:
        handover.verify_signature()
        known = self._handovers.get(handover.old_public_key)
        if known is not None and known != handover:
            # One retired key handing over twice (to two keys, or at two boundaries)
            # is either a mistake or the sign of a stolen key: keep the first.
            zh, en = pair("trust.handover.twice")
            raise BadHandover(node=handover.node_id, reason_zh=zh, reason_en=en)
        self._handovers[handover.old_public_key] = handover

    def _signed_by_another_node(self, revocation: Revocation, cert: Certificate) -> bool:
        """A revocation signed by a key the store knows as another node's: a wrong
        file, told at once.  One signed by a key it cannot place yet (the issuer's
        successor whose handover is not installed) is kept and carries weight once
        :meth:`_may_revoke` admits it: trust files install in any order."""
        if self._may_revoke(revocation, cert):
            return False
        owners = {c.subject.node_id for c in self._by_key.get(revocation.issuer_public_key, ())}
        return bool(owners - {cert.issuer_node_id})

    def _may_revoke(self, revocation: Revocation, cert: Certificate) -> bool:
        issuer = cert.issuer_public_key
        return revocation.issuer_public_key in (issuer, self._root, *self.successors(issuer))

    def _valid_revocations(self, cert: Certificate) -> list[Revocation]:
        return [r for r in self._revocations.get(cert.serial, ()) if self._may_revoke(r, cert)]

    def _revocation_of(self, cert: Certificate) -> Revocation | None:
        """The earliest valid revocation of ``cert``, if any."""
        return min(self._valid_revocations(cert), key=lambda r: moment(r.revoked), default=None)


# Which failure to report when every certificate of a key fails: the most specific.
_PRIORITY: tuple[type[TrustError], ...] = (
    RevokedKey,
    NotAllowedToCertify,
    BadEnterpriseNumber,
    BadCertificate,
    UntrustedKey,
)


def _most_telling(failures: list[TrustError]) -> TrustError:
    for kind in _PRIORITY:
        for failure in failures:
            if isinstance(failure, kind):
                return failure
    return failures[0]


class _ChainWalker:
    """One :meth:`TrustStore.verify_chain` walk from a key up to the root."""

    def __init__(
        self,
        store: TrustStore,
        extra: dict[str, list[Certificate]],
        *,
        tolerate: str | None = None,
    ) -> None:
        self._store = store
        self._extra = extra
        self._tolerate = tolerate  # a revoked key whose own revocation the caller weighs

    def certificates(self, key: str) -> list[Certificate]:
        """The key's certificates, newest first (the newest names the node best)."""
        found = {
            c.serial: c for c in (*self._store._by_key.get(key, ()), *self._extra.get(key, ()))
        }
        return sorted(found.values(), key=lambda c: (moment(c.issued), c.serial), reverse=True)

    def node(self, key: str, below: tuple[str, ...]) -> TrustedNode:
        """The trusted identity of ``key``; ``below`` are the keys already on the walk."""
        if key in below or len(below) >= MAX_CHAIN:
            raise self._untrusted(key, *pair("trust.chain.loop"))
        certs = self.certificates(key)
        for cert in certs:
            revocation = self._store._revocation_of(cert)
            if revocation is not None and not (key == self._tolerate and not below):
                raise RevokedKey(
                    key=fingerprint(key),
                    subject=cert.subject.label,
                    serial=cert.serial,
                    revoked=revocation.revoked,
                    reason=revocation.reason,
                )
        if not certs:
            card = self._store._cards.get(key)
            if card is not None:
                return TrustedNode.from_card(card)
            if key == self._store._root:
                raise self._untrusted(
                    key,
                    *pair("trust.chain.root_without_cert"),
                )
            raise self._untrusted(key, *pair("trust.chain.no_certificate"))
        failures: list[TrustError] = []
        for cert in certs:
            try:
                return self._certified(cert, (*below, key))
            except TrustError as exc:
                failures.append(exc)
        raise _most_telling(failures)

    def _certified(self, cert: Certificate, below: tuple[str, ...]) -> TrustedNode:
        root = self._store._root
        if cert.self_signed:
            if cert.subject.public_key != root:
                raise self._untrusted(
                    cert.subject.public_key,
                    *pair("trust.chain.self_signed"),
                )
            issuer = Issuer(cert.subject.label, Role.PROVINCE, None, is_root=True)
            check_self_signed(issuer, cert.subject, self_signed=True)
            check_may_certify(issuer, cert.subject, cert.enterprise_number)
            return TrustedNode.from_certificate(cert, ())
        if cert.issuer_public_key == root:
            issuer = Issuer(cert.issuer_node_id, Role.PROVINCE, None, is_root=True)
            parent: tuple[str, ...] = ()
        else:
            trusted = self.node(cert.issuer_public_key, below)
            if trusted.node_id != cert.issuer_node_id:
                raise bad_certificate(
                    cert,
                    *pair(
                        "trust.cert.issuer_differs",
                        claimed=cert.issuer_node_id,
                        found=trusted.node_id,
                    ),
                )
            label = f"{trusted.name}（{trusted.node_id}）"
            issuer = Issuer(label, trusted.role, trusted.city_code, is_root=False)
            parent = trusted.chain
        check_may_certify(issuer, cert.subject, cert.enterprise_number)
        return TrustedNode.from_certificate(cert, parent)

    @staticmethod
    def _untrusted(key: str, reason_zh: str, reason_en: str) -> UntrustedKey:
        return UntrustedKey(key=fingerprint(key), reason_zh=reason_zh, reason_en=reason_en)
