"""``regsync gui``: open the window of the node's edition.

The composition root hands the Tk shell the node's services and its sync actions:
the same service functions the CLI's commands call (``bundle import`` and ``bundle
export``, ``forward send``, ``package``, ``receive-package``, ``sync``), with the
same summaries, so the window and the CLI cannot disagree; no argparse namespace is
built here, and gui_tk itself never imports ``app``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from regsync.adapters.http.errors import NoServer
from regsync.app.bootstrap import Services
from regsync.app.cli import backup as backup_commands
from regsync.app.cli import bundles, packages
from regsync.app.cli import city as city_commands
from regsync.app.cli import http as http_commands
from regsync.app.cli.context import Context
from regsync.app.cli.render import Output
from regsync.app.errors import HomeNotInitialised, NoTrustRoot
from regsync.app.home import read_config
from regsync.app.last_resort import explain
from regsync.app.progress import observed
from regsync.app.secrets import DEFAULT_PASSPHRASE_ENV, DEFAULT_PIN_ENV
from regsync.app.signers import SMARTCARD
from regsync.core.catalogue import text
from regsync.core.errors import CoreError
from regsync.core.model import Role
from regsync.gui_tk.services import Exchange, Progress, Shell
from regsync.sync.ports import KeyOpener


def _secret_env(s: Services) -> str:
    """Where the node's secret is read from: the lock's PIN, or the key file's passphrase."""
    return DEFAULT_PIN_ENV if s.signer_kind == SMARTCARD else DEFAULT_PASSPHRASE_ENV


def _key_opener(ctx: Context, s: Services, secret: str | None) -> KeyOpener:
    """The node key, opened once when first needed; a typed-in passphrase or PIN is
    used as the CLI uses one from the environment."""
    environ = dict(ctx.environ)
    if secret is not None:
        environ[_secret_env(s)] = secret
    return s.key_opener(environ)


def _peers(s: Services, lang: str, roles: frozenset[Role] | None = None) -> list[tuple[str, str]]:
    """The certified nodes this node can send a bundle to: ``(node id, label)``, of
    ``roles`` only when given (在线上报's 选择发送目标: the cities)."""
    try:
        certificates = s.trust().certificates()
    except NoTrustRoot:
        return []  # not enrolled yet: nothing to send to
    seen: dict[str, str] = {}
    for cert in certificates:
        card = cert.subject
        if card.node_id != s.node.node_id and (roles is None or card.role in roles):
            edition = text(f"edition.{card.role.value}", lang)
            seen[card.node_id] = f"{card.name}（{edition}）{card.node_id}"
    return sorted(seen.items(), key=lambda item: item[1])


def _configured_server(ctx: Context) -> str | None:
    """The sync server given at ``init --server`` (None when the node has none)."""
    try:
        return read_config(ctx.home).server
    except HomeNotInitialised:
        return None


def exchange_for(ctx: Context, s: Services) -> Exchange:
    """The bundle actions of the window: the same services, and the same summaries,
    as the CLI's commands (named on each)."""

    def import_bundle(path: Path, progress: Progress, passphrase: str | None) -> str:
        # ``regsync bundle import FILE``
        with observed(progress):
            return bundles.import_file(s, path, _key_opener(ctx, s, passphrase)).text

    def export_bundle(peer: str, path: Path, progress: Progress, passphrase: str | None) -> str:
        # ``regsync bundle export --to PEER -o FILE``
        with observed(progress):
            return bundles.export_file(s, peer, str(path), _key_opener(ctx, s, passphrase)).text

    def forward_bundle(
        numbers: Sequence[str], path: Path, progress: Progress, passphrase: str | None
    ) -> str:
        # ``regsync forward send NUMBER... -o FILE``: mark forwarded, then export.
        key = _key_opener(ctx, s, passphrase)
        with observed(progress):
            return city_commands.forward_send(s, list(numbers), key, output=str(path)).text

    def receive_package(path: Path, progress: Progress, passphrase: str | None) -> str:
        # ``regsync receive-package FILE``: verified whole, then taken in.
        with observed(progress):
            return packages.receive_file(s, str(path), _key_opener(ctx, s, passphrase)).text

    def write_package(
        numbers: Sequence[str], card: Path, path: Path, progress: Progress, passphrase: str | None
    ) -> str:
        # ``regsync package NUMBER... --to CARD -o FILE``
        key = _key_opener(ctx, s, passphrase)
        with observed(progress):
            return packages.package_file(s, list(numbers), str(card), str(path), key).text

    def sync_now(server: str, progress: Progress, passphrase: str | None) -> str:
        # ``regsync sync --server URL`` with the CLI's network defaults.
        url = server or _configured_server(ctx)
        if not url:
            raise NoServer()
        net = http_commands.Network(lang=ctx.args.lang)
        with observed(progress):
            return http_commands.sync_with(s, url, _key_opener(ctx, s, passphrase), net).text

    def backup(path: Path) -> str:
        # ``regsync backup -o FILE``
        return backup_commands.backup_file(s, path).text

    def restore(path: Path, home: Path) -> str:
        # ``regsync restore FILE --home NEW``: a new home beside this one
        return backup_commands.restore_file(path, home, ctx.environ).text

    def open_key(secret: str | None) -> None:
        # The check ``regsync receive accept/refuse`` makes before any work.
        _key_opener(ctx, s, secret)()

    return Exchange(
        import_bundle=import_bundle,
        open_key=open_key,
        backup=backup,
        restore=restore,
        write_package=write_package,
        receive_package=receive_package,
        forward_bundle=forward_bundle,
        sync_now=sync_now,
        server=_configured_server(ctx),
        export_bundle=export_bundle,
        peers=lambda: _peers(s, ctx.args.lang),
        report_targets=lambda: _peers(s, ctx.args.lang, frozenset({Role.CITY})),
        needs_passphrase=not ctx.environ.get(_secret_env(s)),
        secret_prompt="msg.pin" if s.signer_kind == SMARTCARD else "msg.passphrase",
    )


def shell_for(ctx: Context, s: Services) -> Shell:
    """Everything the window needs, wired from the node's services."""

    def explained(exc: BaseException) -> CoreError | None:
        return explain(exc, ctx.home, ["regsync", "gui"])

    return Shell(services=s, exchange=exchange_for(ctx, s), lang=ctx.args.lang, explain=explained)


def cmd_gui(ctx: Context) -> Output:
    """Open the window and return when it is closed."""
    # tkinter is imported only here: servers without Tk still run every other command.
    from regsync.gui_tk.window import run  # noqa: PLC0415  # see the comment above

    with ctx.services() as s:
        run(shell_for(ctx, s))
        node = s.node
    return Output({"node_id": node.node_id, "role": node.role.value}, "")
