"""The virtual lock's link to the vpcd reader driver (Debian's ``vsmartcard-vpcd``).

pcscd loads the vpcd driver from ``/etc/reader.conf.d/vpcd``; the driver listens on
TCP port 35963 (``CHANNELID 0x8C7B``) and the virtual card connects to it as a
client.  Every message in both directions is a 2-byte big-endian length followed by
that many bytes.  From the driver, a 1-byte message is a control code (0 power off,
1 power on, 2 reset, 4 send the ATR), anything longer a command APDU; the card
answers the ATR request and every APDU, and nothing else.  Closing the connection is
pulling the card out of the reader.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Callable
from typing import Final

from regsync.adapters.smartcard.applet import Applet

VPCD_HOST: Final = "127.0.0.1"
VPCD_PORT: Final = 35963

CTRL_OFF: Final = 0
CTRL_ON: Final = 1
CTRL_RESET: Final = 2
CTRL_ATR: Final = 4

_HISTORICAL: Final = b"\x80REGSYNC"


def _atr() -> bytes:
    """``3B 88 80 01 <8 historical bytes> TCK``: direct convention, T=1, with checksum."""
    body = bytes([0x80 | len(_HISTORICAL), 0x80, 0x01]) + _HISTORICAL
    tck = 0
    for byte in body:  # TCK is the XOR of T0 up to the last historical byte
        tck ^= byte
    return b"\x3b" + body + bytes([tck])


ATR: Final = _atr()


# The driver writes the length and the message with two send() calls; with Nagle on
# its side and delayed ACKs on ours every APDU would wait ~40 ms for an ACK.  Linux's
# TCP_QUICKACK (which the kernel clears again after a while, so it is set before
# every read) makes us acknowledge at once: 255-byte blocks then take ~1 ms.
_QUICKACK = getattr(socket, "TCP_QUICKACK", None)


def _quickack(sock: socket.socket) -> None:
    if _QUICKACK is not None:
        sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)


def _read_exact(sock: socket.socket, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        _quickack(sock)
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)


def serve_connection(
    sock: socket.socket,
    new_applet: Callable[[], Applet],
    observe: Callable[[bytes], None] = lambda _command: None,
) -> None:
    """Answer the driver until it closes the connection.

    ``observe`` sees every command APDU first; an exception from it ends the session
    without an answer (the emulator's ``--eject-on-sign``).
    """
    applet: Applet | None = None
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while True:
        head = _read_exact(sock, 2)
        if head is None:
            return
        (size,) = struct.unpack(">H", head)
        message = _read_exact(sock, size)
        if message is None:
            return
        if size == 1:
            code = message[0]
            if code == CTRL_OFF:
                applet = None
            elif code in (CTRL_ON, CTRL_RESET):
                applet = new_applet()  # a cold or warm reset forgets the verified PIN
            elif code == CTRL_ATR:
                _send(sock, ATR)
            continue
        if applet is None:  # the driver sent an APDU without power-on: power on now
            applet = new_applet()
        observe(message)
        _send(sock, applet.process(message))
