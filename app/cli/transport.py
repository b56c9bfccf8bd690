"""How the city's 申报上报 reaches the province: a bundle file, or live HTTP.

``forward send --via http`` marks the submissions forwarded and then runs the same
sync as ``regsync sync`` with the province's server (``--server``, or the server
recorded at ``init --server``).
"""

from __future__ import annotations

from regsync.app.cli.context import Context
from regsync.app.cli.render import Output
from regsync.app.home import read_config


def require_server(ctx: Context) -> None:
    """Refuse ``--via http`` without a server before anything is written."""
    from regsync.adapters.http.errors import NoServer  # noqa: PLC0415  # as above

    if not (ctx.args.server or read_config(ctx.home).server):
        raise NoServer()


def sync_with_server(ctx: Context) -> Output:
    """``regsync sync`` with the options of the calling command."""
    from regsync.app.cli import http as http_commands  # noqa: PLC0415  # the HTTP stack loads only when used

    return http_commands.cmd_sync(ctx)
