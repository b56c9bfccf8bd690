"""The one atomic-write helper: a file is at its name whole, or what it was before."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from regsync.packages_bpz import files
from regsync.packages_bpz.files import atomic_output, atomic_write, fsync_directory, publish


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_a_new_file_and_replaces_an_old_one(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    atomic_write(path, b"first")
    assert path.read_bytes() == b"first"
    atomic_write(path, b"second")
    assert path.read_bytes() == b"second"
    assert names(tmp_path) == ["config.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.json"
    atomic_write(path, b"the good one")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        atomic_write(path, b"half")
    assert path.read_bytes() == b"the good one"
    assert names(tmp_path) == ["config.json"]


def test_a_failed_rename_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    atomic_write(path, b"old")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="I/O error"):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert names(tmp_path) == ["state.json"]


def test_an_unwritable_folder_raises_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "missing" / "f", b"x")
    assert names(tmp_path) == []


def test_mode_is_exact_and_the_default_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o277)  # would take the owner's write bit away
    try:
        atomic_write(tmp_path / "node.key", b"k", mode=0o600)
        atomic_write(tmp_path / "card", b"c", mode=0o644)
        atomic_write(tmp_path / "plain", b"p")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "node.key").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "card").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "plain").stat().st_mode) == 0o666 & ~0o277


def test_replacing_keeps_the_given_mode(tmp_path: Path) -> None:
    path = tmp_path / "lock.json"
    atomic_write(path, b"1", mode=0o600)
    atomic_write(path, b"2", mode=0o600)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_exclusive_never_replaces(tmp_path: Path) -> None:
    path = tmp_path / "node.key"
    atomic_write(path, b"mine", exclusive=True)
    with pytest.raises(FileExistsError):
        atomic_write(path, b"another", exclusive=True)
    assert path.read_bytes() == b"mine"
    assert names(tmp_path) == ["node.key"]


def test_exclusive_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: object, dst: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "cert"
    atomic_write(path, b"evidence", exclusive=True, mode=0o644)
    assert path.read_bytes() == b"evidence"
    with pytest.raises(FileExistsError):
        atomic_write(path, b"other", exclusive=True)
    assert path.read_bytes() == b"evidence"
    assert names(tmp_path) == ["cert"]


def test_a_stale_temporary_file_does_not_block_a_write(tmp_path: Path) -> None:
    (tmp_path / ".f.0123456789abcdef.tmp").write_text("left by a killed writer")
    atomic_write(tmp_path / "f", b"x")
    assert (tmp_path / "f").read_bytes() == b"x"


def test_durable_writes_sync_the_file_and_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def counting(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", counting)
    atomic_write(tmp_path / "a", b"x")
    assert len(synced) == 2  # the file, then the folder
    atomic_write(tmp_path / "b", b"x", durable=False)
    assert len(synced) == 2


def test_a_folder_that_cannot_be_synced_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def no_directory_sync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", no_directory_sync)
    atomic_write(tmp_path / "f", b"x")
    assert (tmp_path / "f").read_bytes() == b"x"
    fsync_directory(tmp_path)


def test_atomic_output_publishes_what_the_block_wrote(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    with atomic_output(path) as tmp:
        assert tmp.parent == tmp_path
        assert tmp.name.startswith(".form.pdf.")
        assert not path.exists()
        tmp.write_bytes(b"%PDF")
    assert path.read_bytes() == b"%PDF"
    assert names(tmp_path) == ["form.pdf"]


def test_atomic_output_keeps_the_old_file_when_the_block_fails(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    path.write_bytes(b"the previous print")

    def render(tmp: Path) -> None:
        tmp.write_bytes(b"half a page")
        raise RuntimeError("the renderer failed")

    with pytest.raises(RuntimeError), atomic_output(path) as tmp:
        render(tmp)
    assert path.read_bytes() == b"the previous print"
    assert names(tmp_path) == ["form.pdf"]


def test_atomic_output_fails_before_the_work_in_an_unwritable_folder(tmp_path: Path) -> None:
    entered = False
    with pytest.raises(FileNotFoundError), atomic_output(tmp_path / "nowhere" / "f.pdf"):
        entered = True
    assert not entered


def test_publish_renames_a_kept_file(tmp_path: Path) -> None:
    (tmp_path / "node.key").write_bytes(b"old key")
    publish(tmp_path / "node.key", tmp_path / "node.key.retired")
    assert names(tmp_path) == ["node.key.retired"]


KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from regsync.packages_bpz.files import atomic_output

    with atomic_output(sys.argv[1]) as tmp:
        tmp.write_bytes(b"half of the new content")
        Path(sys.argv[2]).write_text("half way")
        time.sleep(60)
    """
)


def test_a_killed_write_leaves_the_old_file_intact(tmp_path: Path) -> None:
    path, marker = tmp_path / "config.json", tmp_path / "marker"
    atomic_write(path, b"the good one")
    child = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path), str(marker)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the writer died early"
            assert time.monotonic() < deadline, "the writer never got half way"
            time.sleep(0.02)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert path.read_bytes() == b"the good one"
    # At most the hidden temporary file stays (no cleanup runs after SIGKILL); it
    # never blocks the next write, which leaves no temporary file of its own.
    stray = [p.name for p in tmp_path.iterdir() if p not in (path, marker)]
    assert len(stray) == 1
    assert stray[0].startswith(".config.json.")
    assert stray[0].endswith(".tmp")
    atomic_write(path, b"next")
    assert path.read_bytes() == b"next"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["config.json", "marker", *stray])


def test_temporary_names_are_hidden_and_unique(tmp_path: Path) -> None:
    a, b = files.temporary_name(tmp_path / "x"), files.temporary_name(tmp_path / "x")
    assert a != b
    assert a.name.startswith(".x.")
    assert a.parent == tmp_path
