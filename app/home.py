"""The node's home folder: ``config.json``, the key file and the default SQLite file."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from regsync.app.errors import BadConfig, HomeNotInitialised
from regsync.app.writing import writing
from regsync.packages_bpz.files import atomic_write

CONFIG_NAME = "config.json"
KEY_NAME = "node.key"
DB_NAME = "regsync.db"


def resolve_home(option: str | None, environ: Mapping[str, str]) -> Path:
    """``--home``, else ``$REGSYNC_HOME``, else ``~/.regsync``."""
    if option:
        return Path(option).expanduser()
    if environ.get("REGSYNC_HOME"):
        return Path(environ["REGSYNC_HOME"]).expanduser()
    return Path.home() / ".regsync"


@dataclasses.dataclass(frozen=True)
class HomeConfig:
    """What ``config.json`` holds."""

    db: str
    node_id: str
    rules: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    server: str | None = None  # the sync server `regsync sync` uses (`init --server`)
    # node id -> URL of its sync server, handed out in the directory by `regsync serve`
    addresses: Mapping[str, str] = dataclasses.field(default_factory=dict)
    signer: str = "keyfile"
    """Where the node key lives: ``keyfile`` (node.key) or ``smartcard`` (the identity lock)."""


IN_HOME_DB = f"sqlite:///{DB_NAME}"
"""What ``config.json`` says for the home's own SQLite file: a path relative to the
home, so a copied or moved home opens its own database, never the original's."""


def default_db_url(home: Path) -> str:
    return f"sqlite:///{(home / DB_NAME).resolve()}"


def database_url(home: Path, configured: str) -> str:
    """The URL to open for ``config.json``'s ``db``: a relative SQLite path is relative
    to the home (not to the current folder); anything else is used as written."""
    prefix = "sqlite:///"
    if configured.startswith(prefix):
        path = configured[len(prefix) :]
        if path and not path.startswith("/") and not Path(path).is_absolute():
            return f"{prefix}{(home / path).resolve()}"
    return configured


def read_config(home: Path) -> HomeConfig:
    path = home / CONFIG_NAME
    if not path.exists():
        raise HomeNotInitialised(home=str(home))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return HomeConfig(
            db=data["db"],
            node_id=data["node_id"],
            rules=data.get("rules", {}),
            server=data.get("server"),
            addresses=data.get("addresses", {}),
            signer=data.get("signer", "keyfile"),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise BadConfig(path=str(path), reason=repr(exc)) from exc


def config_bytes(config: HomeConfig) -> bytes:
    """``config.json`` as written: indented JSON in UTF-8."""
    text = json.dumps(dataclasses.asdict(config), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def write_config(home: Path, config: HomeConfig) -> None:
    """Write atomically: a half-written config never replaces a good one."""
    with writing(home / CONFIG_NAME):
        atomic_write(home / CONFIG_NAME, config_bytes(config))
