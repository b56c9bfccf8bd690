"""The audit log (``logs/audit.jsonl``): every committed changeset, by operator and node,
written after the commit -- a rolled-back write adds nothing.  On both backends."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from regsync.app.audit import AuditLog, audit_path
from regsync.app.bootstrap import open_node
from tests.city_helpers import Offices, offices, reported_at_city
from tests.conftest import Cli
from tests.offices import Office


def _lines(office: Office) -> list[dict[str, object]]:
    path = audit_path(Path(office.home))
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _own(o: Offices, office: Office) -> dict[str, int]:
    with open_node(Path(office.home), o.cli.env) as s, s.unit_of_work() as uow:
        return {k: v for k, v in uow.store.heads().items() if k.startswith(s.node.node_id)}


def _new(before: dict[str, int], after: dict[str, int]) -> set[tuple[str, int]]:
    """The (stream, seq) of the changesets between two sets of heads."""
    return {(k, n) for k, head in after.items() for n in range(before.get(k, 0) + 1, head + 1)}


def _seqs(lines: list[dict[str, object]]) -> set[tuple[str, int]]:
    return {(str(x["stream"]), int(x["seq"])) for x in lines}  # type: ignore[call-overload]


def test_writes_imports_and_a_shared_transaction_are_audited(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    o = offices(cli, tmp_path, city_db=db_url)
    firm_id, city_id = o.firm.node_id, o.city.node_id
    before = len(_lines(o.city))
    number = reported_at_city(o)  # the firm's writes, carried and imported at the city
    imported = _lines(o.city)[before:]
    assert imported
    assert {x["via"] for x in imported} == {"import"}
    assert {x["at"] for x in imported} == {city_id}
    assert {x["node"] for x in imported} == {firm_id}
    assert any(f"application:{number}" in x["keys"] for x in imported)  # type: ignore[operator]
    firm_lines = {(x["stream"], x["seq"], x["hash"]) for x in _lines(o.firm)}
    assert {(x["stream"], x["seq"], x["hash"]) for x in imported} <= firm_lines

    cli.env["REGSYNC_OPERATOR"] = "审核员甲"
    before, heads = len(_lines(o.city)), _own(o, o.city)
    o.city("receive", "accept", number)
    accepted = _lines(o.city)[before:]
    assert accepted
    assert {x["operator"] for x in accepted} == {"审核员甲"}
    assert {x["via"] for x in accepted} == {"local"}
    assert {x["node"] for x in accepted} == {city_id}
    assert any(f"application:{number}" in x["keys"] for x in accepted)  # type: ignore[operator]
    assert _seqs(accepted) == _new(heads, _own(o, o.city))  # one line per changeset
    o.city("review", "pass", number, "--reviewer", "王五")

    # forward send -o: change and bundle in one transaction; a failed write rolls back.
    before, heads = len(_lines(o.city)), _own(o, o.city)
    failed = cli("forward", "send", number, "-o", str(tmp_path / "no" / "such" / "fwd.bpz"),
                 "--home", o.city.home)  # fmt: skip
    assert failed.code == 1
    assert _own(o, o.city) == heads
    assert len(_lines(o.city)) == before  # nothing committed, nothing audited
    o.city("--operator", "科长乙", "forward", "send", number, "-o", str(o.files / "fwd.bpz"))
    sent = _lines(o.city)[before:]
    assert sent
    assert {x["operator"] for x in sent} == {"科长乙"}
    assert _seqs(sent) == _new(heads, _own(o, o.city))


def test_an_audit_line_that_cannot_be_written_keeps_the_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A full disk (here: the log folder is a file) is said; the hook does not raise."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "logs").write_text("not a folder")
    audit = AuditLog(home, "op", "node", lambda: dt.datetime(2026, 12, 5, tzinfo=dt.UTC))
    audit([], [])  # nothing committed: nothing written, nothing said
    change = SimpleNamespace(kind="person", key="14010019800101001X")
    written = SimpleNamespace(origin="node", stream="node/s", seq=1, hash="h", changes=[change])
    audit([written], [])  # type: ignore[list-item]
    err = capsys.readouterr().err
    assert "audit log not written" in err
    assert "审计日志" in err
