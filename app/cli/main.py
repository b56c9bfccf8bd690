"""The ``regsync`` command line: ``main(argv) -> int``.

Exit codes: 0 success, 1 a user error (the message says what is wrong and how to fix
it) or a computer check with errors, 2 a usage error.  With ``--json`` every command
prints one JSON document on stdout; errors always go to stderr.

Start-up stays fast (issue 19): building the parser imports only light modules, and
each command's handler is imported when that command runs.  Give a handler as a
``"module:function"`` string (``"records:cmd_person_add"``: a bare module name is
``regsync.app.cli.<module>``); :func:`load_handler` imports it.  A topic module that
adds its own commands (``city.add_commands(sub, _add, _group)``) is imported to build
the parser, so it keeps SQLAlchemy, alembic, httpx, reportlab, openpyxl and the server
at the top of the functions that use them (or passes string handlers naming a heavier
module).  ``tests/test_cli_startup.py`` lists the modules ``regsync --help`` and
``regsync status`` may import.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from regsync.adapters.http.limits import ServerLimits
from regsync.app.audit import OPERATOR_ENV
from regsync.app.cli import city as city_commands
from regsync.app.cli import documents, language, records
from regsync.app.cli import enterprise as editions
from regsync.app.cli import lock as lock_commands
from regsync.app.cli import province as province_commands
from regsync.app.cli import registry as registry_commands
from regsync.app.cli import screens as screens_commands
from regsync.app.cli import users as user_commands
from regsync.app.cli.argtypes import at_least
from regsync.app.cli.context import Context, FailedOutput
from regsync.app.cli.render import Output, to_json
from regsync.app.demo import command as demo_command
from regsync.app.home import resolve_home
from regsync.app.last_resort import INTERRUPTED_EXIT, explain, silence_stdout
from regsync.core.errors import CoreError
from regsync.core.i18n import N_
from regsync.core.model import ApplicationKind, Role, Specialty

Handler = Callable[[Context], Output]
HandlerRef = Handler | str
"""A handler, or where to find it: ``"module:function"``, imported when the command runs
(a bare ``module`` is ``regsync.app.cli.<module>``), e.g. ``"records:cmd_person_add"``."""
PASSPHRASE_HELP = "environment variable holding the key passphrase (default REGSYNC_PASSPHRASE)"


def _secret_options(parser: argparse.ArgumentParser) -> None:
    """Where a signing command gets the key-file passphrase or the lock PIN."""
    parser.add_argument("--passphrase-env", metavar="VAR", help=PASSPHRASE_HELP)
    parser.add_argument("--pin-env", metavar="VAR", help=lock_commands.PIN_HELP)


class UsageError(Exception):
    """argparse found the command line malformed (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", language.Formatter)  # help in the user's language
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]  # raises instead of exiting
        raise UsageError(language.tr("%(prog)s: error: %(message)s\n").rstrip("\n")
                         % {"prog": self.prog, "message": message})  # fmt: skip


def _global_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--home", default=default, help="node home (default $REGSYNC_HOME, then ~/.regsync)"
    )
    parser.add_argument(
        "--json", action="store_true", default=default, help="print one JSON document on stdout"
    )
    parser.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=default,
        help="message language (default zh, or $REGSYNC_LANG)",
    )


# The global options are accepted after the command too (`regsync init ... --home D`);
# SUPPRESS keeps a leaf parser from overwriting what was given before the command.
_COMMON = _Parser(add_help=False)
_global_options(_COMMON, argparse.SUPPRESS)


def _add(
    sub: argparse._SubParsersAction[_Parser], name: str, handler: HandlerRef, help_text: str
) -> _Parser:
    parser = sub.add_parser(name, help=help_text, description=help_text, parents=[_COMMON])
    parser.set_defaults(handler=handler)
    return parser


def _group(
    sub: argparse._SubParsersAction[_Parser], name: str, help_text: str
) -> argparse._SubParsersAction[_Parser]:
    parser = sub.add_parser(name, help=help_text, description=help_text)
    return parser.add_subparsers(dest=f"{name}_command", required=True, metavar="COMMAND")


def _init_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = _add(sub, "init", "http:cmd_init", "create a node (database, key, config) in the home")
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--name", required=True, help="unit name (enterprise or office) or applicant")
    p.add_argument("--city", help="city code, e.g. 140100 (太原); needed by enterprise and city")
    p.add_argument("--uscc", help="统一社会信用代码 of the enterprise (enterprise edition)")
    p.add_argument(
        "--uscc-confirmed",
        action="store_true",
        help="accept a USCC whose check character fails, after comparing it with the licence",
    )
    p.add_argument("--org-code", help="组织机构代码 (GB 11714); must equal USCC positions 9-17")
    p.add_argument("--enterprise-number", help="the 4-digit enterprise number issued by the city")
    p.add_argument(
        "--db",
        help="database URL (default: SQLite file in the home), e.g. postgresql+psycopg://user@host/db",
    )

    p.add_argument(
        "--signer",
        choices=["keyfile", "smartcard"],
        default="keyfile",
        help="where the node key lives: a new key file, or the identity lock in the reader",
    )
    _secret_options(p)
    source = p.add_mutually_exclusive_group()
    source.add_argument(
        "--server", metavar="URL", help="fetch the province directory from this server"
    )
    source.add_argument(
        "--province",
        metavar="NAME|FILE",
        help="take the province directory (root key, offices, addresses) installed with the "
        "program, e.g. shanxi (looked for in $REGSYNC_PROVINCES, /etc/regsync/provinces or "
        "%%PROGRAMDATA%%\\regsync\\provinces, then the package's regsync/provinces), or a file",
    )
    p.add_argument("--root-fingerprint", metavar="FP", help="expected fingerprint of the root")
    _network_options(p)

    node = _group(sub, "node", "this node's identity and the nodes it trusts")
    _add(node, "show", "node:cmd_node_show", "show node id, role, scope and public key")
    p = _add(node, "card", "trust:cmd_node_card", "write this node's public card to a file")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p = _add(
        node,
        "certify",
        "trust:cmd_node_certify",
        "certify another node's card (province: cities; city: its enterprises)",
    )
    p.add_argument("card", metavar="CARD")
    p.add_argument("-o", "--output", required=True, metavar="CERT")
    p.add_argument("--enterprise-number", help="the 4-digit number a city gives an enterprise")
    _secret_options(p)
    p = _add(node, "revoke", "trust:cmd_node_revoke", "revoke a certificate this node issued")
    p.add_argument("certificate", metavar="CERT")
    p.add_argument("--reason", required=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the revocation to carry")
    _secret_options(p)
    p = _add(
        node,
        "rotate-key",
        "rotation:cmd_node_rotate_key",
        "replace this node's key (a new key file, or the lock in the reader); the old key "
        "signs a handover for every office",
    )
    p.add_argument("--signer", required=True, choices=["keyfile", "smartcard"])
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the handover to carry")
    _secret_options(p)
    p.add_argument("--new-passphrase-env", metavar="VAR", help="passphrase of a new key file")
    p.add_argument("--new-pin-env", metavar="VAR", help="PIN of the new lock (default: --pin-env)")
    p = _add(
        node,
        "trust",
        "trust:cmd_node_trust",
        "install the province root, a certificate, a revocation or a personal card",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--yes", action="store_true",
                   help="do not ask to confirm the fingerprint on a terminal")  # fmt: skip
    p.add_argument("--fingerprint", metavar="HEX",
                   help="install only if the file's key has this fingerprint")  # fmt: skip
    _http_commands(sub, node)

    db = _group(sub, "db", "database schema")
    _add(db, "status", "node:cmd_db_status", "show the schema revision of the database")
    _add(db, "upgrade", "node:cmd_db_upgrade", "migrate the database to this program's schema")


def _network_options(p: _Parser) -> None:
    p.add_argument("--timeout", type=at_least(0.1, float), default=60.0,
                   help="seconds per request (60)")  # fmt: skip
    p.add_argument("--retries", type=at_least(0, int), default=3,
                   help="retries after a network error (3)")  # fmt: skip
    p.add_argument("--backoff", type=at_least(0, float), default=1.0,
                   help="first wait between retries (1s)")  # fmt: skip


def _server_limit_options(p: _Parser) -> None:
    """What keeps ``serve`` up under slow or hostile clients (README "Running a server")."""
    d = ServerLimits()
    options: list[tuple[str, Callable[[str], object], object, str]] = [
        ("--header-timeout", at_least(0.1, float), d.header_timeout,
         "seconds a client may take to send a request's line and headers"),
        ("--idle-timeout", at_least(1, int), d.idle_timeout,
         "seconds a kept-alive connection may wait for its next request"),
        ("--request-timeout", at_least(1.0, float), d.request_timeout,
         "seconds a client may take to upload a request, or leave an answer unread"),
        ("--max-connections", at_least(1, int), d.max_connections,
         "open connections per worker process; beyond: 503 and Retry-After"),
        ("--max-connections-per-source", at_least(0, int), d.max_connections_per_source,
         "open connections from one address per worker, 0 for no cap; beyond: 503"),
        ("--max-pending-enrolments", at_least(1, int), d.max_pending_enrolments,
         "uncertified enrolment requests kept in all; beyond: 429"),
        ("--max-enrolments-per-source", at_least(1, int), d.max_enrolments_per_source,
         "uncertified enrolment requests from one address; beyond: 429"),
        ("--log-rate", at_least(1, int), d.log_rate,
         "log lines per second of one kind; the rest are counted in a summary line"),
        ("--worker-healthcheck-timeout", at_least(1, int), d.worker_healthcheck_timeout,
         "seconds a busy worker may take to answer the supervisor's ping before it is replaced"),
    ]  # fmt: skip
    for flag, kind, default, text in options:
        p.add_argument(flag, type=kind, default=default, help=f"{text} ({default})")


def _http_commands(
    sub: argparse._SubParsersAction[_Parser], node: argparse._SubParsersAction[_Parser]
) -> None:
    p = _add(sub, "serve", "http:cmd_serve", "run this node's sync server (HTTP)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=at_least(1, int, 65535), default=8080,
                   help="port to listen on (8080)")  # fmt: skip
    p.add_argument("--workers", type=at_least(1, int), default=1, help="worker processes (1)")
    p.add_argument("--certfile", help="TLS certificate (PEM); with --keyfile serves https")
    p.add_argument("--keyfile", help="TLS private key (PEM)")
    p.add_argument("--public-url", help="the address clients use (shown in the directory)")
    p.add_argument("--max-body-mb", type=at_least(1, int), default=512,
                   help="largest request body (512)")  # fmt: skip
    _server_limit_options(p)
    _secret_options(p)
    p.add_argument("--passphrase-file", metavar="FILE",
                   help="file holding the key passphrase (or the lock's PIN), readable by its "
                        "owner only; default $CREDENTIALS_DIRECTORY/regsync-passphrase "
                        "(systemd LoadCredential=)")  # fmt: skip
    p = _add(sub, "sync", "http:cmd_sync", "push to and pull from the sync server")
    p.add_argument("--server", metavar="URL", help="server URL (default: the one from init)")
    _secret_options(p)
    _network_options(p)
    p = _add(node, "enrol", "http:cmd_node_enrol",
             "send this node's card to the server; run again to get its certificate")  # fmt: skip
    p.add_argument("--server", metavar="URL", help="server URL (default: the one from init)")
    _secret_options(p)
    _network_options(p)
    p = _add(node, "requests", "http:cmd_node_requests",
             "list enrolment requests received by this server")  # fmt: skip
    p.add_argument("-o", "--output", metavar="DIR", help="write pending cards to DIR")
    p = _add(node, "directory", "directory:cmd_node_directory",
             "write the province directory (root, offices, addresses) for installing")  # fmt: skip
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--url", help="this office's public sync address, listed in the directory")


def _person_options(p: _Parser) -> None:
    for option in (*records.PERSON_OPTIONS, "photo"):
        help_text = records.PERSON_HELP.get(option)
        metavar = "FILE" if option == "photo" else None
        p.add_argument("--" + option.replace("_", "-"), dest=option, help=help_text,
                       metavar=metavar)  # fmt: skip


def _amend_options(p: _Parser) -> None:
    """更改、补办: --amend ITEM --old-value --new-value, or --reissue WHAT --loss-*."""
    group = p.add_argument_group("更改、补办 (amend_reissue applications)")
    choice = group.add_mutually_exclusive_group()
    for option in records.AMEND_OPTIONS:
        target = choice if option in ("amend", "reissue") else group
        target.add_argument("--" + option.replace("_", "-"), dest=option,
                            help=records.AMEND_HELP[option])  # fmt: skip


def _record_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    person = _group(sub, "person", "enterprise persons (企业人员信息)")
    p = _add(
        person,
        "add",
        "records:cmd_person_add",
        "add a person (gender and birth date come from the ID number)",
    )
    p.add_argument(
        "--id-number", required=True, help="身份证号 (18 characters; 15-digit numbers are upgraded)"
    )
    p.add_argument("--name", required=True)
    _person_options(p)
    _add(person, "list", "records:cmd_person_list", "list persons")
    p = _add(person, "edit", "enterprise:cmd_person_edit", "change a person's details (保存)")
    p.add_argument("id_number", metavar="ID_NUMBER", help="身份证号 of the person")
    p.add_argument("--name")
    _person_options(p)

    apply = _group(sub, "apply", "applications (注册申报管理)")
    p = _add(
        apply, "new", "records:cmd_apply_new", "create a draft application and print its number"
    )
    p.add_argument("--kind", required=True, choices=[k.value for k in ApplicationKind])
    p.add_argument("--specialty", required=True, choices=[s.value for s in Specialty])
    p.add_argument("--person", required=True, help="身份证号 of the applicant")
    p.add_argument(
        "--set", action="append", metavar="FIELD=VALUE", help="fill a field (repeatable)"
    )
    _amend_options(p)
    p = _add(apply, "edit", "records:cmd_apply_edit", "change fields of a draft application")
    p.add_argument("number")
    p.add_argument("--set", action="append", metavar="FIELD=VALUE", help="fill a field")
    _amend_options(p)
    p = _add(apply, "show", "records:cmd_apply_show", "show one application")
    p.add_argument("number")
    _add(apply, "list", "records:cmd_apply_list", "list applications")
    text = "重新申报: a failed or rejected round becomes the next round's draft"
    p = _add(apply, "reopen", "enterprise:cmd_apply_reopen", text)
    p.add_argument("number")
    screens_commands.add_apply_commands(apply, _add)

    perf = _group(sub, "perf", "performance records (工作业绩) of initial applications")
    p = _add(perf, "add", "records:cmd_perf_add", "add a performance record to an application")
    p.add_argument("number")
    p.add_argument("--project", required=True)
    p.add_argument("--role", required=True, help="role in the project, e.g. 专业负责人")
    for option in records.PERF_OPTIONS:
        p.add_argument("--" + option, dest=option)
    p = _add(
        perf, "list", "enterprise:cmd_perf_list", "list the performance records of an application"
    )
    p.add_argument("number")
    p = _add(perf, "edit", "enterprise:cmd_perf_edit", "change a performance record (by its id)")
    p.add_argument("id", metavar="ID", help="the record's id (regsync perf list NUMBER)")
    p.add_argument("--project")
    p.add_argument("--role", help="role in the project")
    for option in records.PERF_OPTIONS:
        p.add_argument("--" + option, dest=option)
    p.add_argument("--set", action="append", metavar="FIELD=VALUE")
    p = _add(
        perf, "remove", "enterprise:cmd_perf_remove", "delete a performance record (by its id)"
    )
    p.add_argument("id", metavar="ID")

    p = _add(
        sub, "check", "records:cmd_check", "run the computer check (计算机核查); exit 1 on errors"
    )
    p.add_argument("number")


def _edition_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    enterprise = _group(sub, "enterprise", "this enterprise's basic information (企业基本信息)")
    _add(enterprise, "show", "enterprise:cmd_enterprise_show", "show the enterprise's record")
    p = _add(
        enterprise,
        "update",
        "enterprise:cmd_enterprise_update",
        "change address, contact, phone...; the registered name is the city's to change",
    )
    for option in editions.ENTERPRISE_OPTIONS:
        p.add_argument("--" + option.replace("_", "-"), dest=option,
                       help=editions.ENTERPRISE_HELP.get(option))  # fmt: skip

    text = "personal edition: write the drafts as a package only one enterprise can open"
    p = _add(sub, "package", "packages:cmd_package", text)
    p.add_argument("numbers", nargs="*", metavar="NUMBER", help="the drafts to send (default all)")
    text = "the enterprise's card (regsync node card on the enterprise edition)"
    p.add_argument("--to", required=True, metavar="ENTERPRISE_CARD", help=text)
    p.add_argument("-o", "--output", required=True, metavar="FILE.bpz")
    _secret_options(p)
    text = "enterprise edition: take in a personal package as the enterprise's drafts"
    p = _add(sub, "receive-package", "packages:cmd_receive_package", text)
    p.add_argument("file", metavar="FILE.bpz")
    _secret_options(p)

    text = "report checked drafts to the city (在线上报); refused with the reason"
    p = _add(sub, "report", "enterprise:cmd_report", text)
    p.add_argument("numbers", nargs="+", metavar="NUMBER")
    text = "http: to the sync server; bundle: write a bundle for the city (-o)"
    p.add_argument("--via", choices=["http", "bundle"], default="http", help=text)
    p.add_argument("-o", "--output", metavar="FILE.bpz", help="the bundle (with --via bundle)")
    text = "选择发送目标 of a bundle: node id, card or certificate (default: the city)"
    p.add_argument("--to", metavar="PEER", help=text)
    p.add_argument("--server", metavar="URL", help="sync server (default: the one from init)")
    _network_options(p)
    _secret_options(p)
    text = "where applications stand: reported, received, reviewed, approved, certificate"
    p = _add(sub, "status", "enterprise:cmd_status", text)
    p.add_argument("number", nargs="?", metavar="NUMBER")
    p.add_argument("--name", help="the applicant's name (or part of it)")


def _sync_commands(sub: argparse._SubParsersAction[_Parser]) -> None:
    conflicts = _group(sub, "conflicts", "the conflict ledger: fields written concurrently")
    p = _add(conflicts, "list", "changelog:cmd_conflicts_list", "list unresolved conflicts")
    p.add_argument("--all", action="store_true", help="include resolved conflicts")
    p = _add(conflicts, "show", "changelog:cmd_conflicts_show", "show one conflict")
    p.add_argument("id")
    p = _add(
        conflicts,
        "resolve",
        "changelog:cmd_conflicts_resolve",
        "settle a conflict: keep the current value, take the other, or set values",
    )
    p.add_argument("id")
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument("--take", choices=["local", "remote"])
    choice.add_argument("--set", action="append", metavar="FIELD=VALUE")

    bundle = _group(sub, "bundle", "offline sync through signed .bpz bundles")
    p = _add(bundle, "export", "bundles:cmd_bundle_export", "write what a peer lacks to a bundle")
    p.add_argument("--to", required=True, metavar="PEER", help="node id, or its card/certificate")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument(
        "--seal", action="store_true", help="encrypt to the peer: no one else can read it"
    )
    p.add_argument(
        "--snapshot",
        action="store_true",
        help="the peer's whole state instead of changes: starts a new node",
    )
    p.add_argument(
        "--resend",
        action="store_true",
        help="also send the peer's own changes back (a node restored from a backup)",
    )
    _secret_options(p)
    for name, handler, text in (
        ("import", "bundles:cmd_bundle_import", "verify a bundle, then apply all of it"),
        ("verify", "bundles:cmd_bundle_verify", "dry run: what would apply, conflicts, refusals"),
        ("inspect", "bundles:cmd_bundle_inspect", "show a bundle's header"),
    ):
        p = _add(bundle, name, handler, text)
        p.add_argument("file", metavar="FILE")
        if name != "inspect":
            _secret_options(p)
        if name == "import":
            p.add_argument(
                "--accept-clock-ahead",
                action="store_true",
                help="import changes dated more than the bound ahead of this clock (a sender "
                "whose clock was wrong); this clock still moves at most the bound ahead",
            )

    p = _add(sub, "log", "changelog:cmd_log", "list the changesets of the change log")
    p.add_argument("--limit", type=at_least(1, int), help="show only the last N")
    p = _add(
        sub,
        "compact",
        "compaction:cmd_log_compact",
        "drop the changesets every node that sees them holds (snapshots serve newcomers)",
    )
    p.add_argument("--dry-run", action="store_true", help="say what would go, drop nothing")
    p = _add(sub, "backup", "backup:cmd_backup",
             "back up the node (database, config, keys) into one verified file")  # fmt: skip
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p = _add(sub, "restore", "backup:cmd_restore",
             "restore a backup into a new --home; it catches up before it writes")  # fmt: skip
    p.add_argument("file", metavar="FILE")
    p.add_argument("--db", metavar="URL",
                   help="an empty database to restore into (PostgreSQL backups)")  # fmt: skip


def build_parser() -> _Parser:
    """A new parser of the whole command tree (tests and docs walk it; main shares one)."""
    parser = _Parser(prog="regsync", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--home", help="node home (default $REGSYNC_HOME, then ~/.regsync)")
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    parser.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=None,
        help="message language (default zh, or $REGSYNC_LANG)",
    )
    parser.add_argument(
        "--operator",
        dest="audit_operator",  # not the print commands' --operator (经办人 in the footer)
        metavar="NAME",
        default=None,
        help="who the audit log (logs/audit.jsonl) names for writes, given before the "
        "command (default $REGSYNC_OPERATOR, then the OS user)",
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    _init_commands(sub)
    _record_commands(sub)
    _edition_commands(sub)
    _sync_commands(sub)
    printing = documents.add_commands(sub, _add, _group)
    lock_commands.register(sub, _add, _group)
    _add(sub, "gui", "gui:cmd_gui", N_("gui.help"))  # the window's own label
    city_commands.add_commands(sub, _add, _group)
    province_commands.add_commands(sub, _add, _group)
    registry_commands.add_commands(sub, _add, _group, printing)
    user_commands.add_commands(sub, _add, _group)
    demo_command.add_commands(sub, _add, main)
    return parser


@functools.cache
def shared_parser() -> _Parser:
    """The parser ``main`` uses, built once per process (building it costs ~70 ms).

    Sharing it is safe: parsing reads the tree and writes only to the new namespace it
    returns (no default is a mutable object; ``append`` options start a new list), and
    the tree depends on nothing but this module, its help texts included (they are
    fixed, not in the user's language), so no cache key is needed.
    """
    return build_parser()


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Run one command; returns the exit code."""
    env = os.environ if environ is None else environ
    parser = shared_parser()
    language.use(language.prescan(sys.argv[1:] if argv is None else argv, env))
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    args.lang = language.current()  # --lang, else $REGSYNC_LANG, else zh (as prescanned)
    args.json = bool(args.json)
    if args.audit_operator:  # the audit log's operator (regsync.app.audit)
        env = {**env, OPERATOR_ENV: args.audit_operator}
    ctx = Context(args, resolve_home(args.home, env), env)
    try:
        output = load_handler(args.handler)(ctx)
        print(to_json(output.data) if args.json else output.text)
        sys.stdout.flush()  # a closed pipe shows here, not at the interpreter's exit
    except CoreError as exc:
        return _refused(exc, args.json, args.lang)
    except (Exception, KeyboardInterrupt) as exc:  # the last line: no traceback reaches a user
        error = explain(exc, ctx.home, sys.argv if argv is None else argv)
        if error is None:  # the reader closed the pipe (`regsync log | head`)
            silence_stdout()
            return 0
        code = _refused(error, args.json, args.lang)
        return INTERRUPTED_EXIT if isinstance(exc, KeyboardInterrupt) else code
    return 1 if isinstance(output, FailedOutput) else 0


def load_handler(ref: HandlerRef) -> Handler:
    """The handler a command names; a ``"module:function"`` string is imported now."""
    if not isinstance(ref, str):
        return ref
    module, _, function = ref.partition(":")
    if "." not in module:
        module = f"regsync.app.cli.{module}"
    handler: Handler = getattr(importlib.import_module(module), function)
    return handler


def _refused(exc: CoreError, as_json: bool, lang: str) -> int:
    """Print a refusal on stderr (one JSON document with ``--json``); exit code 1."""
    if as_json:
        print(
            json.dumps({"error": type(exc).__name__, "message": exc.message(lang)},
                       ensure_ascii=False),
            file=sys.stderr,
        )  # fmt: skip
    else:
        print(f"regsync: {exc.message(lang)}", file=sys.stderr)
    return 1


def run() -> None:
    """Console-script entry point."""
    console_safe()
    sys.exit(main())


def console_safe() -> None:
    """Never crash on a character the console cannot show (Windows' GBK console and a
    name with 𠀀 or an emoji): such a character prints as ``?`` instead."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
