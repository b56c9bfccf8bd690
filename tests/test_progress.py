"""The terminal progress line shared by bundles and printing."""

from __future__ import annotations

import io

import pytest

from regsync.app import progress as progress_module
from regsync.app.progress import counted, progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    tty = _Tty()
    monkeypatch.setattr(progress_module.sys, "stderr", tty)
    for done in range(1, 4):
        progress("打印申请表", done, 3, every=1, minimum=2)
    assert tty.getvalue() == "\r打印申请表 1/3\r打印申请表 2/3\r打印申请表 3/3\n"

    piped = io.StringIO()
    monkeypatch.setattr(progress_module.sys, "stderr", piped)
    progress("打印申请表", 1, 3, every=1, minimum=2)
    assert piped.getvalue() == ""


def test_counted_passes_items_through_and_reports_every_500(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tty = _Tty()
    monkeypatch.setattr(progress_module.sys, "stderr", tty)
    assert list(counted("导入", iter(range(1000)), 1000)) == list(range(1000))
    assert tty.getvalue() == "\r导入 500/1000\r导入 1000/1000\n"
