"""``regsync log --limit N`` reads only the newest N changesets (issue 19 item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from regsync.app.audit import audit_path, operators_of
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


def test_log_names_the_operator_of_each_changeset(cli: Cli) -> None:
    """``regsync log`` shows who wrote each changeset here (issue 17 item 1), read from
    the audit log backwards so that ``--limit`` stays cheap."""
    cli.ok("init", "--role", "enterprise", "--name", "太原市建筑设计研究院", "--uscc", USCC,
           "--city", "140100", "--enterprise-number", "0001")  # fmt: skip
    cli.env["REGSYNC_OPERATOR"] = "经办人甲"
    cli.ok("person", "add", "--id-number", id_number(700), "--name", "甲")
    cli.env["REGSYNC_OPERATOR"] = "经办人乙"
    cli.ok("person", "add", "--id-number", id_number(701), "--name", "乙")
    rows = json.loads(cli.ok("--json", "log", "--limit", "2"))
    assert [r["operator"] for r in rows] == ["经办人甲", "经办人乙"]
    table = cli.ok("log", "--limit", "2")
    assert "操作员" in table
    assert "经办人乙" in table


def test_the_audit_log_is_read_backwards_across_blocks(tmp_path: Path) -> None:
    """Lines cut by a block edge, a torn last line and a hash not in the log."""
    path = audit_path(tmp_path)
    path.parent.mkdir(parents=True)
    lines = [json.dumps({"hash": f"h{n}", "operator": f"op{n}"}) for n in range(500)]
    path.write_text("\n".join(lines) + '\n{"hash": "torn', encoding="utf-8")
    wanted = {"h0", "h250", "h499", "absent"}
    assert operators_of(tmp_path, wanted, block=37) == {
        "h0": "op0",
        "h250": "op250",
        "h499": "op499",
    }
    assert operators_of(tmp_path / "none", {"h0"}) == {}
