"""TCP_NODELAY on both ends of a sync connection.

HTTP/1.1 servers and clients write headers and body separately.  Without
TCP_NODELAY, Nagle's algorithm holds the second write until the first is
acknowledged, and the peer delays that acknowledgement by up to 40 ms: every
request on a kept-alive connection stalled ~40 ms (measured on loopback).  asyncio
sets the option only on sockets whose ``proto`` is IPPROTO_TCP, which uvicorn's own
listening sockets (``--workers``) are not, so the server protocol sets it itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import Final

from uvicorn.protocols.http.h11_impl import H11Protocol

from regsync.adapters.http.sockopts import NODELAY

__all__ = ["NODELAY", "PROTOCOL", "NoDelayH11Protocol"]


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with TCP_NODELAY on every accepted connection."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # uvicorn narrows it the same way
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


PROTOCOL: Final = "regsync.adapters.http.tcp:NoDelayH11Protocol"
"""What to pass as uvicorn's ``http`` option (an import string works with workers)."""
