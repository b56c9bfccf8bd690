"""Every text the window shows comes from the catalogue, in the window's language
(issue 18 item 5, issue 17 item 6): an English window has no Chinese in its menus,
navigation or screens, a Chinese one no English words (bar PDF, Excel, USB ...);
and the window's code holds no Chinese text of its own."""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import re
import tkinter as tk
from pathlib import Path
from tkinter import ttk

import pytest

from regsync.core.catalogue import text
from regsync.core.checks.messages import Severity
from regsync.core.exports import QUERIES
from regsync.core.model import ApplicationKind, Role, Specialty
from regsync.core.state import Stage
from regsync.gui_tk import records
from regsync.gui_tk.labels import (
    gender_label,
    kind_label,
    messages_cell,
    specialty_label,
    stage_label,
    status_label,
)
from regsync.gui_tk.navigation import leaf_keys
from regsync.gui_tk.window import MainWindow
from tests.catalogue_pairs import pairs
from tests.conftest import Cli
from tests.gui.conftest import no_bugs, pump, services, window_for
from tests.gui.test_windows import _node
from tests.test_zh_wording import ALLOWED, _without_code

TEXTS = pairs("gui.")

GUI_TK = Path(__file__).resolve().parents[2] / "gui_tk"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _latin_words(shown: str) -> list[str]:
    """The English words of a Chinese text (codes, file names and allowed names apart)."""
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_]*", _without_code(shown)) if w not in ALLOWED]


def _menu_labels(menu: tk.Menu) -> list[str]:
    """Every label of a menu and of its cascades."""
    labels: list[str] = []
    last = menu.index("end")
    for i in range(0 if last is None else last + 1):
        if menu.type(i) in ("separator", "tearoff"):
            continue
        labels.append(str(menu.entrycget(i, "label")))
        if menu.type(i) == "cascade":
            labels += _menu_labels(menu.nametowidget(menu.entrycget(i, "menu")))
    return labels


def _nav_labels(tree: ttk.Treeview, item: str = "") -> list[str]:
    labels: list[str] = []
    for child in tree.get_children(item):
        labels.append(str(tree.item(child, "text")))
        labels += _nav_labels(tree, child)
    return labels


def _widget_texts(widget: tk.Misc) -> list[str]:
    """The texts a screen shows: labels, buttons, frames' titles, list headings and choices."""
    shown: list[str] = []
    if isinstance(widget, ttk.Treeview):
        shown += [str(widget.heading(c, "text")) for c in ("#0", *widget["columns"])]
    elif isinstance(widget, ttk.Combobox):
        shown += [str(v) for v in widget.cget("values")]
    elif isinstance(widget, ttk.Notebook):
        shown += [str(widget.tab(t, "text")) for t in widget.tabs()]
    else:
        with contextlib.suppress(tk.TclError):  # a widget without a text of its own
            shown.append(str(widget.cget("text")))
    for child in widget.winfo_children():
        shown += _widget_texts(child)
    return [s for s in shown if s.strip()]


def _window_texts(window: MainWindow) -> dict[str, list[str]]:
    """The window's title, menus and navigation, and each screen's texts, by where."""
    found = {
        "title": [window.root.title()],
        "menus": _menu_labels(window.chrome.menubar),
        "navigation": _nav_labels(window.nav),
    }
    for key in leaf_keys(window.role):
        window.open(key)
        pump(window.root)
        found[key] = _widget_texts(window.content)
    return found


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_an_english_window_shows_no_chinese(
    root: tk.Tk, cli: Cli, tmp_path: Path, role: Role
) -> None:
    office = _node(cli, tmp_path, role)
    with services(cli, office.home) as s:
        window = window_for(root, cli, s, office.home, lang="en")
        found = _window_texts(window)
        assert found["menus"]
        assert found["navigation"]
        chinese = {where: [t for t in texts if CJK.search(t)] for where, texts in found.items()}
        assert {where: texts for where, texts in chinese.items() if texts} == {}
        no_bugs(window)


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_a_chinese_window_shows_no_english_words(
    root: tk.Tk, cli: Cli, tmp_path: Path, role: Role
) -> None:
    office = _node(cli, tmp_path, role)
    with services(cli, office.home) as s:
        window = window_for(root, cli, s, office.home)
        found = _window_texts(window)
        assert found["menus"]
        assert found["navigation"]
        english = {where: [t for t in texts if _latin_words(t)] for where, texts in found.items()}
        assert {where: texts for where, texts in english.items() if texts} == {}
        no_bugs(window)


def _chinese_literals(path: Path) -> list[str]:
    """The string literals with Chinese in a module, docstrings (and attribute docs) apart."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and CJK.search(node.value)
    ]


def test_the_window_code_has_no_chinese_text_of_its_own() -> None:
    """Chinese the window shows is in the catalogue (comments and docstrings apart)."""
    assert [hit for path in sorted(GUI_TK.glob("*.py")) for hit in _chinese_literals(path)] == []


def test_the_window_pairs_read_right_in_each_language() -> None:
    for key, (zh, en) in TEXTS.items():
        assert key.startswith("gui."), key
        assert set(re.findall(r"\{(\w+)\}", zh)) == set(re.findall(r"\{(\w+)\}", en)), key
        assert not CJK.search(en), key
        assert _latin_words(zh) == [], key


def test_codes_are_shown_as_the_forms_words_in_chinese_and_english_words_in_english() -> None:
    """The zh words are the printed forms' (``ApplicationKind.zh`` ...); en ones have none."""
    for kind in ApplicationKind:
        assert kind_label(kind.value, "zh") == kind.zh
        assert not CJK.search(kind_label(kind.value, "en"))
    for specialty in Specialty:
        assert specialty_label(specialty.value, "zh") == specialty.zh
        assert not CJK.search(specialty_label(specialty.value, "en"))
    for stage in Stage:
        assert stage_label(stage.value, "zh") == stage.zh
        assert not CJK.search(stage_label(stage.value, "en"))
    assert [gender_label(g, "zh") for g in ("male", "female", None)] == ["男", "女", ""]
    assert [gender_label(g, "en") for g in ("male", "female")] == ["male", "female"]
    assert [status_label(s, "zh") for s in ("active", "stopped")] == ["有效", "停止注册"]
    assert [status_label(s, "en") for s in ("active", "stopped")] == ["valid", "stopped"]
    assert status_label("none", "zh") == ""  # never registered: no word
    assert kind_label("unknown_kind", "en") == "unknown_kind"  # a code without a word


@dataclasses.dataclass(frozen=True)
class _Message:
    """What the cell reads of a check message: its severity and its text."""

    severity: Severity
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def test_the_messages_cell_names_each_severity_in_the_window_language() -> None:
    warning = _Message(Severity.WARNING, "年龄偏大", "age is high")
    error = _Message(Severity.ERROR, "缺少照片", "photo missing")
    assert messages_cell([warning, error], "zh") == "[错误] 缺少照片；[警告] 年龄偏大"  # type: ignore[list-item]
    assert messages_cell([warning, error], "en") == "[error] photo missing; [warning] age is high"  # type: ignore[list-item]
    assert text("severity.error") == "错误"


def test_every_record_query_column_has_a_label_in_both_languages() -> None:
    """The record screens' headings: each workbook column is a catalogue label."""
    for name in ("certificates", "certificate-history", "leave-province", "exam-results",
                 "continuing-education", "registered-persons", "filed-registrations"):  # fmt: skip
        for column in QUERIES[name].columns:
            key = records.HEADERS[column.header]
            assert text(key, "zh") == column.header
            assert not CJK.search(text(key, "en"))
