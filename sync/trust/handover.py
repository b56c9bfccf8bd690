"""Key rotation: a node hands its streams over from its old key to a new one.

A node rotates its key (a key file replaced by an identity lock, a lock replaced
before it wears out) with a **handover** (:class:`Handover`), signed by the *old*
key: "node N retires key OLD for key NEW; OLD vouches for my streams up to these
sequence numbers".  The issuer certifies the new key as usual; the old certificate
stays valid, so everything the old key signed before the handover still verifies:
the stream heads up to the recorded sequence numbers (a city relays them to the
province long after) and the certificates it issued (a city's firms stay certified
when the city changes its lock).  What the old key would sign *after* the handover
is refused where the handover is installed: a stream head past the recorded
sequence number (:class:`~.trust_errors.SupersededKey`).  A bundle the old key signed
before the handover, still on its way, imports: its heads are old.

Clocks on offline PCs are unreliable, so the boundary is the node's own sequence
numbers, not a time.  A handover is for a key that is retired, not stolen: a lost
or stolen key is *revoked* (``regsync node revoke``), which refuses every bundle and
certificate it signs and every change past the revocation's cut-off (what the
revoking office had accepted).

File format (version 1, like the other trust files)::

    {"type": "regsync-key-handover", "version": 1, "handover": {
        "node_id": ..., "old_public_key": hex, "new_public_key": hex,
        "heads": {"<stream id>": <last seq>, ...}, "created": ISO time,
        "signature": hex}}

The old key signs ``HANDOVER_DOMAIN`` + the canonical JSON of the body without the
signature.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from nacl.exceptions import CryptoError
from nacl.signing import VerifyKey

from regsync.core.catalogue_sync import label as pair
from regsync.core.ports import Signer
from regsync.sync.codec import canonical
from regsync.sync.trust.errors import BadHandover, SupersededKey
from regsync.sync.trust.files import (
    HANDOVER,
    HANDOVER_DOMAIN,
    KEY_HEX,
    NODE_ID,
    SIGNATURE_HEX,
    field_list,
    file_text,
    fingerprint,
    is_aware_iso,
    read_file,
)

_FIELDS = ("node_id", "old_public_key", "new_public_key", "heads", "created", "signature")
_MAX_SEQ = 2**63


@dataclasses.dataclass(frozen=True)
class Handover:
    """Node ``node_id`` retires ``old_public_key`` for ``new_public_key``.

    ``heads`` maps each of the node's own streams to the last sequence number the old
    key vouches for.
    """

    node_id: str
    old_public_key: str
    new_public_key: str
    heads: Mapping[str, int]
    created: str
    signature: str

    def __post_init__(self) -> None:
        checks = (
            (NODE_ID.fullmatch(self.node_id), *pair("trust.handover.node_id")),
            (KEY_HEX.fullmatch(self.old_public_key), *pair("trust.handover.old_key")),
            (KEY_HEX.fullmatch(self.new_public_key), *pair("trust.handover.new_key")),
            (self.old_public_key != self.new_public_key, *pair("trust.handover.same_keys")),
            (is_aware_iso(self.created), *pair("trust.handover.time")),
            (SIGNATURE_HEX.fullmatch(self.signature), *pair("trust.sig.malformed")),
            (_heads_ok(self.node_id, self.heads), *pair("trust.handover.heads")),
        )
        for ok, zh, en in checks:
            if not ok:
                raise self.invalid(zh, en)

    def invalid(self, zh: str, en: str) -> BadHandover:
        return BadHandover(node=self.node_id, reason_zh=zh, reason_en=en)

    def body(self) -> dict[str, Any]:
        """Everything but the signature."""
        return {
            "node_id": self.node_id,
            "old_public_key": self.old_public_key,
            "new_public_key": self.new_public_key,
            "heads": dict(self.heads),
            "created": self.created,
        }

    def signed_bytes(self) -> bytes:
        return HANDOVER_DOMAIN + canonical(self.body())

    def verify_signature(self) -> None:
        try:
            VerifyKey(bytes.fromhex(self.old_public_key)).verify(
                self.signed_bytes(), bytes.fromhex(self.signature)
            )
        except (CryptoError, ValueError):
            raise self.invalid(*pair("trust.sig.mismatch")) from None

    def to_file_bytes(self) -> bytes:
        return file_text(HANDOVER, {**self.body(), "signature": self.signature}).encode()

    @classmethod
    def from_file_bytes(cls, data: bytes) -> Handover:
        """Read a handover file and check the old key's signature."""
        body = read_file(data, HANDOVER)
        if set(body) != set(_FIELDS) or not isinstance(body.get("heads"), dict):
            raise HANDOVER.error("trust.file.fields", fields=field_list(_FIELDS))
        texts = {k: body[k] for k in _FIELDS if k != "heads"}
        if not all(isinstance(v, str) for v in texts.values()):
            raise HANDOVER.error("trust.file.text_type")
        handover = cls(heads=body["heads"], **texts)
        handover.verify_signature()
        return handover

    def check_head(self, stream: str, seq: int) -> None:
        """Refuse a head the old key signed past what it handed over."""
        if seq > self.heads.get(stream, 0):
            raise self.superseded(
                *pair(
                    "trust.handover.past", stream=stream, seq=seq, handed=self.heads.get(stream, 0)
                )
            )

    def superseded(self, zh: str, en: str) -> SupersededKey:
        return SupersededKey(
            key=fingerprint(self.old_public_key),
            node=self.node_id,
            created=self.created,
            reason_zh=zh,
            reason_en=en,
        )


def _heads_ok(node_id: str, heads: object) -> bool:
    """Only the node's own streams (``node_id/scope``), with whole sequence numbers."""
    return isinstance(heads, Mapping) and all(
        isinstance(stream, str)
        and stream.startswith(node_id + "/")
        and type(seq) is int
        and 0 <= seq < _MAX_SEQ
        for stream, seq in heads.items()
    )


def hand_over(
    node_id: str,
    old_signer: Signer,
    new_public_key: bytes,
    *,
    heads: Mapping[str, int],
    created: str,
) -> Handover:
    """The old key's handover of ``node_id``'s streams (``heads``) to the new key."""
    unsigned = Handover(
        node_id=node_id,
        old_public_key=old_signer.public_key().hex(),
        new_public_key=new_public_key.hex(),
        heads=dict(heads),
        created=created,
        signature="0" * 128,
    )
    signature = old_signer.sign(unsigned.signed_bytes()).hex()
    return dataclasses.replace(unsigned, signature=signature)
