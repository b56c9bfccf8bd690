"""Revocation with a cut-off (issue 15, item 3), end to end through the CLI.

A firm's laptop is lost: its city revokes the firm's certificate, and the
revocation records what the city had accepted from the firm.  Those changes stay
valid everywhere, so the city's delivery to the province goes on; nothing the
lost key signs later is accepted, and the refusal names the revocation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regsync.app.bootstrap import open_node
from regsync.sync.trust.certificates import Certificate, Revocation, revoke
from regsync.sync.trust.errors import BadRevocation, RevokedKey, RevokedPastCutoff
from regsync.sync.trust.files import key_hex
from tests.conftest import Cli
from tests.offices import PERSON, Chain, enrolled_chain

SECOND = "140100198001010028"
THIRD = "140100198001010036"


def _carry(chain: Chain, sender_home: str, to: str, name: str) -> Path:
    path = chain.files / name
    chain.firm.cli.ok("bundle", "export", "--to", to, "-o", str(path), "--home", sender_home)
    return path


def _persons(office: object) -> str:
    return str(office("person", "list"))  # type: ignore[operator]  # an Office


def _lost_laptop(cli: Cli, tmp_path: Path) -> tuple[Chain, Path]:
    """The firm's two honest changes reach its city (not yet the province); then the
    city revokes the firm's certificate.  Returns the chain and the revocation file."""
    chain = enrolled_chain(cli, tmp_path)
    chain.firm("person", "add", "--id-number", PERSON, "--name", "李四")
    chain.city("bundle", "import", str(_carry(chain, chain.firm.home, chain.city.node_id, "1")))
    chain.firm("person", "add", "--id-number", SECOND, "--name", "王五")
    chain.city("bundle", "import", str(_carry(chain, chain.firm.home, chain.city.node_id, "2")))
    revocation = chain.files / "e1.revoked"
    out = chain.city.json(
        "node", "revoke", str(chain.files / "e1.cert"), "--reason", "笔记本丢失 laptop lost",
        "-o", str(revocation),
    )  # fmt: skip
    # the cut-off: the firm's one stream, as far as the city holds it
    assert isinstance(out, dict)
    assert len(out["cutoff"]) == 1
    return chain, revocation


def test_the_city_still_delivers_the_firms_changes_from_before_the_revocation(
    cli: Cli, tmp_path: Path
) -> None:
    chain, revocation = _lost_laptop(cli, tmp_path)
    chain.province("node", "trust", str(revocation))
    bundle = _carry(chain, chain.city.home, chain.province.node_id, "c1")
    chain.province("bundle", "import", str(bundle))
    assert PERSON in _persons(chain.province)
    assert SECOND in _persons(chain.province)
    # and the city's next bundle (the old ones again, unacknowledged) goes through too
    chain.province("bundle", "import", str(_carry(chain, chain.city.home,
                                                  chain.province.node_id, "c2")))  # fmt: skip


def test_after_the_cut_off_the_lost_key_is_refused_naming_the_revocation(
    cli: Cli, tmp_path: Path
) -> None:
    chain, revocation = _lost_laptop(cli, tmp_path)
    serial = json.loads(revocation.read_text(encoding="utf-8"))["revocation"]["serial"]
    # Whoever holds the laptop writes on: the city refuses the bundle it signs.
    chain.firm("person", "add", "--id-number", THIRD, "--name", "赵六")
    stolen = _carry(chain, chain.firm.home, chain.city.node_id, "3")
    db = Path(chain.city.home) / "regsync.db"
    before = db.read_bytes()
    result = cli("bundle", "import", str(stolen), "--home", chain.city.home)
    assert result.code == 1
    assert serial in result.err
    assert "laptop lost" in result.err
    assert THIRD not in _persons(chain.city)
    assert db.read_bytes() == before


def test_a_province_that_revoked_on_its_own_is_told_to_install_the_citys_revocation(
    cli: Cli, tmp_path: Path
) -> None:
    """The province's own revocation has a cut-off of nothing (it had received nothing
    of the firm): the city's relay is refused, by a message that names the remedy; the
    city's revocation, once installed, carries the later cut-off and the relay goes
    through (the highest cut-off of the offices that revoked counts)."""
    chain, revocation = _lost_laptop(cli, tmp_path)
    own = chain.files / "e1.revoked-by-province"
    chain.province("node", "revoke", str(chain.files / "e1.cert"), "--reason", "丢失 lost",
                   "-o", str(own))  # fmt: skip
    bundle = _carry(chain, chain.city.home, chain.province.node_id, "c1")
    result = cli("bundle", "import", str(bundle), "--home", chain.province.home)
    assert result.code == 1
    assert "regsync node trust" in result.err
    assert "只接收到第 0 号" in result.err
    chain.province("node", "trust", str(revocation))
    chain.province("bundle", "import", str(bundle))
    assert SECOND in _persons(chain.province)


def test_a_revocation_signs_its_cut_off_and_old_revocations_refuse_everything(
    cli: Cli, tmp_path: Path
) -> None:
    chain, revocation = _lost_laptop(cli, tmp_path)
    item = Revocation.from_file_bytes(revocation.read_bytes())
    assert item.heads is not None
    assert len(item.heads) == 1
    stream, cutoff = next(iter(item.heads.items()))
    with open_node(Path(chain.city.home), cli.env) as city, city.unit_of_work() as uow:
        assert uow.store.heads()[stream] == cutoff  # what the city held of the firm
    # The cut-off is signed: raising it breaks the signature.
    doc = json.loads(revocation.read_text(encoding="utf-8"))
    doc["revocation"]["heads"][stream] = 99
    edited = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    with pytest.raises(BadRevocation):
        Revocation.from_file_bytes(edited.encode())

    # In the trust store: up to the cut-off the key vouches, past it not, and a
    # revocation without a cut-off (the old format) refuses every head.
    with open_node(Path(chain.city.home), cli.env) as city:
        store = city.trust()
        cert = Certificate.from_file_bytes((chain.files / "e1.cert").read_bytes())
        key = key_hex(cert.subject.public_key)
        assert store.verify_head(key, stream, cutoff).node_id == cert.subject.node_id
        with pytest.raises(RevokedPastCutoff):
            store.verify_head(key, stream, cutoff + 1)
        with pytest.raises(RevokedKey):
            store.verify_chain(key)  # it signs no bundle and no certificate any more
        old = revoke(cert, city.node, city.signer("测试口令 test passphrase"),
                     revoked="2026-11-27T10:00:00+08:00", reason="旧格式 old format")  # fmt: skip
        assert old.heads is None
        assert "heads" not in old.to_file_bytes().decode()
        bare = type(store).load(store.root_key, [c.to_file_bytes() for c in store.certificates()])
        bare.add(old)
        with pytest.raises(RevokedPastCutoff):
            bare.verify_head(key, stream, 1)
