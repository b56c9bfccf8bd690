"""The Tk shell under Xvfb: a private X server per session, a fresh Tk root per test.

The tests start Xvfb themselves (``-displayfd`` lets it pick a free display
number) and point ``DISPLAY`` at it.  Without Xvfb a local run skips these tests;
under ``make test`` or CI (``CI`` or ``REGSYNC_REQUIRE_XVFB`` set) it fails instead,
so the suite can never pass by silently skipping the window.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import subprocess
import time
import tkinter as tk
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from regsync.app.bootstrap import Services, open_node
from regsync.app.cli.context import Context
from regsync.app.cli.gui import shell_for
from regsync.core.model import Application
from regsync.gui_tk.listview import PagedList
from regsync.gui_tk.window import MainWindow, open_window
from regsync.gui_tk.worker import Job
from tests.conftest import Cli

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screens"
WAIT_LIMIT_S = 60  # a guard against hanging, never an assertion about speed


def _xvfb_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("REGSYNC_REQUIRE_XVFB") == "1"


@pytest.fixture(scope="session")
def xdisplay() -> Iterator[str]:
    """A private Xvfb display, set as ``DISPLAY`` for the session."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if _xvfb_required():
            pytest.fail("Xvfb is required (CI / make test) but not installed: apt-get install xvfb")
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        number = numbers.readline().strip()  # Xvfb writes the display once it is ready
    if not number:
        server.kill()
        pytest.fail("Xvfb did not start")
    previous = os.environ.get("DISPLAY")
    os.environ["DISPLAY"] = f":{number}"
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        if previous is None:
            os.environ.pop("DISPLAY", None)
        else:
            os.environ["DISPLAY"] = previous


@pytest.fixture
def root(xdisplay: str) -> Iterator[tk.Tk]:
    """A Tk root on the Xvfb display, destroyed after the test."""
    window = tk.Tk(className="regsync-test")
    try:
        yield window
    finally:
        window.destroy()
        # Free the interpreter here, on its own thread: a later worker thread's garbage
        # collection must never be the one to delete a Tcl interpreter (Tcl aborts).
        del window
        gc.collect()


def pump(root: tk.Misc, until: Callable[[], bool] = lambda: True) -> None:
    """Run the event loop until ``until()`` holds (fails, instead of hanging, if it never does)."""
    deadline = time.monotonic() + WAIT_LIMIT_S
    root.update()
    while not until():
        if time.monotonic() > deadline:
            pytest.fail("the window never reached the expected state")
        time.sleep(0.01)
        root.update()


def wait_job(root: tk.Misc, job: Job[object] | Job[str] | None) -> None:
    """Let a long job finish (its completion is handled on the UI thread)."""
    assert job is not None
    pump(root, lambda: job.finished)


def screenshot(window: MainWindow, name: str) -> Path:
    """Save the window as ``test-output/screens/<name>.png`` (notices closed first:
    Xvfb has no window manager, so every dialog sits on top of the window)."""
    root = window.root
    for child in root.winfo_children():
        if isinstance(child, tk.Toplevel):
            child.destroy()
    return grab(root, name)


def grab(window: tk.Misc, name: str) -> Path:
    """Save what the screen shows of ``window`` (a toplevel on top) as a PNG."""
    from PIL import ImageGrab

    pump(window)
    x, y = window.winfo_rootx(), window.winfo_rooty()
    box = (x, y, x + window.winfo_width(), y + window.winfo_height())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    ImageGrab.grab(bbox=box, xdisplay=os.environ["DISPLAY"]).save(path)
    return path


def services(cli: Cli, home: str) -> Services:
    """The node's services, wired as ``regsync gui`` wires them."""
    return open_node(Path(home), cli.env)


def window_for(root: tk.Tk, cli: Cli, s: Services, home: str, lang: str = "zh") -> MainWindow:
    """The window ``regsync gui --home HOME`` opens, built on ``root``."""
    ctx = Context(argparse.Namespace(lang=lang), Path(home), cli.env)
    window = open_window(shell_for(ctx, s), root)
    pump(root)
    return window


def no_bugs(window: MainWindow) -> None:
    """Fail if any screen raised (an exception in a callback is kept, not swallowed)."""
    assert window.notices.unexpected == [], window.notices.unexpected


def click_check(table: PagedList, key: str) -> None:
    """Click the check box of the row ``key`` (a real click on the cell)."""
    pump(table)
    table.tree.see(key)
    pump(table)
    x, y, width, height = table.tree.bbox(key, column="check")  # type: ignore[misc]
    table.tree.event_generate("<Button-1>", x=x + width // 2, y=y + height // 2)
    pump(table)


def double_click(table: PagedList, key: str, column: str) -> None:
    """Double-click the row ``key`` (a real event on one of its cells)."""
    pump(table)
    table.tree.see(key)
    pump(table)
    x, y, width, height = table.tree.bbox(key, column=column)  # type: ignore[misc]
    for _ in range(2):  # Tk makes a <Double-1> of two quick clicks on the same spot
        for event in ("<ButtonPress-1>", "<ButtonRelease-1>"):
            table.tree.event_generate(event, x=x + width // 2, y=y + height // 2)
    pump(table)


def stage_of(s: Services, number: str) -> str | None:
    """The stage of an application in a node's database (None if it has none)."""
    with s.unit_of_work() as uow:
        found = uow.get(Application, number)
    return None if found is None else str(found.stage)


def dialogs(root: tk.Misc, kind: type[T]) -> list[T]:
    """The open toplevels of a kind, oldest first."""
    return [w for w in root.winfo_children() if isinstance(w, kind)]
