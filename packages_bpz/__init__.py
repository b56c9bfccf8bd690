"""The .bpz bundle format: signed, compressed, optionally sealed streams of items.

Bytes in, bytes out: this package knows nothing of databases or of what the items
mean beyond their kind.  ``docs/bpz-format.md`` specifies the format byte by byte.

Writing::

    header = write_bundle(path, items, signer=signer, info=BundleInfo(schema=..., sender=...))

``items`` is any iterable of ``(kind, dict)`` pairs, consumed once as a stream; the
file appears at ``path`` atomically, complete and synced, or not at all.  Pass
``seal_to=<recipient Ed25519 public key>`` (and ``info.recipient``) to make the
payload readable by the recipient only.

Reading::

    header = read_header(path, known_schemas=..., expect_sender=..., me=...)
    for kind, data in iter_items(path, header, unsealer=...):
        ...  # stage only: apply nothing until the loop has ended without an error

``read_header`` verifies sizes, versions, the bundle signature and every stream head
signature without reading the payload; whether ``header.sender_key`` and each
``range.head_signer`` are trusted (certified, not revoked, the right origin) is the
caller's decision.  ``iter_items`` verifies the payload digest before decoding and
enforces the :class:`Limits`.  Every refusal of a bad file is a :class:`BundleError`.
"""

from regsync.packages_bpz.errors import (
    BadSignature,
    BundleError,
    Corrupt,
    DecompressionBomb,
    MalformedHeader,
    MalformedPayload,
    NewerSchema,
    NotABundle,
    SealedToOtherKey,
    TooLarge,
    Truncated,
    UnencodableItem,
    UnsupportedVersion,
    UntrustedSender,
    WrongRecipient,
)
from regsync.packages_bpz.header import BundleHeader, StreamRange
from regsync.packages_bpz.layout import (
    CHANGESET,
    DEFAULT_LIMITS,
    FORMAT_VERSION,
    MAGIC,
    Limits,
    head_message,
    key_id,
)
from regsync.packages_bpz.payload import Item
from regsync.packages_bpz.reader import iter_items, read_header
from regsync.packages_bpz.sealing import KeyUnsealer, Unsealer
from regsync.packages_bpz.writer import BundleInfo, write_bundle

__all__ = [
    "CHANGESET",
    "DEFAULT_LIMITS",
    "FORMAT_VERSION",
    "MAGIC",
    "BadSignature",
    "BundleError",
    "BundleHeader",
    "BundleInfo",
    "Corrupt",
    "DecompressionBomb",
    "Item",
    "KeyUnsealer",
    "Limits",
    "MalformedHeader",
    "MalformedPayload",
    "NewerSchema",
    "NotABundle",
    "SealedToOtherKey",
    "StreamRange",
    "TooLarge",
    "Truncated",
    "UnencodableItem",
    "Unsealer",
    "UnsupportedVersion",
    "UntrustedSender",
    "WrongRecipient",
    "head_message",
    "iter_items",
    "key_id",
    "read_header",
    "write_bundle",
]
