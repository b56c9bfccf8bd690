"""Damaged real bundles through ``regsync bundle import``: refused, database unchanged.

The format's own tests mutate bundles ten thousand times; this one checks the whole
import path end to end: every mutation is refused with exit code 1 and a message, and
a dump of the receiving database is byte-for-byte what it was.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from tests.conftest import Cli
from tests.test_bundle_e2e import Office

USCC = "91140100MA0GRP138M"


def _dump(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return "\n".join(conn.iterdump())


def test_mutated_bundles_change_nothing(cli: Cli, tmp_path: Path) -> None:
    files = tmp_path / "usb"
    files.mkdir()
    province, firm = Office(cli, tmp_path / "p"), Office(cli, tmp_path / "e")
    province("init", "--role", "province", "--name", "山西省住建厅")
    firm("init", "--role", "enterprise", "--name", "某院", "--uscc", USCC, "--city", "140100")
    province("node", "card", "-o", str(files / "p.card"))
    province("node", "certify", str(files / "p.card"), "-o", str(files / "root.cert"))
    firm("node", "card", "-o", str(files / "e.card"))
    province("node", "certify", str(files / "e.card"), "-o", str(files / "e.cert"))
    firm("node", "trust", str(files / "root.cert"))
    firm("node", "trust", str(files / "e.cert"))
    firm("person", "add", "--id-number", "14010019800101001X", "--name", "李四")
    firm("bundle", "export", "--to", province.node_id, "-o", str(files / "good.bpz"))
    good = (files / "good.bpz").read_bytes()
    db = tmp_path / "p" / "regsync.db"
    before = _dump(db)
    rng = random.Random(20261127)
    for n in range(60):
        data = bytearray(good)
        how = n % 4
        at = rng.randrange(len(data))
        if how == 0:
            data[at] ^= 1 << rng.randrange(8)
        elif how == 1:
            del data[at:]
        elif how == 2:
            data[at:at] = rng.randbytes(rng.randint(1, 16))
        else:
            data[at : at + 8] = rng.randbytes(8)
        bad = files / f"bad{n}.bpz"
        bad.write_bytes(bytes(data))
        result = cli("bundle", "import", str(bad), "--home", province.home)
        assert result.code == 1, (n, how, at)
        assert result.err.strip()
        assert len(result.err.strip().splitlines()) == 1
    assert _dump(db) == before
    # The undamaged bundle still imports.
    assert cli("bundle", "import", str(files / "good.bpz"), "--home", province.home).code == 0
    assert _dump(db) != before
