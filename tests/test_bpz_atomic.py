"""Writing is atomic: a bundle is at its final name complete and synced, or not at all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from regsync.packages_bpz import (
    BundleInfo,
    NotABundle,
    Truncated,
    iter_items,
    read_header,
    write_bundle,
)
from regsync.packages_bpz.testing import KeySigner, sample_changesets

SIGNER = KeySigner()
INFO = BundleInfo(schema="0002", sender="ALICE")


def failing_items(after: int) -> Iterator[tuple[str, dict[str, Any]]]:
    for n, item in enumerate(sample_changesets(100_000, seed=3)):
        if n == after:
            raise RuntimeError("the database connection dropped")
        yield item


@pytest.mark.parametrize("after", [0, 1, 5_000])
def test_failing_item_iterator_leaves_nothing(tmp_path: Path, after: int) -> None:
    with pytest.raises(RuntimeError, match="connection dropped"):
        write_bundle(tmp_path / "out.bpz", failing_items(after), signer=SIGNER, info=INFO)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("after", [0, 5_000])
def test_a_spool_bundle_without_fsync_is_still_whole_or_absent(tmp_path: Path, after: int) -> None:
    with pytest.raises(RuntimeError, match="connection dropped"):
        write_bundle(tmp_path / "out.bpz", failing_items(after), signer=SIGNER, info=INFO,
                     durable=False)  # fmt: skip
    assert list(tmp_path.iterdir()) == []
    header = write_bundle(tmp_path / "out.bpz", sample_changesets(50), signer=SIGNER,
                          info=INFO, durable=False)  # fmt: skip
    assert read_header(tmp_path / "out.bpz") == header
    assert len(list(iter_items(tmp_path / "out.bpz", header))) == header.items > 0


def test_failed_write_keeps_the_previous_bundle(tmp_path: Path) -> None:
    path = tmp_path / "out.bpz"
    write_bundle(path, sample_changesets(50), signer=SIGNER, info=INFO)
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        write_bundle(path, failing_items(10), signer=SIGNER, info=INFO)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bpz"]


def test_a_faulty_signer_writes_nothing(tmp_path: Path) -> None:
    class Faulty(KeySigner):
        def sign(self, message: bytes) -> bytes:
            return bytes(64)

    with pytest.raises(ValueError, match="does not verify"):
        write_bundle(tmp_path / "out.bpz", sample_changesets(10), signer=Faulty(), info=INFO)
    assert list(tmp_path.iterdir()) == []


def test_overwriting_replaces_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "out.bpz"
    write_bundle(path, sample_changesets(5_000), signer=SIGNER, info=INFO)
    write_bundle(path, sample_changesets(3), signer=SIGNER, info=INFO)
    header = read_header(path)
    assert header.changes == 3
    assert sum(1 for _ in iter_items(path, header)) == header.items


CRASHING_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from regsync.packages_bpz import BundleInfo, write_bundle
    from regsync.packages_bpz.testing import KeySigner, sample_changesets

    def items():
        for n, item in enumerate(sample_changesets(10**9)):
            if n == 20_000:
                Path(sys.argv[2]).write_text("half way")
                time.sleep(60)
            yield item

    write_bundle(sys.argv[1], items(), signer=KeySigner(), info=BundleInfo("0002", "ALICE"))
    """
)


def test_kill_9_mid_write_leaves_no_file_at_the_final_name(tmp_path: Path) -> None:
    out, marker = tmp_path / "out.bpz", tmp_path / "marker"
    child = subprocess.Popen([sys.executable, "-c", CRASHING_WRITER, str(out), str(marker)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, "the writer died early"
            assert time.monotonic() < deadline, "the writer never got half way"
            time.sleep(0.05)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert not out.exists()
    leftovers = [p for p in tmp_path.iterdir() if p != marker]
    assert [p.name.startswith(".out.bpz.") and p.suffix == ".part" for p in leftovers] == [True]
    with pytest.raises((NotABundle, Truncated)):  # the prelude is written last
        read_header(leftovers[0])
