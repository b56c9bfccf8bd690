"""A node's database: engine, schema check, identity, and units of work."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from regsync.adapters.sql import migrate
from regsync.adapters.sql.dialect import Dialect
from regsync.adapters.sql.errors import (
    AlreadyInitialised,
    DatabaseMissing,
    DatabaseUnreachable,
    NotInitialised,
    SchemaOutdated,
    SchemaTooNew,
)
from regsync.adapters.sql.store import IDENTITY_SETTING, SqlLogStore, identity_from_json
from regsync.adapters.sql.uow import CommitHook, RestoreWatch, SqlUnitOfWork
from regsync.core.ports import NodeIdentity
from regsync.sync.hlc import MAX_AHEAD_MILLIS

TRUST_SETTING = "trust"


class Database:
    """One node's database on either backend; connects lazily."""

    def __init__(
        self,
        url: sa.URL,
        dialect: Dialect,
        *,
        physical_millis: Callable[[], int],
        max_ahead_millis: int = MAX_AHEAD_MILLIS,
    ) -> None:
        self.url = url
        self.dialect = dialect
        self.engine = dialect.create_engine(url)
        self._physical = physical_millis
        self.max_ahead_millis = max_ahead_millis
        self.accept_clock_ahead = False
        """Import changes dated ahead anyway (``bundle import --accept-clock-ahead``)."""
        self._restore_watch = RestoreWatch()  # once no restore marker is seen: skip it
        self.on_commit: CommitHook | None = None
        """Told every committed changeset (the node's audit log, :mod:`regsync.app.audit`)."""

    @property
    def display_url(self) -> str:
        return self.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()

    def open_connection(self) -> sa.Connection:
        """A new connection; connection failures become :class:`DatabaseUnreachable`."""
        try:
            return self.engine.connect()
        except sa.exc.OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            if _missing_database(exc.orig, reason):
                u = self.url
                raise DatabaseMissing(
                    server=f"{u.host or 'localhost'}:{u.port or 5432}",
                    database=u.database or "",
                    host=u.host or "localhost",
                    user=u.username or "postgres",
                ) from exc
            raise DatabaseUnreachable(url=self.display_url, reason=reason) from exc

    @contextmanager
    def connect(self) -> Iterator[sa.Connection]:
        with self.open_connection() as conn:
            yield conn

    # -- backup --------------------------------------------------------------------

    @property
    def backup_suffix(self) -> str:
        return self.dialect.backup_suffix

    def backup_to(self, dest: Path) -> None:
        """A consistent copy of the database in the new file ``dest`` (online: the
        window or a server may keep writing), checked to read back."""
        self.dialect.backup(self.url, dest)

    def restore_from(self, source: Path) -> None:
        """Load a :meth:`backup_to` copy into this database, which must be empty."""
        status = self.schema_status()
        if not status.empty:
            raise AlreadyInitialised(url=self.display_url, node_id=self.identity().node_id)
        self.engine.dispose()  # SQLite: the file is written by another connection
        self.dialect.restore(source, self.url)

    # -- schema --------------------------------------------------------------------

    def schema_status(self) -> migrate.SchemaStatus:
        with self.connect() as conn:
            return migrate.schema_status(conn)

    def check_schema(self) -> None:
        """Refuse a database that is empty, newer than the code, or needs an upgrade."""
        status = self.schema_status()
        if status.empty:
            raise NotInitialised(url=self.display_url)
        if status.too_new:
            raise SchemaTooNew(found=status.current, head=status.head)
        if not status.up_to_date:
            raise SchemaOutdated(found=status.current, head=status.head)

    def upgrade(self) -> migrate.SchemaStatus:
        """Migrate to the newest schema (``regsync db upgrade``)."""
        status = self.schema_status()
        if status.too_new:
            raise SchemaTooNew(found=status.current, head=status.head)
        with self.connect() as conn:
            migrate.upgrade(conn)
            conn.commit()
        return self.schema_status()

    # -- identity and work ---------------------------------------------------------

    def initialise(self, node: NodeIdentity, setup: Callable[[SqlUnitOfWork], None]) -> None:
        """Create the schema, store the identity and run ``setup``: all or nothing."""
        with self.connect() as conn:
            status = migrate.schema_status(conn)
            if status.too_new:
                raise SchemaTooNew(found=status.current, head=status.head)
            if not status.empty:
                existing = SqlLogStore(conn, self.dialect).get_local(IDENTITY_SETTING)
                if existing is not None:
                    raise AlreadyInitialised(
                        url=self.display_url, node_id=identity_from_json(existing).node_id
                    )
            migrate.upgrade(conn)
            uow = SqlUnitOfWork(
                conn, self.dialect, node, physical_millis=self._physical, owns_connection=False,
                on_commit=self.on_commit,
            )  # fmt: skip
            uow.store.save_identity(node)
            setup(uow)
            uow.commit()
            conn.commit()
            uow.tell_committed()

    def identity(self) -> NodeIdentity:
        with self.connect() as conn:
            text = SqlLogStore(conn, self.dialect).get_local(IDENTITY_SETTING)
        if text is None:
            raise NotInitialised(url=self.display_url)
        return identity_from_json(text)

    def load_trust(self) -> tuple[str | None, list[bytes]]:
        """The pinned root key (hex) and the installed trust files of this node."""
        with self.connect() as conn:
            text = SqlLogStore(conn, self.dialect).get_local(TRUST_SETTING)
        if text is None:
            return None, []
        data = json.loads(text)
        return data["root"], [base64.b64decode(item) for item in data["items"]]

    def save_trust(self, root: str, items: list[bytes]) -> None:
        """Replace the node's trust files (local to the node: never replicated)."""
        text = json.dumps(
            {"root": root, "items": [base64.b64encode(item).decode() for item in items]}
        )
        with self.connect() as conn:
            SqlLogStore(conn, self.dialect).set_local(TRUST_SETTING, text)
            conn.commit()

    def unit_of_work(self, node: NodeIdentity) -> SqlUnitOfWork:
        """A unit of work on its own connection and transaction."""
        return SqlUnitOfWork(
            self.open_connection(), self.dialect, node, physical_millis=self._physical,
            max_ahead_millis=self.max_ahead_millis, accept_clock_ahead=self.accept_clock_ahead,
            on_commit=self.on_commit, restore_watch=self._restore_watch,
        )  # fmt: skip


def _missing_database(orig: BaseException | None, reason: str) -> bool:
    """Whether the server refused the connection because the named database is absent
    (SQLSTATE 3D000, invalid_catalog_name; libpq gives the state only in its text)."""
    if getattr(orig, "sqlstate", None) == "3D000":
        return True
    return re.search(r'database "[^"]*" does not exist', reason) is not None
