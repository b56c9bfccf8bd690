"""The identity-lock applet protocol (ISO 7816-4 short APDUs), shared by card and host.

``docs/identity-lock.md`` describes every byte; this module is the single source of
the numbers.  Both the virtual lock (:mod:`.applet`) and :class:`.SmartCardSigner`
import them, so the two sides cannot drift apart.
"""

from __future__ import annotations

from typing import Final

AID: Final = b"\xf0REGSYNC\x01"
"""``F0 52 45 47 53 59 4E 43 01`` (``F0 'REGSYNC' 01``): a proprietary application id
(the first nibble F marks a non-registered AID under ISO 7816-5); the last byte is the
applet version."""

APPLET_VERSION: Final = 1

CLA_ISO: Final = 0x00
CLA_PROPRIETARY: Final = 0x80
CLA_CHAIN: Final = 0x10
"""Command chaining (ISO 7816-4 5.1.1, CLA bit b5): more blocks of this command follow."""

INS_SELECT: Final = 0xA4
INS_VERIFY: Final = 0x20
INS_GET_PUBLIC_KEY: Final = 0xCA  # GET DATA style, proprietary class
INS_GET_INFO: Final = 0xCB
INS_SIGN: Final = 0x2A  # PERFORM SECURITY OPERATION style, proprietary class
INS_DERIVE: Final = 0x86  # GENERAL AUTHENTICATE style key agreement, proprietary class
X25519_KEY: Final = 32

P1_SELECT_BY_NAME: Final = 0x04
P2_PIN_REF: Final = 0x81

MAX_BLOCK: Final = 255
"""Data bytes per short APDU; longer messages travel as a chain of blocks."""

MAX_MESSAGE: Final = 1 << 20
"""Longest message the applet signs (1 MiB): a bundle header with every certificate."""

PIN_MIN: Final = 4
PIN_MAX: Final = 16
PIN_TRIES: Final = 3

# GET INFO answers a list of TLVs (1-byte tag, 1-byte length, value).
TAG_SERIAL: Final = 0x01  # ASCII
TAG_UNIT: Final = 0x02  # UTF-8, the unit the lock was issued to
TAG_VERSION: Final = 0x03  # 1 byte
TAG_TRIES_LEFT: Final = 0x04  # 1 byte
TAG_TRIES_MAX: Final = 0x05  # 1 byte

SW_OK: Final = 0x9000
SW_WRONG_LENGTH: Final = 0x6700
SW_CHAIN_EXPECTED: Final = 0x6883  # the last block of a chain was expected
SW_CHAINING_UNSUPPORTED: Final = 0x6884
SW_SECURITY_NOT_SATISFIED: Final = 0x6982  # sign before a verified PIN
SW_PIN_BLOCKED: Final = 0x6983
SW_CONDITIONS_NOT_SATISFIED: Final = 0x6985  # applet not selected
SW_WRONG_DATA: Final = 0x6A80
SW_NOT_FOUND: Final = 0x6A82  # no such application
SW_NO_MEMORY: Final = 0x6A84  # message longer than MAX_MESSAGE
SW_WRONG_P1P2: Final = 0x6A86
SW_INS_UNSUPPORTED: Final = 0x6D00
SW_CLA_UNSUPPORTED: Final = 0x6E00
SW_INTERNAL: Final = 0x6F00
SW_PIN_WRONG_BASE: Final = 0x63C0
"""``63 Cx``: the PIN was wrong (or not yet given), ``x`` tries are left."""


def apdu(
    cla: int, ins: int, p1: int, p2: int, data: bytes = b"", *, le: int | None = None
) -> bytes:
    """A short command APDU (case 1 to 4); ``le=0`` means up to 256 bytes."""
    if len(data) > MAX_BLOCK:
        raise ValueError(f"a short APDU carries at most {MAX_BLOCK} data bytes")
    out = bytes([cla, ins, p1, p2])
    if data:
        out += bytes([len(data)]) + data
    if le is not None:
        out += bytes([le & 0xFF])
    return out


def select_apdu() -> bytes:
    return apdu(CLA_ISO, INS_SELECT, P1_SELECT_BY_NAME, 0x00, AID, le=0)


def verify_apdu(pin: bytes) -> bytes:
    """``VERIFY``; an empty ``pin`` only asks for the tries left (answers 9000 or 63Cx)."""
    return apdu(CLA_ISO, INS_VERIFY, 0x00, P2_PIN_REF, pin)


def sign_apdus(message: bytes) -> list[bytes]:
    """``SIGN`` as a chain: every block but the last has the chaining bit set."""
    blocks = [message[i : i + MAX_BLOCK] for i in range(0, len(message), MAX_BLOCK)] or [b""]
    out = [apdu(CLA_PROPRIETARY | CLA_CHAIN, INS_SIGN, 0, 0, b) for b in blocks[:-1]]
    out.append(apdu(CLA_PROPRIETARY, INS_SIGN, 0, 0, blocks[-1], le=0))
    return out


def get_public_key_apdu() -> bytes:
    return apdu(CLA_PROPRIETARY, INS_GET_PUBLIC_KEY, 0, 0, le=0)


def derive_apdu(ephemeral_public_key: bytes) -> bytes:
    """``DERIVE``: the box key of an X25519 ephemeral public key and the lock's key."""
    return apdu(CLA_PROPRIETARY, INS_DERIVE, 0, 0, ephemeral_public_key, le=0)


def get_info_apdu() -> bytes:
    return apdu(CLA_PROPRIETARY, INS_GET_INFO, 0, 0, le=0)


def tlv(tag: int, value: bytes) -> bytes:
    if len(value) > 255:
        raise ValueError("a TLV value is at most 255 bytes")
    return bytes([tag, len(value)]) + value


def parse_tlvs(data: bytes) -> dict[int, bytes]:
    """The TLVs of a GET INFO answer; ``ValueError`` for a truncated list."""
    out: dict[int, bytes] = {}
    i = 0
    while i < len(data):
        if i + 2 > len(data) or i + 2 + data[i + 1] > len(data):
            raise ValueError("truncated TLV")
        out[data[i]] = data[i + 2 : i + 2 + data[i + 1]]
        i += 2 + data[i + 1]
    return out
