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
import secrets
from pathlib import Path
from typing import Any

from regsync.adapters.smartcard.errors import LockStateExists, LockStateUnreadable
from regsync.adapters.smartcard.protocol import PIN_MAX, PIN_MIN, PIN_TRIES
from regsync.packages_bpz.files import atomic_write

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
        atomic_write(path, state.to_json().encode("utf-8"), mode=0o600, exclusive=True)
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
    """Replace the state atomically (temporary file, fsync, rename, fsync of the folder:
    after a power cut the lock has the new counter or the old file, never a torn one)."""
    atomic_write(path, state.to_json().encode("utf-8"), mode=0o600)
