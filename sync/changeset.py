"""Changesets: one transaction's field-level changes to the records of one scope.

A changeset belongs to the stream ``(origin node, scope)``.  Its sequence number is
contiguous within the stream and its hash covers the previous changeset's hash, so
a stream is a hash chain: a changeset cannot be altered, dropped or reordered
without the next hash showing it.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from collections.abc import Mapping
from typing import Any, Protocol

from regsync.sync.codec import Encoded, canonical_text
from regsync.sync.hlc import Timestamp
from regsync.sync.once import computed_once

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
        """A change from its decoded wire form, whose maps it takes over (the decoder
        made them for this change alone: copying each cost more than the rest)."""
        fields, base = data["fields"], data["base"]
        if type(fields) is not dict or type(base) is not dict:
            raise TypeError("a change's fields and base are maps")
        return cls(data["kind"], data["key"], _OPS[data["op"]], fields, base)


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

    @computed_once
    def stream(self) -> str:
        return stream_id(self.origin, self.scope)

    @computed_once
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

    @computed_once
    def canonical_text(self) -> str:
        """The canonical JSON text of :meth:`body`, computed once: what the log stores
        and a bundle carries (:meth:`wire_item`).  A received changeset keeps the text
        it arrived as (:meth:`from_text`), so it is never encoded again."""
        return canonical_text(self.body())

    @computed_once
    def canonical_body(self) -> bytes:
        """The UTF-8 bytes of :attr:`canonical_text`: what the hash covers."""
        return self.canonical_text.encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical_body).hexdigest()

    def sealed(self) -> Changeset:
        """This changeset with its hash filled in."""
        sealed = dataclasses.replace(self, hash=self.compute_hash())
        # The hash is not part of the body: hand the encoded body on instead of
        # encoding a large changeset a second time when it is stored.
        sealed.__dict__["canonical_text"] = self.canonical_text
        sealed.__dict__["canonical_body"] = self.canonical_body
        return sealed

    def wire_item(self) -> dict[str, Any]:
        """The changeset as a bundle item (``docs/bpz-format.md`` §3): its body as text."""
        return {"body": self.canonical_text, "hash": self.hash, "changes": len(self.changes)}

    def verify_hash(self) -> bool:
        return self._hash_ok

    @computed_once
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

    @classmethod
    def from_text(cls, text: str, hash_: str) -> Changeset:
        """A changeset from the body text it was logged or shipped as.

        The text is kept as it came: its hash is checked over these very bytes and the
        log stores them, so a changeset is encoded once, by its writer, and every node
        holds and forwards the writer's bytes (ValueError, KeyError or TypeError for a
        text that is not a changeset body).
        """
        body = json.loads(text)
        if type(body) is not dict:
            raise TypeError("a changeset body is a JSON object")
        cs = cls.from_body(body, hash_)
        cs.__dict__["canonical_text"] = text
        return cs


class Chained(Protocol):
    """A changeset's place in its stream: what ranges and heads are built from."""

    @property
    def origin(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def stream(self) -> str: ...
    @property
    def seq(self) -> int: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...


@dataclasses.dataclass(frozen=True)
class LoggedChangeset:
    """A logged changeset as an export needs it: its place in its stream and its
    stored text, not parsed (a peer gets the writer's bytes as they are logged)."""

    origin: str
    scope: str
    seq: int
    prev_hash: str
    hash: str
    text: str
    record_count: int

    @computed_once
    def stream(self) -> str:
        return stream_id(self.origin, self.scope)

    def wire_item(self) -> dict[str, Any]:
        """The changeset as a bundle item, straight from the log."""
        return {"body": self.text, "hash": self.hash, "changes": self.record_count}

    def parsed(self) -> Changeset:
        return Changeset.from_text(self.text, self.hash)


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
