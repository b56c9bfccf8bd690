"""The optional parts of regsync (``pip install 'regsync[EXTRA]'``) and the check
that names the missing one.

A firm's PC installs only the core and ``gui``; the sync server (``server``), the
PostgreSQL driver (``postgres``) and the identity lock (``smartcard``) are extras.
Their packages are imported only inside the commands that need them, after
:func:`require` has said, in the user's language, which extra to install: an
``ImportError`` deep in a library would otherwise reach the user as a traceback.
"""

from __future__ import annotations

import importlib.util
from typing import Final

from regsync.app.errors import MissingExtra

EXTRAS: Final[dict[str, tuple[str, ...]]] = {
    "server": ("starlette", "uvicorn"),
    "postgres": ("psycopg",),
    "smartcard": ("smartcard",),
}
"""Each extra and the top-level modules it provides (what :func:`require` looks for)."""


def missing_module(extra: str) -> str | None:
    """The first module of ``extra`` that cannot be imported here, or None."""
    for module in EXTRAS[extra]:
        if importlib.util.find_spec(module) is None:
            return module
    return None


def require(extra: str, what: str) -> None:
    """Raise :class:`MissingExtra` unless every module of ``extra`` is installed.

    ``what`` names the thing that needs it (a command, a database address), in the
    text of both languages.
    """
    module = missing_module(extra)
    if module is not None:
        raise MissingExtra(what=what, extra=extra, module=module)
