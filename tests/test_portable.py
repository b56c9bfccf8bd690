"""Nothing that runs only on POSIX outside the server and the PC/SC harness.

The users are clerks on Windows PCs: a module they run must not import a POSIX-only
module (``fcntl``, ``pwd``...), call a POSIX-only function (``os.fork``,
``os.getuid``...), name a signal Windows lacks (``signal.SIGKILL``...) or a POSIX
device path (``/dev/...``).  The scan reads the syntax tree of every module of the
package; the files that may (the sync server, which runs on Linux, and the identity
lock's test harness) are listed with the reason.  Code under a platform guard
(``if sys.platform != "win32":``, ``if hasattr(os, "fchmod"):``, ``try: import
fcntl / except ImportError``) is portable by construction and passes.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_FOLDERS = ("core", "sync", "packages_bpz", "adapters", "gui_tk", "app")

POSIX_MODULES = frozenset(
    {"fcntl", "pwd", "grp", "resource", "termios", "tty", "pty", "posix", "syslog",
     "crypt", "spwd", "nis", "pipes", "posixpath", "readline", "curses"}
)  # fmt: skip
POSIX_CALLS = {
    "os": frozenset(
        {"fork", "forkpty", "getuid", "geteuid", "getgid", "getegid", "setuid", "setgid",
         "setsid", "getpgid", "setpgid", "killpg", "getppid", "chown", "lchown", "fchown",
         "mkfifo", "mknod", "sync", "getloadavg", "wait3", "wait4", "sched_getaffinity",
         "pipe2", "nice", "uname", "statvfs", "fchmod", "WNOHANG"}
    ),
    "signal": frozenset(
        {"SIGKILL", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGALRM", "SIGQUIT",
         "SIGPIPE", "SIGSTOP", "SIGCONT", "SIGTSTP", "alarm", "setitimer", "pause",
         "siginterrupt", "pthread_kill", "pthread_sigmask", "sigwait"}
    ),
}  # fmt: skip
POSIX_PATHS = ("/dev/", "/proc/", "/sys/", "/run/", "/var/run/")

ALLOWED: dict[str, str] = {
    # The sync server runs on the city's and the province's Linux hosts (deploy/).
    "app/serve.py": "the sync server: worker processes and their signals",
    "adapters/http/guard.py": "the sync server's connection guard",
    "adapters/http/logs.py": "the sync server's logs",
    "adapters/http/server.py": "the sync server's app",
    "app/serve_secret.py": "the sync server's key handover to its workers (/dev/shm)",
    # The PC/SC harness: a virtual card behind vpcd for the identity-lock tests.
    "adapters/smartcard/emulator.py": "the virtual identity lock the tests drive",
    "adapters/smartcard/vpcd.py": "the vsmartcard-vpcd protocol of the test harness",
}
"""Files that may use POSIX-only code unguarded, and why."""


def _modules() -> list[Path]:
    return sorted(p for top in PACKAGE_FOLDERS for p in (ROOT / top).rglob("*.py"))


def _guarded(node: ast.AST) -> bool:
    """Whether ``node`` runs only where the platform allows: under an ``if`` that tests
    the platform (``sys.platform``, ``os.name``, ``hasattr(os, ...)``), or a ``try``
    that handles the ``ImportError``/``AttributeError`` of a missing module."""
    if isinstance(node, ast.If):
        test = ast.unparse(node.test)
        return any(mark in test for mark in ("sys.platform", "os.name", "hasattr("))
    if isinstance(node, ast.Try):
        caught = " ".join(ast.unparse(h.type) for h in node.handlers if h.type is not None)
        return "ImportError" in caught or "AttributeError" in caught
    return False


def _walk(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` but those under a platform guard."""
    nodes: list[ast.AST] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        nodes.append(node)
        if not _guarded(node):
            pending.extend(ast.iter_child_nodes(node))
    return nodes


def posix_uses(source: str) -> list[str]:
    """What in ``source`` runs only on POSIX, unguarded: one ``line: name`` per use."""
    found = []
    for node in _walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            attrs = POSIX_CALLS.get(node.module, frozenset())
            names += [f"{node.module}.{a.name}" for a in node.names if a.name in attrs]
        for name in names:
            top = name.split(".")[0]
            if top in POSIX_MODULES or (top in POSIX_CALLS and "." in name):
                found.append(f"{node.lineno}: {name}")
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.attr in POSIX_CALLS.get(node.value.id, ())
        ):
            found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith(POSIX_PATHS)
        ):
            found.append(f"{node.lineno}: {node.value!r}")
    return sorted(found, key=lambda use: int(use.split(":")[0]))


def test_no_posix_only_code_outside_the_allowed_files() -> None:
    offenders = {}
    for path in _modules():
        relative = path.relative_to(ROOT).as_posix()
        uses = posix_uses(path.read_text(encoding="utf-8"))
        if uses and relative not in ALLOWED:
            offenders[relative] = uses
    assert offenders == {}, f"POSIX-only code where a Windows PC runs it: {offenders}"


def test_every_allowed_file_exists() -> None:
    missing = [relative for relative in ALLOWED if not (ROOT / relative).is_file()]
    assert missing == [], "allowed files that no longer exist: drop them from ALLOWED"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import fcntl", ["1: fcntl"]),
        ("import os\nos.fork()", ["2: os.fork"]),
        ("from os import getuid", ["1: os.getuid"]),
        ("import signal\nx = signal.SIGKILL", ["2: signal.SIGKILL"]),
        ("import pwd as p", ["1: pwd"]),
        ("open('/dev/null')", ["1: '/dev/null'"]),
        ("import os\nos.kill(1, signal.SIGTERM)\nos.getpid()", []),
        ("import resource.x", ["1: resource.x"]),
        ("import sys\nif sys.platform != 'win32':\n    import resource", []),
        ("import os\nif hasattr(os, 'fchmod'):\n    os.fchmod(3, 0)", []),
        ("try:\n    import fcntl\nexcept ImportError:\n    fcntl = None", []),
        ("try:\n    import fcntl\nexcept OSError:\n    pass", ["2: fcntl"]),
        ("def f():\n    x = '/proc/self'\n    import pwd", ["2: '/proc/self'", "3: pwd"]),
    ],
)
def test_the_scan_finds_what_it_names(source: str, expected: list[str]) -> None:
    assert posix_uses(source) == expected
