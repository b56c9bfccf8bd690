"""The first-run wizard's actions: ``regsync init`` and ``regsync node enrol``, wired
for :mod:`regsync.gui_tk.wizard` (the window calls the CLI's own functions)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from regsync.app.bootstrap import open_node
from regsync.app.cli import http as http_commands
from regsync.app.cli.context import Context
from regsync.app.cli.directory import office_url, province_folders
from regsync.app.cli.node import NodeSettings
from regsync.app.errors import HomeNotInitialised
from regsync.app.home import CONFIG_NAME, read_config
from regsync.app.secrets import DEFAULT_PASSPHRASE_ENV
from regsync.core.catalogue import has, text
from regsync.core.model import Role
from regsync.gui_tk.wizard import DirectoryFound, NodeFields, Setup
from regsync.sync.trust.files import fingerprint


def has_node(home: Path) -> bool:
    """Whether ``home`` holds a node already (else ``regsync gui`` opens the wizard)."""
    return (home / CONFIG_NAME).exists()


def installed_provinces(ctx: Context) -> list[tuple[str, str]]:
    """The province directories installed with the program: ``(name, label)``."""
    found: dict[str, str] = {}
    for folder in province_folders(ctx.environ):
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                key = f"province.{path.stem}"
                label = text(key, ctx.args.lang) if has(key) else path.stem
                found.setdefault(path.stem, label)
    return sorted(found.items(), key=lambda item: item[1])


def setup_for(ctx: Context) -> Setup:
    """The wizard's actions on ``ctx.home``, the CLI's functions for ``init`` and
    ``node enrol`` (with the CLI's network defaults)."""
    net = http_commands.Network(lang=ctx.args.lang)
    chosen: dict[str, str] = {}  # the passphrase chosen at 建立节点, for the enrolment

    def read_directory(server: str, province: str, city: str | None) -> DirectoryFound:
        found = http_commands.province_directory(
            ctx.environ, server=server or None, province=province or None,
            root_fingerprint=None, net=net,
        )  # fmt: skip
        assert found is not None  # the wizard asks for one of the two first
        address = office_url(found.directory, city) or (server.rstrip("/") or None)
        return DirectoryFound(
            source=found.source,
            fingerprint=fingerprint(found.store.root_key),
            nodes=len(found.directory.get("nodes", [])),
            server=address,
            handle=found,
        )

    def create(fields: NodeFields, secret: str, found: DirectoryFound | None) -> str:
        firm = fields.role is Role.ENTERPRISE
        settings = NodeSettings(
            role=fields.role,
            name=fields.name,
            city_code=fields.city_code if fields.role in (Role.ENTERPRISE, Role.CITY) else None,
            uscc=fields.uscc if firm else None,
            org_code=fields.org_code if firm else None,
            uscc_confirmed=fields.uscc_confirmed,
        )
        handle = found.handle if found is not None else None
        assert handle is None or isinstance(handle, http_commands.ProvinceDirectory)
        output = http_commands.create_node(ctx.home, ctx.environ, settings, secret, handle)
        chosen["secret"] = secret
        return output.text

    def enrol(server: str) -> tuple[bool, str]:
        environ = dict(ctx.environ)
        if "secret" in chosen:
            environ[DEFAULT_PASSPHRASE_ENV] = chosen["secret"]
        with open_node(ctx.home, environ) as s:
            key = s.key_opener(environ)
            output = http_commands.enrol_from_window(ctx.home, s, server, key, net)
        return output.data["status"] == "certified", output.text

    def server() -> str | None:
        try:
            return read_config(ctx.home).server
        except HomeNotInitialised:
            return None

    return Setup(
        provinces=lambda: installed_provinces(ctx),
        read_directory=read_directory,
        create=create,
        enrol=enrol,
        server=server,
    )


def can_show(environ: Mapping[str, str]) -> bool:
    """Whether a window can open for the command's environment (on X11/Wayland
    systems, a display must be named; Windows and macOS always have one)."""
    if os.name == "nt" or sys.platform == "darwin":
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def first_run(ctx: Context) -> bool:
    """Run the wizard in its own window until the clerk enters the system (True) or
    closes it; False, having shown nothing, when no window can open (``regsync gui``
    then refuses as before: the home has no node)."""
    import tkinter as tk  # noqa: PLC0415  # servers without Tk run every other command

    from regsync.gui_tk.chrome import apply_theme  # noqa: PLC0415
    from regsync.gui_tk.dialogs import Notices  # noqa: PLC0415
    from regsync.gui_tk.wizard import SetupWizard  # noqa: PLC0415

    if not can_show(ctx.environ):
        return False
    try:
        root = tk.Tk(className="regsync")
    except tk.TclError:  # no display after all: the CLI's refusal explains the home
        return False
    apply_theme(root)
    root.title(text("setup.title", ctx.args.lang))
    entered: list[bool] = []
    notices = Notices(root, ctx.args.lang)

    def done() -> None:
        entered.append(True)
        root.quit()

    SetupWizard(root, setup_for(ctx), notices, done, ctx.args.lang).pack(fill="both", expand=True)
    root.mainloop()
    root.destroy()
    return bool(entered) and has_node(ctx.home)
