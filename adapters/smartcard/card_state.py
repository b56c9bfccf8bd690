"""The virtual lock's memory: a JSON state file (its "EEPROM").

It holds the Ed25519 seed, the PIN's salted hash, the retry counter, the serial and
the unit the lock was issued to.  A physical lock keeps these inside its chip; the
virtual one exists for tests and demonstrations, so its file is written with mode
0600 and every change of the retry counter is saved atomically *before* the card
answers (a power cut can never hand back a try).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from regsync.adapters.keyfile.atomic import create_exclusive
from regsync.adapters.smartcard.errors import LockStateExists, LockStateUnreadable
from regsync.adapters.smartcard.protocol import PIN_MAX, PIN_MIN, PIN_TRIES

STATE_VERSION = 1


def _pin_hash(salt: bytes, pin: bytes) -> bytes:
    return hashlib.sha256(b"regsync-lock-pin\x00" + salt + pin).digest()


@dataclasses.dataclass
class CardState:
    """What a virtual lock remembers between power cycles."""

    serial: str
    unit: str
    seed: bytes
    pin_salt: bytes
    pin_hash: bytes
    tries_left: int
    tries_max: int

    @classmethod
    def new(cls, *, pin: str, unit: str, tries: int = PIN_TRIES) -> CardState:
        """A freshly personalised lock with a new random key."""
        encoded = pin.encode("utf-8")
        if not PIN_MIN <= len(encoded) <= PIN_MAX:
            raise ValueError(f"PIN length must be {PIN_MIN} to {PIN_MAX} bytes")
        salt = secrets.token_bytes(16)
        return cls(
            serial="RSL" + secrets.token_hex(6).upper(),
            unit=unit,
            seed=secrets.token_bytes(32),
            pin_salt=salt,
            pin_hash=_pin_hash(salt, encoded),
            tries_left=tries,
            tries_max=tries,
        )

    def pin_matches(self, pin: bytes) -> bool:
        return hmac.compare_digest(_pin_hash(self.pin_salt, pin), self.pin_hash)

    def to_json(self) -> str:
        data: dict[str, Any] = dataclasses.asdict(self)
        for name in ("seed", "pin_salt", "pin_hash"):
            data[name] = data[name].hex()
        return json.dumps({"version": STATE_VERSION, **data}, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> CardState:
        data = json.loads(text)
        if data.pop("version", None) != STATE_VERSION:
            raise ValueError("unknown state version")
        for name in ("seed", "pin_salt", "pin_hash"):
            data[name] = bytes.fromhex(data[name])
        state = cls(**data)
        if len(state.seed) != 32 or not 0 <= state.tries_left <= state.tries_max:
            raise ValueError("inconsistent state")
        return state


def create_state(path: Path, state: CardState) -> None:
    """Write a new state file; an existing lock is never overwritten."""
    try:
        create_exclusive(path, state.to_json().encode("utf-8"), mode=0o600)
    except FileExistsError:
        raise LockStateExists(path=str(path)) from None


def load_state(path: Path) -> CardState:
    try:
        return CardState.from_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LockStateUnreadable(path=str(path), reason=exc.strerror or str(exc)) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise LockStateUnreadable(path=str(path), reason=str(exc)) from None


def save_state(path: Path, state: CardState) -> None:
    """Replace the state atomically (temporary file, fsync, rename)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(state.to_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
