"""No traceback reaches a user (issue 18 item 2): each ordinary failure is one message
in the user's language with exit 1 (130 for Ctrl-C); a bug's traceback goes to the
rotated log in the node's home, which the message names."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from regsync.app.errors import InternalError
from regsync.app.last_resort import LOG_FOLDER, LOG_NAME, explain
from tests.conftest import Cli
from tests.terminal import RUN, answer_on_terminal

FIRM = ("init", "--role", "enterprise", "--name", "太原市建筑设计研究院",
        "--uscc", "91140100MA0GRP138M", "--city", "140100")  # fmt: skip


@pytest.fixture
def home(cli: Cli) -> Path:
    cli.ok(*FIRM)
    return Path(cli.env["REGSYNC_HOME"])


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text
    assert 'File "' not in text


def test_a_wrong_regsync_now_is_named(cli: Cli, home: Path) -> None:
    cli.env["REGSYNC_NOW"] = "yesterday"
    result = cli("person", "list")
    assert result.code == 1
    assert "REGSYNC_NOW" in result.err
    assert "yesterday" in result.err
    _no_traceback(result.err)


def test_a_negative_count_is_a_usage_error(cli: Cli, home: Path) -> None:
    result = cli("forward", "send", "X", "--retries", "-5")  # refused before anything runs
    assert result.code == 2
    assert "应不小于 0" in result.err


def test_a_locked_database_is_busy_not_a_traceback(cli: Cli, home: Path) -> None:
    holder = sqlite3.connect(home / "regsync.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = cli("person", "add", "--id-number", "110101199003074514", "--name", "张三")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 1
    assert "占用" in result.err
    _no_traceback(result.err)
    assert "张三" not in cli.ok("person", "list")  # nothing half-written


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_database_says_restore(cli: Cli, home: Path, damage: str) -> None:
    db = home / "regsync.db"
    cli.ok("person", "list")  # checkpointed: the whole database is in the main file
    data = db.read_bytes()
    for extra in ("regsync.db-wal", "regsync.db-shm"):
        (home / extra).unlink(missing_ok=True)
    db.write_bytes(b"not a database " * 400 if damage == "garbage" else data[: len(data) // 3])
    result = cli("person", "list")
    assert result.code == 1
    assert "损坏" in result.err
    assert "备份" in result.err
    _no_traceback(result.err)
    cli.env["REGSYNC_LANG"] = "en"
    assert "damaged" in cli("person", "list").err


def test_a_closed_pipe_stops_quietly(home: Path) -> None:
    env = {**os.environ, "REGSYNC_HOME": str(home)}
    reader_gone = subprocess.Popen(
        [*RUN, "--help"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert reader_gone.stdout is not None
    reader_gone.stdout.close()  # `regsync --help | head -0`
    assert reader_gone.stderr is not None
    err = reader_gone.stderr.read().decode()
    reader_gone.stderr.close()
    assert reader_gone.wait() == 0
    _no_traceback(err)
    listing = subprocess.Popen(
        [*RUN, "log"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert listing.stdout is not None
    listing.stdout.close()
    _, err_bytes = listing.communicate()
    assert listing.returncode == 0
    assert err_bytes == b""


def test_ctrl_c_at_the_passphrase_prompt(tmp_path: Path) -> None:
    """A real terminal: ``init`` asks for the new key's passphrase, the clerk presses
    Ctrl-C; one message, exit 130, and no half-made node is left in the home."""
    env = {k: v for k, v in os.environ.items() if k != "REGSYNC_PASSPHRASE"}
    home = tmp_path / "new-home"
    env |= {"REGSYNC_HOME": str(home), "REGSYNC_KDF": "min"}
    code, text = answer_on_terminal(FIRM, env, b"passphrase", b"\x03")  # Ctrl-C
    assert code == 130, text
    assert "已中断" in text
    _no_traceback(text)
    assert not (home / "config.json").exists()
    again = subprocess.run(  # and the clerk can start again
        [*RUN, *FIRM], env=env | {"REGSYNC_PASSPHRASE": "第二次 second try"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr


def test_a_bug_is_logged_and_the_message_names_the_log(tmp_path: Path) -> None:
    try:
        {}["missing"]  # a real bug, raised and caught as main would
    except KeyError as exc:
        error = explain(exc, tmp_path, ["regsync", "person", "list"])
    assert isinstance(error, InternalError)
    log = tmp_path / LOG_FOLDER / LOG_NAME
    assert str(log) in error.message("zh")
    assert "KeyError" in error.message("en")
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged
    assert "regsync person list" in logged


def test_a_bug_in_a_read_only_home_logs_to_the_temporary_folder(tmp_path: Path) -> None:
    blocked = tmp_path / "home-is-a-file"
    blocked.write_text("")
    error = explain(ValueError("boom"), blocked, ["regsync"])
    assert isinstance(error, InternalError)
    assert "regsync-logs" in error.message("zh")


def test_a_gbk_console_shows_what_it_cannot_print_as_question_marks(home: Path) -> None:
    """Windows' Chinese console encodes GBK: a name outside it must not crash a list
    (王䶮: U+4DAE is in CJK Extension A, which the font has and GBK has not)."""
    env = {**os.environ, "REGSYNC_HOME": str(home), "PYTHONIOENCODING": "gbk"}
    add = [*RUN, "person", "add", "--id-number", "110101199003074514", "--name", "王䶮"]
    assert subprocess.run(add, env=env, capture_output=True, check=False).returncode == 0
    listed = subprocess.run([*RUN, "person", "list"], env=env, capture_output=True, check=False)
    assert listed.returncode == 0, listed.stderr.decode("gbk", errors="replace")
    out = listed.stdout.decode("gbk")
    assert "王?" in out
    assert "110101199003074514" in out
