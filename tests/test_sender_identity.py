"""Identity of the sender (issue 15, item 2), end to end.

A bundle is believed only as what its signer's certified identity says: a firm
cannot sign a bundle in another node's name, and what a firm relays about other
nodes' holdings is ignored, so one forged bundle can no longer stop its city's
delivery to the province, make compaction drop what the province lacks, or leave
live sync needing a snapshot.  A tampered copy of a bundle already held is refused
by ``bundle import`` and ``bundle verify`` with the database unchanged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path

from regsync.app.bootstrap import Services, open_node
from regsync.core.model import Person
from regsync.packages_bpz import CHANGESET, BundleInfo, Item, write_bundle
from regsync.packages_bpz.layout import PRELUDE_SIZE
from regsync.sync.acks import ACKS
from regsync.sync.compaction import compact
from regsync.sync.ranges import build_ranges
from tests.conftest import Cli
from tests.offices import PASSPHRASE, PERSON, Chain, enrolled_chain, sync

SECOND = "140100198001010028"
THIRD = "140100198001010036"


def _forge(
    me: Services,
    to: str,
    path: Path,
    *,
    sender: str | None = None,
    acks: dict[str, int] | None = None,
    gossip: Iterable[Item] = (),
) -> None:
    """A bundle signed with ``me``'s own certified key, saying what the test wants.

    It carries ``me``'s changes ``to`` has not acknowledged, as an export would (a
    bundle with nothing new would be a replay, whose relayed items are not read).
    """
    key = me.signer(PASSPHRASE)
    with me.unit_of_work() as uow:
        batch = uow.store.changesets_after(uow.store.acknowledged(to), lambda _: True)
        own = [cs for cs in batch if cs.origin == me.node.node_id]
    info = BundleInfo(
        schema=me.schema_head(),
        sender=sender or me.node.node_id,
        recipient=to,
        ranges=build_ranges(own, me=me.node.node_id, signer=key, relayed={}),
        acks=acks or {},
        certificates=[c.to_file_bytes() for c in me.trust().certificates()],
    )
    items = [(CHANGESET, {"body": cs.body(), "hash": cs.hash}) for cs in own]
    write_bundle(path, iter([*items, *gossip]), signer=key, info=info)


def _dump(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return "\n".join(conn.iterdump())


def _nodes(stack: ExitStack, cli: Cli, chain: Chain) -> tuple[Services, Services, Services]:
    firm, city, province = (
        stack.enter_context(open_node(Path(o.home), cli.env))
        for o in (chain.firm, chain.city, chain.province)
    )
    return firm, city, province


def test_a_bundle_signed_in_another_nodes_name_is_refused(cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    province_id = chain.province.node_id
    forged = chain.files / "forged.bpz"
    with open_node(Path(chain.firm.home), cli.env) as firm:
        # The firm's own key, the province's name, and "I hold everything".
        _forge(firm, chain.city.node_id, forged, sender=province_id, acks={"x/y": 10**6})
    db = Path(chain.city.home) / "regsync.db"
    before = _dump(db)
    for verb in ("import", "verify"):
        result = cli("bundle", verb, str(forged), "--home", chain.city.home)
        assert result.code == 1
        assert province_id in result.err
        assert "sync is with" not in result.err
    assert _dump(db) == before


def test_a_firms_forged_acknowledgements_of_the_province_are_ignored(
    cli: Cli, tmp_path: Path
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    with ExitStack() as stack:
        firm, city, province = _nodes(stack, cli, chain)
        chain.firm("person", "add", "--id-number", PERSON, "--name", "李四")
        for _ in range(2):
            sync(firm, chain.firm, city, chain.city, tmp_path)
            sync(city, chain.city, province, chain.province, tmp_path)
        with city.unit_of_work() as uow:
            streams = list(uow.store.heads())
            province_holds = uow.store.acknowledged(province.node.node_id)
        # The firm claims, in a bundle of its own, that the province holds far more
        # than anyone has written.
        claim = {"node": province.node.node_id, "heads": dict.fromkeys(streams, 10**6)}
        forged = tmp_path / "forged.bpz"
        chain.firm("person", "add", "--id-number", THIRD, "--name", "赵六")
        _forge(firm, city.node.node_id, forged, gossip=[(ACKS, claim)])
        chain.city("bundle", "import", str(forged))  # a valid bundle of the firm's
        with city.unit_of_work() as uow:
            assert uow.get(Person, THIRD) is not None  # its change was taken
        with city.unit_of_work() as uow:
            assert uow.store.acknowledged(province.node.node_id) == province_holds

        # The city still exports the firm's new changes to the province ...
        chain.firm("person", "add", "--id-number", SECOND, "--name", "王五")
        sync(firm, chain.firm, city, chain.city, tmp_path)
        with city.unit_of_work() as uow:
            lacking = {
                cs.hash
                for cs in uow.store.changesets()
                if cs.seq > province_holds.get(cs.stream, 0)
            }
        assert lacking
        # ... compaction keeps what the province lacks ...
        trust = city.trust()
        with city.unit_of_work() as uow:
            points = compact(uow, trust)
            uow.commit()
        assert all(seq <= province_holds.get(s, 0) for s, seq in points.items())
        with city.unit_of_work() as uow:
            assert lacking <= {cs.hash for cs in uow.store.changesets()}
        # ... and live sync neither needs a snapshot nor loses the change.
        outcome = sync(city, chain.city, province, chain.province, tmp_path)
        assert outcome.sent.changesets >= 1
        with province.unit_of_work() as uow:
            assert uow.get(Person, SECOND) is not None


def test_a_firms_statement_about_another_firm_is_ignored_but_a_city_relays_its_firms(
    cli: Cli, tmp_path: Path
) -> None:
    """The rule itself: an office speaks for the nodes it relays for, a firm for itself."""
    from regsync.core.model import Role
    from regsync.sync.authorize import Writer
    from regsync.sync.inbox import speaks_for

    province = Writer("P", Role.PROVINCE)
    city = Writer("C", Role.CITY, city_code="140100")
    firm = Writer("F", Role.ENTERPRISE, city_code="140100", uscc="U1")
    other_city_firm = Writer("G", Role.ENTERPRISE, city_code="140200", uscc="U2")
    other_city = Writer("D", Role.CITY, city_code="140200")
    assert speaks_for(city, firm)
    assert speaks_for(city, province)
    assert not speaks_for(city, other_city_firm)
    assert not speaks_for(city, other_city)
    assert speaks_for(province, other_city_firm)
    assert speaks_for(firm, firm)
    assert not speaks_for(firm, province)
    assert not speaks_for(firm, city)
    assert not speaks_for(province, None)


def test_a_tampered_copy_of_a_bundle_already_held_is_refused(cli: Cli, tmp_path: Path) -> None:
    chain = enrolled_chain(cli, tmp_path)
    chain.firm("person", "add", "--id-number", PERSON, "--name", "李四")
    good = chain.files / "good.bpz"
    chain.firm("bundle", "export", "--to", chain.city.node_id, "-o", str(good))
    chain.city("bundle", "import", str(good))
    db = Path(chain.city.home) / "regsync.db"
    before = _dump(db)
    data = bytearray(good.read_bytes())
    data[PRELUDE_SIZE + 5] ^= 0x01  # inside the payload: the signed header still verifies
    bad = chain.files / "bad.bpz"
    bad.write_bytes(bytes(data))
    for verb in ("import", "verify"):
        result = cli("bundle", verb, str(bad), "--home", chain.city.home)
        assert result.code == 1, verb
        assert result.err.strip()
    assert _dump(db) == before
    chain.city("bundle", "import", str(good))  # the genuine copy is still a no-op replay
    assert _dump(db) == before
