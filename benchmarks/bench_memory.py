"""Peak memory of importing a large bundle, measured in a fresh process.

Run: ``.venv/bin/python benchmarks/bench_memory.py [--changes 100000,1000000] [--per 100]``

For each N, one subprocess writes a signed bundle of N person changes (``--per``
changes a changeset, one stream, generated lazily), and another fresh subprocess
imports it into a new SQLite node exactly as ``regsync bundle import`` does
(``apply_bundle`` and commit) and reports its own peak resident set size
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``).  Goal (issue 19): < 300 MB at
1,000,000 changes, and flat from 100k to 1M.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nacl.signing import SigningKey

SEED = b"regsync-bench-memory-seed-32byte"
SOURCE_ID = "01BENCHSRC0000000000000001"
HERE = Path(__file__).resolve().parent


def _signer() -> Any:
    from regsync.packages_bpz.testing import KeySigner  # noqa: PLC0415

    return KeySigner(SigningKey(SEED))


def _source() -> Any:
    import dataclasses  # noqa: PLC0415

    from bench_write import make_node  # noqa: PLC0415

    return dataclasses.replace(make_node(), node_id=SOURCE_ID)


def _persons(n: int) -> Iterator[dict[str, Any]]:
    from bench_write import USCC  # noqa: PLC0415

    from regsync.core.checks.identity import id_number_check_digit  # noqa: PLC0415
    from regsync.core.model import Person  # noqa: PLC0415
    from regsync.sync.codec import encode_fields  # noqa: PLC0415

    base = dt.date(1940, 1, 1)
    for i in range(n):
        birth = base + dt.timedelta(days=i // 999)
        sequence = i % 999 + 1
        first17 = f"140105{birth:%Y%m%d}{sequence:03d}"
        p = Person(
            id_number=first17 + id_number_check_digit(first17),
            name=f"人员{i}",
            gender="male" if sequence % 2 else "female",
            birth_date=birth,
            employer_uscc=USCC,
            phone=f"139{i:08d}",
            education="本科",
            major="建筑学",
        )
        yield encode_fields("person", p.fields())


def generate(path: Path, n: int, per: int) -> None:
    """Write the bundle without holding its changesets (the range is filled in last)."""
    from bench_import import CITY_NODE, SCOPE, START_MILLIS  # noqa: PLC0415

    from regsync.packages_bpz import CHANGESET, BundleInfo, StreamRange, write_bundle  # noqa: PLC0415
    from regsync.packages_bpz.layout import head_message  # noqa: PLC0415
    from regsync.sync.changeset import GENESIS, Change, Changeset, Op, stream_id  # noqa: PLC0415
    from regsync.sync.hlc import Timestamp  # noqa: PLC0415

    signer, me = _signer(), SOURCE_ID
    ranges: list[StreamRange] = []
    info = BundleInfo(schema="0002", sender=me, recipient=CITY_NODE.node_id, ranges=ranges)
    stream = stream_id(me, SCOPE)
    last: list[tuple[int, str]] = []

    def items() -> Iterator[tuple[str, dict[str, Any]]]:
        prev, seq, batch = GENESIS, 0, []
        for fields in _persons(n):
            batch.append(Change("person", str(fields["id_number"]), Op.UPSERT, fields, {}))
            if len(batch) == per:
                seq += 1
                cs = Changeset(
                    me, SCOPE, seq, prev, Timestamp(START_MILLIS + seq, 0), 20, tuple(batch)
                ).sealed()
                yield CHANGESET, cs.wire_item()
                prev, batch = cs.hash, []
        assert not batch, "N must be a multiple of --per"
        last.append((seq, prev))
        seq, head = last[0]
        ranges.append(
            StreamRange(
                stream=stream,
                origin=me,
                scope=SCOPE,
                first_seq=1,
                last_seq=seq,
                prev_hash=GENESIS,
                head_hash=head,
                head_sig=signer.sign(head_message(stream, seq, head)),
                head_signer=signer.public_key(),
            )
        )

    write_bundle(path, items(), signer=signer, info=info)


def import_once(path: Path) -> dict[str, Any]:
    """Import into a fresh SQLite node; returns seconds, changesets and peak RSS."""
    from bench_import import CITY_NODE, import_bundle, trust_for  # noqa: PLC0415
    from bench_write import Backend  # noqa: PLC0415

    with Backend("sqlite", "").fresh_database(CITY_NODE) as db:
        trust = trust_for(_signer(), _source())
        start = time.perf_counter()
        changesets = import_bundle(db, path, trust)
        seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "changesets": changesets, "peak_mb": peak_kb / 1024}


def _child(*argv: str) -> str:
    out = subprocess.run(
        [sys.executable, str(HERE / "bench_memory.py"), *argv],
        check=True, capture_output=True, text=True, cwd=HERE,
    )  # fmt: skip
    return out.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--changes", default="100000,1000000", help="comma-separated N")
    parser.add_argument("--per", type=int, default=100, help="changes a changeset")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--import", dest="import_", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate:
        generate(args.generate, int(args.changes), args.per)
        return 0
    if args.import_:
        print(json.dumps(import_once(args.import_)))
        return 0
    rows = []
    print(f"regsync import memory: bundles of N person changes, {args.per} a changeset")
    for n in (int(x) for x in args.changes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "big.bpz"
            _child("--generate", str(path), "--changes", str(n), "--per", str(args.per))
            result = json.loads(_child("--import", str(path)))
            result |= {"changes": n, "bundle_mb": path.stat().st_size / 2**20}
        if result["changesets"] != n // args.per:
            print(f"FAILED: imported {result['changesets']} changesets", file=sys.stderr)
            return 1
        rows.append(result)
        print(
            f"N={n:>9}  peak RSS {result['peak_mb']:7.1f} MB  import {result['seconds']:7.1f}s"
            f"  bundle {result['bundle_mb']:.1f} MB  goal < 300 MB"
        )
    if len(rows) > 1:
        print(f"peak RSS {rows[-1]['changes']} ÷ {rows[0]['changes']}: "
              f"{rows[-1]['peak_mb'] / rows[0]['peak_mb']:.2f}x (flat: ~1x)")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps({"bench": "memory", "per": args.per, "rows": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
