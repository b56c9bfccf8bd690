"""``regsync lock emulate``: the virtual lock, a state file behind the vpcd driver.

The applet state lives in the file given by ``--state`` (made by ``regsync lock
init``); the link to pcscd is :mod:`.vpcd`.  ``eject_on_sign`` pulls the card out
when the given signature starts (the emulator then stops): tests and demos use it to
show that a lock removed in the middle of an export leaves nothing behind.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path

from regsync.adapters.smartcard import protocol as p
from regsync.adapters.smartcard.applet import Applet
from regsync.adapters.smartcard.card_state import load_state, save_state
from regsync.adapters.smartcard.vpcd import VPCD_HOST, VPCD_PORT, serve_connection


class Ejected(Exception):
    """The virtual lock was pulled out on purpose (``eject_on_sign``)."""


class _Counter:
    def __init__(self, eject_on_sign: int | None) -> None:
        self.signs = 0
        self.eject_on_sign = eject_on_sign
        self.in_chain = False

    def see(self, command: bytes) -> None:
        """Count signatures by their first block; eject at the chosen one."""
        if len(command) < 2 or command[1] != p.INS_SIGN:
            self.in_chain = False
            return
        if not self.in_chain:
            self.signs += 1
            if self.signs == self.eject_on_sign:
                raise Ejected()
        self.in_chain = bool(command[0] & p.CLA_CHAIN)


def applet_factory(state_path: Path) -> Callable[[], Applet]:
    """A new powered-on applet over the state file, reloaded at every power-on."""

    def make() -> Applet:
        return Applet(load_state(state_path), lambda s: save_state(state_path, s))

    return make


def emulate(
    state_path: Path,
    *,
    host: str = VPCD_HOST,
    port: int = VPCD_PORT,
    eject_on_sign: int | None = None,
    on_state: Callable[[str], None] = lambda _state: None,
) -> None:
    """Run the virtual lock until it is stopped (a signal) or ejected.

    It connects to the driver, serves it, and reconnects when pcscd restarts;
    ``on_state`` hears ``waiting`` (no driver yet), ``inserted``, ``removed`` and
    ``ejected``.
    """
    load_state(state_path)  # a clear error now rather than at the first power-on
    counter = _Counter(eject_on_sign)
    make = applet_factory(state_path)
    told_waiting = False
    while True:
        try:
            sock = socket.create_connection((host, port), timeout=1.0)
        except OSError:
            if not told_waiting:
                on_state("waiting")
                told_waiting = True
            time.sleep(0.5)
            continue
        told_waiting = False
        sock.settimeout(None)
        on_state("inserted")
        try:
            with sock:
                serve_connection(sock, make, counter.see)
        except Ejected:
            on_state("ejected")
            return
        on_state("removed")
