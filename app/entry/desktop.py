"""``regsync-gui``: the window without a console (a ``gui-scripts`` entry point).

On Windows it starts under ``pythonw`` (or as the desktop build's windowed
``regsync-gui.exe``), where there is no console: ``sys.stdout`` and ``sys.stderr``
are ``None`` and a message printed there is lost.  So the window is opened exactly
as ``regsync gui`` opens it (same home: ``--home``, else ``$REGSYNC_HOME``, else
``~/.regsync``; same options), and when it cannot open (no node in the home yet, a
damaged database...) the message the CLI would print is shown in a dialog instead.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Mapping, Sequence

from regsync.app.cli import language
from regsync.app.cli.main import main
from regsync.core import catalogue


def title() -> str:
    """The dialog's title in the command line's language (``--lang``, ``$REGSYNC_LANG``)."""
    return "regsync " + catalogue.text("cli.desktop.title", language.current())


def _dialog(text: str) -> None:
    """Show ``text`` in an error dialog (nothing when Tk cannot start either)."""
    try:
        import tkinter  # noqa: PLC0415  # only when there is something to show
        from tkinter import messagebox  # noqa: PLC0415

        root = tkinter.Tk()
    except Exception:  # no Tk, no display: the message went to stderr
        return
    root.withdraw()
    messagebox.showerror(title(), text, parent=root)
    root.destroy()


def launch(
    argv: Sequence[str], environ: Mapping[str, str], show: Callable[[str], None] = _dialog
) -> int:
    """Open the window of the node in the home; returns the exit code.

    A refusal (exit code other than 0) is handed to ``show`` as the text the CLI
    would print, and also written to the console when there is one.
    """
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        code = main(["gui", *argv], environ)
    message = captured.getvalue().strip()
    if message and sys.__stderr__ is not None:
        with contextlib.suppress(OSError, ValueError):
            print(message, file=sys.__stderr__)
    if code != 0 and message:
        show(message)
    return code


def run() -> None:
    """Console-less entry point (``[project.gui-scripts]``)."""
    # Under pythonw there are no standard streams; a library that writes to them
    # (a warning, a progress line) must not fail for that.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  # for the process
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  # for the process
    sys.exit(launch(sys.argv[1:], os.environ))
