"""``regsync lock init|emulate|show``: the identity lock (身份识别锁 / 管理锁).

``lock init`` personalises a virtual lock (a state file: new key, PIN, serial, the
unit it is issued to); ``lock emulate`` puts it into the vpcd reader of pcscd;
``lock show`` reads whichever lock is in a reader (no PIN needed).  A node uses a
lock with ``regsync init ... --signer smartcard``.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from regsync.adapters.smartcard import CardState, SmartCardSigner, create_state, emulate
from regsync.adapters.smartcard.protocol import PIN_MAX, PIN_MIN, PIN_TRIES
from regsync.adapters.smartcard.vpcd import VPCD_HOST, VPCD_PORT
from regsync.app.cli.argtypes import at_least
from regsync.app.cli.context import Context
from regsync.app.cli.render import Output, pairs_text, say
from regsync.app.secrets import lock_pin
from regsync.core.errors import ValidationError
from regsync.sync.trust.files import fingerprint

PIN_HELP = "environment variable holding the identity lock PIN (default REGSYNC_LOCK_PIN)"


def cmd_lock_init(ctx: Context) -> Output:
    a = ctx.args
    pin = lock_pin(ctx.environ, a.pin_env, confirm=True)
    if not PIN_MIN <= len(pin.encode("utf-8")) <= PIN_MAX:
        raise ValidationError(
            field="PIN",
            detail=say("cli.lock.pin_length", low=PIN_MIN, high=PIN_MAX),
        )
    state = CardState.new(pin=pin, unit=a.unit or "", tries=a.tries)
    create_state(Path(a.state), state)
    key = SmartCardSigner.public_key_of_seed(state.seed)
    data = {
        "state": a.state,
        "serial": state.serial,
        "unit": state.unit,
        "public_key": key.hex(),
        "fingerprint": fingerprint(key),
        "tries": state.tries_max,
    }
    unit = state.unit or say("cli.lock.no_unit")
    text = say("cli.lock.made", serial=state.serial, unit=unit, fingerprint=data["fingerprint"],
               file=a.state)  # fmt: skip
    return Output(data, text)


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def cmd_lock_emulate(ctx: Context) -> Output:
    a = ctx.args
    # A stop by signal is pulling the card: every state change is already saved.
    signal.signal(signal.SIGTERM, _raise_interrupt)
    said: list[str] = []

    def on_state(state: str) -> None:
        said.append(state)
        text = say(f"cli.lock.{state}", host=a.host, port=a.port)
        print(f"regsync lock: {text}", file=sys.stderr, flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        emulate(
            Path(a.state),
            host=a.host,
            port=a.port,
            eject_on_sign=a.eject_on_sign,
            on_state=on_state,
        )
    return Output({"state": a.state, "events": said}, say("cli.lock.stopped"))


def cmd_lock_show(ctx: Context) -> Output:
    lock = SmartCardSigner.connect()
    try:
        info, key = lock.info, lock.public_key()
    finally:
        lock.close()
    data: dict[str, Any] = {
        "reader": info.reader,
        "serial": info.serial,
        "unit": info.unit,
        "public_key": key.hex(),
        "fingerprint": fingerprint(key),
        "tries_left": info.tries_left,
        "tries_max": info.tries_max,
        "blocked": info.tries_left == 0,
    }
    return Output(data, pairs_text([(say(f"cli.lock.field.{k}"), v) for k, v in data.items()]))


def register(
    sub: Any,
    add: Callable[[Any, str, Callable[[Context], Output], str], argparse.ArgumentParser],
    group: Callable[[Any, str, str], Any],
) -> None:
    """Add ``regsync lock ...`` to the command line (``add``/``group`` are cli.py's helpers)."""
    lock = group(
        sub, "lock", "the identity lock (身份识别锁/管理锁): a smart card holding the node key"
    )
    p = add(
        lock,
        "init",
        cmd_lock_init,
        "make a virtual lock: a new key, PIN and serial in a state file",
    )
    p.add_argument(
        "--state", required=True, metavar="FILE", help="the virtual lock's state file (new)"
    )
    p.add_argument("--pin-env", metavar="VAR", help=PIN_HELP)
    p.add_argument("--unit", help="the unit the lock is issued to (shown by `regsync lock show`)")
    p.add_argument(
        "--tries",
        type=int,
        default=PIN_TRIES,
        choices=range(1, 16),
        metavar="N",
        help=f"wrong PINs before the lock blocks (default {PIN_TRIES})",
    )
    p = add(
        lock,
        "emulate",
        cmd_lock_emulate,
        "run a virtual lock in the vpcd reader of pcscd until stopped",
    )
    p.add_argument("--state", required=True, metavar="FILE", help="made by `regsync lock init`")
    p.add_argument(
        "--host", default=VPCD_HOST, help=f"where the vpcd driver listens (default {VPCD_HOST})"
    )
    p.add_argument(
        "--port",
        type=at_least(1, int, 65535),
        default=VPCD_PORT,
        help=f"vpcd port (default {VPCD_PORT})",
    )
    p.add_argument(
        "--eject-on-sign",
        type=at_least(1, int),
        metavar="N",
        help="pull the lock out when the N-th signature starts (tests, demos)",
    )
    add(
        lock,
        "show",
        cmd_lock_show,
        "show the lock in the reader: serial, unit, key fingerprint, tries left",
    )
