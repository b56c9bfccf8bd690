"""Stream ranges of a bundle: which ranges a batch carries, signed heads, checks.

Pure logic between the log (:mod:`regsync.sync`) and the file format
(:mod:`regsync.packages_bpz`): which ranges a batch carries and with whose signed
heads, and whether what a bundle carries is exactly what its signed ranges vouch for.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence

from regsync.core.ports import Signer
from regsync.packages_bpz import StreamRange, head_message
from regsync.sync.changeset import GENESIS, Chained, Changeset, stream_id
from regsync.sync.errors import UnvouchedChangeset


@dataclasses.dataclass(frozen=True)
class SignedHead:
    """An origin's signature of its stream's head, kept to relay the stream onward."""

    stream: str
    seq: int
    hash: str
    signature: bytes
    signer: bytes

    def to_json(self) -> str:
        return json.dumps(
            {
                "stream": self.stream,
                "seq": self.seq,
                "hash": self.hash,
                "signature": self.signature.hex(),
                "signer": self.signer.hex(),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> SignedHead:
        d = json.loads(text)
        return cls(
            d["stream"],
            d["seq"],
            d["hash"],
            bytes.fromhex(d["signature"]),
            bytes.fromhex(d["signer"]),
        )

    @classmethod
    def of_range(cls, r: StreamRange) -> SignedHead:
        return cls(r.stream, r.last_seq, r.head_hash, r.head_sig, r.head_signer)


def build_ranges(
    batch: Sequence[Chained],
    *,
    me: str,
    signer: Signer,
    relayed: Mapping[str, SignedHead],
) -> list[StreamRange]:
    """One range per stream in ``batch``: own streams signed now, others relayed.

    A relayed stream must end at a head its origin signed, or the receiver could not
    verify it; the log only relays whole prefixes it received, so it always does.
    """
    by_stream: dict[str, list[Chained]] = {}
    for cs in batch:
        by_stream.setdefault(cs.stream, []).append(cs)
    ranges = []
    for stream, items in by_stream.items():
        first, last = items[0], items[-1]
        if last.origin == me:
            head = SignedHead(
                stream,
                last.seq,
                last.hash,
                signer.sign(head_message(stream, last.seq, last.hash)),
                signer.public_key(),
            )
        else:
            head = relayed[stream]
            if (head.seq, head.hash) != (last.seq, last.hash):
                raise ValueError(f"no signed head of {stream} at {last.seq}")
        ranges.append(
            StreamRange(
                stream=stream,
                origin=last.origin,
                scope=last.scope,
                first_seq=first.seq,
                last_seq=last.seq,
                prev_hash=first.prev_hash,
                head_hash=last.hash,
                head_sig=head.signature,
                head_signer=head.signer,
            )
        )
    return ranges


def check_vouched(ranges: Iterable[StreamRange], batch: Sequence[Changeset]) -> None:
    """Every changeset lies in a signed range and the range's chain is unbroken.

    With the chain of hashes, the origin's one signature of the head authenticates
    every changeset of the range, whoever relayed it.
    """
    check = VouchCheck(ranges)
    for cs in batch:
        check(cs)
    check.finish()


class VouchCheck:
    """:func:`check_vouched` as a stream goes: call it on each changeset in bundle
    order, then :meth:`finish` once the stream has ended (the ranges must end where
    their signed heads are).  Holds one entry per range, whatever the bundle's size.
    """

    def __init__(self, ranges: Iterable[StreamRange]) -> None:
        self._ranges = {r.stream: r for r in ranges}
        self._expected: dict[str, tuple[int, str]] = {
            r.stream: (r.first_seq, r.prev_hash) for r in self._ranges.values()
        }

    def __call__(self, cs: Changeset) -> None:
        stream = cs.stream
        r = self._ranges.get(stream)
        want = self._expected.get(stream)
        if r is None or want is None or (cs.seq, cs.prev_hash) != want or not cs.verify_hash():
            raise UnvouchedChangeset(stream=stream, seq=cs.seq)
        if cs.origin != r.origin or cs.scope != r.scope:
            raise UnvouchedChangeset(stream=stream, seq=cs.seq)
        self._expected[stream] = (cs.seq + 1, cs.hash)

    def finish(self) -> None:
        for stream, r in self._ranges.items():
            if self._expected[stream] != (r.last_seq + 1, r.head_hash):
                raise UnvouchedChangeset(stream=stream, seq=r.last_seq)
            if r.stream != stream_id(r.origin, r.scope):
                raise UnvouchedChangeset(stream=stream, seq=r.first_seq)
            if r.first_seq == 1 and r.prev_hash != GENESIS:
                raise UnvouchedChangeset(stream=stream, seq=1)
