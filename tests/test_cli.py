"""The first commands end to end, through main(argv), on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest

from regsync.core.numbering import parse_number
from tests.conftest import Cli

USCC = "91140100MA0GRP138M"
ZHANG = "11010519491231002X"  # GB 11643 example; born 1949 -> age warning
LI = "14010019800101001X"  # check character computed by GB 11643


def _init_enterprise(cli: Cli, db_url: str) -> dict[str, str]:
    out = cli.ok(
        "--json",
        "init",
        "--role",
        "enterprise",
        "--name",
        "太原市建筑设计研究院",
        "--uscc",
        USCC,
        "--city",
        "140100",
        "--enterprise-number",
        "0001",
        "--db",
        db_url,
    )
    return dict(json.loads(out))


def _log(cli: Cli) -> list[dict[str, object]]:
    return list(json.loads(cli.ok("--json", "log")))


def test_init_person_apply_check_log(cli: Cli, db_url: str) -> None:
    init = _init_enterprise(cli, db_url)
    assert init["scope"] == f"enterprise:{USCC}"
    shown = json.loads(cli.ok("--json", "node", "show"))
    assert shown["node_id"] == init["node_id"]
    assert len(shown["public_key"]) == 64

    person = json.loads(
        cli.ok(
            "--json",
            "person",
            "add",
            "--id-number",
            LI,
            "--name",
            "李四",
            "--qualification-cert",
            "A-001",
            "--qualification-date",
            "2025-06-30",
        )
    )
    assert (person["gender"], person["birth_date"]) == ("male", "1980-01-01")
    assert [p["id_number"] for p in json.loads(cli.ok("--json", "person", "list"))] == [LI]

    number = cli.ok("apply", "new", "--kind", "initial", "--specialty", "architect", "--person", LI)
    parsed = parse_number(number)
    assert (parsed.city_code, parsed.enterprise_number, parsed.sequence) == ("140100", "0001", 1)

    check = cli("--json", "check", number)
    assert check.code == 1  # no performance record yet
    codes = {m["code"] for m in json.loads(check.out)["messages"]}
    assert "application.no_performance" in codes

    cli.ok(
        "perf",
        "add",
        number,
        "--project",
        "太原某住宅小区",
        "--role",
        "专业负责人",
        "--start",
        "2023-01-01",
        "--end",
        "2024-06-30",
    )
    assert cli("check", number).code == 0

    app = json.loads(cli.ok("--json", "apply", "show", number))
    assert app["application"]["qualification_cert_no"] == "A-001"
    assert len(app["performance"]) == 1

    log = _log(cli)
    scope_log = [cs for cs in log if cs["scope"] == f"enterprise:{USCC}"]
    assert [cs["seq"] for cs in scope_log] == [1, 2, 3, 4]
    for prev, cs in itertools.pairwise(scope_log):
        assert cs["prev_hash"] == prev["hash"]
    assert scope_log[2]["records"] == [f"application:{number}"]
    text = cli.ok("log")
    assert str(scope_log[-1]["hash"])[:12] in text
    assert json.loads(cli.ok("--json", "log", "--limit", "2")) == log[-2:]


def test_edit_and_name_mismatch_blocks_check(cli: Cli, db_url: str) -> None:
    _init_enterprise(cli, db_url)
    cli.ok("person", "add", "--id-number", LI, "--name", "李四")
    number = cli.ok(
        "apply",
        "new",
        "--kind",
        "amend_reissue",
        "--specialty",
        "structural",
        "--person",
        LI,
        "--set",
        "registration_cert_no=S-9",
        "--set",
        "reason=遗失补办",
        "--reissue",
        "certificate",
        "--loss-newspaper",
        "山西日报",
        "--loss-date",
        "2020-01-05",
    )
    assert cli("check", number).code == 0
    cli.ok("apply", "edit", number, "--set", "enterprise_name=旧名称设计院")
    result = cli("--lang", "en", "check", number)
    assert result.code == 1
    assert "旧名称设计院" in result.out
    assert "cannot be reported" in result.out
    listed = json.loads(cli.ok("--json", "apply", "list"))
    assert [a["number"] for a in listed] == [number]


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["person", "add", "--id-number", "110105194912310021", "--name", "x"], "身份证号"),
        (["person", "add", "--id-number", "1101051949123100", "--name", "x"], "18"),
        (
            [
                "person",
                "add",
                "--id-number",
                LI,
                "--name",
                "x",
                "--qualification-date",
                "2025-13-01",
            ],
            "年-月-日格式的日期",
        ),
        (
            ["apply", "new", "--kind", "initial", "--specialty", "architect", "--person", ZHANG],
            "找不到",
        ),
        (["apply", "edit", "140100261000100019", "--set", "stage=approved"], "stage"),
        (["apply", "show", "140100261000100010"], "找不到"),
        (["check", "999"], "找不到"),
    ],
)
def test_bad_input_is_one_clear_message_and_writes_nothing(
    cli: Cli, tmp_path: Path, argv: list[str], needle: str
) -> None:
    _init_enterprise(cli, f"sqlite:///{tmp_path / 'n.db'}")
    cli.ok("person", "add", "--id-number", LI, "--name", "李四")
    cli.ok("apply", "new", "--kind", "initial", "--specialty", "architect", "--person", LI)
    before = _log(cli)
    result = cli(*argv)
    assert result.code == 1
    assert result.out == ""
    assert needle in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert _log(cli) == before


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--uscc", "91140100MA0GRP13", "--city", "140100"], "18"),
        (["--uscc", "91140100MA0GRP1X2C", "--city", "140100"], "--uscc-confirmed"),
        (["--uscc", USCC, "--city", "140199"], "140199"),
        (["--city", "140100"], "--uscc"),
        (["--uscc", USCC, "--city", "140100", "--org-code", "MA0GRP13-9"], "MA0GRP13-9"),
        (["--uscc", USCC, "--city", "140100", "--org-code", "D2143569-X"], "9-17"),
        (["--uscc", USCC], "--city"),
        (["--uscc", USCC, "--city", "140100", "--enterprise-number", "12"], "--enterprise-number"),
        (["--uscc", USCC, "--city", "140100", "--db", "mysql://x"], "mysql"),
        (["--uscc", USCC, "--city", "140100", "--db", "not a url"], "--db"),
        (
            [
                "--uscc",
                USCC,
                "--city",
                "140100",
                "--db",
                "postgresql+psycopg://postgres@127.0.0.1:1/x",
            ],
            "127.0.0.1",
        ),
    ],
)
def test_bad_init_leaves_no_home(cli: Cli, tmp_path: Path, extra: list[str], needle: str) -> None:
    home = tmp_path / "fresh"
    result = cli("init", "--home", str(home), "--role", "enterprise", "--name", "某院", *extra)
    assert result.code == 1, result.err
    assert needle in result.err
    assert not home.exists()


def test_matching_org_code_is_accepted(cli: Cli, tmp_path: Path) -> None:
    cli.ok("init", "--role", "enterprise", "--name", "某院", "--uscc", USCC, "--city", "140100",
           "--org-code", "ma0grp13-8", "--db", f"sqlite:///{tmp_path / 'n.db'}")  # fmt: skip
    assert cli.ok("node", "show")


def test_confirmed_nonconforming_uscc_is_accepted(cli: Cli, tmp_path: Path) -> None:
    cli.ok(
        "init",
        "--role",
        "enterprise",
        "--name",
        "老代码设计院",
        "--uscc",
        "91140100MA0GRP1X2C",
        "--uscc-confirmed",
        "--city",
        "140100",
        "--db",
        f"sqlite:///{tmp_path / 'n.db'}",
    )
    assert json.loads(cli.ok("--json", "node", "show"))["uscc"] == "91140100MA0GRP1X2C"


def test_second_init_in_same_home_is_refused(cli: Cli, tmp_path: Path) -> None:
    _init_enterprise(cli, f"sqlite:///{tmp_path / 'n.db'}")
    before = _log(cli)
    result = cli("init", "--role", "city", "--name", "太原市住建局", "--city", "140100")
    assert result.code == 1
    assert "已有节点" in result.err
    assert _log(cli) == before


def test_commands_before_init_say_how_to_start(cli: Cli) -> None:
    result = cli("--lang", "en", "person", "list")
    assert result.code == 1
    assert "regsync init" in result.err


def test_usage_errors_exit_2(cli: Cli) -> None:
    assert cli("apply", "new", "--kind", "bogus").code == 2
    assert cli("no-such-command").code == 2
    assert cli("init", "--role", "mayor", "--name", "x").code == 2


def test_json_errors_are_json_on_stderr(cli: Cli) -> None:
    result = cli("--json", "node", "show")
    assert result.code == 1
    assert result.out == ""
    assert json.loads(result.err)["error"] == "HomeNotInitialised"


def test_city_and_province_nodes(cli: Cli, tmp_path: Path) -> None:
    city = json.loads(
        cli.ok(
            "--json",
            "init",
            "--home",
            str(tmp_path / "c"),
            "--role",
            "city",
            "--name",
            "太原市住建局",
            "--city",
            "140100",
        )
    )
    assert city["scope"] == "city:140100"
    province = json.loads(
        cli.ok(
            "--json",
            "init",
            "--home",
            str(tmp_path / "p"),
            "--role",
            "province",
            "--name",
            "山西省住建厅",
        )
    )
    assert province["scope"] == "province"
    refused = cli("--home", str(tmp_path / "c"), "person", "add", "--id-number", LI, "--name", "x")
    assert refused.code == 1
    assert "地市版" in refused.err  # the edition in words, not its code


_COLUMNS_0004 = {
    "person": ("ethnicity", "photo", "qualification_route", "contract_start", "contract_end",
               "previous_seal_no"),
    "enterprise": ("qualification_category", "qualification_grade"),
    "application": ("amend_mode", "amend_item", "amend_old_value", "amend_new_value",
                    "reissue_items", "loss_newspaper", "loss_declared_on"),
}  # fmt: skip


def test_outdated_database_names_the_upgrade_command(cli: Cli, tmp_path: Path) -> None:
    import importlib

    import sqlalchemy as sa

    migration = "regsync.adapters.sql.migrations.versions.0006_lookup_indexes"
    lookup_indexes = importlib.import_module(migration).INDEXES

    db_file = tmp_path / "n.db"
    _init_enterprise(cli, f"sqlite:///{db_file}")
    engine = sa.create_engine(f"sqlite:///{db_file}")
    with engine.begin() as conn:  # pretend the database predates migration 0002
        for table in ("changeset", "stream", "record_version", "node_local", "request_nonce"):
            conn.execute(sa.text(f"DROP TABLE {table}"))
        # ... and migration 0004's columns (the office fields of issue 16).
        for table, columns in _COLUMNS_0004.items():
            for column in columns:
                conn.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        # ... and migration 0006's look-up indexes.
        for table, column in lookup_indexes:
            conn.execute(sa.text(f"DROP INDEX IF EXISTS ix_{table}_{column}"))
        # ... and migration 0007's index of a city's applications at a stage.
        conn.execute(sa.text("DROP INDEX ix_application_stage_city_code"))
        # ... and migration 0005's node-local operator tables.
        for table in ("operator_account", "login_failure"):
            conn.execute(sa.text(f"DROP TABLE {table}"))
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0001'"))
    engine.dispose()
    result = cli("person", "list")
    assert result.code == 1
    assert "regsync db upgrade" in result.err
    assert json.loads(cli.ok("--json", "db", "status"))["up_to_date"] is False
    from regsync.adapters.sql.migrate import head_revision

    assert json.loads(cli.ok("--json", "db", "upgrade"))["to"] == head_revision()
    assert json.loads(cli.ok("--json", "db", "status"))["up_to_date"] is True


def test_conflicts_commands_on_a_node_without_conflicts(cli: Cli, tmp_path: Path) -> None:
    _init_enterprise(cli, f"sqlite:///{tmp_path / 'n.db'}")
    assert json.loads(cli.ok("--json", "conflicts", "list", "--all")) == []
    missing = cli("conflicts", "resolve", "CFNOPE", "--take", "local")
    assert missing.code == 1
    assert "CFNOPE" in missing.err
    assert cli("conflicts", "resolve", "CFNOPE").code == 2  # --take or --set is required


def test_a_copied_home_opens_its_own_database(cli: Cli, tmp_path: Path) -> None:
    """config.json names the home's SQLite file relative to the home: a home copied to
    another folder (or another PC) writes to the copy, never to the original."""
    original = tmp_path / "original"
    cli.ok("init", "--role", "enterprise", "--name", "太原市建筑设计研究院",
           "--uscc", "91140100MA0GRP138M", "--city", "140100", "--home", str(original))  # fmt: skip
    copy = tmp_path / "copy"
    shutil.copytree(original, copy)
    cli.ok("person", "add", "--id-number", "110101199003074514", "--name", "张三",
           "--home", str(copy))  # fmt: skip
    assert "张三" in cli.ok("person", "list", "--home", str(copy))
    assert "张三" not in cli.ok("person", "list", "--home", str(original))
    shown = json.loads(cli.ok("--json", "node", "show", "--home", str(copy)))
    assert str(copy.resolve()) in shown["database"]
