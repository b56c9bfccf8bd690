"""``regsync log --limit N`` reads only the newest N changesets (issue 19 item 4)."""

from __future__ import annotations

import json

import sqlalchemy as sa

from tests.conftest import Cli
from tests.storage_helpers import id_number

USCC = "91140100MA0GRP138M"


def test_log_limit_returns_the_newest_rows_without_reading_the_rest(cli: Cli) -> None:
    cli.ok("init", "--role", "enterprise", "--name", "太原市建筑设计研究院", "--uscc", USCC,
           "--city", "140100", "--enterprise-number", "0001")  # fmt: skip
    people = [id_number(500 + n) for n in range(30)]
    for n, person in enumerate(people):
        cli.ok("person", "add", "--id-number", person, "--name", f"测试{n}")
    whole = json.loads(cli.ok("--json", "log"))
    assert len(whole) > 30
    newest = json.loads(cli.ok("--json", "log", "--limit", "20"))
    assert newest == whole[-20:]
    assert [r for cs in newest[-5:] for r in cs["records"] if r.startswith("person:")] == [
        f"person:{p}" for p in people[-5:]
    ]
    # The rows before the newest 20 are not read at all: damaged, they do not matter.
    engine = sa.create_engine(f"sqlite:///{cli.env['REGSYNC_HOME']}/regsync.db")
    with engine.begin() as conn:
        last = conn.execute(sa.text("SELECT max(position) FROM changeset")).scalar_one()
        conn.execute(
            sa.text("UPDATE changeset SET body = 'not json' WHERE position <= :p"),
            {"p": last - 20},
        )
    engine.dispose()
    assert json.loads(cli.ok("--json", "log", "--limit", "20")) == newest
    assert cli("log").code == 1  # the whole log does read them
