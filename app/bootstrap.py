"""The composition root: configuration -> storage -> keys -> services.

Nothing here runs at import time; every engine and connection is made by a call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import shutil
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from regsync.adapters.keyfile import KeyFileSigner
from regsync.adapters.sql.database import Database
from regsync.adapters.sql.dialect import Dialect
from regsync.adapters.sql.enrolments import pending_requests, save_request
from regsync.adapters.sql.errors import InvalidDatabaseUrl
from regsync.adapters.sql.migrate import head_revision, known_revisions
from regsync.adapters.sql.nonces import remember_nonce
from regsync.adapters.sql.uow import SqlUnitOfWork
from regsync.adapters.sqlite import SqliteDialect
from regsync.app.audit import AuditLog, operator_of
from regsync.app.errors import BadEnvironment, HomeAlreadyInitialised, NoTrustRoot
from regsync.app.extras import require
from regsync.app.home import (
    CONFIG_NAME,
    IN_HOME_DB,
    KEY_NAME,
    HomeConfig,
    database_url,
    default_db_url,
    read_config,
    write_config,
)
from regsync.app.secrets import kdf_limits
from regsync.app.signers import KEYFILE, SMARTCARD, NodeSigner, open_signer
from regsync.app.writing import WritingRenderer, writing
from regsync.core.catalogue_reasons import reason_params, with_cause
from regsync.core.catalogue_sync import Label, label
from regsync.core.config import RulesConfig
from regsync.core.documents import DocumentRenderer, SheetReader
from regsync.core.ids import UlidFactory
from regsync.core.model import Role
from regsync.core.ports import Clock, IdGenerator, NodeIdentity
from regsync.core.text_rules import Entry
from regsync.core.usecases.reporting import ClockReading
from regsync.core.usecases.setup import (
    check_enterprise_number,
    check_org_code,
    plan_identity,
    record_node,
)
from regsync.sync.ports import KeyOpener
from regsync.sync.trust.cards import NodeCard
from regsync.sync.trust.certificates import certify
from regsync.sync.trust.store import TrustStore

PROVINCE_TZ = ZoneInfo("Asia/Shanghai")


class SystemClock:
    """The machine's clock, or a fixed instant from ``REGSYNC_NOW`` (demos and tests)."""

    def __init__(self, fixed: dt.datetime | None = None) -> None:
        self._fixed = fixed

    def now(self) -> dt.datetime:
        return self._fixed or dt.datetime.now(dt.UTC)


def clock_from_env(environ: Mapping[str, str]) -> Clock:
    text = environ.get("REGSYNC_NOW")
    if not text:
        return SystemClock()
    try:
        fixed = dt.datetime.fromisoformat(text)
    except ValueError:
        zh, en = label("env.now_expected", example="2026-11-27T10:00:00+08:00")
        raise BadEnvironment(
            variable="REGSYNC_NOW", value=text, expected_zh=zh, expected_en=en
        ) from None
    return SystemClock(fixed if fixed.tzinfo else fixed.replace(tzinfo=PROVINCE_TZ))


def millis(clock: Clock) -> int:
    return int(clock.now().timestamp() * 1000)


class _LazyRenderer:
    """The PDF and Excel renderer, made on first use: reportlab and openpyxl are imported
    by the commands that print, not by every command that opens the node."""

    def __init__(self) -> None:
        self._made: DocumentRenderer | None = None

    def __getattr__(self, name: str) -> Any:
        if self._made is None:
            from regsync.adapters.documents import ReportlabRenderer  # noqa: PLC0415

            self._made = WritingRenderer(ReportlabRenderer())
        return getattr(self._made, name)


def _renderer() -> DocumentRenderer:
    return cast(DocumentRenderer, _LazyRenderer())


def read_xlsx_sheet(path: str | Path) -> tuple[list[object], Iterator[Sequence[object]]]:
    """The :class:`SheetReader` of Excel workbooks (openpyxl imported on first use)."""
    from regsync.adapters.documents.xlsx_read import read_sheet  # noqa: PLC0415

    return read_sheet(path)


@dataclasses.dataclass
class Services:
    """Everything a command needs, wired once."""

    home: Path
    db: Database
    node: NodeIdentity
    clock: Clock
    ids: IdGenerator
    rules: RulesConfig
    signer_kind: str = KEYFILE
    # The document ports of the Tk shell (the only place the window's renderer is made).
    renderer: DocumentRenderer = dataclasses.field(default_factory=_renderer)
    read_sheet: SheetReader = dataclasses.field(default_factory=lambda: read_xlsx_sheet)
    _opened: list[NodeSigner] = dataclasses.field(default_factory=list)

    def today(self) -> dt.date:
        """Today in the province's time zone (what a form's date means)."""
        return self.clock.now().astimezone(PROVINCE_TZ).date()

    def entry(self) -> Entry:
        """What the entry checks need beyond the values (issue 18): today, and the
        code points the printing font draws (read by the adapter that embeds it)."""
        # reportlab
        from regsync.adapters.documents.fonts import font_glyphs_or_none  # noqa: PLC0415

        return Entry(today=self.today(), glyphs=font_glyphs_or_none())

    def clock_reading(self) -> ClockReading:
        """This computer's clock against the newest office change it holds (reporting)."""
        with self.unit_of_work() as uow:
            office = uow.store.office_reading()
        return ClockReading(now=millis(self.clock), office=office.wall)

    def unit_of_work(self) -> SqlUnitOfWork:
        return self.db.unit_of_work(self.node)

    def schema_head(self) -> str:
        """The schema revision this program writes (a bundle's ``schema``)."""
        return head_revision()

    def known_schemas(self) -> frozenset[str]:
        """The schema revisions this program can read."""
        return frozenset(known_revisions())

    def unix_now(self) -> int:
        """The clock in unix seconds (a sync server's request times)."""
        return int(self.clock.now().timestamp())

    def stored_trust(self) -> object:
        """The trust store as stored (a server re-reads it when this changes)."""
        return self.db.load_trust()

    def remember_nonce(self, node_id: str, nonce: str, *, now: int, window: int) -> bool:
        """Record a request nonce; False if it was used within ``window`` seconds."""
        return remember_nonce(self.db, node_id, nonce, now=now, window=window)

    def save_enrolment(self, node_id: str, card: bytes) -> None:
        """Keep an enrolment request received now, until an office certifies it."""
        save_request(self.db, node_id, card, self.clock.now().isoformat())

    def pending_enrolments(self) -> list[tuple[str, bytes, str]]:
        """Enrolment requests kept by this server: ``(node id, card, received)``."""
        return pending_requests(self.db)

    def signer(self, passphrase: str) -> KeyFileSigner:
        """The node's key file, opened with its passphrase (key-file nodes only)."""
        return KeyFileSigner.open(self.home / KEY_NAME, passphrase)

    def require_signer(
        self,
        environ: Mapping[str, str],
        *,
        passphrase_env: str | None = None,
        pin_env: str | None = None,
    ) -> NodeSigner:
        """The node's signer, opened: its key file, or its identity lock unlocked by PIN.

        Every command that signs (bundle export, node certify/revoke, and the coming
        report, sync, receive and forward) calls this before doing any work: a node
        whose key is on a lock can do none of it without the lock.  A lock holding
        another node's key is refused.  The signer is closed with the services.
        """
        signer = open_signer(
            self.signer_kind,
            self.home,
            environ,
            node_key=self.node.public_key,
            passphrase_env=passphrase_env,
            pin_env=pin_env,
        )
        self._opened.append(signer)
        return signer

    def key_opener(
        self,
        environ: Mapping[str, str],
        *,
        passphrase_env: str | None = None,
        pin_env: str | None = None,
    ) -> KeyOpener:
        """The node's key, opened by :meth:`require_signer` once, when first needed (so
        that reading needs no passphrase and a lock's PIN is asked for once)."""
        opened: list[NodeSigner] = []

        def open_key() -> NodeSigner:
            if not opened:
                opened.append(
                    self.require_signer(environ, passphrase_env=passphrase_env, pin_env=pin_env)
                )
            return opened[0]

        return open_key

    def trust(self) -> TrustStore:
        """The node's trust store; refused until the province root is installed."""
        root, items = self.db.load_trust()
        if root is None:
            raise NoTrustRoot()
        return TrustStore.load(root, items)

    def save_trust(self, store: TrustStore) -> None:
        self.db.save_trust(store.root_key.hex(), store.export())

    def close(self) -> None:
        for signer in self._opened:
            close = getattr(signer, "close", None)
            if close is not None:
                close()  # the lock's PC/SC connection (key files have nothing to close)
        self._opened.clear()
        self.db.dispose()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def dialect_for(url: sa.URL) -> tuple[sa.URL, Dialect]:
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise _bad_url(str(url), label("reason.db_url.sqlite_path"))
        return url, SqliteDialect()
    if backend == "postgresql":
        # The driver is the `postgres` extra: a firm's PC has none.
        require("postgres", "postgresql://")
        # Imported here: SQLAlchemy's PostgreSQL dialect costs a SQLite node's every
        # command 45 ms of start-up (issue 19 item 6).
        from regsync.adapters.postgres import PostgresDialect  # noqa: PLC0415

        # psycopg 3 is the driver regsync installs; a bare postgresql:// means it too.
        return url.set(drivername="postgresql+psycopg"), PostgresDialect()
    raise _bad_url(str(url), label("reason.db_url.unsupported", backend=backend))


def open_database(url_text: str, clock: Clock) -> Database:
    """A :class:`Database` for a ``--db`` URL; the URL is checked, nothing is connected."""
    try:
        url = sa.make_url(url_text)
    except sa.exc.ArgumentError as exc:
        raise _bad_url(url_text, label("reason.db_url.not_url")) from exc
    url, dialect = dialect_for(url)
    try:
        return Database(url, dialect, physical_millis=lambda: millis(clock))
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
        raise _bad_url(url_text, with_cause(label("reason.db_url.unusable"), exc)) from exc


def _bad_url(url: str, reason: Label) -> InvalidDatabaseUrl:
    return InvalidDatabaseUrl(url=url, **reason_params(reason))


def _make_ids(clock: Clock) -> IdGenerator:
    return UlidFactory(lambda: millis(clock), random.SystemRandom())


def open_node(home: Path, environ: Mapping[str, str]) -> Services:
    """Wire the services of the node living in ``home``; the schema is checked first."""
    config = read_config(home)
    clock = clock_from_env(environ)
    rules = RulesConfig.from_mapping(config.rules)
    db = open_database(database_url(home, config.db), clock)
    db.max_ahead_millis = rules.clock_max_ahead_minutes * 60_000
    try:
        db.check_schema()
        node = db.identity()
    except BaseException:
        db.dispose()
        raise
    db.on_commit = AuditLog(home, operator_of(environ), node.node_id, clock.now)
    return Services(home, db, node, clock, _make_ids(clock), rules, signer_kind=config.signer)


def open_home_database(home: Path, environ: Mapping[str, str]) -> Database:
    """The database of ``home`` without the schema check (for ``regsync db``)."""
    return open_database(database_url(home, read_config(home).db), clock_from_env(environ))


def init_node(
    home: Path,
    environ: Mapping[str, str],
    *,
    role: Role,
    name: str,
    city_code: str | None,
    uscc: str | None,
    enterprise_number: str | None,
    db_url: str | None,
    passphrase: str | None = None,
    uscc_confirmed: bool = False,
    org_code: str | None = None,
    lock: NodeSigner | None = None,
) -> Services:
    """Create a node: validate everything, then write the database, key and config.

    The key is a new key file protected by ``passphrase``, or the key already on the
    identity ``lock`` (opened and unlocked by the caller; nothing is written to it).
    Either all of it exists afterwards or none of it does.
    """
    if (passphrase is None) == (lock is None):
        raise ValueError("init_node needs either a passphrase (key file) or a lock")
    config_path = home / CONFIG_NAME
    if config_path.exists():
        raise HomeAlreadyInitialised(home=str(home), node_id=read_config(home).node_id)
    clock = clock_from_env(environ)
    ids = _make_ids(clock)
    # Validate everything before anything is written: a refused init leaves nothing.
    unkeyed = plan_identity(
        node_id=ids.new_id(),
        role=role,
        name=name,
        city_code=city_code,
        uscc=uscc,
        public_key=None,
        uscc_confirmed=uscc_confirmed,
    )
    check_enterprise_number(enterprise_number)
    org = check_org_code(org_code, unkeyed.uscc)
    url_text = db_url or default_db_url(home)
    kind = KEYFILE if lock is None else SMARTCARD
    db = open_database(url_text, clock)
    created_home = not home.exists()
    home.mkdir(parents=True, exist_ok=True)
    try:
        signer: NodeSigner
        if lock is not None:
            signer = lock
        else:
            assert passphrase is not None
            with writing(home / KEY_NAME):
                signer = KeyFileSigner.create(
                    home / KEY_NAME, passphrase, limits=kdf_limits(environ)
                )
        node = dataclasses.replace(unkeyed, public_key=signer.public_key().hex())
        db.on_commit = AuditLog(home, operator_of(environ), node.node_id, clock.now)
        db.initialise(
            node, lambda uow: record_node(uow, enterprise_number=enterprise_number, org_code=org)
        )
        if role is Role.PROVINCE:
            _make_root(db, node, signer, ids, clock)
        configured = IN_HOME_DB if db_url is None else url_text  # a home that can be moved
        write_config(home, HomeConfig(db=configured, node_id=node.node_id, signer=kind))
    except BaseException:
        db.dispose()
        _remove_partial_home(home, created_home, default_db=db_url is None)
        raise
    return Services(home, db, node, clock, ids, RulesConfig(), signer_kind=kind)


def _make_root(
    db: Database, node: NodeIdentity, signer: NodeSigner, ids: IdGenerator, clock: Clock
) -> None:
    """A province node is the trust root: it certifies its own card."""
    card = NodeCard.from_identity(node, created=clock.now().isoformat())
    root = certify(
        card,
        node,
        signer,
        serial=ids.new_id(),
        issued=clock.now().isoformat(),
        root_key=signer.public_key(),
    )
    db.save_trust(signer.public_key().hex(), [root.to_file_bytes()])


def _remove_partial_home(home: Path, created_home: bool, *, default_db: bool) -> None:
    if created_home:
        shutil.rmtree(home, ignore_errors=True)
        return
    names = [CONFIG_NAME, KEY_NAME]
    if default_db:
        names += ["regsync.db", "regsync.db-wal", "regsync.db-shm"]
    for name in names:
        (home / name).unlink(missing_ok=True)
