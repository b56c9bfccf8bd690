"""The virtual identity lock in tests: the real pcscd + vpcd + pyscard stack.

:class:`VirtualLock` runs ``regsync lock emulate`` in a subprocess (as a person
would) and waits until pcscd shows the card; stopping it is pulling the card out.
The ``pcsc`` fixture skips these tests on a developer machine without pcscd, and
fails them in CI (``CI`` or ``REGSYNC_REQUIRE_PCSC`` set): there they must run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

PIN = "246810"
# Waiting for pcscd to notice a card is not a time limit on the code under test; the
# deadline only keeps a broken machine from hanging the suite.
SETTLE_SECONDS = 60.0
START_ATTEMPTS = 3  # emulator starts within SETTLE_SECONDS (see VirtualLock.start)


def pcsc_problem() -> str | None:
    """Why the real PC/SC stack cannot be used here, or ``None`` when it can."""
    try:
        from smartcard.System import readers
    except ImportError as exc:
        return f"pyscard is not installed ({exc})"
    try:
        names = [str(r) for r in readers()]
    except Exception as exc:  # any PC/SC failure means "not available"
        return f"pcscd is not running ({exc})"
    if not any(name.startswith("Virtual PCD") for name in names):
        return f"pcscd has no vpcd reader (readers: {names}); install vsmartcard-vpcd"
    return None


ENSURE_PCSCD = Path(__file__).resolve().parent.parent / "scripts" / "ensure-pcscd.sh"


def _start_pcscd() -> str | None:
    """Start pcscd as ``make test`` does (it may have stopped since), then look again."""
    if os.geteuid() != 0 or subprocess.run([str(ENSURE_PCSCD)], check=False).returncode:
        return pcsc_problem()
    deadline = time.monotonic() + SETTLE_SECONDS
    while (problem := pcsc_problem()) is not None and time.monotonic() < deadline:
        time.sleep(0.2)  # the daemon loads the vpcd driver after it forks
    return problem


@pytest.fixture(scope="session")
def pcsc() -> None:
    problem = pcsc_problem()
    if problem is not None and "not running" in problem:
        problem = _start_pcscd()
    if problem is None:
        return
    if os.environ.get("CI") or os.environ.get("REGSYNC_REQUIRE_PCSC"):
        pytest.fail(f"the identity-lock tests must run here: {problem}")
    pytest.skip(problem)


def _card_state() -> str:
    """``lock``, ``other`` (a card without the applet), ``none``, or ``moving``."""
    from regsync.adapters.smartcard import SmartCardSigner
    from regsync.adapters.smartcard.errors import LockRemoved, NoCard, WrongCard

    try:
        SmartCardSigner.connect().close()
    except NoCard:
        return "none"
    except WrongCard:
        return "other"
    except LockRemoved:
        return "moving"  # pcscd has not caught up with an insertion or removal yet
    return "lock"


def wait_for(
    state: str, process: subprocess.Popen[bytes] | None = None, seconds: float = SETTLE_SECONDS
) -> None:
    deadline = time.monotonic() + seconds
    while (seen := _card_state()) != state:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the virtual lock exited early ({process.returncode})")
        if time.monotonic() > deadline:
            raise AssertionError(f"pcscd never showed the reader as '{state}' (it shows '{seen}')")
        time.sleep(0.05)


class VirtualLock:
    """A virtual lock's state file and, while :meth:`start`-ed, its emulator process."""

    def __init__(self, state: Path, env: dict[str, str]) -> None:
        self.state = state
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *extra: str) -> None:
        wait_for("none")  # the reader must be empty: one virtual card at a time
        for attempt in range(START_ATTEMPTS):
            command = "from regsync.app.cli.main import run; run()"
            self.process = subprocess.Popen(
                [sys.executable, "-c", command, "lock", "emulate", "--state", str(self.state),
                 *extra],
                env={**os.environ, **self.env},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )  # fmt: skip
            try:
                wait_for("lock", self.process, SETTLE_SECONDS / START_ATTEMPTS)
                return
            except AssertionError:
                # After an ejection, late in a long test session, the reader has shown
                # no card for the next emulator for the whole minute (seen in CI, never
                # in isolation; the cause in pcscd/vpcd is not found).  Pulling the
                # lock out and inserting it again, as a clerk would, recovers.
                self.stop()
                if attempt == START_ATTEMPTS - 1:
                    raise

    def stop(self) -> None:
        """Pull the lock out: stop the emulator and wait until pcscd sees no card."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
            self.process.wait()
            assert self.process.stderr is not None
            self.process.stderr.close()
            self.process = None
        wait_for("none")

    def exited(self) -> bool:
        """Whether the emulator ended by itself (an ejection), cleanly."""
        assert self.process is not None
        return self.process.wait(timeout=SETTLE_SECONDS) == 0


# A card in the virtual reader that is not a regsync lock: it answers every APDU with
# 6A 82.  It runs in its own process: pyscard may hold the interpreter lock while
# pcscd waits for the card, so a card served by a thread of the test would starve.
_OTHER_CARD = """
import socket, struct, sys
sock = socket.create_connection(("127.0.0.1", 35963))
atr = bytes.fromhex("3b80800101")  # T=0 and T=1, no historical bytes
while head := sock.recv(2, socket.MSG_WAITALL):
    message = sock.recv(struct.unpack(">H", head)[0], socket.MSG_WAITALL)
    if message == b"\\x04":
        sock.sendall(struct.pack(">H", len(atr)) + atr)
    elif len(message) > 1:
        sock.sendall(b"\\x00\\x02\\x6a\\x82")
"""


class OtherCard:
    """A foreign card in the virtual reader, until :meth:`remove`."""

    def __init__(self) -> None:
        wait_for("none")
        self.process = subprocess.Popen([sys.executable, "-c", _OTHER_CARD])
        wait_for("other", self.process)

    def remove(self) -> None:
        self.process.terminate()
        self.process.wait()
        wait_for("none")
