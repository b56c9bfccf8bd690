"""The province directory (省级目录): the province root, its offices and their addresses.

One document, three ways to it: the sync server serves it (``GET /v1/directory``),
``regsync node directory -o FILE`` writes it for the installation media, and
``regsync init --province shanxi`` (a directory installed with the program, see
:func:`province_folders`) or
``--province FILE`` or ``--server URL`` (自动获取) reads it.  Reading verifies every
certificate against the root it carries; the person installing compares the root's
fingerprint with the one the province publishes (``--root-fingerprint``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from regsync.app.cli.context import Context
from regsync.app.cli.render import Output, say
from regsync.app.cli.trust import read_input, write_new
from regsync.app.errors import RootFingerprintMismatch, UnknownProvince
from regsync.app.home import read_config
from regsync.core.errors import InvalidValue
from regsync.core.model import Role
from regsync.sync.serving import province_directory
from regsync.sync.trust.files import fingerprint
from regsync.sync.trust.store import TrustStore

PROVINCES_DIR = "/etc/regsync/provinces"
"""The system folder of named directories (``--province shanxi``) on POSIX; on
Windows it is ``%PROGRAMDATA%\\regsync\\provinces``.  See :func:`province_folders`."""


def province_folders(environ: Mapping[str, str]) -> list[Path]:
    """Where ``--province NAME`` looks for ``NAME.json``, first match wins.

    ``$REGSYNC_PROVINCES`` (when set), then the system folder an administrator or an
    installer fills, then ``regsync/provinces/`` inside the installed package: the
    province builds its installer with its directory file there (see the README).
    """
    folders = []
    if environ.get("REGSYNC_PROVINCES"):
        folders.append(Path(environ["REGSYNC_PROVINCES"]))
    if os.name == "nt":
        program_data = environ.get("PROGRAMDATA", r"C:\ProgramData")
        folders.append(Path(program_data) / "regsync" / "provinces")
    else:
        folders.append(Path(PROVINCES_DIR))
    folders.append(packaged_provinces())
    return folders


def packaged_provinces() -> Path:
    """The package data folder ``regsync/provinces`` (also in the desktop build)."""
    # joinpath, not str(files()): ``regsync`` is a namespace package (app/entry has no
    # __init__.py), whose files() is a MultiplexedPath with no file-system str().
    return Path(str(resources.files("regsync").joinpath("provinces")))


def trust_from_directory(
    directory: Mapping[str, Any], source: str, expected: str | None
) -> TrustStore:
    """A trust store holding the directory's root and offices, all verified.

    Raises :class:`RootFingerprintMismatch` when ``expected`` (the fingerprint the
    province publishes) is given and differs, and ``InvalidValue`` for a document
    that is not a directory.
    """
    root = directory.get("root")
    if not isinstance(root, str):
        raise InvalidValue(field=say("cli.directory.field"), value=source,
                           expected=say("cli.directory.root_expected"))  # fmt: skip
    store = TrustStore.from_root_certificate(root.encode())
    found = fingerprint(store.root_key)
    if expected and _plain(expected) != _plain(found):
        raise RootFingerprintMismatch(url=source, found=found, expected=expected)
    for node in directory.get("nodes", []):
        store.install(str(node["certificate"]).encode())
    return store


def office_url(directory: Mapping[str, Any], city: str | None) -> str | None:
    """The sync address for a node of ``city``: its city office's, else the province's."""
    offices = directory.get("nodes", [])
    for role, code in ((Role.CITY.value, city), (Role.PROVINCE.value, None)):
        for node in offices:
            if (
                node.get("role") == role
                and node.get("url")
                and (code is None or node.get("city_code") == code)
            ):
                return str(node["url"]).rstrip("/")
    return None


def read_directory(name_or_file: str, environ: Mapping[str, str]) -> tuple[dict[str, Any], str]:
    """A directory from a file, or by province name from the installed directories."""
    path = Path(name_or_file)
    if not path.is_file() and os.sep not in name_or_file and not name_or_file.endswith(".json"):
        folders = province_folders(environ)
        found = [
            f / f"{name_or_file}.json" for f in folders if (f / f"{name_or_file}.json").is_file()
        ]
        if not found:
            searched = "; ".join(str(f) for f in folders)
            raise UnknownProvince(name=name_or_file, folders=searched)
        path = found[0]
    try:
        data = json.loads(read_input(str(path)).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidValue(
            field="--province", value=str(path), expected=say("cli.directory.json_expected")
        ) from exc
    if not isinstance(data, dict):
        raise InvalidValue(field="--province", value=str(path), expected=say("cli.directory.field"))
    return data, str(path)


def cmd_node_directory(ctx: Context) -> Output:
    """``node directory -o FILE``: the directory for installation media."""
    with ctx.services() as s:
        addresses = dict(read_config(s.home).addresses)
        if ctx.args.url:
            addresses[s.node.node_id] = ctx.args.url
        directory = province_directory(s.trust(), s.node.node_id, addresses)
    text = json.dumps(directory, ensure_ascii=False, indent=2) + "\n"
    write_new(ctx.args.output, text.encode("utf-8"))
    data = {
        "file": ctx.args.output,
        "root_fingerprint": directory["root_fingerprint"],
        "nodes": len(directory["nodes"]),
    }
    shown = say("cli.directory.written", file=ctx.args.output, count=len(directory["nodes"]),
                fingerprint=directory["root_fingerprint"])  # fmt: skip
    return Output(data, shown)


def _plain(fp: str) -> str:
    return "".join(ch for ch in fp.lower() if ch.isalnum())
