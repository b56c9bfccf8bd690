"""Reading a bundle defensively: the header first, then the items as a stream.

``read_header`` reads only the 24-byte prelude, the header and the signature, after
checking the file size against the caps; it verifies the signature and every stream
head signature before returning.  ``iter_items`` first hashes the raw payload (one
cheap pass, refused whole on a digest mismatch), then decrypts, decompresses and
decodes it in a second pass in bounded memory, hashing it again.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Collection, Iterator
from typing import Any, BinaryIO

import msgpack
from nacl.exceptions import CryptoError
from nacl.signing import VerifyKey

from regsync.core.catalogue_reasons import reason_params, with_cause
from regsync.core.catalogue_sync import Label, label
from regsync.packages_bpz.errors import (
    BadSignature,
    Corrupt,
    DecompressionBomb,
    MalformedHeader,
    MalformedPayload,
    NewerSchema,
    NotABundle,
    SealedToOtherKey,
    TooLarge,
    Truncated,
    UnsupportedVersion,
    UntrustedSender,
    WrongRecipient,
)
from regsync.packages_bpz.header import BundleHeader
from regsync.packages_bpz.layout import (
    DEFAULT_LIMITS,
    FORMAT_VERSION,
    MAGIC,
    PRELUDE,
    PRELUDE_SIZE,
    READABLE_VERSIONS,
    SIGNATURE_SIZE,
    Limits,
    key_id,
    signing_input,
)
from regsync.packages_bpz.payload import Item, RawPayload, decompressed, items, verify_digest
from regsync.packages_bpz.sealing import SYMMETRIC_KEY_SIZE, SealError, Unsealer, decrypt


def read_header(
    path: str | os.PathLike[str],
    *,
    limits: Limits = DEFAULT_LIMITS,
    known_schemas: Collection[str] | None = None,
    expect_sender: bytes | None = None,
    me: str | None = None,
) -> BundleHeader:
    """The verified header of the bundle at ``path``; reads no payload.

    Checks, in order: file size cap, magic, format version, header size cap, that the
    file is exactly as long as its length fields say, the header's form, the bundle
    signature by ``header.sender_key``, every stream head signature, and then the
    caller's expectations: ``expect_sender`` (the key the bundle must be signed by),
    ``me`` (this node's id: a bundle addressed to another node is refused) and
    ``known_schemas`` (schema revisions this program knows; others are newer).
    Every refusal of the file's content is a :class:`BundleError`; a file that cannot
    be opened at all raises the ``OSError`` of ``open``.
    """
    name = str(path)
    with open(path, "rb") as fh:
        prelude, raw, signature = _read_parts(fh, name, limits)
    header = _decode(raw, name)
    _, version, _, _, payload_length = PRELUDE.unpack(prelude)
    header = dataclasses.replace(
        header, header_length=len(raw), signature=signature, format_version=version
    )
    if payload_length != header.payload_length:
        raise MalformedHeader(
            path=name, **reason_params(label("reason.bpz.payload_length"), "detail")
        )
    message = signing_input(prelude, raw)
    _verify(header.sender_key, message, signature, name, label("bundle.what.bundle"))
    for r in header.ranges:
        what = label("bundle.what.stream_head", stream=r.stream)
        _verify(r.head_signer, r.head_message(), r.head_sig, name, what)
    _check_expectations(header, name, known_schemas, expect_sender, me)
    return header


def iter_items(
    path: str | os.PathLike[str],
    header: BundleHeader,
    *,
    unsealer: Unsealer | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Item]:
    """The payload items of the bundle at ``path``, whose header ``read_header`` gave.

    A generator: nothing is read until the first ``next``.  It then verifies the
    payload digest over the raw bytes before decoding anything, and yields items one
    at a time in bounded memory.  Some refusals (a damaged stream, counts that differ
    from the header, the file changed under the reader) can only come at the end:
    **apply nothing until the iteration has finished without an error.**  A sealed
    bundle needs the recipient's ``unsealer``; without it, or with another node's,
    :class:`WrongRecipient` names the node the bundle is for.
    """
    name = str(path)
    key = _payload_key(header, unsealer, name)
    if header.raw_length > limits.max_raw_bytes:
        raise DecompressionBomb(path=name, limit=limits.max_raw_bytes, declared=header.raw_length)
    if header.items > limits.max_items:
        raise TooLarge(
            path=name,
            **_what("bundle.what.items"),
            size=header.items,
            limit=limits.max_items,
        )
    with open(path, "rb") as fh:
        _check_size(fh, header.file_size, name)
        verify_digest(fh, header, name)
        raw = RawPayload(fh, header, name)
        chunks = raw.chunks() if key is None else _opened(raw, key, name)
        yield from items(decompressed(chunks, header, limits, name), header, limits, name)
        raw.check_digest()


def _read_parts(fh: BinaryIO, name: str, limits: Limits) -> tuple[bytes, bytes, bytes]:
    size = os.fstat(fh.fileno()).st_size
    if size > limits.max_file_bytes:
        raise TooLarge(
            path=name,
            **_what("bundle.what.file_size"),
            size=size,
            limit=limits.max_file_bytes,
        )
    prelude = fh.read(PRELUDE_SIZE)
    if prelude[: len(MAGIC)] != MAGIC[: len(prelude)] or not prelude:
        if not prelude:
            raise Truncated(path=name, expected=PRELUDE_SIZE, actual=0)
        raise NotABundle(path=name)
    if len(prelude) < PRELUDE_SIZE:
        raise Truncated(path=name, expected=PRELUDE_SIZE, actual=size)
    _, version, reserved, header_length, payload_length = PRELUDE.unpack(prelude)
    if version not in READABLE_VERSIONS:
        raise UnsupportedVersion(path=name, version=version, supported=FORMAT_VERSION)
    if reserved:
        detail = label("reason.bpz.reserved", value=reserved)
        raise MalformedHeader(path=name, **reason_params(detail, "detail"))
    if header_length > limits.max_header_bytes:
        raise TooLarge(
            path=name,
            **_what("bundle.what.header"),
            size=header_length,
            limit=limits.max_header_bytes,
        )
    _check_size(fh, PRELUDE_SIZE + payload_length + header_length + SIGNATURE_SIZE, name)
    fh.seek(PRELUDE_SIZE + payload_length)
    raw, signature = fh.read(header_length), fh.read(SIGNATURE_SIZE)
    if len(signature) != SIGNATURE_SIZE:  # the file shrank while being read
        raise Truncated(path=name, expected=size, actual=os.fstat(fh.fileno()).st_size)
    return prelude, raw, signature


def _check_size(fh: BinaryIO, expected: int, name: str) -> None:
    size = os.fstat(fh.fileno()).st_size
    if size < expected:
        raise Truncated(path=name, expected=expected, actual=size)
    if size > expected:
        zh, en = label("bundle.extra_bytes", count=size - expected)
        raise Corrupt(path=name, detail_zh=zh, detail_en=en)


def _decode(raw: bytes, name: str) -> BundleHeader:
    try:
        data: Any = msgpack.unpackb(
            raw, raw=False, use_list=True, strict_map_key=True, max_ext_len=0
        )
        if msgpack.packb(data, use_bin_type=True) != raw:
            raise ValueError("the header is not in canonical msgpack form")
        return BundleHeader.from_wire(data)
    except (ValueError, TypeError, msgpack.UnpackException) as exc:
        detail = with_cause(label("reason.bpz.header_form"), exc)
        raise MalformedHeader(path=name, **reason_params(detail, "detail")) from None


def _what(msgid: str) -> dict[str, str]:
    """A ``TooLarge`` error's ``what_zh`` and ``what_en``: the catalogue's name ``msgid``."""
    zh, en = label(msgid)
    return {"what_zh": zh, "what_en": en}


def _verify(key: bytes, message: bytes, signature: bytes, name: str, what: Label) -> None:
    try:
        VerifyKey(key).verify(message, signature)
    except (CryptoError, ValueError):
        raise BadSignature(path=name, what_zh=what.zh, what_en=what.en) from None


def _check_expectations(
    header: BundleHeader,
    name: str,
    known_schemas: Collection[str] | None,
    expect_sender: bytes | None,
    me: str | None,
) -> None:
    if expect_sender is not None and header.sender_key != expect_sender:
        raise UntrustedSender(
            path=name, key=key_id(header.sender_key), expected=key_id(expect_sender)
        )
    if me is not None and header.recipient is not None and header.recipient != me:
        raise WrongRecipient(path=name, recipient=header.recipient)
    if known_schemas is not None and header.schema not in known_schemas:
        known = ", ".join(sorted(known_schemas))
        raise NewerSchema(path=name, writer=header.writer, schema=header.schema, known=known)


def _payload_key(header: BundleHeader, unsealer: Unsealer | None, name: str) -> bytes | None:
    if header.sealed_key is None:
        return None
    if unsealer is None:
        raise WrongRecipient(path=name, recipient=header.recipient)
    try:
        key = unsealer(header.sealed_key)
    except CryptoError:
        # The caller holds a key and read_header let the recipient through: the bundle
        # was sealed to another key of this node (one retired by a rotation).
        raise SealedToOtherKey(path=name, recipient=header.recipient) from None
    if not isinstance(key, bytes) or len(key) != SYMMETRIC_KEY_SIZE:
        raise WrongRecipient(path=name, recipient=header.recipient)
    return key


def _opened(raw: RawPayload, key: bytes, name: str) -> Iterator[bytes]:
    try:
        yield from decrypt(raw.read, raw.remaining, key)
    except SealError as exc:
        raise MalformedPayload(path=name, **reason_params(exc.reason, "detail")) from None
