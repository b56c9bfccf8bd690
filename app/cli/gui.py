"""``regsync gui``: open the window of the node's edition.

The composition root hands the Tk shell the node's services and its sync actions:
the same service functions the CLI's commands call (``bundle import`` and ``bundle
export``, ``forward send``, ``package``, ``receive-package``, ``sync``), with the
same summaries, so the window and the CLI cannot disagree; no argparse namespace is
built here, and gui_tk itself never imports ``app``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from regsync.adapters.http.errors import NoServer
from regsync.app.bootstrap import Services
from regsync.app.cli import backup as backup_commands
from regsync.app.cli import bundles, enrolments, packages
from regsync.app.cli import city as city_commands
from regsync.app.cli import http as http_commands
from regsync.app.cli.context import Context
from regsync.app.cli.render import Output
from regsync.app.errors import HomeNotInitialised, NoTrustRoot
from regsync.app.home import read_config
from regsync.app.last_resort import explain
from regsync.app.operators import (
    POLICY,
    accounts_of,
    last_exchange,
    note_exchange,
    password_cost,
    record_operator,
)
from regsync.app.progress import observed
from regsync.app.secrets import DEFAULT_PASSPHRASE_ENV, DEFAULT_PIN_ENV
from regsync.app.signers import SMARTCARD
from regsync.core.catalogue import text
from regsync.core.errors import CoreError
from regsync.core.model import Role
from regsync.core.operators import Action, Operator
from regsync.core.usecases import operators as uc
from regsync.gui_tk.services import Exchange, Logins, Progress, Shell
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
            shown = text("cli.peer_label", lang, name=card.name, edition=edition, node=card.node_id)
            seen[card.node_id] = shown
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
            said = bundles.import_file(s, path, _key_opener(ctx, s, passphrase)).text
        note_exchange(s)
        return said

    def export_bundle(peer: str, path: Path, progress: Progress, passphrase: str | None) -> str:
        # ``regsync bundle export --to PEER -o FILE``
        with observed(progress):
            said = bundles.export_file(s, peer, str(path), _key_opener(ctx, s, passphrase)).text
        note_exchange(s)
        return said

    def forward_bundle(
        numbers: Sequence[str], path: Path, progress: Progress, passphrase: str | None
    ) -> str:
        # ``regsync forward send NUMBER... -o FILE``: mark forwarded, then export.
        key = _key_opener(ctx, s, passphrase)
        with observed(progress):
            said = city_commands.forward_send(s, list(numbers), key, output=str(path)).text
        note_exchange(s)
        return said

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

    def certify_request(node_id: str, enterprise_number: str | None, passphrase: str | None) -> str:
        # ``regsync node certify`` of a request received over HTTP (节点登记申请)
        key = _key_opener(ctx, s, passphrase)
        return enrolments.certify_request(s, node_id, enterprise_number, key, ctx.args.lang)

    def enrol(server: str, passphrase: str | None) -> tuple[bool, str]:
        # ``regsync node enrol`` as the wizard's 提交登记申请 / 查询登记状态 runs it
        net = http_commands.Network(lang=ctx.args.lang)
        key = _key_opener(ctx, s, passphrase)
        output = http_commands.enrol_from_window(ctx.home, s, server, key, net)
        return output.data["status"] == "certified", output.text

    return Exchange(
        import_bundle=import_bundle,
        own_enrolment=lambda: enrolments.own_enrolment(s),
        enrol=enrol,
        open_key=open_key,
        enrolment_requests=lambda: enrolments.enrolment_requests(s),
        certify_request=certify_request,
        backup=backup,
        restore=restore,
        write_package=write_package,
        receive_package=receive_package,
        package_sender=lambda path: packages.unknown_sender(s, str(path)),
        trust_sender=lambda path: packages.trust_sender(s, str(path)).text,
        forward_bundle=forward_bundle,
        sync_now=sync_now,
        server=_configured_server(ctx),
        export_bundle=export_bundle,
        peers=lambda: _peers(s, ctx.args.lang),
        report_targets=lambda: _peers(s, ctx.args.lang, frozenset({Role.CITY})),
        needs_passphrase=not ctx.environ.get(_secret_env(s)),
        secret_prompt="msg.pin" if s.signer_kind == SMARTCARD else "msg.passphrase",
    )


def logins_for(s: Services, environ: Mapping[str, str]) -> Logins:
    """The window's login and operator actions over the node's accounts."""
    accounts = accounts_of(s)
    cost = password_cost(environ)

    def log_in(username: str, password: str) -> Operator:
        operator = uc.authenticate(
            accounts, username, password, now=s.clock.now(), policy=POLICY, cost=cost
        )
        record_operator(s, operator.username)
        return operator

    def setup(username: str, name: str, password: str, again: str) -> Operator:
        return uc.setup_administrator(
            accounts, username=username, name=name, password=password, again=again,
            cost=cost, now=s.clock.now(),
        )  # fmt: skip

    def change(username: str, old: str, new: str, again: str) -> Operator:
        return uc.change_password(
            accounts, username, old, new, again, now=s.clock.now(), policy=POLICY, cost=cost
        )

    def synced() -> str | None:
        return last_exchange(s)

    def add(acting: Operator, v: Mapping[str, str]) -> Operator:
        uc.require(acting, Action.MANAGE_OPERATORS)
        return uc.add_operator(
            accounts, username=v["username"], name=v["name"], role=uc.parse_role(v["role"]),
            password=v["password"], again=v["again"], cost=cost, now=s.clock.now(),
        )  # fmt: skip

    def set_active(acting: Operator, username: str, active: bool) -> Operator:
        uc.require(acting, Action.MANAGE_OPERATORS)
        return uc.set_active(accounts, username, active)

    def reset(acting: Operator, username: str, password: str, again: str) -> Operator:
        uc.require(acting, Action.MANAGE_OPERATORS)
        return uc.set_password(accounts, username, password, again, cost=cost, now=s.clock.now())

    return Logins(
        needs_administrator=lambda: uc.needs_administrator(accounts),
        setup_administrator=setup,
        log_in=log_in,
        change_password=change,
        last_sync=synced,
        operators=accounts.operators,
        add_operator=add,
        set_active=set_active,
        reset_password=reset,
    )


def shell_for(ctx: Context, s: Services) -> Shell:
    """Everything the window needs, wired from the node's services."""

    def explained(exc: BaseException) -> CoreError | None:
        return explain(exc, ctx.home, ["regsync", "gui"])

    return Shell(
        services=s,
        exchange=exchange_for(ctx, s),
        lang=ctx.args.lang,
        explain=explained,
        logins=logins_for(s, ctx.environ),
    )


def cmd_gui(ctx: Context) -> Output:
    """Open the window and return when it is closed."""
    # tkinter is imported only here: servers without Tk still run every other command.
    from regsync.app.cli.setup_gui import first_run, has_node  # noqa: PLC0415  # Tk too
    from regsync.gui_tk.window import run  # noqa: PLC0415  # see the comment above

    if not has_node(ctx.home):  # the wizard; closed without a node: init's own refusal
        first_run(ctx)
    with ctx.services() as s:
        run(shell_for(ctx, s))
        node = s.node
    return Output({"node_id": node.node_id, "role": node.role.value}, "")
