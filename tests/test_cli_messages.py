"""Every text the command line prints comes from the catalogue, in zh and en (issue 18
item 5, issue 17 item 6): with ``--lang en`` no Chinese but the data (names), with zh
no English word but codes and data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from regsync.core import catalogue
from regsync.core.model import ApplicationKind, Specialty
from regsync.core.state import Stage
from tests.catalogue_pairs import pairs
from tests.conftest import Cli
from tests.test_zh_wording import ALLOWED, RETIRED, _without_code

TEXTS = pairs("cli.", "demo.")

CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
USCC = "91140100MA0GRP138M"
LI = "14010019800101001X"
# The data of these commands: names the user typed, never translated.
DATA = ("太原市建筑设计研究院", "李四")


def test_every_cli_pair_has_both_languages_alike() -> None:
    for key, (zh, en) in TEXTS.items():
        assert key.startswith(("cli.", "demo.")), key
        assert set(re.findall(r"\{(\w*)\}", zh)) == set(re.findall(r"\{(\w*)\}", en)), key
        assert not CJK.search(en), key
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z_]*", _without_code(zh))
                 if w not in ALLOWED]  # fmt: skip
        assert words == [], (key, zh)
        assert not any(term in zh for term in RETIRED), (key, zh)


def test_the_code_words_are_the_domain_words() -> None:
    """The kinds, specialties and stages the CLI shows say what the model says in zh."""
    for kind in ApplicationKind:
        assert catalogue.text(f"cli.kind.{kind.value}", "zh") == kind.zh
    for specialty in Specialty:
        assert catalogue.text(f"cli.specialty.{specialty.value}", "zh") == specialty.zh
    for stage in Stage:
        assert catalogue.text(f"cli.stage.{stage.value}", "zh") == stage.zh
        assert not CJK.search(catalogue.text(f"cli.stage.{stage.value}", "en"))


def _without_data(text: str) -> str:
    for value in DATA:
        text = text.replace(value, " ")
    return text


def _english_words(text: str) -> list[str]:
    """Latin words of ``text`` that are not codes (ids, numbers, dates, commands)."""
    text = re.sub(r"(?:[0-9a-f]{4} ){3}[0-9a-f]{4}", " ", _without_data(text))  # fingerprints
    text = re.sub(r"\b[\w-]*\d[\w-]*\b", " ", _without_code(text))
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_]*", text) if w not in ALLOWED]


def _enterprise(cli: Cli, tmp_path: Path) -> str:
    cli.ok("init", "--role", "enterprise", "--name", DATA[0], "--uscc", USCC,
           "--city", "140100", "--enterprise-number", "0001")  # fmt: skip
    cli.ok("person", "add", "--id-number", LI, "--name", "李四")
    return cli.ok("apply", "new", "--kind", "initial", "--specialty", "architect",
                  "--person", LI)  # fmt: skip


def _run_all(cli: Cli, tmp_path: Path, lang: str) -> list[str]:
    """The outputs (and errors) of a few commands on an enterprise node in ``lang``."""
    number = _enterprise(cli, tmp_path)
    outputs = [
        cli.ok("--lang", lang, "person", "list"),
        cli.ok("--lang", lang, "apply", "list"),
        cli.ok("--lang", lang, "perf", "add", number, "--project", "P", "--role", "R"),
        cli.ok("--lang", lang, "status"),
        cli.ok("--lang", lang, "registry", "person", "list"),
        cli.ok("--lang", lang, "node", "card", "-o", str(tmp_path / "firm.card")),
        cli.ok("--lang", lang, "apply", "delete", number),
        cli.ok("--lang", lang, "apply", "list"),
        cli.ok("--lang", lang, "db", "status"),
    ]
    refused = cli("--lang", lang, "apply", "delete", number)
    assert refused.code == 1
    return [*outputs, refused.err]


def test_english_command_line_prints_no_chinese(cli: Cli, tmp_path: Path) -> None:
    outputs = _run_all(cli, tmp_path, "en")
    assert "Deleted the draft" in outputs[6]
    for text in outputs:
        assert not CJK.search(_without_data(text)), text


def test_chinese_command_line_prints_no_english_word(cli: Cli, tmp_path: Path) -> None:
    outputs = _run_all(cli, tmp_path, "zh")
    assert "已删除草稿" in outputs[6]
    for text in outputs:
        assert _english_words(text) == [], text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_regsync_lang_chooses_the_language_too(cli: Cli, tmp_path: Path, lang: str) -> None:
    _enterprise(cli, tmp_path)
    cli.env["REGSYNC_LANG"] = lang
    shown = cli.ok("apply", "list")
    assert ("初始注册" in shown) is (lang == "zh")
    assert ("initial registration" in shown) is (lang == "en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_demo_summary_speaks_the_demo_language(lang: str) -> None:
    from regsync.app.demo.command import summary_text
    from regsync.app.demo.story import login_line, passphrase_line
    from regsync.app.demo.world import ADMIN_PASSWORD, ADMIN_USER, PASSPHRASE, use_language

    use_language(lang)
    summary = {
        "offices": {"province": 1, "cities": 11, "enterprises": 3},
        "transport": {"bundle": 1, "http": 2, "servers": {"140100": "http://127.0.0.1:1"}},
        "stages_at_province": {}, "stages_at_enterprises": {"issued": 4},
        "personal_packages": 1, "check_failure": "X-1", "refused_and_resubmitted": "X-2",
        "conflicts": {"total": 1, "resolved": 1, "resolution": "01ABC"},
        "files": ["/tmp/a.pdf"], "notes": [],
        "where": {"taiyuan": "/tmp/t", "first_enterprise": "/tmp/f"},
        "passphrase": passphrase_line({"REGSYNC_PASSPHRASE": PASSPHRASE}, {}),
        "passphrase_given": False,
        "login": {"line": login_line()},
        "commands": 9, "seconds": 1.5,
    }  # fmt: skip
    shown = summary_text(summary, lang)
    for data in (PASSPHRASE, ADMIN_PASSWORD, ADMIN_USER):  # the demo's values
        shown = shown.replace(data, "")
    if lang == "en":
        assert "demo finished" in shown
        assert not CJK.search(shown), shown
    else:
        assert "演示完成" in shown
        assert _english_words(shown) == [], shown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_exported_workbook_has_its_headers_in_the_command_line_language(
    cli: Cli, tmp_path: Path, lang: str
) -> None:
    from openpyxl import load_workbook  # only this test reads a workbook

    _enterprise(cli, tmp_path)
    out = tmp_path / f"applications-{lang}.xlsx"
    cli.ok("--lang", lang, "export", "applications", "-o", str(out))
    sheet = load_workbook(out, read_only=True).active
    assert sheet is not None
    cells = [str(c) for row in sheet.iter_rows(max_row=1, values_only=True) for c in row if c]
    headers = " ".join(cells)
    assert bool(CJK.search(headers)) is (lang == "zh"), headers
