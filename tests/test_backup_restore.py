"""Backup and restore (issue 18 item 3, decision 0016), on SQLite and PostgreSQL.

A backup taken while the node writes restores a consistent node; a restored node that
had sent changes after its backup refuses to write until it has them back (live sync,
or a bundle its peer exports with ``--resend``), so it never forks its own stream; a
damaged backup restores nothing."""

from __future__ import annotations

import json
import re
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from regsync.app.bootstrap import open_node
from regsync.core.checks import id_number_check_digit
from regsync.core.model import Person
from regsync.core.usecases.persons import add_person
from regsync.sync.restore import MARKER
from tests.conftest import SQL_BACKENDS, Cli, backend_url
from tests.offices import Office, enrolled_chain, sync


def _id(n: int) -> str:
    body = f"14010019800101{n:03d}"
    return body + id_number_check_digit(body)


@pytest.fixture(params=SQL_BACKENDS)
def databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Fresh database URLs on one backend: the node's, then the ones to restore into."""
    made: list[str] = []
    backend = request.param

    def new() -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / f'db{len(made)}-{uuid.uuid4().hex[:6]}.db'}"
        if not made:
            made.append(backend_url(request, tmp_path, backend))
            return made[-1]
        server = request.getfixturevalue("pg_server")
        name = f"regsync_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
        return made[-1]

    yield new
    if backend != "sqlite":
        server = request.getfixturevalue("pg_server")
        with psycopg.connect(server, autocommit=True) as conn:
            for url in made[1:]:
                name = url.rsplit("/", 1)[1]
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _restore_db(databases: Callable[[], str], first: str) -> list[str]:
    """The --db of a restore: none for SQLite (the new home's file), else a new database."""
    return [] if first.startswith("sqlite") else ["--db", databases()]


def _names(office: Office) -> list[str]:
    listed = office.json("person", "list")
    assert isinstance(listed, list)
    return sorted(str(p["name"]) for p in listed if isinstance(p, dict))


def test_a_backup_taken_while_the_node_writes_restores_consistently(
    cli: Cli, tmp_path: Path, databases: Callable[[], str]
) -> None:
    first = databases()
    firm = Office(cli, tmp_path / "firm")
    firm("init", "--role", "enterprise", "--name", "太原市建筑设计研究院",
         "--uscc", "91140100MA0GRP138M", "--city", "140100", "--db", first)  # fmt: skip
    stop, written = threading.Event(), []

    def clerk() -> None:  # another connection keeps committing while the backup runs
        with open_node(Path(firm.home), cli.env) as s:
            n = 0
            while not stop.is_set() and n < 400:
                with s.unit_of_work() as uow:
                    add_person(
                        uow, today=s.today(), id_number=_id(n), name=f"人员{n:03d}", values={}
                    )
                    uow.commit()
                written.append(n)
                n += 1

    writer = threading.Thread(target=clerk)
    writer.start()
    try:
        while len(written) < 20:  # the backup starts in the middle of the writing
            writer.join(0.01)
        firm("backup", "-o", str(tmp_path / "firm.zip"))
    finally:
        stop.set()
        writer.join()
    restored = Office(cli, tmp_path / "restored")
    restored("restore", str(tmp_path / "firm.zip"), *_restore_db(databases, first))
    names = _names(restored)
    # A prefix of what was committed, each record whole: one consistent moment.
    assert 20 <= len(names) <= len(written)
    assert names == [f"人员{n:03d}" for n in range(len(names))]
    with open_node(Path(restored.home), cli.env) as s, s.unit_of_work() as uow:
        people = uow.find(Person)
        heads = uow.store.heads()
    assert all(p.birth_date is not None for p in people)
    assert sum(heads.values()) == len(names) + 1  # those changes and init's own record


def test_a_restored_firm_gets_back_what_it_sent_before_it_writes(
    cli: Cli, tmp_path: Path, databases: Callable[[], str]
) -> None:
    first = databases()
    chain = enrolled_chain(cli, tmp_path, firm_db=first)
    firm, city, usb = chain.firm, chain.city, chain.files
    city_id, firm_id = city.node_id, firm.node_id

    def deliver(sender: Office, to: str, name: str, receiver: Office, *extra: str) -> None:
        sender("bundle", "export", "--to", to, "-o", str(usb / name), *extra)
        receiver("bundle", "import", str(usb / name))

    firm("person", "add", "--id-number", _id(1), "--name", "甲")
    deliver(firm, city_id, "1.bpz", city)
    firm("backup", "-o", str(usb / "firm.zip"))
    firm("person", "add", "--id-number", _id(2), "--name", "乙")  # sent, then the PC dies
    deliver(firm, city_id, "2.bpz", city)

    new = Office(cli, tmp_path / "new-pc")
    new("restore", str(usb / "firm.zip"), *_restore_db(databases, first))
    assert _names(new) == ["甲"]
    refused = cli("person", "add", "--id-number", _id(3), "--name", "丙", "--home", new.home)
    assert refused.code == 1
    assert "--resend" in refused.err  # not heard from anyone yet
    deliver(city, firm_id, "3.bpz", new)  # an ordinary bundle: the city holds more
    refused = cli("person", "add", "--id-number", _id(3), "--name", "丙", "--home", new.home)
    assert refused.code == 1
    assert city_id in refused.err
    theirs, mine = re.search(r"至第 (\d+) 号（本节点只到第 (\d+) 号）", refused.err).groups()
    assert int(theirs) == int(mine) + 1  # 乙 is the one change the city holds more
    deliver(city, firm_id, "4.bpz", new, "--resend")
    assert _names(new) == ["乙", "甲"]
    new("person", "add", "--id-number", _id(3), "--name", "丙")
    deliver(new, city_id, "5.bpz", city)  # no fork: the city takes it
    assert _names(city) == ["丙", "乙", "甲"]


def _restored_after_sending(cli: Cli, tmp_path: Path) -> tuple[Office, Office, Path]:
    """A firm backs up, then sends 乙 to its city, then its PC dies: (the city, the firm
    restored on a new PC, the USB folder)."""
    chain = enrolled_chain(cli, tmp_path)
    firm, city, usb = chain.firm, chain.city, chain.files
    firm("backup", "-o", str(usb / "firm.zip"))
    firm("person", "add", "--id-number", _id(2), "--name", "乙")
    firm("bundle", "export", "--to", city.node_id, "-o", str(usb / "1.bpz"))
    city("bundle", "import", str(usb / "1.bpz"))
    new = Office(cli, tmp_path / "new-pc")
    new("restore", str(usb / "firm.zip"))
    return city, new, usb


def test_without_the_marker_the_restored_firm_forks_its_stream(cli: Cli, tmp_path: Path) -> None:
    """What the marker prevents is real: a restored firm that writes at once re-uses a
    sequence number its city holds, and the city refuses its bundles for good."""
    city, new, usb = _restored_after_sending(cli, tmp_path)
    with open_node(Path(new.home), cli.env) as s, s.unit_of_work() as uow:
        uow.store.set_local(MARKER, "")  # the planted bug: no marker
        uow.commit()
    new("person", "add", "--id-number", _id(3), "--name", "丙")
    new("bundle", "export", "--to", city.node_id, "-o", str(usb / "2.bpz"))
    forked = cli("--json", "bundle", "import", str(usb / "2.bpz"), "--home", city.home)
    assert forked.code == 1
    assert json.loads(forked.err)["error"] == "ForkError"


def test_live_sync_brings_the_restored_node_back(cli: Cli, tmp_path: Path) -> None:
    city, new, _ = _restored_after_sending(cli, tmp_path)
    with open_node(Path(new.home), cli.env) as a, open_node(Path(city.home), cli.env) as b:
        sync(a, new, b, city, tmp_path)
    assert _names(new) == ["乙"]
    new("person", "add", "--id-number", _id(3), "--name", "丙")  # caught up: writes again
    with open_node(Path(new.home), cli.env) as s, s.unit_of_work() as uow:
        assert not uow.store.get_local(MARKER)


def test_a_damaged_or_misdirected_restore_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    firm = Office(cli, tmp_path / "firm")
    firm("init", "--role", "enterprise", "--name", "太原市建筑设计研究院",
         "--uscc", "91140100MA0GRP138M", "--city", "140100")  # fmt: skip
    backup = tmp_path / "firm.zip"
    firm("backup", "-o", str(backup))
    again = cli("backup", "-o", str(backup), "--home", firm.home)
    assert again.code == 1  # never over an existing file
    assert "已存在" in again.err
    live = cli("restore", str(backup), "--home", firm.home)
    assert live.code == 1  # never over a live home
    assert "已有节点" in live.err
    with zipfile.ZipFile(backup) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    db = bytearray(members["database.sqlite"])
    db[len(db) // 2] ^= 0xFF  # one flipped byte
    members["database.sqlite"] = bytes(db)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(damaged, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    target = tmp_path / "target"
    result = cli("restore", str(damaged), "--home", str(target))
    assert result.code == 1
    assert "SHA-256" in result.err
    assert not target.exists()
    truncated = tmp_path / "cut.zip"
    truncated.write_bytes(backup.read_bytes()[:500])
    assert "不是完好的" in cli("restore", str(truncated), "--home", str(target)).err
    assert not target.exists()


def test_a_postgresql_backup_needs_a_database_to_restore_into(
    cli: Cli, tmp_path: Path, pg_database: str
) -> None:
    firm = Office(cli, tmp_path / "firm")
    firm("init", "--role", "enterprise", "--name", "太原市建筑设计研究院",
         "--uscc", "91140100MA0GRP138M", "--city", "140100", "--db", pg_database)  # fmt: skip
    firm("backup", "-o", str(tmp_path / "firm.zip"))
    result = cli("restore", str(tmp_path / "firm.zip"), "--home", str(tmp_path / "new"))
    assert result.code == 1
    assert "--db" in result.err
    assert not (tmp_path / "new").exists()
    taken = cli("restore", str(tmp_path / "firm.zip"), "--home", str(tmp_path / "new"),
                "--db", pg_database)  # fmt: skip
    assert taken.code == 1  # the firm's own, live database: never overwritten
    assert "已属于节点" in taken.err
