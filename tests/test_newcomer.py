"""What a newcomer meets first: a PostgreSQL database that does not exist yet, and the
demo's passphrase (issue 18, item 7)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli


def test_init_on_a_missing_postgres_database_names_the_missing_step(
    cli: Cli, tmp_path: Path, pg_server: str
) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/regsync_readme_absent_db"
    home = tmp_path / "city"
    result = cli("init", "--home", str(home), "--role", "city", "--name", "太原",
                 "--city", "140100", "--db", url)  # fmt: skip
    assert result.code == 1
    # the address is right: the message says the database is missing and how to make it
    assert "regsync_readme_absent_db" in result.err
    assert "createdb -h 127.0.0.1 -U postgres regsync_readme_absent_db" in result.err
    assert "地址和端口正确" not in result.err
    assert not (home / "config.json").exists()
    en = cli("--lang", "en", "init", "--home", str(home), "--role", "city", "--name", "太原",
             "--city", "140100", "--db", url)  # fmt: skip
    assert "has no database 'regsync_readme_absent_db'" in en.err


def test_an_unreachable_server_still_blames_the_address(cli: Cli, tmp_path: Path) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:1/regsync"
    result = cli("init", "--home", str(tmp_path / "c"), "--role", "city", "--name", "太原",
                 "--city", "140100", "--db", url)  # fmt: skip
    assert result.code == 1
    assert "地址和端口正确" in result.err
    assert "createdb" not in result.err


def test_the_demo_prints_its_passphrase_and_progress_through_the_flow_back(
    cli: Cli, tmp_path: Path
) -> None:
    cli.env.pop("REGSYNC_PASSPHRASE")
    result = cli("--json", "demo", "--dir", str(tmp_path / "d"), "--enterprises", "2",
                 "--bundles-only")  # fmt: skip
    assert result.code == 0, result.err
    assert "演示口令 demo passphrase" in result.err  # at the start, before any key is made
    assert "演示口令 demo passphrase" in json.loads(result.out)["passphrase"]
    assert "回传：企业 2/2" in result.err  # no silent stretch while results flow back
    # the printed passphrase opens the demo's keys
    cli.env["REGSYNC_PASSPHRASE"] = "演示口令 demo passphrase"
    province = str(tmp_path / "d" / "province")
    cli.ok("node", "card", "--home", province, "-o", str(tmp_path / "p.card"))
    cli.ok("node", "certify", str(tmp_path / "p.card"), "--home", province,
           "-o", str(tmp_path / "p.cert"))  # fmt: skip  # signs: the key opened


def test_a_passphrase_the_user_set_is_not_echoed(cli: Cli, tmp_path: Path) -> None:
    result = cli("demo", "--dir", str(tmp_path / "d"), "--enterprises", "2", "--bundles-only")
    assert result.code == 0, result.err
    assert "测试口令" not in result.err + result.out
    assert "REGSYNC_PASSPHRASE" in result.err
