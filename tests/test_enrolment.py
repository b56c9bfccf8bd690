"""Enrolment through files: province root, a city certified by it, a firm by the city."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli

USCC = "91140100MA0GRP138M"


def test_province_city_enterprise_chain(cli: Cli, tmp_path: Path) -> None:
    p, c, e = (str(tmp_path / name) for name in ("province", "city", "firm"))
    f = tmp_path / "files"
    f.mkdir()
    cli.ok("init", "--home", p, "--role", "province", "--name", "山西省住建厅")
    cli.ok("init", "--home", c, "--role", "city", "--name", "太原市住建局", "--city", "140100")
    cli.ok(
        "init",
        "--home",
        e,
        "--role",
        "enterprise",
        "--name",
        "太原市建筑设计研究院",
        "--uscc",
        USCC,
        "--city",
        "140100",
    )

    # The province hands out its root certificate (it certifies its own card).
    cli.ok("node", "card", "--home", p, "-o", str(f / "p.card"))
    cli.ok("node", "certify", "--home", p, str(f / "p.card"), "-o", str(f / "root.cert"))
    # City: card to the province, certificate back, root pinned.
    cli.ok("node", "card", "--home", c, "-o", str(f / "c.card"))
    cli.ok("node", "certify", "--home", p, str(f / "c.card"), "-o", str(f / "c.cert"))
    cli.ok("node", "trust", "--home", c, str(f / "root.cert"))
    city = json.loads(cli.ok("--json", "node", "trust", "--home", c, str(f / "c.cert")))
    assert city["role"] == "city"
    assert len(city["chain"]) == 1  # the city certificate, signed by the root key

    # Enterprise: certified by its city, which gives it its number.
    cli.ok("node", "card", "--home", e, "-o", str(f / "e.card"))
    cli.ok(
        "node",
        "certify",
        "--home",
        c,
        str(f / "e.card"),
        "-o",
        str(f / "e.cert"),
        "--enterprise-number",
        "0042",
    )
    cli.ok("node", "trust", "--home", e, str(f / "root.cert"))
    cli.ok("node", "trust", "--home", e, str(f / "c.cert"))
    firm = json.loads(cli.ok("--json", "node", "trust", "--home", e, str(f / "e.cert")))
    assert (firm["role"], len(firm["chain"])) == ("enterprise", 2)  # firm, then city

    # The number now makes the firm's application numbers.
    cli.ok("person", "add", "--home", e, "--id-number", "14010019800101001X", "--name", "李四")
    number = cli.ok(
        "apply",
        "new",
        "--home",
        e,
        "--kind",
        "initial",
        "--specialty",
        "architect",
        "--person",
        "14010019800101001X",
    )
    assert number[9:13] == "0042"


def test_refusals_are_clear(cli: Cli, tmp_path: Path) -> None:
    c, e, other = (str(tmp_path / name) for name in ("city", "firm", "other-city"))
    cli.ok("init", "--home", c, "--role", "city", "--name", "太原市住建局", "--city", "140100")
    cli.ok("init", "--home", other, "--role", "city", "--name", "大同市住建局", "--city", "140200")
    cli.ok(
        "init",
        "--home",
        e,
        "--role",
        "enterprise",
        "--name",
        "某院",
        "--uscc",
        USCC,
        "--city",
        "140100",
    )
    card = str(tmp_path / "e.card")
    cli.ok("node", "card", "--home", e, "-o", card)
    # A city without the province root cannot certify anything yet.
    no_root = cli("node", "certify", "--home", c, card, "-o", str(tmp_path / "x.cert"))
    assert no_root.code == 1
    assert "node trust" in no_root.err
    # Writing over an existing file is refused.
    again = cli("node", "card", "--home", e, "-o", card)
    assert again.code == 1
    assert card in again.err
    # A file that is not a root certificate cannot be the first trusted file.
    first = cli("node", "trust", "--home", c, card)
    assert first.code == 1
    # A missing passphrase is named, not prompted for, without a terminal.
    cli.env.pop("REGSYNC_PASSPHRASE")
    missing = cli("init", "--home", str(tmp_path / "n"), "--role", "province", "--name", "x")
    assert missing.code == 1
    assert "REGSYNC_PASSPHRASE" in missing.err
    assert not (tmp_path / "n").exists()
