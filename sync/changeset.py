"""Changesets: one transaction's field-level changes to the records of one scope.

A changeset belongs to the stream ``(origin node, scope)``.  Its sequence number is
contiguous within the stream and its hash covers the previous changeset's hash, so
a stream is a hash chain: a changeset cannot be altered, dropped or reordered
without the next hash showing it.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
from collections.abc import Mapping
from typing import Any

from regsync.sync.codec import Encoded, canonical
from regsync.sync.hlc import Timestamp

GENESIS = "0" * 64
"""The ``prev_hash`` of the first changeset of every stream."""


def stream_id(origin: str, scope: str) -> str:
    """The text id of the stream ``(origin, scope)``; node ids contain no ``/``."""
    return f"{origin}/{scope}"


def stream_scope(stream: str) -> str:
    """The scope part of a stream id (the inverse of :func:`stream_id`)."""
    return stream.split("/", 1)[1]


class Op(enum.StrEnum):
    UPSERT = "upsert"
    DELETE = "delete"


_OPS = {op.value: op for op in Op}


@dataclasses.dataclass(frozen=True)
class Change:
    """The changed fields of one record, and the record version they were based on.

    ``base`` is the record's version vector when the writer read it: a receiver
    compares it with its own to tell a plain successor from a concurrent edit.
    """

    kind: str
    key: str
    op: Op
    fields: Mapping[str, Encoded]
    base: Mapping[str, int]

    def to_wire(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "op": self.op.value,
            "fields": dict(self.fields),
            "base": dict(self.base),
        }

    @classmethod
    def from_wire(cls, data: Mapping[str, Any]) -> Change:
        return cls(
            kind=data["kind"],
            key=data["key"],
            op=_OPS[data["op"]],  # a lookup, not an enum construction per change
            fields=dict(data["fields"]),
            base=dict(data["base"]),
        )


@dataclasses.dataclass(frozen=True)
class Changeset:
    """A logged, hash-chained transaction of one stream."""

    origin: str
    scope: str
    seq: int
    prev_hash: str
    hlc: Timestamp
    tier: int  # the writer's authority tier (core.model.Role.tier)
    changes: tuple[Change, ...]
    hash: str = ""

    @functools.cached_property
    def stream(self) -> str:
        return stream_id(self.origin, self.scope)

    @functools.cached_property
    def hlc_text(self) -> str:
        """``str(self.hlc)``, formatted once (the body, the log row and every
        materialised version of the changeset carry it)."""
        return str(self.hlc)

    def body(self) -> dict[str, Any]:
        """Everything the hash covers."""
        return {
            "origin": self.origin,
            "scope": self.scope,
            "seq": self.seq,
            "prev": self.prev_hash,
            "hlc": self.hlc_text,
            "tier": self.tier,
            "changes": [c.to_wire() for c in self.changes],
        }

    @functools.cached_property
    def canonical_body(self) -> bytes:
        """The canonical bytes of :meth:`body`, computed once (hashing and storing share it)."""
        return canonical(self.body())

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical_body).hexdigest()

    def sealed(self) -> Changeset:
        """This changeset with its hash filled in."""
        sealed = dataclasses.replace(self, hash=self.compute_hash())
        # The hash is not part of the body: hand the encoded body on instead of
        # encoding a large changeset a second time when it is stored.
        sealed.__dict__["canonical_body"] = self.canonical_body
        return sealed

    def verify_hash(self) -> bool:
        return self._hash_ok

    @functools.cached_property
    def _hash_ok(self) -> bool:
        """Checked once: the inbox and the import both ask."""
        return self.hash == self.compute_hash()

    @classmethod
    def from_body(cls, body: Mapping[str, Any], hash_: str) -> Changeset:
        return cls(
            origin=body["origin"],
            scope=body["scope"],
            seq=body["seq"],
            prev_hash=body["prev"],
            hlc=Timestamp.parse(body["hlc"]),
            tier=body["tier"],
            changes=tuple(Change.from_wire(c) for c in body["changes"]),
            hash=hash_,
        )


@dataclasses.dataclass(frozen=True)
class StreamHead:
    """The last changeset of a stream as this node has it."""

    stream: str
    origin: str
    scope: str
    seq: int
    hash: str


def slim(cs: Changeset) -> Changeset:
    """``cs`` without its field values and bases (which records it touched, its place
    in its stream and its hash stay): what an audit line needs, in a fraction of the
    memory, for hooks that see every changeset of a large import."""
    return dataclasses.replace(
        cs, changes=tuple(Change(c.kind, c.key, c.op, {}, {}) for c in cs.changes)
    )
