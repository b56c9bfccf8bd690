"""Clock discipline (issue 15, item 5), end to end through the CLI.

A firm whose computer's date is a year ahead no longer drags its city's hybrid
clock along (its bundle is refused with a clear message, the city's clock is
unchanged), cannot report until its date is put right, and a report dated after
the city's today is flagged by the city's computer check.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from regsync.app.bootstrap import open_node
from regsync.core.config import RulesConfig
from regsync.core.errors import ClockWrong
from regsync.core.usecases.reporting import ClockReading, check_clock
from regsync.sync.hlc import Timestamp
from tests.city_helpers import Offices, carry, new_application, offices, report
from tests.conftest import Cli
from tests.offices import PERSON

NOW = dt.datetime.fromisoformat("2026-11-27T10:00:00+08:00")  # the Cli fixture's clock
SECOND = "140100198001010028"


def _at(cli: Cli, moment: dt.datetime) -> None:
    cli.env["REGSYNC_NOW"] = moment.isoformat()


def _clock(o: Offices, home: str) -> Timestamp:
    with open_node(Path(home), o.cli.env) as s, s.unit_of_work() as uow:
        return uow.store.clock_reading()


def test_a_bundle_from_a_firm_a_year_ahead_is_refused_and_the_clock_stays(
    cli: Cli, tmp_path: Path
) -> None:
    o = offices(cli, tmp_path)
    o.firm("person", "add", "--id-number", PERSON, "--name", "李四")
    carry(o, o.firm, o.city)  # honest: the city's clock takes the firm's time
    before = _clock(o, o.city.home)
    _at(cli, NOW + dt.timedelta(days=365))
    o.firm("person", "add", "--id-number", SECOND, "--name", "王五")
    bundle = o.files / "ahead.bpz"
    o.firm("bundle", "export", "--to", o.city.node_id, "-o", str(bundle))
    _at(cli, NOW + dt.timedelta(hours=1))
    result = cli("--lang", "en", "bundle", "import", str(bundle), "--home", o.city.home)
    assert result.code == 1
    assert "ahead of this computer's clock" in result.err
    assert "correct" in result.err
    assert _clock(o, o.city.home) == before
    assert SECOND not in o.city("person", "list")
    # ten minutes is the default bound: five minutes ahead is accepted
    _at(cli, NOW + dt.timedelta(days=365, minutes=-5))
    result = cli("bundle", "import", str(bundle), "--home", o.city.home)
    assert result.code == 0, result.err


def test_a_firm_whose_clock_was_wrong_is_not_blocked_for_good(cli: Cli, tmp_path: Path) -> None:
    """The remedy the refusal names exists: the firm puts its date right, its log still
    holds changes dated a year ahead, and the city's administrator imports them with
    --accept-clock-ahead; the city's clock moves at most the bound ahead, and the firm's
    later bundles import as usual."""
    o = offices(cli, tmp_path)
    _at(cli, NOW + dt.timedelta(days=365))
    o.firm("person", "add", "--id-number", SECOND, "--name", "王五")
    _at(cli, NOW)  # the date put right
    o.firm("person", "add", "--id-number", PERSON, "--name", "李四")
    bundle = o.files / "ahead.bpz"
    o.firm("bundle", "export", "--to", o.city.node_id, "-o", str(bundle))
    refused = cli("bundle", "import", str(bundle), "--home", o.city.home)
    assert refused.code == 1
    assert "--accept-clock-ahead" in refused.err
    o.city("bundle", "import", str(bundle), "--accept-clock-ahead")
    listed = o.city("person", "list")
    assert SECOND in listed
    assert PERSON in listed
    bound = dt.timedelta(minutes=RulesConfig().clock_max_ahead_minutes)
    assert _clock(o, o.city.home).wall <= int((NOW + bound).timestamp() * 1000)
    o.firm("person", "edit", PERSON, "--phone", "13900000000")
    carry(o, o.firm, o.city)  # ... and nothing about the next bundle is refused


def test_report_is_refused_on_a_computer_whose_clock_is_far_off(cli: Cli, tmp_path: Path) -> None:
    o = offices(cli, tmp_path)
    first = new_application(o)
    report(o, first)
    carry(o, o.firm, o.city)
    o.city("receive", "accept", first)
    carry(o, o.city, o.firm)  # the city's receipt: the firm now knows the offices' time
    second = new_application(o, SECOND, "王五")
    out = str(o.files / "report.bpz")
    for wrong in (dt.timedelta(days=365), dt.timedelta(days=-1)):
        _at(cli, NOW + wrong)
        result = cli("report", second, "--via", "bundle", "-o", out, "--home", o.firm.home)
        assert result.code == 1
        assert "校正" in result.err
        assert "日期" in result.err
        assert not Path(out).exists()
        assert "草稿" in o.firm("apply", "show", second)
    _at(cli, NOW + dt.timedelta(hours=2))
    o.firm("report", second, "--via", "bundle", "-o", out)
    assert Path(out).exists()


def test_the_clock_rule_itself() -> None:
    rules = RulesConfig()
    day = 86_400_000
    office = 1_795_744_800_000
    check_clock(ClockReading(now=office + 5 * day, office=office), rules)  # a week offline
    check_clock(ClockReading(now=office - 60_000, office=office), rules)  # a minute behind
    check_clock(ClockReading(now=office + 400 * day, office=0), rules)  # nothing to compare
    for now in (office - 3_600_000, office + 365 * day):
        with pytest.raises(ClockWrong):
            check_clock(ClockReading(now=now, office=office), rules)


def test_the_citys_check_flags_a_report_dated_in_the_future(cli: Cli, tmp_path: Path) -> None:
    """Five minutes ahead is within the import bound; just after midnight it dates the
    report tomorrow, which the city's check (on its own today) flags."""
    o = offices(cli, tmp_path)
    number = new_application(o)
    _at(cli, dt.datetime.fromisoformat("2026-11-28T00:03:00+08:00"))
    report(o, number)
    path = o.files / "late.bpz"
    o.firm("bundle", "export", "--to", o.city.node_id, "-o", str(path))
    _at(cli, dt.datetime.fromisoformat("2026-11-27T23:58:00+08:00"))
    o.city("bundle", "import", str(path))
    out = o.city("check", number)
    assert "2026-11-28" in out
    assert "[警告]" in out
    assert "电脑" in out
