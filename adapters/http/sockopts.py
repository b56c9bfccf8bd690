"""The client's socket options: TCP_NODELAY (see :mod:`regsync.adapters.http.tcp`).

Kept apart from the server's protocol so that the client, which every edition has,
does not import uvicorn (the ``server`` extra).
"""

from __future__ import annotations

import socket
from typing import Final

NODELAY: Final = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
"""httpx ``socket_options`` for the client."""
