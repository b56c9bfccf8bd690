"""The sans-I/O sync session: the conversation alone, then between two real nodes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from regsync.app.bootstrap import open_node
from regsync.core.model import Application
from regsync.sync.apply import ImportReport
from regsync.sync.errors import SessionError
from regsync.sync.peer import NodeLink, resolve_peer
from regsync.sync.session import (
    AskHeads,
    BundleReply,
    Heads,
    SendBundle,
    Sent,
    answer,
    drive,
    push_pull,
)
from regsync.sync.testing import ScriptedLink
from tests.conftest import Cli
from tests.offices import PERSON, Office, enrolled_chain


def test_push_pull_asks_learns_sends_then_accepts(tmp_path: Path) -> None:
    link = ScriptedLink(sent=Sent(2, 5), report=ImportReport(duplicates=1))
    session = push_pull(link, tmp_path / "out.bpz")
    assert next(session) == AskHeads()
    message = session.send(Heads({"a/b": 3}))
    assert message == SendBundle(tmp_path / "out.bpz", Sent(2, 5))
    with pytest.raises(StopIteration) as done:
        session.send(BundleReply(tmp_path / "in.bpz"))
    assert done.value.value.sent == Sent(2, 5)
    assert done.value.value.received.duplicates == 1
    assert link.calls == [
        ("learn", {"a/b": 3}),
        ("export", tmp_path / "out.bpz"),
        ("accept", tmp_path / "in.bpz"),
    ]


def test_a_reply_out_of_turn_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    link = ScriptedLink()
    session = push_pull(link, tmp_path / "out.bpz")
    next(session)
    with pytest.raises(SessionError):
        session.send(BundleReply(tmp_path / "in.bpz"))
    assert link.calls == []


def test_the_serving_side_applies_the_push_before_it_answers(tmp_path: Path) -> None:
    server = ScriptedLink(my_heads={"s/x": 7})
    assert answer(server, AskHeads(), tmp_path / "r.bpz") == Heads({"s/x": 7})
    reply = answer(server, SendBundle(tmp_path / "p.bpz", Sent(1, 1)), tmp_path / "r.bpz")
    assert reply == BundleReply(tmp_path / "r.bpz")
    assert [c[0] for c in server.calls] == ["heads", "accept", "export"]


PASSPHRASE = "测试口令 test passphrase"  # what the Cli fixture's environment holds


@pytest.fixture
def chain_links(
    cli: Cli, tmp_path: Path, db_url: str
) -> Iterator[tuple[Office, Office, NodeLink, NodeLink]]:
    """A firm (on each backend) and its city, each with its link towards the other."""
    chain = enrolled_chain(cli, tmp_path, firm_db=db_url)
    with ExitStack() as stack:
        links = []
        for me, peer in ((chain.firm, chain.city), (chain.city, chain.firm)):
            s = stack.enter_context(open_node(Path(me.home), cli.env))
            writer, key = resolve_peer(s.trust(), peer.node_id)
            links.append(NodeLink(s, writer, key, lambda s=s: s.signer(PASSPHRASE)))
        yield chain.firm, chain.city, links[0], links[1]


def test_two_nodes_sync_and_a_second_run_sends_nothing(
    chain_links: tuple[Office, Office, NodeLink, NodeLink], tmp_path: Path
) -> None:
    firm, _city, firm_link, city_link = chain_links
    firm("person", "add", "--id-number", PERSON, "--name", "李四")
    number = firm("apply", "new", "--kind", "initial", "--specialty", "architect",
                  "--person", PERSON)  # fmt: skip
    with firm_link.node.unit_of_work() as uow:
        logged = len(uow.store.changesets())
    first = drive(push_pull(firm_link, tmp_path / "a.bpz"), city_link, tmp_path / "b.bpz")
    assert first.sent.changesets == logged  # the city had none of the firm's changes
    with city_link.node.unit_of_work() as uow:
        assert uow.get(Application, number) is not None
    second = drive(push_pull(firm_link, tmp_path / "a.bpz"), city_link, tmp_path / "b.bpz")
    assert second.sent.changesets == 0
    assert second.received.new == []


def test_a_reply_lost_on_the_way_back_loses_and_duplicates_nothing(
    chain_links: tuple[Office, Office, NodeLink, NodeLink], tmp_path: Path
) -> None:
    firm, _city, firm_link, city_link = chain_links
    firm("person", "add", "--id-number", PERSON, "--name", "李四")
    session = push_pull(firm_link, tmp_path / "a.bpz")
    message = session.send(answer(city_link, next(session), tmp_path / "b.bpz"))
    answer(city_link, message, tmp_path / "b.bpz")  # the city applied it; the reply is lost
    session.close()
    again = drive(push_pull(firm_link, tmp_path / "a.bpz"), city_link, tmp_path / "b.bpz")
    assert again.sent.changesets == 0  # the city said it has it: nothing sent twice
    with city_link.node.unit_of_work() as uow:
        assert len(uow.store.changesets()) == len({cs.hash for cs in uow.store.changesets()})
