"""The sync conversation between two nodes, without I/O (httpx ``Auth.auth_flow`` style).

:func:`push_pull` is a generator: it yields the messages this node sends and takes
the peer's replies; it never opens a socket.  Everything that touches the database,
the key or a bundle file goes through a :class:`Link`, this node's side of the sync
with one peer.  Two transports drive the same code:

* the HTTP client sends each message as a request and sends the response back in;
* the USB path (``bundle export``) answers :class:`AskHeads` with what the peer
  last acknowledged, writes the :class:`SendBundle` to the stick and stops there; the
  peer's answer arrives later as a file and goes through the same
  :meth:`Link.accept` (``bundle import``).

On the serving side :func:`answer` turns one message into its reply.  A cut
connection at any point loses nothing: heads are asked afresh each time, an import
is all or nothing, and re-sending what the peer already has is a reported no-op.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Mapping
from pathlib import Path
from typing import Protocol

from regsync.sync.apply import ImportReport
from regsync.sync.errors import SessionError


@dataclasses.dataclass(frozen=True)
class AskHeads:
    """ "Which changes do you hold of those I may send you?" (the reply is :class:`Heads`)."""


@dataclasses.dataclass(frozen=True)
class Heads:
    """A node's version vector over the streams the asking peer may see."""

    heads: Mapping[str, int]


@dataclasses.dataclass(frozen=True)
class Sent:
    """What an export put into a bundle."""

    changesets: int
    changes: int


@dataclasses.dataclass(frozen=True)
class SendBundle:
    """A signed bundle of what the peer lacks; the reply is the peer's bundle for us."""

    path: Path
    sent: Sent


@dataclasses.dataclass(frozen=True)
class BundleReply:
    """The bundle a peer answered with: what we lack, and its acknowledgements."""

    path: Path


Message = AskHeads | SendBundle
Reply = Heads | BundleReply


@dataclasses.dataclass(frozen=True)
class SyncOutcome:
    """One completed push and pull."""

    sent: Sent
    received: ImportReport


class Link(Protocol):
    """This node's side of a sync with one peer (an adapter over database, trust and key)."""

    def heads(self) -> Mapping[str, int]:
        """This node's heads of the streams the peer may see."""
        ...

    def learn(self, heads: Mapping[str, int]) -> None:
        """Record what the peer holds, as it just said (replaces what we thought)."""
        ...

    def export(self, outbox: Path) -> Sent:
        """Write a signed bundle of everything the peer may see and does not hold."""
        ...

    def accept(self, bundle: Path) -> ImportReport:
        """Verify a bundle from the peer completely, then apply and commit all of it."""
        ...


def push_pull(link: Link, outbox: Path) -> Generator[Message, Reply, SyncOutcome]:
    """Push what the peer lacks, then take what it sends back.

    ``outbox`` is where the outgoing bundle is written; the driver owns the file.
    """
    reply = yield AskHeads()
    if not isinstance(reply, Heads):
        raise SessionError(expected="Heads", got=type(reply).__name__)
    link.learn(reply.heads)
    sent = link.export(outbox)
    reply = yield SendBundle(outbox, sent)
    if not isinstance(reply, BundleReply):
        raise SessionError(expected="BundleReply", got=type(reply).__name__)
    return SyncOutcome(sent, link.accept(reply.path))


def answer(link: Link, message: Message, outbox: Path) -> Reply:
    """The serving side: the reply to one message from the peer ``link`` talks to.

    A pushed bundle is applied first, so the bundle that goes back already
    acknowledges it, and carries everything the peer lacks (its bundle's
    acknowledgements told us what it holds).
    """
    if isinstance(message, AskHeads):
        return Heads(dict(link.heads()))
    link.accept(message.path)
    link.export(outbox)
    return BundleReply(outbox)


def drive(session: Generator[Message, Reply, SyncOutcome], peer: Link, outbox: Path) -> SyncOutcome:
    """Run a session against another node's link directly (tests, same-machine sync)."""
    try:
        message = next(session)
        while True:
            message = session.send(answer(peer, message, outbox))
    except StopIteration as done:
        outcome: SyncOutcome = done.value
        return outcome
