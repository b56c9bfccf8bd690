"""Trust-store benchmark (issue 19 item 4): a province of 11 cities and 2,000 firms.

Run from the project root::

    .venv/bin/python benchmarks/bench_trust.py [--firms N] [--ranges R]

Prints: the time to load the trust store from its exported files (first load in the
process, then a second one), the time of ``R`` range checks (``verify_head``) with every
certificate presented, as a bundle's import does for each range, and the certificate
bytes a province-to-city bundle carries (all the sender holds, and what
``certificates_for`` picks where this version has it).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Sequence

from nacl.signing import SigningKey

from regsync.core.checks.codes import uscc_check_char
from regsync.core.ids import encode_ulid
from regsync.core.model import Role
from regsync.core.ports import NodeIdentity
from regsync.core.scopes import PROVINCE, city_scope, enterprise_scope
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.certificates import Certificate, certify
from regsync.sync.trust.store import TrustStore

CITIES = ("140100", "140200", "140300", "140400", "140500", "140600",
          "140700", "140800", "140900", "141000", "141100")  # fmt: skip
T0 = "2025-03-01T08:00:00+00:00"
_ids = itertools.count(1)


class Key:
    def __init__(self) -> None:
        self._key = SigningKey.generate()

    def public_key(self) -> bytes:
        return bytes(self._key.verify_key)

    def sign(self, message: bytes) -> bytes:
        return bytes(self._key.sign(message).signature)


def node(role: Role, name: str, scope: str, city: str | None = None, uscc: str | None = None
         ) -> tuple[NodeIdentity, Key]:  # fmt: skip
    key = Key()
    node_id = encode_ulid(1_730_000_000_000, next(_ids))
    return NodeIdentity(node_id, role, name, scope, city, uscc, key.public_key().hex()), key


def cert(subject: NodeIdentity, issuer: tuple[NodeIdentity, Key], root: bytes,
         number: str | None = None) -> Certificate:  # fmt: skip
    return certify(NodeCard.from_identity(subject, created=T0), issuer[0], issuer[1],
                   serial=encode_ulid(1_740_000_000_000, next(_ids)), issued=T0,
                   enterprise_number=number, root_key=root)  # fmt: skip


def build(firms: int) -> tuple[TrustStore, list[Certificate], NodeIdentity, NodeIdentity]:
    root = node(Role.PROVINCE, "省厅", PROVINCE)
    root_key = root[1].public_key()
    store = TrustStore(root_key)
    certs = [cert(root[0], root, root_key)]
    cities = []
    for code in CITIES:
        city = node(Role.CITY, f"{code}住建局", city_scope(code), code)
        cities.append(city)
        certs.append(cert(city[0], root, root_key))
    for n in range(firms):
        city = cities[n % len(cities)]
        first17 = f"91{city[0].city_code}{n + 1:09d}"
        uscc = first17 + uscc_check_char(first17)
        firm = node(Role.ENTERPRISE, f"设计院{n}", enterprise_scope(uscc), city[0].city_code, uscc)
        certs.append(cert(firm[0], city, root_key, f"{n // len(cities) + 1:04d}"))
    for c in certs:
        store.add(c)
    return store, certs, root[0], cities[0][0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--firms", type=int, default=2000)
    parser.add_argument("--ranges", type=int, default=200)
    args = parser.parse_args(argv)
    store, certs, province, city = build(args.firms)
    files = store.export()
    root_key = store.root_key
    for label in ("first load", "second load"):
        start = time.perf_counter()
        TrustStore.load(root_key, files)
        print(f"trust store {label} ({len(files)} items): {time.perf_counter() - start:.3f} s")
    loaded = TrustStore.load(root_key, files)
    signer = certs[1].subject  # a city's key signs its stream heads
    start = time.perf_counter()
    for seq in range(1, args.ranges + 1):
        loaded.verify_head(signer.public_key, f"{signer.node_id}/city:x", seq, presented=certs)
    spent = time.perf_counter() - start
    print(f"{args.ranges} range checks, {len(certs)} certificates presented: {spent:.3f} s")
    every = sum(len(c.to_file_bytes()) for c in certs)
    print(f"certificates in a bundle, all held: {every} bytes ({len(certs)})")
    try:
        from regsync.sync.authorize import Writer  # noqa: PLC0415
        from regsync.sync.peer import certificates_for  # noqa: PLC0415
    except ImportError:
        return 0
    peer = Writer(city.node_id, Role.CITY, city.city_code)
    chosen = certificates_for(loaded, province.node_id, peer, [], [])
    size = sum(len(c.to_file_bytes()) for c in chosen)
    print(f"certificates in a province-to-city bundle: {size} bytes ({len(chosen)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
