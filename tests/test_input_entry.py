"""Input that cannot break a record or a form, end to end (issue 18, item 4).

Every entry path refuses bad text and dates with the field and character named and
writes nothing; data that arrived by sync is not refused but flagged by the 计算机核查
and named by a batch print, which prints the other applications.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from regsync.app.bootstrap import open_node
from regsync.core.model import Application, PerformanceRecord
from tests.conftest import Cli
from tests.documents_helpers import (
    LI,
    WANG,
    add_person,
    decode_barcodes,
    init_enterprise,
    new_initial,
    report,
)
from tests.test_checks_application import make_id

ZHAO = make_id(dt.date(1985, 3, 3))


def _persons(cli: Cli) -> list[dict[str, object]]:
    return list(json.loads(cli.ok("--json", "person", "list")))


def test_person_entry_refuses_bidi_controls_and_missing_glyphs(cli: Cli, db_url: str) -> None:
    init_enterprise(cli, db_url)
    for name, named in (
        ("王\u202e四", "U+202E"),
        ("王\u200b四", "U+200B"),
        ("王\U00020000", "U+20000"),
    ):
        refused = cli("person", "add", "--id-number", LI, "--name", name)
        assert refused.code == 1
        assert named in refused.err
        assert "名称" in refused.err  # the field by its label (issue 17 item 6)
        assert "Traceback" not in refused.err
    english = cli("--lang", "en", "person", "add", "--id-number", LI, "--name", "李四\U0001f600")
    assert english.code == 1
    assert "U+1F600" in english.err
    assert "font" in english.err
    long = cli("person", "add", "--id-number", LI, "--name", "王" * 31)
    assert long.code == 1
    assert "30" in long.err
    assert _persons(cli) == []  # nothing written by any refusal

    cli.ok("person", "add", "--id-number", LI, "--name", " 李四 ")
    assert [p["name"] for p in _persons(cli)] == ["李四"]
    edit = cli("person", "edit", LI, "--school", "太原\n理工")
    assert edit.code == 1
    assert "换行" in edit.err
    assert _persons(cli)[0]["school"] is None


def test_dates_and_periods_are_refused_at_entry(cli: Cli, db_url: str) -> None:
    init_enterprise(cli, db_url)
    future = cli("person", "add", "--id-number", LI, "--name", "李四",
                 "--qualification-date", "2099-06-30")  # fmt: skip
    assert future.code == 1
    assert "2099-06-30" in future.err
    assert "资格取得日期" in future.err
    assert _persons(cli) == []
    add_person(cli)
    number = cli.ok("apply", "new", "--kind", "initial", "--specialty", "architect", "--person", LI)
    backwards = cli("perf", "add", number, "--project", "某住宅", "--role", "专业负责人",
                    "--start", "2024-06-30", "--end", "2023-03-01")  # fmt: skip
    assert backwards.code == 1
    assert "结束日期" in backwards.err
    ahead = cli("perf", "add", number, "--project", "某住宅", "--role", "专业负责人",
                "--start", "2026-01-01", "--end", "2027-01-01")  # fmt: skip
    assert ahead.code == 1
    assert "2027-01-01" in ahead.err
    rtl = cli("perf", "add", number, "--project", "某\u202e住宅", "--role", "专业负责人")
    assert rtl.code == 1
    assert "U+202E" in rtl.err
    assert "项目名称" in rtl.err
    shown = json.loads(cli.ok("--json", "apply", "show", number))
    assert shown["performance"] == []
    hours = cli("apply", "edit", number, "--set", "ce_compulsory_hours=-4")
    assert hours.code == 1
    assert "-4" in hours.err


def _arrived_by_sync(cli: Cli, number: str, **changes: object) -> None:
    """Write as an import from another node would: no entry rule runs."""
    with open_node(Path(cli.env["REGSYNC_HOME"]), cli.env) as s, s.unit_of_work() as uow:
        app = uow.get(Application, number)
        assert app is not None
        uow.put(app.replace(**changes))  # type: ignore[arg-type]
        uow.commit()


def test_a_batch_print_names_what_it_cannot_print_and_prints_the_rest(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    init_enterprise(cli, db_url)
    add_person(cli)
    add_person(cli, WANG, "王芳")
    add_person(cli, ZHAO, "赵六")
    good = new_initial(cli)
    bad = new_initial(cli, WANG)
    long = new_initial(cli, ZHAO)
    for n in (good, bad, long):
        report(cli, n)
    _arrived_by_sync(cli, bad, person_name="王芳\U0001f600")
    _arrived_by_sync(cli, long, previous_employer="某" * 5000)

    out = tmp_path / "batch.pdf"
    result = cli("--lang", "en", "print", "form", bad, good, long, "-o", str(out))
    assert result.code == 1
    assert "printed 1 form(s)" in result.out
    assert bad in result.out
    assert "U+1F600" in result.out
    assert "person_name" in result.out
    assert long in result.out
    assert "previous_employer" in result.out
    assert good not in result.out.replace(f"to {out}", "")
    decoded = decode_barcodes(out, tmp_path)
    assert len(decoded) == 1
    assert decoded[0].startswith(good)

    zh = cli("print", "form", bad, good, "-o", str(tmp_path / "zh.pdf"))
    assert zh.code == 1
    assert f"申请 {bad} 无法打印" in zh.out
    assert "已打印 1 份" in zh.out

    alone = cli("print", "form", bad, "-o", str(tmp_path / "alone.pdf"))
    assert alone.code == 1
    assert "U+1F600" in alone.err
    assert not (tmp_path / "alone.pdf").exists()


def test_the_check_flags_implausible_data_that_arrived_by_sync(cli: Cli, db_url: str) -> None:
    init_enterprise(cli, db_url)
    add_person(cli)
    number = new_initial(cli)
    _arrived_by_sync(cli, number, qualification_date=dt.date(2099, 1, 1), ce_elective_hours=-8)
    with open_node(Path(cli.env["REGSYNC_HOME"]), cli.env) as s, s.unit_of_work() as uow:
        (perf,) = uow.find(PerformanceRecord, application_number=number)
        uow.put(dataclasses.replace(perf, end_date=dt.date(2020, 1, 1)))
        uow.commit()
    result = cli("--json", "check", number)
    assert result.code == 1
    codes = [m["code"] for m in json.loads(result.out)["messages"]]
    assert "application.qualification_date_future" in codes
    assert "application.performance_period_order" in codes
    assert codes.count("application.ce_hours_range") == 1  # the declared elective hours
