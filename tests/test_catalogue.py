"""The gettext catalogue (core/locale): complete in zh and en, compiled, and the only
home of the texts -- scripts/pairs_to_po.py moves pairs added in the old form into it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest
from babel.messages.pofile import read_po

from regsync.core import catalogue, i18n
from regsync.core.errors import CoreError, InvalidIdNumber

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "pairs_to_po.py"
PO = {lang: ROOT / "core" / "locale" / lang / "LC_MESSAGES" / "regsync.po" for lang in i18n.LANGS}


def _entries(lang: str) -> dict[str, str]:
    with PO[lang].open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale=lang) if m.id}


ZH, EN = _entries("zh"), _entries("en")


def test_both_languages_have_the_same_message_ids() -> None:
    assert set(ZH) == set(EN)
    assert len(ZH) > 700  # labels, errors, command-line help


def test_every_message_is_translated_in_zh_and_en() -> None:
    missing = {lang: sorted(k for k, v in found.items() if not v.strip())
               for lang, found in (("zh", ZH), ("en", EN))}  # fmt: skip
    assert missing == {"zh": [], "en": []}


def _placeholders(template: str) -> set[str]:
    """``{name}`` and ``%(name)s`` / ``%s`` placeholders; a ``_zh``/``_en`` suffix is
    the language's variant of one parameter (``{reason_zh}`` and ``{reason_en}``)."""
    names = set(re.findall(r"\{(\w*)[^{}]*\}", template.replace("{{", "").replace("}}", "")))
    names |= set(re.findall(r"%\((\w+)\)[sdr]", template))
    names |= {"%" + m for m in re.findall(r"%([sdr])", template.replace("%%", ""))}
    return {re.sub(r"_(zh|en)$", "", name) for name in names}


def test_zh_and_en_have_the_same_placeholders() -> None:
    differ = {k: (ZH[k], EN[k]) for k in ZH if _placeholders(ZH[k]) != _placeholders(EN[k])}
    assert differ == {}


def test_an_english_message_id_keeps_its_placeholders_in_zh() -> None:
    differ = [k for k in ZH if "%" in k and _placeholders(ZH[k]) != _placeholders(k)]
    assert differ == []


def test_nothing_is_left_to_convert_and_the_mo_files_are_compiled() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_runtime_reads_the_compiled_catalogue() -> None:
    assert catalogue.text("status.ready", "zh") == ZH["status.ready"] == "就绪"
    assert catalogue.text("status.ready", "en") == "Ready"
    assert catalogue.text("app.title", "en", edition="x").endswith("(x)")
    assert catalogue.has("status.ready")
    assert not catalogue.has("no.such.key")
    with pytest.raises(KeyError):
        catalogue.text("no.such.key")


def test_an_error_says_its_catalogue_entry_in_either_language() -> None:
    bad = InvalidIdNumber(field="身份证号", value="1", reason_zh="太短", reason_en="too short")
    assert "太短" in bad.message("zh")
    assert "不是有效的身份证号" in bad.message("zh")
    assert "too short" in bad.message("en")
    assert str(bad) == bad.message("en")


class _Added(CoreError):
    """An error added by another branch in the old form, before the script runs."""

    zh: ClassVar[str] = "新的错误 {x}"
    en: ClassVar[str] = "a new error {x}"


class _OneLanguage(_Added):
    en: ClassVar[str] = "only English overridden {x}"


class _Inherits(InvalidIdNumber):
    pass


def test_an_error_in_the_old_form_still_speaks_until_converted() -> None:
    assert _Added(x=1).message("zh") == "新的错误 1"
    assert _Added(x=1).message("en") == "a new error 1"
    assert _OneLanguage(x=2).message("zh") == "新的错误 2"
    assert _OneLanguage(x=2).message("en") == "only English overridden 2"
    inherited = _Inherits(field="f", value="v", reason_zh="z", reason_en="e")
    assert inherited.message("zh") == InvalidIdNumber(**inherited.params).message("zh")


def test_a_pair_in_the_old_form_wins_until_converted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(catalogue.TEXTS, "login.title", ("登录", "Log in"))
    monkeypatch.setitem(catalogue.TEXTS, "status.ready", ("就绪了", "Ready!"))
    assert catalogue.text("login.title", "en") == "Log in"
    assert catalogue.text("status.ready", "zh") == "就绪了"
    assert catalogue.has("login.title")


def _copy_tree(target: Path) -> None:
    for folder in ("core", "sync", "packages_bpz", "adapters", "gui_tk", "app", "scripts"):
        shutil.copytree(ROOT / folder, target / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip


def test_the_script_converts_what_other_branches_add_in_the_old_form(tmp_path: Path) -> None:
    """After a merge: a new catalogue_*.py module, its TEXTS.update line, a new error
    class with its two templates and one overriding a single language."""
    _copy_tree(tmp_path)
    core = tmp_path / "core"
    (core / "catalogue_login.py").write_text(
        '"""Labels of the login screen."""\n\n'
        "TEXTS: dict[str, tuple[str, str]] = {\n"
        '    "login.title": ("操作员登录", "Operator login"),\n'
        '    "login.greeting": ("欢迎，{name}", "Welcome, {name}"),\n'
        "}\n",
        encoding="utf-8",
    )
    with (core / "catalogue.py").open("a", encoding="utf-8") as handle:
        handle.write("from regsync.core.catalogue_login import TEXTS as _LOGIN  # noqa: E402\n"
                     "TEXTS.update(_LOGIN)\n")  # fmt: skip
    with (core / "errors.py").open("a", encoding="utf-8") as handle:
        handle.write(
            "\n\nclass WrongPassword(CoreError):\n"
            '    zh = "操作员 {name} 的密码不对"\n'
            '    en = "wrong password for operator {name}"\n'
            "\n\nclass WrongPasswordAgain(WrongPassword):\n"
            '    en = "wrong password again for operator {name}"\n'
        )
    script = tmp_path / "scripts" / "pairs_to_po.py"
    before = subprocess.run([sys.executable, str(script), "--check"],
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert before.returncode == 1
    assert "login.title" in before.stdout
    assert "error.WrongPassword" in before.stdout

    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    after = subprocess.run([sys.executable, str(script), "--check"],
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert after.returncode == 0, after.stdout

    source = (core / "errors.py").read_text(encoding="utf-8")
    assert 'msgid = N_("error.WrongPassword")' in source
    assert "的密码不对" not in source
    assert "操作员登录" not in (core / "catalogue_login.py").read_text(encoding="utf-8")
    zh_po = (core / "locale" / "zh" / "LC_MESSAGES" / "regsync.po").read_text(encoding="utf-8")
    en_po = (core / "locale" / "en" / "LC_MESSAGES" / "regsync.po").read_text(encoding="utf-8")
    assert 'msgid "login.title"\nmsgstr "操作员登录"' in zh_po
    assert 'msgid "login.title"\nmsgstr "Operator login"' in en_po
    # the class overriding en only keeps its parent's zh
    assert 'msgid "error.WrongPasswordAgain"\nmsgstr "操作员 {name} 的密码不对"' in zh_po
    assert 'msgstr "wrong password again for operator {name}"' in en_po
    assert (core / "locale" / "zh" / "LC_MESSAGES" / "regsync.mo").stat().st_size > 0
