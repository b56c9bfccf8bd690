"""The terminal progress line shared by bundles, sync and printing."""

from __future__ import annotations

import io

from regsync.app.progress import counted, show


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_printing_shows_every_form_on_a_terminal_only() -> None:
    tty = _Tty()
    for done in range(1, 4):
        show("打印申请表", done, 3, tty, every=1, minimum=2)
    assert tty.getvalue() == "\r打印申请表 1/3\r打印申请表 2/3\r打印申请表 3/3\n"
    single = _Tty()
    show("打印申请表", 1, 1, single, every=1, minimum=2)
    assert single.getvalue() == ""  # one form needs no progress line
    piped = io.StringIO()
    show("打印申请表", 1, 3, piped, every=1, minimum=2)
    assert piped.getvalue() == ""


def test_counted_passes_items_through_and_reports_every_500() -> None:
    tty = _Tty()
    assert list(counted("导入", iter(range(1000)), 1000, tty)) == list(range(1000))
    assert tty.getvalue() == "\r导入 500/1000\r导入 1000/1000\n"
