"""``regsync backup`` and ``regsync restore``: a node's home in one verified file.

A backup is a zip: ``manifest.json`` (what node, when, which schema, the node's own
stream heads, and the SHA-256 of every other member), the database copy (SQLite's
online backup API, or ``pg_dump`` in custom format), ``config.json`` and the key files
(``node.key`` is encrypted by the passphrase; retired keys are kept as evidence).  It
is taken while the window or a server runs, and read back before the command says it
is done.  A restore goes into a new home, never over a live one, and leaves the
restore marker (:mod:`regsync.sync.restore`): the node writes again only once it has
heard from its peers and holds every change it had sent (decision 0016).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

from regsync.app.bootstrap import Services, clock_from_env, open_database, open_node
from regsync.app.errors import BackupDamaged, HomeAlreadyInitialised, RestoreNeedsDatabase
from regsync.app.home import (
    CONFIG_NAME,
    DB_NAME,
    IN_HOME_DB,
    KEY_NAME,
    HomeConfig,
    database_url,
    read_config,
    write_config,
)
from regsync.app.writing import writing
from regsync.packages_bpz.files import atomic_output, atomic_write
from regsync.sync.restore import MARKER, RestoreMarker

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database"  # + the backend's suffix


@dataclasses.dataclass(frozen=True)
class Manifest:
    """What a backup holds; ``files`` maps each member to its SHA-256."""

    format: int
    node_id: str
    role: str
    name: str
    taken: str
    backend: str
    schema: str
    heads: Mapping[str, int]
    files: Mapping[str, str]

    def database_member(self) -> str:
        return next(name for name in self.files if name.startswith(DATABASE))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_backup(s: Services, output: Path) -> Manifest:
    """Write the backup of ``s``'s node to the new file ``output`` and verify it."""
    config = read_config(s.home)
    members: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="regsync-backup-") as folder:
        copy = Path(folder) / (DATABASE + s.db.backup_suffix)
        s.db.backup_to(copy)
        members[copy.name] = copy.read_bytes()
    for key in sorted(s.home.glob(KEY_NAME + "*")):
        if key.is_file() and not key.name.endswith(".new"):
            members[key.name] = key.read_bytes()
    portable = config.db if s.db.backup_suffix != ".sqlite" else IN_HOME_DB
    members[CONFIG_NAME] = _config_bytes(dataclasses.replace(config, db=portable))
    with s.unit_of_work() as uow:
        own = s.node.node_id + "/"
        heads = {k: v for k, v in uow.store.heads().items() if k.startswith(own)}
    manifest = Manifest(
        format=FORMAT,
        node_id=s.node.node_id,
        role=s.node.role.value,
        name=s.node.name,
        taken=s.clock.now().isoformat(),
        backend=s.db.dialect.name,
        schema=s.db.schema_status().current or "",
        heads=heads,
        files={name: _digest(data) for name, data in sorted(members.items())},
    )
    with writing(output), atomic_output(output) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(dataclasses.asdict(manifest), indent=2))
            for name, data in members.items():
                archive.writestr(name, data)
        read_backup(tmp)  # read back before it gets its name: a bad copy is never "done"
    return manifest


def _config_bytes(config: HomeConfig) -> bytes:
    return (json.dumps(dataclasses.asdict(config), ensure_ascii=False, indent=2) + "\n").encode()


def read_backup(path: Path) -> tuple[Manifest, dict[str, bytes]]:
    """The manifest and members of a backup, every digest checked; else BackupDamaged."""
    try:
        with zipfile.ZipFile(path) as archive:
            data = json.loads(archive.read(MANIFEST))
            manifest = Manifest(**data)
            members = {name: archive.read(name) for name in manifest.files}
    except (OSError, KeyError, TypeError, ValueError, zipfile.BadZipFile) as exc:
        raise BackupDamaged(path=str(path), reason=f"{type(exc).__name__}: {exc}") from exc
    if manifest.format != FORMAT:
        raise BackupDamaged(path=str(path), reason=f"format {manifest.format}")
    for name, digest in manifest.files.items():
        if _digest(members[name]) != digest:
            raise BackupDamaged(path=str(path), reason=f"{name}: SHA-256 differs")
    return manifest, members


def restore_backup(
    path: Path, home: Path, environ: Mapping[str, str], *, db_url: str | None = None
) -> Manifest:
    """Restore the backup at ``path`` into the new home ``home`` (into ``db_url``, an
    empty database, for a PostgreSQL backup) and leave the restore marker."""
    manifest, members = read_backup(path)
    if (home / CONFIG_NAME).exists():
        raise HomeAlreadyInitialised(home=str(home), node_id=read_config(home).node_id)
    database = manifest.database_member()
    if database.endswith(".sqlite"):
        url = db_url or IN_HOME_DB
    elif db_url is None:
        raise RestoreNeedsDatabase(path=str(path), backend=manifest.backend)
    else:
        url = db_url
    created = not home.exists()
    home.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        db = open_database(database_url(home, url), clock_from_env(environ))
        try:
            with tempfile.TemporaryDirectory(prefix="regsync-restore-") as folder:
                copy = Path(folder) / database
                copy.write_bytes(members[database])
                written.append(home / DB_NAME)
                db.restore_from(copy)
        finally:
            db.dispose()
        for name, data in members.items():
            if name.startswith(KEY_NAME):
                written.append(home / name)
                with writing(home / name):
                    atomic_write(home / name, data, mode=0o600)
        config = HomeConfig(**json.loads(members[CONFIG_NAME]))
        written.append(home / CONFIG_NAME)
        write_config(home, dataclasses.replace(config, db=url))
        with open_node(home, environ) as s, s.unit_of_work() as uow:
            marker = RestoreMarker(manifest.taken, uow.store.acknowledgements())
            uow.store.set_local(MARKER, marker.to_json())
            uow.commit()
    except BaseException:
        _undo(home, created, written)
        raise
    return manifest


def _undo(home: Path, created: bool, written: list[Path]) -> None:
    """A failed restore leaves no half-made home behind."""
    if created:
        shutil.rmtree(home, ignore_errors=True)
        return
    for path in written:
        for extra in ("", "-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
