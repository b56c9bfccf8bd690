"""A list screen's table: ttk.Treeview with a check column, filled a page at a time.

Rows come from a *page source*: ``source(after, limit)`` returns up to ``limit``
rows whose keys follow ``after``.  The first page is shown at once; the next one is
fetched when the clerk scrolls to the bottom (or presses 更多记录), so a list of
100,000 applications opens as fast as one of 200 and never sits in memory whole.
"""

from __future__ import annotations

import dataclasses
import tkinter as tk
from collections.abc import Callable, Sequence
from tkinter import ttk

from regsync.core.catalogue import text

UNCHECKED, CHECKED = "☐", "☑"
PAGE_SIZE = 200
CHECK = "check"


@dataclasses.dataclass(frozen=True)
class Row:
    """One row: its key (the record key, used as the item id) and the cells shown."""

    key: str
    values: tuple[str, ...]
    tags: tuple[str, ...] = ()


PageSource = Callable[[str | None, int], Sequence[Row]]


@dataclasses.dataclass(frozen=True)
class Column:
    """A column: catalogue key of its header and its width in pixels."""

    name: str
    header: str
    width: int = 120
    stretch: bool = False  # takes the width left over (the 信息提示 column)


class PagedList(ttk.Frame):
    """The table, its scroll bar and a line saying how many rows are shown."""

    def __init__(
        self,
        master: tk.Misc,
        columns: Sequence[Column],
        lang: str,
        *,
        checkable: bool = True,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(master)
        self.lang, self.page_size, self.checkable = lang, page_size, checkable
        self.columns = ([Column(CHECK, "col.check", 44)] if checkable else []) + list(columns)
        self.tree = ttk.Treeview(
            self, columns=[c.name for c in self.columns], show="headings", selectmode="browse"
        )
        for column in self.columns:
            self.tree.heading(column.name, text=text(column.header, lang))
            if column.name == CHECK:
                self.tree.column(column.name, width=column.width, anchor="center", stretch=False)
            else:
                self.tree.column(
                    column.name, width=column.width, anchor="w", stretch=column.stretch
                )
        self.tree.tag_configure("error", foreground="#b00020")
        self.tree.tag_configure("warning", foreground="#8a5a00")
        self.scroll = ttk.Scrollbar(self, orient="vertical", command=self.tree.yview)
        self.hscroll = ttk.Scrollbar(self, orient="horizontal", command=self.tree.xview)
        self.tree.configure(yscrollcommand=self._scrolled, xscrollcommand=self.hscroll.set)
        self.footer = ttk.Frame(self)
        self.count_label = ttk.Label(self.footer, text="")
        self.more_button = ttk.Button(self.footer, text=text("btn.more", lang), command=self.more)
        self.tree.grid(row=0, column=0, sticky="nsew")
        self.scroll.grid(row=0, column=1, sticky="ns")
        self.hscroll.grid(row=1, column=0, sticky="ew")
        self.footer.grid(row=2, column=0, columnspan=2, sticky="ew")
        self.count_label.pack(side="left", padx=4)
        self.more_button.pack(side="right")
        self.rowconfigure(0, weight=1)
        self.columnconfigure(0, weight=1)
        self.tree.bind("<Button-1>", self._clicked, add=True)
        # A second quick click is a <Double-1>, not a <Button-1>: on the check column
        # it must toggle again, elsewhere it opens the row.
        self.tree.bind("<Double-1>", self._double_clicked, add=True)
        self.on_open: Callable[[str], object] | None = None
        self.source: PageSource | None = None
        self.fetched = 0  # rows fetched from the source since the last load (tests read it)
        self.has_more = False
        self._last_key: str | None = None
        self._checked: set[str] = set()

    # -- filling -------------------------------------------------------------------

    def load(self, source: PageSource) -> None:
        """Show the first page of ``source`` (the previous rows and ticks go)."""
        self.source = source
        self.tree.delete(*self.tree.get_children())
        self._checked.clear()
        self.fetched, self._last_key, self.has_more = 0, None, True
        self.more()

    def more(self) -> None:
        """Append the next page, if there is one."""
        if self.source is None or not self.has_more:
            return
        # One row more than a page tells whether another page follows, without a count.
        rows = list(self.source(self._last_key, self.page_size + 1))
        self.has_more = len(rows) > self.page_size
        page = rows[: self.page_size]
        self.fetched += len(rows)
        for row in page:
            cells = ((UNCHECKED,) if self.checkable else ()) + row.values
            self.tree.insert("", "end", iid=row.key, values=cells, tags=row.tags)
        if page:
            self._last_key = page[-1].key
        self._show_count()

    def _show_count(self) -> None:
        shown = len(self.tree.get_children())
        key = "msg.rows_more" if self.has_more else "msg.rows"
        self.count_label.configure(text=text(key, self.lang, shown=shown))
        self.more_button.state(["!disabled"] if self.has_more else ["disabled"])

    def _scrolled(self, first: float, last: float) -> None:  # Tk passes them as text
        self.scroll.set(first, last)
        # Reaching the bottom fetches the next page (after the scroll has been drawn).
        if float(last) >= 0.999 and self.has_more and self.fetched:
            self.after_idle(self.more)

    # -- the check column --------------------------------------------------------------

    def _clicked(self, event: tk.Event[tk.Misc]) -> str | None:
        if not self.checkable or self.tree.identify_region(event.x, event.y) != "cell":
            return None
        if self.tree.identify_column(event.x) != "#1":
            return None
        key = self.tree.identify_row(event.y)
        if key:
            self.set_checked(key, key not in self._checked)
        return "break"

    def _double_clicked(self, event: tk.Event[tk.Misc]) -> str | None:
        if self._clicked(event) == "break":
            return "break"
        key = self.tree.identify_row(event.y)
        if key and self.on_open is not None:
            self.on_open(key)
        return "break"

    def set_checked(self, key: str, checked: bool) -> None:
        """Tick or untick the row ``key``."""
        if checked:
            self._checked.add(key)
        else:
            self._checked.discard(key)
        self.tree.set(key, CHECK, CHECKED if checked else UNCHECKED)

    def check_all(self) -> None:
        """全选: tick every row shown."""
        for key in self.tree.get_children():
            self.set_checked(key, True)

    def checked(self) -> list[str]:
        """Keys of the ticked rows, in the order shown."""
        return [k for k in self.tree.get_children() if k in self._checked]

    def selected(self) -> str | None:
        """The key of the highlighted row, if any."""
        selection = self.tree.selection()
        return selection[0] if selection else None

    def row_keys(self) -> list[str]:
        """Keys of every row shown."""
        return list(self.tree.get_children())

    def cell(self, key: str, column: str) -> str:
        """The text of one cell."""
        return str(self.tree.set(key, column))
