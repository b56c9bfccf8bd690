"""The inbox: the one verified read of any bundle (changes, snapshot, personal package).

Reading a bundle is always the same three steps, whatever its kind: the header once
(size, version, schema, signatures, addressed to this node, from the expected
sender), the sender's and every stream origin's certified identity, then the payload
(digest first, then items in bounded memory) split into changesets, relayed
acknowledgements and the kind's own items.  Nothing is applied here.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from typing import Any

from regsync.core.catalogue_sync import both
from regsync.core.model import Role
from regsync.packages_bpz import CHANGESET, BundleHeader, Item, iter_items, read_header
from regsync.sync.acks import ACKS
from regsync.sync.authorize import Writer
from regsync.sync.changeset import Changeset
from regsync.sync.errors import UnvouchedChangeset, WrongOrigin, WrongSender
from regsync.sync.ports import KeyOpener, SyncNode
from regsync.sync.progress import Progress, counted, no_progress
from regsync.sync.ranges import VouchCheck
from regsync.sync.trust.certificates import Certificate
from regsync.sync.trust.errors import TrustError
from regsync.sync.trust.store import TrustStore

CHANGES = "changes"
"""The bundle kind of ordinary exports (the others: a snapshot, a personal package)."""

FilePath = str | os.PathLike[str]


def read_bundle_header(
    node: SyncNode, path: FilePath, *, sender: str | None = None
) -> BundleHeader:
    """The verified header of a bundle for this node; ``sender``: the only node it may be from."""
    header = read_header(path, known_schemas=node.known_schemas(), me=node.node.node_id)
    if sender is not None and header.sender != sender:
        raise WrongSender(sender=header.sender, peer=sender)
    return header


@dataclasses.dataclass
class Payload:
    """A bundle's payload, read and checked against its signed ranges."""

    changesets: list[Changeset] = dataclasses.field(default_factory=list)
    gossip: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    items: list[Item] = dataclasses.field(default_factory=list)
    """The kind's own items (a snapshot's heads and records, a package's selection)."""


READING = both("progress.reading")
"""The progress line of reading a bundle, in both languages."""


def read_payload(
    path: FilePath,
    header: BundleHeader,
    open_key: KeyOpener,
    *,
    label: str = READING,
    progress: Progress = no_progress,
) -> Payload:
    """Read the whole payload; every changeset must lie in the header's signed ranges.

    Only a sealed bundle opens the node's key (and so asks for the passphrase).
    Holds every changeset: for bundles of changes, :func:`stream_payload` reads in
    bounded memory.
    """
    payload = Payload()
    payload.changesets.extend(
        stream_payload(path, header, open_key, payload, label=label, progress=progress)
    )
    return payload


def stream_payload(
    path: FilePath,
    header: BundleHeader,
    open_key: KeyOpener,
    rest: Payload,
    *,
    label: str = READING,
    progress: Progress = no_progress,
) -> Iterator[Changeset]:
    """The payload's changesets one by one, each checked against the signed ranges as
    it comes; the other items go to ``rest`` (relayed acknowledgements, the kind's own).

    The end of the ranges, and refusals the file format can only make at the end
    (:func:`~regsync.packages_bpz.iter_items`), come when the iteration ends: the
    caller applies what it is given inside one transaction and commits only after the
    iteration has finished without an error.
    """
    unsealer = open_key().unseal if header.sealed else None
    check = VouchCheck(header.ranges)
    items = iter_items(path, header, unsealer=unsealer)
    for kind, item in counted(progress, label, items, header.items):
        if kind == CHANGESET:
            cs = _changeset(item)
            check(cs)
            yield cs
        elif kind == ACKS:
            rest.gossip.append(item)
        else:
            rest.items.append((kind, item))
    check.finish()


def _changeset(item: dict[str, Any]) -> Changeset:
    """The changeset of a bundle item: its body text (format 2) is kept as it came and
    must hold the changes the item declared; a body map (format 1) is re-encoded."""
    body = item.get("body")
    try:
        if type(body) is str:
            cs = Changeset.from_text(body, item["hash"])
            if len(cs.changes) != item.get("changes"):
                raise ValueError("the body holds another number of changes than declared")
            return cs
        return Changeset.from_body(item["body"], item["hash"])
    except (KeyError, TypeError, ValueError, RecursionError) as exc:  # deep JSON nesting too
        raise UnvouchedChangeset(stream="?", seq="?") from exc


def presented(header: BundleHeader) -> list[Certificate]:
    """The certificates a bundle brought (its sender's and origins' chains)."""
    return [Certificate.from_file_bytes(c) for c in header.certificates]


def trusted_sender(store: TrustStore, header: BundleHeader) -> Writer:
    """The certified identity of the node that signed a verified header.

    The header's ``sender`` must be that identity: a node may not sign a bundle in
    another node's name (its acknowledgements would be believed about that node).
    """
    t = store.verify_chain(header.sender_key, presented=presented(header))
    if t.node_id != header.sender:
        raise WrongSender(sender=t.node_id, peer=header.sender)
    return Writer(t.node_id, t.role, t.city_code, t.uscc, t.enterprise_number)


class SignedWriters(dict[str, Writer]):
    """The certified writer of every stream of a verified bundle, and who signed it.

    A dict (stream -> writer) for the authorisation of each changeset; ``sender`` is
    the certified identity of the bundle's signer, and :meth:`speaks_for` says about
    which nodes its relayed acknowledgements are believed.
    """

    def __init__(
        self, streams: dict[str, Writer], sender: Writer, known: Callable[[str], Writer | None]
    ) -> None:
        super().__init__(streams)
        self.sender = sender
        self._known = known

    def speaks_for(self, node_id: str) -> bool:
        """Whether the sender may say what ``node_id`` holds (:func:`speaks_for`)."""
        return node_id == self.sender.node_id or speaks_for(self.sender, self._known(node_id))


def speaks_for(sender: Writer, other: Writer | None) -> bool:
    """Whether ``sender`` may relay what the certified node ``other`` holds.

    A node speaks for itself; the province for every node; a city for the province
    and for the firms of its own city (it relays between them).  A firm or personal
    node relays for nobody, so what it says of others is ignored
    (docs/decisions/0015).  ``other`` is None for a node not certified here.
    """
    if other is None:
        return False
    if other.node_id == sender.node_id or sender.role is Role.PROVINCE:
        return True
    if sender.role is not Role.CITY:
        return False
    if other.role is Role.PROVINCE:
        return True
    return other.role is Role.ENTERPRISE and other.city_code == sender.city_code


def trusted_writers(store: TrustStore, header: BundleHeader) -> SignedWriters:
    """The certified writer of every stream a verified header carries.

    The sender must be certified under the very node id the header names, and each
    stream head must be signed by the certified key of the stream's origin (so
    relays cannot forge).  A key the origin handed over to a new one (key rotation),
    or whose certificate was revoked with a cut-off, still vouches for heads up to
    the handover or the cut-off, and for nothing later.
    """
    certificates = presented(header)
    sender = trusted_sender(store, header)
    writers: dict[str, Writer] = {}
    for r in header.ranges:
        t = store.verify_head(r.head_signer, r.stream, r.last_seq, presented=certificates)
        if t.node_id != r.origin:
            raise WrongOrigin(stream=r.stream, signer=t.node_id, origin=r.origin)
        writers[r.stream] = Writer(t.node_id, t.role, t.city_code, t.uscc, t.enterprise_number)
    return SignedWriters(writers, sender, identities(store, certificates))


def identities(
    store: TrustStore, certificates: list[Certificate]
) -> Callable[[str], Writer | None]:
    """The certified, unrevoked identity of a node id (looked up once, when asked)."""
    found: dict[str, Writer] | None = None

    def of(node_id: str) -> Writer | None:
        nonlocal found
        if found is None:
            found = {}
            for cert in (*store.certificates(), *certificates):
                try:
                    t = store.verify_chain(cert.subject.public_key, presented=certificates)
                except TrustError:
                    continue  # revoked or unchained: it speaks for no one
                found.setdefault(
                    t.node_id, Writer(t.node_id, t.role, t.city_code, t.uscc, t.enterprise_number)
                )
        return found.get(node_id)

    return of
