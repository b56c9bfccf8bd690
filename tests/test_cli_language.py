"""The command line speaks the user's language: help texts, argparse's own messages and
argument errors (zh by default, ``--lang en`` or ``$REGSYNC_LANG=en``)."""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from regsync.app.cli import language
from regsync.app.cli.language import parser_texts, prescan
from regsync.app.cli.main import build_parser, main
from regsync.app.cli.render import code_text, table_text
from regsync.core import i18n
from regsync.core.exports import QUERIES
from regsync.core.i18n import N_

ROOT = Path(__file__).resolve().parent.parent
HELP_TEXTS = sorted(set(parser_texts(build_parser())))


def _english(text: str) -> bool:
    """A text in English: Latin words and no Chinese (option names and values such as
    ``--via http`` or ``exam 考试`` inside a Chinese sentence are code, not English)."""
    return len(re.findall(r"\b[a-z]{3,}\b", text)) >= 2 and not re.search(r"[\u4e00-\u9fff]", text)


def test_every_help_text_has_a_zh_translation() -> None:
    """A command added with an English help text fails here until its zh entry is in
    core/locale/zh/LC_MESSAGES/regsync.po (scripts/pairs_to_po.py adds the id)."""
    missing = [text for text in HELP_TEXTS if i18n.lookup(text, "zh") is None]
    assert missing == [], "help texts without a zh translation (add them to the zh .po)"


def test_no_zh_translation_is_left_in_english() -> None:
    untranslated = [t for t in HELP_TEXTS if _english(i18n.gettext_or_id(t, "zh"))]
    assert untranslated == []


def _run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "regsync", *argv], capture_output=True,
                          text=True, env=environ, check=False)  # fmt: skip


@pytest.mark.parametrize("argv", [(), ("init",), ("forward", "send")], ids=["top", "init", "sub"])
def test_help_in_zh_has_no_english_help(argv: tuple[str, ...]) -> None:
    done = _run(*argv, "--help")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("用法：regsync")
    assert "选项" in out
    for word in ("usage:", "options:", "show this help message", "positional arguments"):
        assert word not in out
    shown_in_english = [t for t in HELP_TEXTS if _english(t) and t in out]
    assert shown_in_english == []


@pytest.mark.parametrize("how", ["flag", "env"])
def test_help_in_en(how: str) -> None:
    done = (
        _run("--lang", "en", "init", "--help")
        if how == "flag"
        else _run("init", "--help", env={"REGSYNC_LANG": "en"})
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: regsync init")
    assert "create a node (database, key, config) in the home" in done.stdout
    assert "options:" in done.stdout
    assert not re.search(r"[\u4e00-\u9fff]{4,}", done.stdout.replace("太原", ""))


def test_usage_errors_in_either_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init"], {}) == 2
    err = capsys.readouterr().err
    assert "regsync init：错误：缺少必需的参数：--role, --name" in err
    assert main(["init"], {"REGSYNC_LANG": "en"}) == 2
    err = capsys.readouterr().err
    assert "regsync init: error: the following arguments are required: --role, --name" in err
    assert main(["sync", "--retries", "-5"], {}) == 2
    assert "参数 --retries：应不小于 0：-5" in capsys.readouterr().err
    assert main(["--lang", "en", "sync", "--retries", "x"], {}) == 2
    assert "argument --retries: not a number: x" in capsys.readouterr().err
    assert main(["no-such-command"], {}) == 2
    assert "无效的选项" in capsys.readouterr().err


def test_the_language_is_known_before_parsing() -> None:
    assert prescan(["--lang", "en", "init"], {}) == "en"
    assert prescan(["init", "--lang=en"], {}) == "en"
    assert prescan(["init"], {"REGSYNC_LANG": "en"}) == "en"
    assert prescan(["init", "--lang", "zh"], {"REGSYNC_LANG": "en"}) == "zh"
    assert prescan(["init", "--", "--lang", "en"], {}) == "zh"
    assert prescan([], {}) == "zh"


def test_a_help_text_marked_with_n_is_translated() -> None:
    """The mechanism other commands use: ``help=N_("...")`` with a zh entry."""
    parser = argparse.ArgumentParser(prog="x", formatter_class=language.Formatter)
    parser.add_argument("--one", help=N_("show one application"))
    try:
        language.use("zh")
        assert "显示一份申请" in parser.format_help()
        language.use("en")
        assert "show one application" in parser.format_help()
    finally:
        language.use("zh")


def _table_headers() -> set[str]:
    """The header literals of the CLI's tables (``table_text([...])``, ``headers = [...]``)
    and the columns of the exports ``regsync query`` shows."""
    found: set[str] = set()
    for path in (ROOT / "app" / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            listed = None
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "table_text":
                listed = node.args[0] if node.args else None
            if isinstance(node, ast.Assign) and any(
                getattr(t, "id", "").lower().endswith("headers") for t in node.targets
            ):
                listed = node.value
            if isinstance(listed, ast.List):
                found |= {e.value for e in listed.elts
                          if isinstance(e, ast.Constant) and isinstance(e.value, str)}  # fmt: skip
    for query in QUERIES.values():
        found |= {column.header for column in query.columns}
    return found


def test_every_table_header_is_in_the_catalogue() -> None:
    headers = _table_headers()
    assert len(headers) > 50
    missing = sorted(h for h in headers if i18n.lookup(f"table.{h}", "en") is None)
    assert missing == [], "add table.<header> to both .po files"


def test_table_headers_follow_the_language() -> None:
    try:
        language.use("en")
        shown = table_text(["申请编号", "姓名", "轮次"], [("X-1", "王五", 1)])
        assert shown.splitlines()[0].split() == ["Application", "Name", "Round"]
        language.use("zh")
        assert table_text(["scope", "seq"], [("a", 1)]).splitlines()[0].split() == ["范围", "序号"]
    finally:
        language.use("zh")


def test_stored_codes_are_shown_as_words() -> None:
    assert code_text("gender.{}", "female", "zh") == "女"
    assert code_text("gender.{}", "female", "en") == "female"
    assert code_text("reg.enterprise_{}", "active", "zh") == "有效"
    assert code_text("gender.{}", "unknown-code", "zh") == "unknown-code"
