"""``regsync-gui`` (regsync.desktop): the window without a console.

With no console a refusal printed on stderr would be lost: it is shown in a dialog
(here a list stands in for the dialog).  The window itself is opened by the same
``regsync gui`` command the GUI tests drive (tests/gui/), and by the desktop build's
``regsync-gui`` in tests/gui/test_desktop.py.
"""

from __future__ import annotations

from pathlib import Path

from regsync.desktop import launch


def test_a_home_without_a_node_is_explained_in_a_dialog(tmp_path: Path) -> None:
    shown: list[str] = []
    code = launch([], {"REGSYNC_HOME": str(tmp_path / "empty")}, show=shown.append)
    assert code == 1
    assert len(shown) == 1
    assert "regsync init" in shown[0]
    assert str(tmp_path / "empty") in shown[0]  # the home of $REGSYNC_HOME, as regsync gui
    assert "Traceback" not in shown[0]


def test_options_are_those_of_regsync_gui(tmp_path: Path) -> None:
    shown: list[str] = []
    code = launch(["--home", str(tmp_path / "other"), "--lang", "en"], {}, show=shown.append)
    assert code == 1
    assert "no node in" in shown[0]
    assert str(tmp_path / "other") in shown[0]


def test_a_usage_error_is_shown_too(tmp_path: Path) -> None:
    shown: list[str] = []
    code = launch(["--no-such-option"], {"REGSYNC_HOME": str(tmp_path)}, show=shown.append)
    assert code == 2
    assert shown
    assert "--no-such-option" in shown[0]
