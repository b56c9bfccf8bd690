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
from typing import IO

from regsync.app.bootstrap import Services, clock_from_env, open_database
from regsync.app.errors import BackupDamaged, HomeAlreadyInitialised, RestoreNeedsDatabase
from regsync.app.home import (
    CONFIG_NAME,
    DB_NAME,
    IN_HOME_DB,
    KEY_NAME,
    HomeConfig,
    config_bytes,
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


_CHUNK = 1 << 20  # files are hashed and copied a megabyte at a time: bounded memory


def _digest(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def make_backup(s: Services, output: Path) -> Manifest:
    """Write the backup of ``s``'s node to the new file ``output`` and verify it.

    The database copy is a consistent snapshot (``Database.backup_to``); the own
    stream heads in the manifest are read just before it, so the copy holds at least
    them.  Files are streamed, never held whole in memory.
    """
    config = read_config(s.home)
    with s.unit_of_work() as uow:
        own = s.node.node_id + "/"
        heads = {k: v for k, v in uow.store.heads().items() if k.startswith(own)}
    with tempfile.TemporaryDirectory(prefix="regsync-backup-") as folder:
        files: dict[str, Path] = {}
        copy = Path(folder) / (DATABASE + s.db.backup_suffix)
        s.db.backup_to(copy)
        files[copy.name] = copy
        for key in sorted(s.home.glob(KEY_NAME + "*")):
            if key.is_file() and not key.name.endswith(".new"):
                files[key.name] = key
        portable = config.db if s.db.backup_suffix != ".sqlite" else IN_HOME_DB
        files[CONFIG_NAME] = Path(folder) / CONFIG_NAME
        files[CONFIG_NAME].write_bytes(config_bytes(dataclasses.replace(config, db=portable)))
        digests = {}
        for name, path in sorted(files.items()):
            with open(path, "rb") as f:
                digests[name] = _digest(f)
        manifest = Manifest(
            format=FORMAT,
            node_id=s.node.node_id,
            role=s.node.role.value,
            name=s.node.name,
            taken=s.clock.now().isoformat(),
            backend=s.db.dialect.name,
            schema=s.db.schema_status().current or "",
            heads=heads,
            files=digests,
        )
        with writing(output), atomic_output(output) as tmp:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(MANIFEST, json.dumps(dataclasses.asdict(manifest), indent=2))
                for name, path in files.items():
                    archive.write(path, name)
            read_backup(tmp)  # read back before it gets its name: a bad copy is never "done"
    return manifest


def read_backup(path: Path) -> Manifest:
    """The manifest of a backup, every member's digest checked; else BackupDamaged."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = Manifest(**json.loads(archive.read(MANIFEST)))
            if manifest.format != FORMAT:
                raise ValueError(f"format {manifest.format}")
            for name, digest in manifest.files.items():
                with archive.open(name) as member:
                    if _digest(member) != digest:
                        raise ValueError(f"{name}: SHA-256 differs")
    except (OSError, KeyError, TypeError, ValueError, zipfile.BadZipFile) as exc:
        raise BackupDamaged(path=str(path), reason=f"{type(exc).__name__}: {exc}") from exc
    return manifest


def _member(path: Path, name: str) -> bytes:
    """A small member (config, key files) of a verified backup."""
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def restore_backup(
    path: Path, home: Path, environ: Mapping[str, str], *, db_url: str | None = None
) -> Manifest:
    """Restore the backup at ``path`` into the new home ``home`` (into ``db_url``, an
    empty database, for a PostgreSQL backup) and leave the restore marker."""
    manifest = read_backup(path)
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
                with (
                    zipfile.ZipFile(path) as archive,
                    archive.open(database) as member,
                    open(copy, "wb") as out,
                ):
                    shutil.copyfileobj(member, out, _CHUNK)
                written.append(home / DB_NAME)
                db.restore_from(copy)
            # The marker goes in before config.json makes the home a node: a restore
            # killed in between leaves no node that could write without it.
            with db.unit_of_work(db.identity()) as uow:
                marker = RestoreMarker(manifest.taken, uow.store.acknowledgements())
                uow.store.set_local(MARKER, marker.to_json())
                uow.commit()
        finally:
            db.dispose()
        for name in manifest.files:
            if name.startswith(KEY_NAME):
                written.append(home / name)
                with writing(home / name):
                    atomic_write(home / name, _member(path, name), mode=0o600)
        config = HomeConfig(**json.loads(_member(path, CONFIG_NAME)))
        written.append(home / CONFIG_NAME)
        write_config(home, dataclasses.replace(config, db=url))
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
