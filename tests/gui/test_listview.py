"""The paged list: 100,000 rows open with one page fetched; ticks; the long-job window."""

from __future__ import annotations

import threading
import tkinter as tk
from collections.abc import Iterator, Sequence

from regsync.gui_tk.dialogs import Notices
from regsync.gui_tk.listview import Column, PagedList, Row
from regsync.gui_tk.services import Progress
from regsync.gui_tk.worker import Job
from tests.gui.conftest import click_check, pump

TOTAL = 100_000
PAGE = 200


class Generated:
    """A 100,000-row source that makes rows only when asked, and counts them."""

    def __init__(self, total: int = TOTAL) -> None:
        self.total = total
        self.made = 0

    def _rows(self, start: int) -> Iterator[Row]:
        for i in range(start, self.total):
            self.made += 1
            yield Row(f"{i:08d}", (f"申请 {i}", f"姓名{i % 97}"))

    def __call__(self, after: str | None, limit: int) -> Sequence[Row]:
        start = 0 if after is None else int(after) + 1
        rows = self._rows(start)
        return [row for _, row in zip(range(limit), rows, strict=False)]


def _table(root: tk.Tk) -> PagedList:
    table = PagedList(root, [Column("number", "col.number"), Column("name", "col.name")], "zh",
                      page_size=PAGE)  # fmt: skip
    table.pack(fill="both", expand=True)
    return table


def test_a_hundred_thousand_rows_open_one_page_at_a_time(root: tk.Tk) -> None:
    source, table = Generated(), _table(root)
    table.load(source)
    pump(root)
    # One page and the one row that tells a next page exists; nothing more is made.
    assert source.made == PAGE + 1
    assert len(table.row_keys()) == PAGE
    assert table.has_more
    assert str(table.count_label.cget("text")) == f"已显示 {PAGE} 条，还有更多"

    table.more_button.invoke()
    assert source.made == 2 * (PAGE + 1)
    assert len(table.row_keys()) == 2 * PAGE
    assert table.row_keys()[PAGE] == f"{PAGE:08d}"  # the second page follows the first exactly

    # Scrolling to the bottom fetches the next page.
    table.tree.yview_moveto(1.0)
    pump(root, lambda: len(table.row_keys()) == 3 * PAGE)
    assert source.made == 3 * (PAGE + 1)


def test_the_last_page_ends_the_list(root: tk.Tk) -> None:
    source, table = Generated(total=PAGE + 5), _table(root)
    table.load(source)
    table.more_button.invoke()
    assert len(table.row_keys()) == PAGE + 5
    assert not table.has_more
    assert table.more_button.instate(["disabled"])


def test_clicks_tick_and_untick_rows(root: tk.Tk) -> None:
    table = _table(root)
    table.load(Generated(total=3))
    click_check(table, "00000001")
    assert table.checked() == ["00000001"]
    assert table.cell("00000001", "check") == "☑"
    click_check(table, "00000001")
    assert table.checked() == []
    table.check_all()
    assert table.checked() == ["00000000", "00000001", "00000002"]


def test_cancel_stops_the_work_at_its_next_step(root: tk.Tk) -> None:
    notices = Notices(root, "zh")
    started, release = threading.Event(), threading.Event()
    steps: list[int] = []

    def work(progress: Progress) -> int:
        started.set()
        release.wait()
        for i in range(1, 4):
            progress(i, 3)  # raises once Cancel was pressed
            steps.append(i)
        return len(steps)

    job: Job[int] = Job(root, notices, "测试", work, lambda _n: None)
    assert started.wait(10)
    job.cancel_button.invoke()
    release.set()
    pump(root, lambda: job.finished)
    assert job.outcome == "cancelled"
    assert steps == []
    assert notices.log[-1].message == "已取消：测试（未写入任何数据）"


def test_a_failing_job_shows_its_error(root: tk.Tk) -> None:
    notices = Notices(root, "en")

    def work(_progress: Progress) -> None:
        raise ValueError("broken")

    job: Job[None] = Job(root, notices, "test", work, lambda _n: None)
    pump(root, lambda: job.finished)
    assert job.outcome == "failed"
    assert notices.log[-1].message == "ValueError: broken"
    assert len(notices.unexpected) == 1  # a bug, not a domain error: the suite would fail
