"""省级: decisions, certificates and seals from templates, cancellations, conduct, 出省.

The province runs on each backend (``db_url``); the city and the firm on SQLite.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regsync.core.config import RulesConfig
from regsync.core.errors import ConfigError
from tests.city_helpers import (
    carry,
    dump,
    forwarded,
    offices,
    reopen,
    report,
    reported_at_city,
)
from tests.conftest import Cli
from tests.offices import PERSON


def test_approve_issue_and_bad_input(cli: Cli, tmp_path: Path, db_url: str) -> None:
    o = offices(cli, tmp_path, province_db=db_url)
    number = forwarded(o)
    before = dump(o.province)
    for argv in (
        ("issue", number),  # not approved yet
        ("decision", "approve", number),  # --by missing: usage error below
    ):
        result = cli(*argv, "--home", o.province.home)
        assert result.code in (1, 2), argv
    assert dump(o.province) == before
    decided = o.province.json("decision", "approve", number, "--by", "省厅", "--opinion", "同意")
    assert decided[0]["approved"] is True
    assert decided[0]["opinion"] == "同意"
    before = dump(o.province)
    again = cli("decision", "approve", number, "--by", "省厅", "--home", o.province.home)
    assert again.code == 1
    assert "approved" in again.err
    rejected = cli("decision", "reject", number, "--by", "省厅", "--home", o.province.home)
    assert rejected.code == 1
    assert dump(o.province) == before
    issued = o.province.json("issue", number)
    cert, seal = issued[0]["certificate"], issued[0]["seal"]
    assert cert["certificate_number"] == "晋2J202614010001"
    assert seal["seal_number"] == "晋2J-202600001"
    assert cert["valid_until"] == "2028-11-26"  # architect: two years
    twice = cli("issue", number, "--home", o.province.home)
    assert twice.code == 1

    # decisions flow back to the city and the enterprise
    carry(o, o.province, o.city)
    carry(o, o.city, o.firm)
    assert o.firm.json("apply", "show", number)["application"]["stage"] == "issued"
    detail = o.city.json("certificate", "show", PERSON)
    assert [c["certificate_number"] for c in detail["certificates"]] == [cert["certificate_number"]]

    # conduct, then leaving the province: the registration ends, history stays
    o.province("registry", "conduct", "add", "--person", PERSON, "--bad", "--description", "违规")
    o.province("registry", "leave", "add", "--person", PERSON, "--destination", "北京市")
    carry(o, o.province, o.city)
    shown = o.city.json("registry", "person", "show", PERSON)
    assert shown["person"]["registration_status"] == "stopped"
    assert [c["good"] for c in shown["conduct"]] == [False]
    assert [c["current"] for c in shown["certificates"]] == [False]
    assert o.city.json("query", "certificates")["rows"] == []
    assert len(o.city.json("query", "certificate-history")["rows"]) == 1
    assert [r["去向"] for r in o.city.json("query", "leave-province")["rows"]] == ["北京市"]


def test_rejection_reaches_the_firm_and_a_new_round_is_decided(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    o = offices(cli, tmp_path, province_db=db_url)
    number = forwarded(o)
    o.province("decision", "reject", number, "--by", "省厅", "--opinion", "业绩不足")
    carry(o, o.province, o.city)
    carry(o, o.city, o.firm)
    assert o.firm.json("apply", "show", number)["application"]["stage"] == "rejected"
    reopen(o, number)
    report(o, number)
    carry(o, o.firm, o.city)
    o.city("receive", "accept", number)
    o.city("review", "pass", number, "--reviewer", "王五")
    o.city("forward", "send", "--all", "-o", str(o.files / "fwd2.bpz"))
    o.province("bundle", "import", str(o.files / "fwd2.bpz"))
    listed = o.province.json("decision", "list")
    assert [(a["number"], a["round"]) for a in listed] == [(number, 2)]
    o.province("decision", "approve", "--all", "--by", "省厅")
    assert len(o.province.json("issue", "--all")) == 1


def test_cancellation_and_templates_from_config(cli: Cli, tmp_path: Path) -> None:
    o = offices(cli, tmp_path)
    config = Path(o.province.home) / "config.json"
    data = json.loads(config.read_text())
    data["rules"] = {
        "certificate_template": "SX-{spec}-{year}-{seq:06d}",
        "spec_code_architect": "A",
    }
    config.write_text(json.dumps(data))
    number = forwarded(o)
    o.province("decision", "approve", number, "--by", "省厅")
    issued = o.province.json("issue", number)
    assert issued[0]["certificate"]["certificate_number"] == "SX-A-2026-000001"
    out = o.province.json("registry", "cancel", "--person", PERSON, "--specialty", "architect")
    assert out["retired"] == 2  # the certificate and the seal
    again = cli("registry", "cancel", "--person", PERSON, "--specialty", "structural",
                "--home", o.province.home)  # fmt: skip
    assert again.code == 1
    before = dump(o.province)  # cancelling twice is refused, not a silent no-op
    twice = cli("registry", "cancel", "--person", PERSON, "--specialty", "architect",
                "--home", o.province.home)  # fmt: skip
    assert twice.code == 1
    assert "当前有效的" in twice.err
    assert dump(o.province) == before


@pytest.mark.parametrize(
    "rules",
    [
        {"certificate_template": "no sequence"},
        {"seal_template": "{seq}{unknown}"},
        {"certificate_template": 7},
        {"validity_years_architect": "2"},
    ],
)
def test_bad_templates_are_refused_when_read(rules: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        RulesConfig.from_mapping(rules)


def test_only_the_province_decides(cli: Cli, tmp_path: Path) -> None:
    o = offices(cli, tmp_path)
    number = reported_at_city(o)
    for office in (o.city, o.firm):
        result = cli("decision", "approve", number, "--by", "x", "--home", office.home)
        assert result.code == 1
        assert "cannot" in cli("--lang", "en", "issue", number, "--home", office.home).err
