"""Operator passwords: scrypt hashes that describe themselves, and the strength rule.

A stored hash reads ``$scrypt$ln=15,r=8,p=1$<salt>$<hash>`` (salt and hash in base64
without padding; ``ln`` is log2 of scrypt's N).  Verifying reads the parameters from
the string itself, so a node can raise the cost later and old hashes still verify
(:func:`needs_rehash` says when to re-hash one at the next good login).

The cost is memory-hard: ``DEFAULT`` takes 32 MiB and about a tenth of a second;
``REGSYNC_KDF=min`` (tests only, like the key files') picks ``MIN``.  Only the standard
library is used (``hashlib.scrypt``).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import hmac
import itertools
import re
import secrets
from typing import Final

from regsync.core import catalogue

PREFIX: Final = "$scrypt$"
SALT_BYTES: Final = 16
HASH_BYTES: Final = 32
MIN_LENGTH: Final = 8
MAX_LENGTH: Final = 128


@dataclasses.dataclass(frozen=True)
class ScryptCost:
    """scrypt's parameters: N = 2**ln, block size r, parallelism p."""

    ln: int
    r: int = 8
    p: int = 1

    def memory(self) -> int:
        """Bytes scrypt needs (``maxmem`` must allow a little more)."""
        return 128 * self.r * (1 << self.ln) * self.p + 128 * self.r * self.p

    def encode(self) -> str:
        return f"ln={self.ln},r={self.r},p={self.p}"


DEFAULT: Final = ScryptCost(ln=15)  # 32 MiB
MIN: Final = ScryptCost(ln=4)  # tests only: no resistance to guessing
# A stored hash asking for more than this is refused, not computed (a planted row
# could otherwise make every login allocate gigabytes).
_MAX_LN: Final = 20
_MAX_R: Final = 32
_MAX_P: Final = 16
_COST = re.compile(r"ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})")


def cost_for(setting: str) -> ScryptCost:
    """The cost named by ``REGSYNC_KDF``: ``min`` for tests, anything else the default."""
    return MIN if setting == "min" else DEFAULT


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _derive(password: str, salt: bytes, cost: ScryptCost) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=1 << cost.ln,
        r=cost.r,
        p=cost.p,
        maxmem=cost.memory() + 1024 * 1024,
        dklen=HASH_BYTES,
    )


def hash_password(password: str, cost: ScryptCost = DEFAULT, *, salt: bytes | None = None) -> str:
    """The self-describing hash of ``password`` with a new random salt."""
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    return f"{PREFIX}{cost.encode()}${_b64(salt)}${_b64(_derive(password, salt, cost))}"


@dataclasses.dataclass(frozen=True)
class ParsedHash:
    cost: ScryptCost
    salt: bytes
    digest: bytes


def parse_hash(stored: str) -> ParsedHash | None:
    """The parts of a stored hash; None if it is not one this module writes."""
    if not stored.startswith(PREFIX):
        return None
    parts = stored[len(PREFIX) :].split("$")
    if len(parts) != 3:
        return None
    match = _COST.fullmatch(parts[0])
    if match is None:
        return None
    ln, r, p = (int(g) for g in match.groups())
    if not (1 <= ln <= _MAX_LN and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        return None
    try:
        salt, digest = _unb64(parts[1]), _unb64(parts[2])
    except (binascii.Error, ValueError):
        return None
    if not salt or len(digest) != HASH_BYTES:
        return None
    return ParsedHash(ScryptCost(ln, r, p), salt, digest)


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (False for a malformed hash, never raises)."""
    parsed = parse_hash(stored)
    if parsed is None:
        return False
    candidate = _derive(password, parsed.salt, parsed.cost)
    return hmac.compare_digest(candidate, parsed.digest)


def needs_rehash(stored: str, cost: ScryptCost) -> bool:
    """Whether ``stored`` was made with another cost than ``cost`` (re-hash at login)."""
    parsed = parse_hash(stored)
    return parsed is None or parsed.cost != cost


# Passwords everybody tries first (and the ones an office would pick); compared
# case-insensitively with digits and punctuation around them removed.
_COMMON: Final = frozenset(
    {
        "password", "passw0rd", "qwerty", "qwertyuiop", "asdfgh", "asdfghjkl", "abc",
        "abcd", "abcdef", "abcdefg", "abcdefgh", "admin", "administrator", "root", "user",
        "test", "guest", "welcome", "letmein", "iloveyou", "regsync", "shanxi", "taiyuan",
        "zhuce", "mima", "woaini", "zxcvbn", "zxcvbnm", "qazwsx", "aaaaaa", "111111",
    }
)  # fmt: skip


def _reason(key: str, **params: object) -> tuple[str, str]:
    return catalogue.text(key, "zh", **params), catalogue.text(key, "en", **params)


def weakness(password: str, username: str = "") -> tuple[str, str] | None:
    """Why ``password`` is too weak, as ``(zh, en)``; None if it is acceptable.

    At least 8 characters with two kinds of character (letters, digits, others;
    Chinese characters count as letters), not the user name, not a common password,
    not one repeated character or a run such as 12345678.
    """
    if len(password) < MIN_LENGTH:
        return _reason("reason.password.short", length=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _reason("reason.password.long", length=MAX_LENGTH)
    if password.strip() != password or any(not c.isprintable() for c in password):
        return _reason("reason.password.spaces")
    kinds = sum(
        (
            any(c.isalpha() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if kinds < 2:
        return _reason("reason.password.kinds")
    lowered = password.lower()
    if username and username.lower() in lowered:
        return _reason("reason.password.username")
    core = lowered.strip("0123456789!@#$%^&*()_+-=.,;:?~ ")
    if core in _COMMON or len(set(lowered)) <= 2 or _is_run(lowered):
        return _reason("reason.password.common")
    return None


def _is_run(text: str) -> bool:
    """Whether ``text`` is a run of consecutive code points (``12345678``, ``abcdefgh``)."""
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(text)}
    return steps in ({1}, {-1})
