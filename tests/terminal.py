"""Drive ``regsync`` on a real pseudo-terminal: wait for a prompt, type, read to the end."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
from collections.abc import Mapping, Sequence

RUN = [sys.executable, "-c", "from regsync.app.cli.main import run; run()"]
"""``regsync`` as a child process of this interpreter."""
WAIT_LIMIT_S = 60  # a guard against a hung child, not a speed limit


def answer_on_terminal(
    argv: Sequence[str], env: Mapping[str, str], prompt: bytes, keys: bytes
) -> tuple[int, str]:
    """Run ``regsync ARGV`` on a terminal, wait until it shows ``prompt``, type ``keys``
    (the terminal turns ``\\x03`` into SIGINT), and return its exit code and all it
    printed.  Fails if the prompt never shows."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: regsync on the pseudo-terminal
        os.execvpe(RUN[0], [*RUN, *argv], dict(env))
    seen = b""
    deadline = time.monotonic() + WAIT_LIMIT_S
    while prompt not in seen and time.monotonic() < deadline:
        if select.select([fd], [], [], 1)[0]:
            try:
                seen += os.read(fd, 1024)
            except OSError:  # the child ended before it asked
                break
    if prompt not in seen:
        os.waitpid(pid, 0)
        raise AssertionError(f"no prompt {prompt!r}: {seen.decode(errors='replace')}")
    os.write(fd, keys)
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), seen.decode(errors="replace")
