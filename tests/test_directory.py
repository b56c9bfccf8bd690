"""The province directory: written by the province, installed with the program, read by
``init --province`` (no network), and good enough to exchange bundles right away."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli
from tests.offices import USCC1, Office, enrolled_chain

FIRM_INIT = ("init", "--role", "enterprise", "--name", "太原市建筑设计研究院", "--uscc", USCC1,
             "--city", "140100")  # fmt: skip


def _directory(cli: Cli, tmp_path: Path) -> tuple[Office, Office, Path]:
    chain = enrolled_chain(cli, tmp_path)
    provinces = tmp_path / "provinces"
    provinces.mkdir()
    chain.province("node", "directory", "-o", str(provinces / "shanxi.json"),
                   "--url", "https://sync.example.gov.cn")  # fmt: skip
    cli.env["REGSYNC_PROVINCES"] = str(provinces)
    return chain.province, chain.city, provinces / "shanxi.json"


def test_init_by_province_name_installs_the_root_and_the_offices(cli: Cli, tmp_path: Path) -> None:
    province, city, path = _directory(cli, tmp_path)
    directory = json.loads(path.read_text(encoding="utf-8"))
    roles = sorted(n["role"] for n in directory["nodes"])
    assert roles == ["city", "province"]

    firm = Office(cli, tmp_path / "new-firm")
    out = firm.json(*FIRM_INIT, "--province", "shanxi",
                    "--root-fingerprint", directory["root_fingerprint"])  # fmt: skip
    assert isinstance(out, dict)
    assert out["root_fingerprint"] == directory["root_fingerprint"]
    assert out["server"] == "https://sync.example.gov.cn"  # the city lists none: the province's
    assert sorted(out["directory"]) == sorted([province.node_id, city.node_id])
    # The root and the city's certificate are there: a bundle for the city can be written.
    firm("bundle", "export", "--to", city.node_id, "-o", str(tmp_path / "e-c.bpz"))


def test_a_wrong_fingerprint_or_unknown_province_creates_nothing(cli: Cli, tmp_path: Path) -> None:
    _, _, path = _directory(cli, tmp_path)
    home = tmp_path / "new-firm"
    wrong = cli(*FIRM_INIT, "--province", str(path), "--root-fingerprint", "00:11",
                "--home", str(home))  # fmt: skip
    assert wrong.code == 1
    assert "00:11" in wrong.err
    assert not home.exists()
    unknown = cli("--lang", "en", *FIRM_INIT, "--province", "atlantis", "--home", str(home))
    assert unknown.code == 1
    assert "no province directory atlantis" in unknown.err
    assert not home.exists()
