"""Live HTTP sync refuses what bundle import refuses, and more: forged, replayed,
stale, misdirected, oversize and malformed requests, and reads or writes outside a
node's scope.  Every refusal is a typed JSON error and writes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from regsync.adapters.http.signing import EMPTY_DIGEST, sign_request
from regsync.adapters.sql.migrate import head_revision
from regsync.adapters.sql.schema import RECORD_TABLES, changeset, node_local, stream
from regsync.app.bootstrap import open_node
from regsync.core.model import Application, Person
from regsync.core.scopes import enterprise_scope
from regsync.packages_bpz import CHANGESET, BundleInfo, write_bundle
from regsync.packages_bpz.testing import KeySigner
from regsync.sync.ranges import build_ranges
from tests.conftest import Cli
from tests.http_helpers import PASSPHRASE, live_server
from tests.offices import PERSON, USCC1, Chain, Office, enrolled_chain
from tests.seeding import as_received

USCC2 = "914403001922038216"
PERSON2 = "11010519491231002X"
NOW = 1_795_744_800  # 2026-11-27T10:00:00+08:00, the Cli fixture's REGSYNC_NOW


@pytest.fixture
def chain(cli: Cli, tmp_path: Path) -> Chain:
    return enrolled_chain(cli, tmp_path)


@pytest.fixture
def city_url(chain: Chain, cli: Cli) -> Iterator[str]:
    with live_server(chain.city.home, cli.env, max_body=64 * 1024) as url:
        yield url


def _snapshot(office: Office, env: dict[str, str]) -> tuple[object, ...]:
    """Everything a refused request must leave as it was: the log, every record table
    and the node-local settings (peers' acknowledgements, signed heads, clock)."""
    with open_node(Path(office.home), env) as s, s.db.connect() as conn:
        tables = [*RECORD_TABLES.values(), changeset, stream, node_local]
        return tuple(tuple(map(tuple, conn.execute(sa.select(t)))) for t in tables)


def _signed(
    office: Office, env: dict[str, str], to: str, target: str, body: bytes = b"", **over: object
) -> dict[str, str]:
    with open_node(Path(office.home), env) as s:
        signer = over.pop("signer", None) or s.signer(PASSPHRASE)
        node_id = str(over.pop("node_id", s.node.node_id))
    return sign_request(
        signer,  # type: ignore[arg-type]  # a KeyFileSigner or a KeySigner
        node_id=node_id,
        to=to,
        method="POST",
        target=target,
        digest=hashlib.sha256(body).hexdigest() if body else EMPTY_DIGEST,
        now=int(str(over.pop("now", NOW))),
    )


def _error(response: httpx.Response) -> str:
    data = response.json()
    assert {"error", "message", "message_en", "status"} <= set(data)
    assert data["status"] == response.status_code
    return str(data["error"])


def test_a_replayed_request_is_refused(chain: Chain, cli: Cli, city_url: str) -> None:
    headers = _signed(chain.firm, cli.env, chain.city.node_id, "/v1/heads")
    first = httpx.post(city_url + "/v1/heads", headers=headers)
    assert first.status_code == 200
    again = httpx.post(city_url + "/v1/heads", headers=headers)
    assert (again.status_code, _error(again)) == (401, "ReplayedRequest")


def test_stale_forged_and_misdirected_requests_are_refused(
    chain: Chain, cli: Cli, city_url: str
) -> None:
    city_id, firm = chain.city.node_id, chain.firm
    cases = {
        "StaleRequest": _signed(firm, cli.env, city_id, "/v1/heads", now=NOW - 3600),
        "WrongServer": _signed(firm, cli.env, chain.province.node_id, "/v1/heads"),
    }
    forged = _signed(firm, cli.env, city_id, "/v1/heads", signer=KeySigner())
    with open_node(Path(firm.home), cli.env) as s:
        forged["x-regsync-key"] = s.node.public_key or ""  # the firm's key, another's signature
    cases["BadRequestSignature"] = forged
    for expected, headers in cases.items():
        response = httpx.post(city_url + "/v1/heads", headers=headers)
        assert (response.status_code, _error(response)) == (401, expected)
    stranger = _signed(firm, cli.env, city_id, "/v1/heads", signer=KeySigner())
    response = httpx.post(city_url + "/v1/heads", headers=stranger)
    assert (response.status_code, _error(response)) == (403, "UntrustedKey")
    unsigned = httpx.post(city_url + "/v1/heads")
    assert (unsigned.status_code, _error(unsigned)) == (401, "BadRequestSignature")


def test_malformed_oversize_and_altered_bodies_get_4xx_and_write_nothing(
    chain: Chain, cli: Cli, city_url: str, tmp_path: Path
) -> None:
    chain.firm("person", "add", "--id-number", PERSON, "--name", "李四")
    chain.firm("bundle", "export", "--to", chain.city.node_id, "-o", str(tmp_path / "b.bpz"))
    real = (tmp_path / "b.bpz").read_bytes()
    before = _snapshot(chain.city, cli.env)
    city_id = chain.city.node_id
    bodies = {
        "NotABundle": b"this is not a bundle at all",
        "Truncated": real[: len(real) - 7],
        "RequestTooLarge": b"\0" * (65 * 1024),
    }
    for expected, body in bodies.items():
        headers = _signed(chain.firm, cli.env, city_id, "/v1/sync", body)
        response = httpx.post(city_url + "/v1/sync", headers=headers, content=body)
        assert _error(response) == expected
        assert response.status_code == (413 if expected == "RequestTooLarge" else 400)
    altered = _signed(chain.firm, cli.env, city_id, "/v1/sync", real)
    response = httpx.post(city_url + "/v1/sync", headers=altered, content=real[:-1] + b"x")
    assert (response.status_code, _error(response)) == (401, "BadRequestSignature")
    headers = _signed(chain.firm, cli.env, city_id, "/v1/heads", b"{}")
    heads = httpx.post(city_url + "/v1/heads", headers=headers, content=b"{}")
    assert (heads.status_code, _error(heads)) == (400, "MalformedRequest")
    missing = httpx.get(city_url + "/v1/nothing-here")
    assert (missing.status_code, _error(missing)) == (404, "NoSuchEndpoint")
    assert _snapshot(chain.city, cli.env) == before


def _second_firm(cli: Cli, chain: Chain, tmp_path: Path) -> Office:
    firm2 = Office(cli, tmp_path / "e2")
    firm2("init", "--role", "enterprise", "--name", "另一家设计院", "--uscc", USCC2,
          "--city", "140100")  # fmt: skip
    usb = chain.files
    firm2("node", "card", "-o", str(usb / "e2.card"))
    chain.city("node", "certify", str(usb / "e2.card"), "-o", str(usb / "e2.cert"),
               "--enterprise-number", "0002")  # fmt: skip
    for name in ("root.cert", "c.cert", "e2.cert"):
        firm2("node", "trust", str(usb / name))
    return firm2


def test_an_enterprise_reads_and_writes_only_its_own_scope(
    chain: Chain, cli: Cli, city_url: str, tmp_path: Path
) -> None:
    firm, firm2 = chain.firm, _second_firm(cli, chain, tmp_path)
    firm("person", "add", "--id-number", PERSON, "--name", "李四")
    number = firm("apply", "new", "--kind", "initial", "--specialty", "architect",
                  "--person", PERSON)  # fmt: skip
    firm("sync", "--server", city_url)
    firm2("sync", "--server", city_url)
    with open_node(Path(firm2.home), cli.env) as s, s.unit_of_work() as uow:
        assert uow.get(Application, number) is None  # the other firm's data never arrives
        assert uow.get(Person, PERSON) is None
        heads = uow.store.heads()
    assert not any(chain.firm.node_id in stream for stream in heads)
    # firm2 writes a person into the first firm's scope and tries to push it
    intruder = Person(id_number=PERSON2, name="王五", gender="female",
                      birth_date=dt.date(1949, 12, 31), employer_uscc=USCC1)  # fmt: skip
    with open_node(Path(firm2.home), cli.env) as s:
        # its own write path refuses this (WriteNotAllowed): a compromised PC bypasses it
        as_received(s, [intruder], origin=s.node.node_id, scope=enterprise_scope(USCC1),
                    tier=s.node.role.tier)  # fmt: skip
    assert firm2.json("sync", "--server", city_url)["sent_changesets"] == 0  # type: ignore[index]  # its own export keeps it back
    before = _snapshot(chain.city, cli.env)
    body = _bundle_of_scope(firm2, cli.env, enterprise_scope(USCC1), chain.city.node_id, tmp_path)
    headers = _signed(firm2, cli.env, chain.city.node_id, "/v1/sync", body)
    response = httpx.post(city_url + "/v1/sync", headers=headers, content=body)
    assert (response.status_code, _error(response)) == (403, "Unauthorised")
    assert _snapshot(chain.city, cli.env) == before


def test_a_bundle_with_a_gap_gets_409_naming_what_is_missing(
    chain: Chain, cli: Cli, city_url: str, tmp_path: Path
) -> None:
    chain.firm("person", "add", "--id-number", PERSON, "--name", "李四")
    before = _snapshot(chain.city, cli.env)
    body = _bundle_of_scope(chain.firm, cli.env, enterprise_scope(USCC1), chain.city.node_id,
                            tmp_path, skip=1)  # fmt: skip
    headers = _signed(chain.firm, cli.env, chain.city.node_id, "/v1/sync", body)
    response = httpx.post(city_url + "/v1/sync", headers=headers, content=body)
    assert (response.status_code, _error(response)) == (409, "ChainError")
    assert "1-1" in response.json()["message_en"]  # the exact missing range
    assert _snapshot(chain.city, cli.env) == before


def _bundle_of_scope(
    office: Office, env: dict[str, str], scope: str, to: str, tmp: Path, *, skip: int = 0
) -> bytes:
    """A bundle of the office's changesets in ``scope`` (less the first ``skip``),
    validly signed by the office."""
    with open_node(Path(office.home), env) as s:
        with s.unit_of_work() as uow:
            batch = [cs for cs in uow.store.changesets() if cs.scope == scope][skip:]
        signer = s.signer(PASSPHRASE)
        ranges = build_ranges(batch, me=s.node.node_id, signer=signer, relayed={})
        certificates = [c.to_file_bytes() for c in s.trust().certificates()]
        info = BundleInfo(schema=head_revision(), sender=s.node.node_id, recipient=to,
                          ranges=ranges, certificates=certificates)  # fmt: skip
    items = ((CHANGESET, {"body": cs.body(), "hash": cs.hash}) for cs in batch)
    write_bundle(tmp / "forged.bpz", items, signer=signer, info=info)
    return (tmp / "forged.bpz").read_bytes()


def test_a_revoked_node_is_refused(chain: Chain, cli: Cli, city_url: str) -> None:
    usb = chain.files
    chain.firm("sync", "--server", city_url)
    chain.city("node", "revoke", str(usb / "e1.cert"), "--reason", "电脑丢失",
               "-o", str(usb / "e1.revoked"))  # fmt: skip
    refused = cli("sync", "--server", city_url, "--home", chain.firm.home, "--lang", "en")
    assert refused.code == 1
    assert "403 RevokedKey" in refused.err
