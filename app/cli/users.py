"""``regsync user add|passwd|list|disable|enable``: the node's operator accounts.

Passwords are typed at a prompt (twice), or read from the environment variable named
by ``--password-env`` (scripts); a weak password is refused with the reason.  The
accounts are node-local: they never travel in a bundle.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from regsync.app.cli.context import Context
from regsync.app.cli.render import Output
from regsync.app.errors import PasswordRequired
from regsync.core.catalogue import text
from regsync.core.errors import OperatorExists
from regsync.core.operators import Operator
from regsync.core.usecases import operators as uc

if TYPE_CHECKING:
    from regsync.app.bootstrap import Services
    from regsync.core.operators import OperatorAccounts
    from regsync.core.passwords import ScryptCost


def accounts_of(services: Services) -> OperatorAccounts:
    """The node's operator accounts (imported here: ``regsync --help`` must not load
    SQLAlchemy, see tests/test_cli_startup.py)."""
    from regsync.app.operators import accounts_of as of  # noqa: PLC0415  # start-up

    return of(services)


def password_cost(environ: Mapping[str, str]) -> ScryptCost:
    """The scrypt cost of new passwords (``REGSYNC_KDF``)."""
    from regsync.app.operators import password_cost as cost  # noqa: PLC0415  # start-up

    return cost(environ)


PASSWORD_ENV_HELP = "environment variable holding the password (scripts); default: a prompt"


def _password(ctx: Context, username: str) -> tuple[str, str | None]:
    """``(password, again)``: from ``$VAR`` of --password-env, else typed twice."""
    variable = ctx.args.password_env
    lang = ctx.args.lang
    if variable:
        value = ctx.environ.get(variable)
        if not value:
            raise PasswordRequired(
                username=username,
                reason_zh=text("cli.users.variable_unset", "zh", variable=variable),
                reason_en=text("cli.users.variable_unset", "en", variable=variable),
            )
        return value, None
    if not sys.stdin.isatty():
        raise PasswordRequired(
            username=username,
            reason_zh=text("cli.users.no_terminal", "zh"),
            reason_en=text("cli.users.no_terminal", "en"),
        )
    first = getpass.getpass(text("operator.prompt", lang, username=username))
    return first, getpass.getpass(text("operator.prompt_again", lang))


def _row(o: Operator, lang: str) -> dict[str, Any]:
    return {
        "username": o.username,
        "name": o.name,
        "role": o.role.value,
        "role_label": text(f"operator.role.{o.role.value}", lang),
        "active": o.active,
        "created": o.created,
        "password_changed": o.password_changed,
    }


def cmd_user_add(ctx: Context) -> Output:
    a = ctx.args
    role = uc.parse_role(a.role)
    username = uc.normal_username(a.username)
    with ctx.services() as s:
        accounts = accounts_of(s)
        if accounts.operator(username) is not None:  # before asking for a password
            raise OperatorExists(username=username)
        password, again = _password(ctx, username)
        operator = uc.add_operator(
            accounts, username=username, name=a.name or "", role=role, password=password,
            again=again, cost=password_cost(ctx.environ), now=s.clock.now(),
        )  # fmt: skip
    lang = a.lang
    role_text = text(f"operator.role.{role.value}", lang)
    message = text(
        "operator.added", lang, username=operator.username, name=operator.name, role=role_text
    )
    return Output(_row(operator, lang), message)


def cmd_user_passwd(ctx: Context) -> Output:
    a = ctx.args
    with ctx.services() as s:
        accounts = accounts_of(s)
        operator = uc.existing(accounts, a.username)  # an unknown name is said first
        password, again = _password(ctx, operator.username)
        changed = uc.set_password(
            accounts, operator.username, password, again,
            cost=password_cost(ctx.environ), now=s.clock.now(),
        )  # fmt: skip
    return Output(
        _row(changed, a.lang), text("operator.password_set", a.lang, username=changed.username)
    )


def _set_active(ctx: Context, active: bool) -> Output:
    a = ctx.args
    with ctx.services() as s:
        changed = uc.set_active(accounts_of(s), a.username, active)
    key = "operator.enabled_now" if active else "operator.disabled_now"
    return Output(_row(changed, a.lang), text(key, a.lang, username=changed.username))


def cmd_user_disable(ctx: Context) -> Output:
    return _set_active(ctx, False)


def cmd_user_enable(ctx: Context) -> Output:
    return _set_active(ctx, True)


def cmd_user_list(ctx: Context) -> Output:
    lang = ctx.args.lang
    with ctx.services() as s:
        found = accounts_of(s).operators()
    rows = [_row(o, lang) for o in found]
    if not rows:
        return Output([], text("operator.none", lang))
    lines = [text("operator.headers", lang)]
    for o in rows:
        status = text("operator.active" if o["active"] else "operator.disabled", lang)
        changed = o["password_changed"][:19].replace("T", " ")
        lines.append(f"{o['username']}\t{o['name']}\t{o['role_label']}\t{status}\t{changed}")
    return Output(rows, "\n".join(lines))


def add_commands(
    sub: Any,
    add: Callable[[Any, str, Callable[[Context], Output], str], argparse.ArgumentParser],
    group: Callable[[Any, str, str], Any],
) -> None:
    """Add ``regsync user ...`` (``add``/``group`` are main.py's helpers)."""
    user = group(sub, "user", "operator accounts of this node (操作员): log-in names and roles")
    p = add(user, "add", cmd_user_add, "add an operator: user name, role, password (prompted)")
    p.add_argument("username", metavar="USERNAME")
    p.add_argument(
        "--role",
        required=True,
        metavar="ROLE",
        help="clerk (经办人), reviewer (审核人) or administrator (管理员)",
    )
    p.add_argument("--name", help="the operator's name (姓名), shown in the window")
    p.add_argument("--password-env", metavar="VAR", help=PASSWORD_ENV_HELP)
    p = add(user, "passwd", cmd_user_passwd, "set a new password (and lift a lockout)")
    p.add_argument("username", metavar="USERNAME")
    p.add_argument("--password-env", metavar="VAR", help=PASSWORD_ENV_HELP)
    add(user, "list", cmd_user_list, "list the operators: name, role, active or disabled")
    p = add(user, "disable", cmd_user_disable, "disable an operator (it can no longer log in)")
    p.add_argument("username", metavar="USERNAME")
    p = add(user, "enable", cmd_user_enable, "enable a disabled operator again")
    p.add_argument("username", metavar="USERNAME")
