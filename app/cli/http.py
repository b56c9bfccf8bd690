"""``regsync serve``, ``regsync sync``, ``regsync node enrol|requests`` and ``init --server``.

Live HTTP sync drives the same session and the same bundle import as the USB path;
these handlers only wire the node to :mod:`regsync.adapters.http`.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from regsync.adapters.http.client import SyncClient, sync_over_http, with_retries
from regsync.adapters.http.errors import NoServer, ServerNotTrusted
from regsync.adapters.http.limits import ServerLimits
from regsync.app.bootstrap import Services, open_node
from regsync.app.cli.bundles import key_opener
from regsync.app.cli.context import Context
from regsync.app.cli.directory import office_url, read_directory, trust_from_directory
from regsync.app.cli.node import NodeSettings, init_local
from regsync.app.cli.node import cmd_init as cmd_init_local
from regsync.app.cli.render import Output, code_text, say, table_text
from regsync.app.cli.trust import _take_own_certificate, write_new
from regsync.app.errors import InputMissing
from regsync.app.extras import require
from regsync.app.home import read_config, write_config
from regsync.app.operators import note_enrolment_request, note_exchange
from regsync.app.progress import show, show_bytes
from regsync.app.serve_secret import (
    SECRET_VARIABLE,
    scrub_environment,
    server_secret,
    signer_environ,
)
from regsync.core import catalogue
from regsync.core.errors import CoreError
from regsync.sync.authorize import Writer
from regsync.sync.peer import NodeLink
from regsync.sync.ports import NodeKey
from regsync.sync.session import SyncOutcome
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.certificates import Certificate
from regsync.sync.trust.files import fingerprint
from regsync.sync.trust.store import TrustStore

MB = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class Network:
    """How a command talks to a server: timeout, retries and the language of retry notes."""

    timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0
    lang: str = "zh"

    @classmethod
    def of(cls, ctx: Context) -> Network:
        """The network options given on the command line."""
        a = ctx.args
        return cls(a.timeout, a.retries, a.backoff, a.lang)


def _client(net: Network, s: Services, url: str, key: Callable[[], NodeKey]) -> SyncClient:
    return SyncClient(
        url,
        node_id=s.node.node_id,
        signer=key,
        now=lambda: int(s.clock.now().timestamp()),
        timeout=net.timeout,
        progress=show_bytes,
    )


def _server_url(ctx: Context) -> str:
    url: str | None = ctx.args.server or read_config(ctx.home).server
    if not url:
        raise NoServer()
    return url


def _retrying(net: Network) -> Callable[[Callable[[], Any]], Any]:
    lang = net.lang

    def notify(attempt: int, exc: Exception, wait: float) -> None:
        text = exc.message(lang) if isinstance(exc, CoreError) else str(exc)
        again = catalogue.text("cli.http.retry", lang, attempt=attempt, wait=f"{wait:.1f}")
        print(f"regsync: {text} -- {again}", file=sys.stderr)

    def run(action: Callable[[], Any]) -> Any:
        return with_retries(action, attempts=net.retries + 1, backoff=net.backoff, on_retry=notify)

    return run


def _both(key: str) -> tuple[str, str]:
    """A reason the errors keep in both languages (zh, en)."""
    return catalogue.text(key, "zh"), catalogue.text(key, "en")


def _server_peer(s: Services, info: dict[str, Any], url: str) -> tuple[Writer, bytes]:
    """The server's node as this node's trust store certifies it (never as it claims)."""
    try:
        node_id, key = str(info["node_id"]), bytes.fromhex(str(info["public_key"]))
    except (KeyError, ValueError):
        zh, en = _both("cli.http.incomplete_health")
        raise ServerNotTrusted(url=url, reason_zh=zh, reason_en=en) from None
    trusted = s.trust().verify_chain(key)
    if trusted.node_id != node_id or not trusted.certified:
        raise ServerNotTrusted(
            url=url,
            reason_zh=catalogue.text(
                "cli.http.certified_for", "zh", holder=trusted.node_id, node=node_id
            ),
            reason_en=catalogue.text(
                "cli.http.certified_for", "en", holder=trusted.node_id, node=node_id
            ),
        )
    return Writer(trusted.node_id, trusted.role, trusted.city_code, trusted.uscc), key


def open_client(ctx: Context, s: Services, key: Callable[[], NodeKey]) -> SyncClient:
    """The HTTP client of ``regsync sync`` (and ``regsync report --via http``)."""
    return _client(Network.of(ctx), s, _server_url(ctx), key)


def server_peer(s: Services, client: SyncClient) -> tuple[Writer, bytes]:
    """The server's node, reachable and certified in this node's trust store."""
    return _server_peer(s, client.info(), client.url)


def push_pull_with_server(
    net: Network, s: Services, client: SyncClient, key: Callable[[], NodeKey]
) -> tuple[SyncOutcome, Writer]:
    """One push and pull with the server behind ``client``, retried after network errors."""

    def once() -> tuple[SyncOutcome, Writer]:
        peer, peer_key = server_peer(s, client)
        link = NodeLink(s, peer, peer_key, key, durable=False, progress=show)
        with tempfile.TemporaryDirectory(prefix="regsync-sync-") as tmp:
            outcome = sync_over_http(link, client, peer.node_id, peer_key, Path(tmp))
        return outcome, peer

    result: tuple[SyncOutcome, Writer] = _retrying(net)(once)
    return result


def cmd_sync(ctx: Context) -> Output:
    url = _server_url(ctx)
    with ctx.services() as s:
        return sync_with(s, url, key_opener(ctx, s), Network.of(ctx))


def sync_with(s: Services, url: str, key: Callable[[], NodeKey], net: Network) -> Output:
    """One push and pull with the server at ``url`` (``regsync sync`` and 在线同步)."""
    with _client(net, s, url, key) as client:
        outcome, peer = push_pull_with_server(net, s, client, key)
    note_exchange(s)  # the window's status bar: 最近同步
    got = outcome.received
    data = {
        "server": url,
        "server_node": peer.node_id,
        "sent_changesets": outcome.sent.changesets,
        "sent_changes": outcome.sent.changes,
        "received_changesets": got.new_changesets,
        "received_changes": got.changes,
        "duplicates": got.duplicates,
        "conflicts": [f"{kind}:{k}.{c.field}" for kind, k, c in got.conflicts],
    }
    text = say(
        "cli.http.synced", url=url, peer=peer.node_id, sent=outcome.sent.changesets,
        sent_changes=outcome.sent.changes, received=got.new_changesets,
        received_changes=got.changes, duplicates=got.duplicates, conflicts=len(got.conflicts),
    )  # fmt: skip
    return Output(data, text)


def cmd_serve(ctx: Context) -> Output:
    require("server", "regsync serve")
    # uvicorn and starlette are the `server` extra: imported only when serving.
    from regsync.app.serve import check_port, serve  # noqa: PLC0415

    a = ctx.args
    tls = {}
    for option, name in (("certfile", "ssl_certfile"), ("keyfile", "ssl_keyfile")):
        path = getattr(a, option)
        if path is not None:
            if not Path(path).is_file():
                raise InputMissing(path=path, reason=say("cli.http.not_a_file"))
            tls[name] = path
    s = ctx.services()
    try:
        secret, source = server_secret(
            s.signer_kind, ctx.environ, passphrase_file=a.passphrase_file,
            passphrase_env=a.passphrase_env, pin_env=a.pin_env,
        )  # fmt: skip
        key = s.require_signer(  # a wrong passphrase or PIN fails here, not in every worker
            signer_environ(ctx.environ, secret),
            passphrase_env=SECRET_VARIABLE, pin_env=SECRET_VARIABLE,
        )  # fmt: skip
        scrub_environment(os.environ, a.passphrase_env, a.pin_env)  # workers inherit the rest
        s.trust()  # a server without the province root could trust no one
        check_port(a.host, a.port)
        scheme = "https" if tls else "http"
        public = a.public_url or f"{scheme}://{a.host}:{a.port}"
        shown = say(
            "cli.http.serving", role=code_text("cli.role.{}", s.node.role.value),
            node=s.node.node_id, url=f"{scheme}://{a.host}:{a.port}", workers=a.workers,
        )  # fmt: skip
        print(f"regsync serve: {shown}", file=sys.stderr)
        serve(
            s, key, host=a.host, port=a.port, workers=a.workers, max_body=a.max_body_mb * MB,
            public_url=public, tls=tls, secret=secret, secret_source=source, limits=_limits(a),
        )  # fmt: skip
    finally:
        s.close()
    return Output({"stopped": True}, say("cli.http.stopped"))


def _limits(a: Any) -> ServerLimits:
    """The server's limits from ``serve``'s options (same names, dashes for underscores)."""
    return ServerLimits(
        header_timeout=a.header_timeout, idle_timeout=a.idle_timeout,
        request_timeout=a.request_timeout, max_connections=a.max_connections,
        max_connections_per_source=a.max_connections_per_source,
        max_pending_enrolments=a.max_pending_enrolments,
        max_enrolments_per_source=a.max_enrolments_per_source, log_rate=a.log_rate,
        worker_healthcheck_timeout=a.worker_healthcheck_timeout,
    )  # fmt: skip


@dataclasses.dataclass(frozen=True)
class ProvinceDirectory:
    """The province directory read for ``init``, verified, with where it came from."""

    store: TrustStore
    directory: dict[str, Any]
    source: str
    server: str | None  # the URL it was fetched from (自动获取), else None


def province_directory(
    environ: Mapping[str, str],
    *,
    server: str | None,
    province: str | None,
    root_fingerprint: str | None,
    net: Network,
) -> ProvinceDirectory | None:
    """The directory from ``server`` (自动获取) or ``province`` (installed or a file),
    verified before anything is written; None when neither is given."""
    if server:
        store, directory = _fetch_directory(server, root_fingerprint, net)
        return ProvinceDirectory(store, directory, server, server)
    if province:
        directory, source = read_directory(province, environ)
        return ProvinceDirectory(
            trust_from_directory(directory, source, root_fingerprint), directory, source, None
        )
    return None


def cmd_init(ctx: Context) -> Output:
    """``init``; the province directory comes first, from ``--server`` (自动获取) or
    ``--province`` (a directory installed beside the program, or a file)."""
    a = ctx.args
    found = province_directory(
        ctx.environ, server=a.server, province=a.province,
        root_fingerprint=a.root_fingerprint, net=Network.of(ctx),
    )  # fmt: skip
    output = cmd_init_local(ctx)
    return (
        output if found is None else settle_directory(ctx.home, ctx.environ, output, found, a.city)
    )


def create_node(
    home: Path,
    environ: Mapping[str, str],
    settings: NodeSettings,
    secret: str,
    found: ProvinceDirectory | None,
) -> Output:
    """``regsync init`` with a key file (the first-run wizard): the node, then the
    province directory's trust store and the sync server."""
    output = init_local(home, environ, settings, secret)
    return (
        output
        if found is None
        else settle_directory(home, environ, output, found, settings.city_code)
    )


def settle_directory(
    home: Path,
    environ: Mapping[str, str],
    output: Output,
    found: ProvinceDirectory,
    city_code: str | None,
) -> Output:
    """Keep the directory's trust store and the node's sync server in the new home."""
    directory = found.directory
    server = office_url(directory, city_code) or (
        found.server.rstrip("/") if found.server else None
    )
    write_config(home, dataclasses.replace(read_config(home), server=server))
    with open_node(home, environ) as s:
        s.save_trust(found.store)
    found_fp = fingerprint(found.store.root_key)
    data = {**output.data, "server": server, "root_fingerprint": found_fp,
            "directory": [n["node_id"] for n in directory["nodes"]]}  # fmt: skip
    text = output.text + "\n" + say(
        "cli.http.directory_read", source=found.source, count=len(directory["nodes"]),
        fingerprint=found_fp, server=server or say("cli.http.no_server"),
    )  # fmt: skip
    return Output(data, text)


def _fetch_directory(
    url: str, root_fingerprint: str | None, net: Network
) -> tuple[TrustStore, dict[str, Any]]:
    """The province directory from a sync server, verified before anything is written."""
    client = SyncClient(url, node_id="", signer=_no_key, now=lambda: 0, timeout=net.timeout)
    with client:
        directory: dict[str, Any] = _retrying(net)(client.directory)
    if not isinstance(directory.get("root"), str):
        zh, en = _both("cli.http.no_root")
        raise ServerNotTrusted(url=url, reason_zh=zh, reason_en=en)
    return trust_from_directory(directory, url, root_fingerprint), directory


def _no_key() -> NodeKey:
    raise AssertionError("the directory is read without signing")


def cmd_node_enrol(ctx: Context) -> Output:
    """Hand this node's card to the server; once certified, install the certificate."""
    url = _server_url(ctx)
    with ctx.services() as s:
        return enrol_with(s, url, key_opener(ctx, s), Network.of(ctx))


def enrol_with(s: Services, url: str, key: Callable[[], NodeKey], net: Network) -> Output:
    """``regsync node enrol`` (and the wizard's 登记申请): the request, or, once the
    server's office certified the node, its certificate installed."""
    with _client(net, s, url, key) as client:
        raw = _retrying(net)(lambda: client.certificate(s.node.node_id))
        if raw is None:
            card = NodeCard.from_identity(s.node, created=s.clock.now().isoformat())
            server_id = str(_retrying(net)(client.info)["node_id"])
            _retrying(net)(lambda: client.enrol(card.to_file_bytes(), server_id))
            note_enrolment_request(s)  # 登记状态: waiting for the office's certificate
            pending = {"status": "pending", "server": url, "node_id": s.node.node_id}
            text = say("cli.http.enrol_sent", url=url, fingerprint=fingerprint(card.public_key))
            return Output(pending, text)
        cert = Certificate.from_file_bytes(raw)
        store = s.trust()
        store.add(cert)
        trusted = store.verify_chain(s.node.public_key or "")
        s.save_trust(store)
        _take_own_certificate(s, cert)
    data: dict[str, object] = {"status": "certified", "serial": cert.serial}
    data["chain"] = list(trusted.chain)
    return Output(data, say("cli.http.certificate_installed", serial=cert.serial))


def enrol_from_window(
    home: Path, s: Services, url: str, key: Callable[[], NodeKey], net: Network
) -> Output:
    """提交登记申请 / 查询登记状态 in the window (the first-run wizard and 系统维护 →
    登记状态): :func:`enrol_with`, the server typed in kept as the node's sync server
    when it has none yet (在线同步 uses it from then on)."""
    config = read_config(home)
    if not config.server:
        write_config(home, dataclasses.replace(config, server=url.rstrip("/")))
    return enrol_with(s, url, key, net)


def cmd_node_requests(ctx: Context) -> Output:
    """Enrolment requests received over HTTP; ``-o DIR`` writes their cards."""
    rows, data = [], []
    with ctx.services() as s:
        store = s.trust()
        certified = {c.subject.node_id for c in store.certificates()}
        for node_id, raw, received in s.pending_enrolments():
            card = NodeCard.from_file_bytes(raw)
            status = "certified" if node_id in certified else "pending"
            if ctx.args.output and status == "pending":
                write_new(str(Path(ctx.args.output) / f"{node_id}.card"), raw)
            fp = fingerprint(card.public_key)
            row = (node_id, card.role.value, card.name, fp, received, status)
            data.append(dict(zip(["node_id", "role", "name", "fingerprint", "received",
                                  "status"], row, strict=True)))  # fmt: skip
            rows.append((node_id, code_text("cli.role.{}", card.role.value), card.name, fp,
                         received, say(f"cli.http.request_{status}")))  # fmt: skip
    headers = ["节点", "类型", "名称", "指纹",
               "收到", "状态"]  # fmt: skip
    return Output(data, table_text(headers, rows))
