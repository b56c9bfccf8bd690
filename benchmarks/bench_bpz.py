"""Bundle-format benchmark: size against plain msgpack, throughput, peak read memory.

Run from the project root::

    .venv/bin/python benchmarks/bench_bpz.py [--changes N] [--repeat R]
                                             [--memory-changes M] [--seed S]

The workload is ``regsync.packages_bpz.testing.sample_changesets(N)``: hash-chained
changeset items shaped like the sync layer's (applications, persons, performance
records; new records with all fields and edits of one field; 1 to 12 changes per
changeset; Chinese names, valid-looking id numbers), built before timing.

``size``     bundle file bytes against the plain msgpack bytes of the same items
             (``packb([kind, map])`` each, summed); goal: ratio <= 0.45.  The same
             stream compressed with zstd level 3 alone is printed for reference.
``write``    ``write_bundle`` of the N changes to a file (atomic: fsync + rename),
             plain and sealed, best of R.
``read``     ``read_header`` plus iterating every item (digest pass, decryption,
             decompression, decoding), plain and sealed, best of R; the items are
             counted, not kept (an importer stages them in its database).
``memory``   peak RSS of a fresh process that reads a sealed bundle of M changes
             (written beforehand by another process); goal: < 500 MB.

Every bundle is checked after its timed runs: the items read back must equal the
items written, and the header's counts the workload's; a mismatch prints ``FAILED``
and exits with status 1.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgpack
import zstandard

from regsync.packages_bpz import BundleInfo, KeyUnsealer, iter_items, read_header, write_bundle
from regsync.packages_bpz.testing import KeySigner, sample_changesets

Items = list[tuple[str, dict[str, Any]]]
SENDER, RECIPIENT = KeySigner(), KeySigner()
INFO = BundleInfo(schema="0002", sender="BENCH-SENDER", recipient="BENCH-RECIPIENT")

MEMORY_CHILD = """
import json, resource, sys
from nacl.signing import SigningKey
from regsync.packages_bpz import BundleInfo, KeyUnsealer, iter_items, read_header, write_bundle
from regsync.packages_bpz.testing import KeySigner, sample_changesets

def peak_mb():
    # VmHWM is this process's own peak RSS; ru_maxrss would include the parent's RSS at
    # fork time, which Linux carries across exec.
    try:
        with open("/proc/self/status") as status:
            return int(next(l for l in status if l.startswith("VmHWM:")).split()[1]) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

mode, path, changes, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
recipient = SigningKey(bytes(range(32)))
if mode == "write":
    info = BundleInfo(schema="0002", sender="S", recipient="R")
    write_bundle(path, sample_changesets(changes, seed), signer=KeySigner(), info=info,
                 seal_to=bytes(recipient.verify_key))
else:
    header = read_header(path)
    items = sum(1 for _ in iter_items(path, header, unsealer=KeyUnsealer(recipient)))
    assert header.changes == changes and items == header.items, (header, items)
    print(json.dumps({"items": items, "size": header.file_size, "raw": header.raw_length,
                      "peak_mb": peak_mb()}))
"""


def best_of(repeat: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def fail(reason: str) -> None:
    print(f"FAILED: {reason}")
    sys.exit(1)


def read_through(path: Path, sealed: bool) -> int:
    """Read and verify the whole bundle as an importer would; the number of items."""
    header = read_header(path, expect_sender=SENDER.public_key(), me="BENCH-RECIPIENT")
    unsealer = KeyUnsealer(RECIPIENT.key) if sealed else None
    return sum(1 for _ in iter_items(path, header, unsealer=unsealer))


def check_read_back(path: Path, items: Items, sealed: bool) -> None:
    header = read_header(path)
    unsealer = KeyUnsealer(RECIPIENT.key) if sealed else None
    if list(iter_items(path, header, unsealer=unsealer)) != items:
        fail(f"the {'sealed' if sealed else 'plain'} bundle read back different items")


def size_report(items: Items, changes: int, path: Path) -> None:
    plain = [msgpack.packb(list(item), use_bin_type=True) for item in items]
    plain_bytes = sum(map(len, plain))
    zstd_bytes = len(zstandard.ZstdCompressor(level=3).compress(b"".join(plain)))
    header = write_bundle(path, items, signer=SENDER, info=INFO)
    sealed = write_bundle(
        path.with_suffix(".sealed"), items, signer=SENDER, info=INFO, seal_to=RECIPIENT.public_key()
    )
    if header.changes != changes or header.items != len(items):
        fail(f"header counts {header.changes}/{header.items}, expected {changes}/{len(items)}")
    print(f"workload: {changes} changes in {len(items)} changesets")
    print(f"plain msgpack        {plain_bytes:>12,} bytes  {plain_bytes / changes:7.1f} B/change")
    print(
        f"msgpack + zstd-3     {zstd_bytes:>12,} bytes  {zstd_bytes / changes:7.1f} B/change"
        f"  ratio {zstd_bytes / plain_bytes:.3f}"
    )
    for name, h in (("bundle", header), ("bundle, sealed", sealed)):
        print(
            f"{name:20} {h.file_size:>12,} bytes  {h.file_size / changes:7.1f} B/change"
            f"  ratio {h.file_size / plain_bytes:.3f}"
        )
    ratio = header.file_size / plain_bytes
    print(
        f"goal: bundle bytes / plain msgpack bytes <= 0.45: {'met' if ratio <= 0.45 else 'MISSED'}"
        f" ({ratio:.3f})"
    )


def speed_report(items: Items, changes: int, tmp: Path, repeat: int) -> None:
    raw_mb = sum(len(msgpack.packb(list(item), use_bin_type=True)) for item in items) / 1e6
    for sealed in (False, True):
        path = tmp / ("speed-sealed.bpz" if sealed else "speed.bpz")
        seal_to = RECIPIENT.public_key() if sealed else None

        def write(path: Path = path, seal_to: bytes | None = seal_to) -> None:
            write_bundle(path, items, signer=SENDER, info=INFO, seal_to=seal_to)

        wrote = best_of(repeat, write)

        def read_all(path: Path = path, sealed: bool = sealed) -> None:
            if read_through(path, sealed) != len(items):
                fail("the bundle read back a different number of items")

        read = best_of(repeat, read_all)
        check_read_back(path, items, sealed)
        label = "sealed" if sealed else "plain"
        for what, seconds in (("write", wrote), ("read", read)):
            print(
                f"{what:5} {label:6} {seconds:7.3f}s  {changes / seconds:>10,.0f} changes/s"
                f"  {raw_mb / seconds:7.1f} MB/s of msgpack"
            )


def memory_report(changes: int, seed: int, tmp: Path) -> None:
    path = str(tmp / "memory.bpz")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, "write", path, str(changes), str(seed)], check=True
    )
    wrote = time.perf_counter() - started
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, "read", path, str(changes), str(seed)],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(done.stdout)
    print(
        f"memory: {changes:,} changes, {result['size']:,} bytes sealed "
        f"({result['raw']:,} decompressed), written (with generation) in {wrote:.1f}s"
    )
    peak = result["peak_mb"]
    print(
        f"goal: peak RSS reading a {changes:,}-change bundle < 500 MB: "
        f"{'met' if peak < 500 else 'MISSED'} ({peak:.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-changes", type=int, default=1_000_000, help="0 to skip")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    items = list(sample_changesets(args.changes, args.seed))
    gc.freeze()  # keep the collector off the workload, as bench_write does
    with tempfile.TemporaryDirectory() as tmp:
        size_report(items, args.changes, Path(tmp) / "size.bpz")
        speed_report(items, args.changes, Path(tmp), args.repeat)
        if args.memory_changes:
            memory_report(args.memory_changes, args.seed, Path(tmp))


if __name__ == "__main__":
    main()
