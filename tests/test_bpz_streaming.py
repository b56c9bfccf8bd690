"""A million-item bundle is written and read in bounded memory (in a fresh process).

Held in memory at once, the million items below would take well over 1 GB of
Python objects (their msgpack stream alone is ~170 MB); the child process must write
them, read them back, compare every one and finish under 200 MB peak RSS.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CHILD = textwrap.dedent(
    """
    import json, sys, time
    from regsync.packages_bpz import BundleInfo, KeyUnsealer, iter_items, read_header, write_bundle
    from regsync.packages_bpz.testing import KeySigner

    def peak_mb():
        # VmHWM is this process's own peak RSS; ru_maxrss would include the parent's
        # RSS at fork time, which Linux carries across exec.
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    N = 1_000_000
    NAMES = "王李张刘陈杨赵黄周吴"

    def items():
        for i in range(N):
            yield "changeset", {
                "body": {
                    "origin": "01M8DRDD9BF60MJ4417VVXT328",
                    "scope": "enterprise:91140100MA0GRP138M",
                    "seq": i + 1, "prev": f"{i:064x}", "hlc": f"{1795758148915 + i:015d}.00000",
                    "tier": 1,
                    "changes": [{
                        "kind": "person", "key": f"1401051990{i:08d}", "op": "upsert",
                        "fields": {"name": NAMES[i % 10] + str(i), "phone": f"139{i:08d}"},
                        "base": {},
                    }],
                },
                "hash": f"{i + 1:064x}",
            }

    sender, recipient = KeySigner(), KeySigner()
    info = BundleInfo(schema="0002", sender="A", recipient="B")
    started = time.perf_counter()
    written = write_bundle(sys.argv[1], items(), signer=sender, info=info,
                           seal_to=recipient.public_key())
    wrote = time.perf_counter() - started
    header = read_header(sys.argv[1], expect_sender=sender.public_key(), me="B")
    count = 0
    for got, expected in zip(iter_items(sys.argv[1], header, unsealer=KeyUnsealer(recipient.key)),
                             items(), strict=True):
        assert got == expected, (got, expected)
        count += 1
    read = time.perf_counter() - started - wrote
    print(json.dumps({
        "count": count, "changes": header.changes, "raw": header.raw_length,
        "size": written.file_size, "write_s": wrote, "read_s": read,
        "peak_mb": peak_mb(),
    }))
    """
)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_million_items_round_trip_in_bounded_memory(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "million.bpz")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    print(f"\n1,000,000 sealed items: {result}")
    assert result["count"] == result["changes"] == 1_000_000
    assert result["raw"] > 150_000_000
    assert result["peak_mb"] < 200
