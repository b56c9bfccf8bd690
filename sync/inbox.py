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
from typing import Any

from regsync.packages_bpz import CHANGESET, BundleHeader, Item, iter_items, read_header
from regsync.sync.acks import ACKS
from regsync.sync.authorize import Writer
from regsync.sync.changeset import Changeset
from regsync.sync.errors import UnvouchedChangeset, WrongOrigin, WrongSender
from regsync.sync.ports import KeyOpener, SyncNode
from regsync.sync.progress import Progress, counted, no_progress
from regsync.sync.ranges import check_vouched
from regsync.sync.trust.certificates import Certificate
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


def read_payload(
    path: FilePath,
    header: BundleHeader,
    open_key: KeyOpener,
    *,
    label: str = "读取 reading",
    progress: Progress = no_progress,
) -> Payload:
    """Read the whole payload; every changeset must lie in the header's signed ranges.

    Only a sealed bundle opens the node's key (and so asks for the passphrase).
    """
    unsealer = open_key().unseal if header.sealed else None
    payload = Payload()
    items = iter_items(path, header, unsealer=unsealer)
    for kind, item in counted(progress, label, items, header.items):
        if kind == CHANGESET:
            payload.changesets.append(_changeset(item))
        elif kind == ACKS:
            payload.gossip.append(item)
        else:
            payload.items.append((kind, item))
    check_vouched(header.ranges, payload.changesets)
    return payload


def _changeset(item: dict[str, Any]) -> Changeset:
    try:
        return Changeset.from_body(item["body"], item["hash"])
    except (KeyError, TypeError, ValueError) as exc:
        raise UnvouchedChangeset(stream="?", seq="?") from exc


def presented(header: BundleHeader) -> list[Certificate]:
    """The certificates a bundle brought (its sender's and origins' chains)."""
    return [Certificate.from_file_bytes(c) for c in header.certificates]


def trusted_sender(store: TrustStore, header: BundleHeader) -> Writer:
    """The certified identity of the node that signed a verified header."""
    t = store.verify_chain(header.sender_key, presented=presented(header))
    if t.node_id != header.sender:
        raise WrongSender(sender=t.node_id, peer=header.sender)
    return Writer(t.node_id, t.role, t.city_code, t.uscc, t.enterprise_number)


def trusted_writers(store: TrustStore, header: BundleHeader) -> dict[str, Writer]:
    """The certified writer of every stream a verified header carries.

    The sender must be certified, and each stream head must be signed by the
    certified, unrevoked key of the stream's origin (so relays cannot forge).  A key
    the origin handed over to a new one (key rotation) still vouches for heads up to
    the handover, and for nothing later; a bundle it signed before the handover
    still imports (its heads are old), one with a newer head does not.
    """
    certificates = presented(header)
    store.verify_chain(header.sender_key, presented=certificates)
    writers: dict[str, Writer] = {}
    for r in header.ranges:
        t = store.verify_chain(r.head_signer, presented=certificates)
        store.check_head(r.head_signer, r.stream, r.last_seq)  # old keys: old heads only
        if t.node_id != r.origin:
            raise WrongOrigin(stream=r.stream, signer=t.node_id, origin=r.origin)
        writers[r.stream] = Writer(t.node_id, t.role, t.city_code, t.uscc, t.enterprise_number)
    return writers
