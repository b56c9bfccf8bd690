"""PostgreSQL specifics: pooled psycopg engine, ON CONFLICT upserts, advisory locks."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, insert

from regsync.adapters.postgres.bulk import UnnestUpsert
from regsync.adapters.sql.dialect import on_conflict_update
from regsync.adapters.sql.errors import CopyFailed
from regsync.core.catalogue_sync import label

RECORD_LOCK_SLOTS = 1024
"""Records map to this many lock slots: a commit of 10,000 records takes at most
1,024 locks (unrelated records sharing a slot only wait for each other)."""
FINE_RECORDS = 128
"""A transaction's record locks, up to this many records in all, lock each record
by itself (and its slots shared): two such writers of unrelated records do not wait
for each other, where with slots alone two writers of 100 records nearly always share
one.  Bounded because PostgreSQL's lock table is shared by the whole server (about
12,000 locks at the default ``max_locks_per_transaction`` of 64): such a transaction
holds at most 2 x 128 locks, so 48 of them at once still fit; any other at most 1,024."""
_RECORD_LOCK_SPACE = 0x72656373  # "recs": the two-key lock space, apart from stream locks
_RECORD_FINE_SPACE = 0x72656366  # "recf": one record's own lock (32-bit hash of its name)
_LOCKED_IN = "regsync.records_locked_in"  # conn.info: (transaction, records it fine-locked)
_SLOTS = (
    "SELECT count({lock}(:space, slot)) FROM ("
    " SELECT DISTINCT (hashtext(name) & :mask) AS slot"
    " FROM unnest(CAST(:names AS text[])) AS name ORDER BY slot) AS ordered"
)
_LOCK_RECORDS = sa.text(_SLOTS.format(lock="pg_advisory_xact_lock"))
_SHARE_SLOTS = sa.text(_SLOTS.format(lock="pg_advisory_xact_lock_shared"))
_LOCK_EACH = sa.text(
    "SELECT count(pg_advisory_xact_lock(:space, key)) FROM ("
    " SELECT DISTINCT hashtext(name) AS key"
    " FROM unnest(CAST(:names AS text[])) AS name ORDER BY key) AS ordered"
)


class PostgresDialect:
    """PostgreSQL; writers of one stream are serialised by a transaction advisory lock.

    A row lock on the stream head would not cover the first changeset of a new
    stream (there is no row to lock yet); an advisory lock on the stream's name does.
    """

    name = "postgresql"
    key_batch = 10_000  # one array parameter, whatever its length: fewer round trips

    backup_suffix = ".pgdump"

    def backup(self, url: sa.URL, dest: Path) -> None:
        """``pg_dump`` in custom format (one consistent snapshot while others write),
        then ``pg_restore --list`` reads it back."""
        backup = label("db.op.backup")
        _run_tool(["pg_dump", "--format=custom", "--no-owner", f"--file={dest}"], url, *backup)
        _run_tool(["pg_restore", "--list", str(dest)], None, *backup)

    def restore(self, source: Path, url: sa.URL) -> None:
        _run_tool(["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction",
                   str(source)], url, *label("db.op.restore"))  # fmt: skip

    def create_engine(self, url: sa.URL) -> sa.Engine:
        return sa.create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"connect_timeout": 5, "application_name": "regsync"},
        )

    def upsert(self, table: sa.Table, columns: Sequence[str]) -> sa.Executable:
        return on_conflict_update(insert(table), table, columns)

    def bulk_upsert(self, table: sa.Table, driver: sa.Dialect) -> UnnestUpsert:
        return UnnestUpsert(table)

    def key_in(self, column: sa.ColumnElement[str], keys: Sequence[str]) -> sa.ColumnElement[bool]:
        # One array parameter instead of an IN list of N: the statement text is the
        # same for every batch, so it is parsed and planned once per connection.
        return column == sa.any_(sa.literal(list(keys), ARRAY(sa.Text)))

    @contextmanager
    def unprepared(self, conn: sa.Connection) -> Iterator[None]:
        """Plan the enclosed queries for their own parameters.

        psycopg prepares a query after 5 runs and PostgreSQL may then keep a generic
        plan chosen while the tables were small: key look-ups over IN lists became
        full scans as data grew (bulk commits 2.5x slower at 10k rows).  Turning
        preparation off for the whole connection instead slows every executemany.
        """
        driver = conn.connection.driver_connection
        saved = driver.prepare_threshold  # type: ignore[union-attr]  # a psycopg connection
        driver.prepare_threshold = None  # type: ignore[union-attr]  # same
        try:
            yield
        finally:
            driver.prepare_threshold = saved  # type: ignore[union-attr]  # same

    def lock_stream(self, conn: sa.Connection, stream: str) -> None:
        conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:s, 0))"), {"s": stream}
        )

    def lock_records(self, conn: sa.Connection, records: Sequence[tuple[str, str]]) -> None:
        """Advisory locks on the records, taken in one order: two writers of overlapping
        records queue instead of deadlocking.

        While a transaction has locked at most :data:`FINE_RECORDS` records this way,
        each record takes its own lock and its slot's lock shared (a small import and
        the conflict entries its commit writes both do, so the commit does not ask to
        turn a slot it holds shared into an exclusive one, which two such transactions
        would deadlock on); beyond that budget the slots' locks are taken exclusively.
        Either way two writers of one record exclude each other (own lock against own
        lock, shared slot against exclusive slot, exclusive against exclusive), and
        slots are taken before records, each in ascending order.
        """
        names = sorted({f"{kind}:{key}" for kind, key in records})
        if not names:
            return
        params = {"names": names, "space": _RECORD_LOCK_SPACE, "mask": RECORD_LOCK_SLOTS - 1}
        began = conn.get_transaction()
        locked = conn.info.get(_LOCKED_IN)
        used = locked[1] if locked is not None and locked[0] is began else 0
        if used + len(names) <= FINE_RECORDS:
            conn.execute(_SHARE_SLOTS, params)
            conn.execute(_LOCK_EACH, {"names": names, "space": _RECORD_FINE_SPACE})
            used += len(names)
        else:
            conn.execute(_LOCK_RECORDS, params)
        conn.info[_LOCKED_IN] = (conn.get_transaction(), used)


def _run_tool(argv: list[str], url: sa.URL | None, what_zh: str, what_en: str) -> None:
    """Run a PostgreSQL client tool on ``url``; the password goes in the environment,
    never on the command line (other users of the machine can read argv)."""
    env = dict(os.environ)
    if url is not None:
        if url.password:
            env["PGPASSWORD"] = str(url.password)
        target = url.set(drivername="postgresql", password=None)
        argv = [*argv, f"--dbname={target.render_as_string(hide_password=False)}"]
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:  # the tool is not installed
        raise CopyFailed(what_zh=what_zh, what_en=what_en, reason=str(exc)) from exc
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        raise CopyFailed(what_zh=what_zh, what_en=what_en, reason=reason)
