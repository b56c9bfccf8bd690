"""`node trust` shows what a file holds and its fingerprint, and installs it only when
the fingerprint is confirmed (a terminal) or matches (``--fingerprint``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from regsync.core import catalogue
from tests.conftest import Cli
from tests.terminal import answer_on_terminal


def _root(cli: Cli, tmp_path: Path) -> tuple[Path, str, Path]:
    """A province and its root certificate; a firm home that trusts nothing yet."""
    province, firm = tmp_path / "province", tmp_path / "firm"
    cli.ok("init", "--role", "province", "--name", "山西省住建厅", "--home", str(province))
    shown = json.loads(cli.ok("--json", "node", "show", "--home", str(province)))
    root = tmp_path / "root.cert"
    cli.ok("node", "card", "-o", str(tmp_path / "p.card"), "--home", str(province))
    cli.ok("node", "certify", str(tmp_path / "p.card"), "-o", str(root), "--home", str(province))
    cli.ok("init", "--role", "enterprise", "--name", "太原市建筑设计研究院",
           "--uscc", "91140100MA0GRP138M", "--city", "140100", "--home", str(firm))  # fmt: skip
    return root, str(shown["fingerprint"]), firm


def test_a_wrong_fingerprint_installs_nothing(cli: Cli, tmp_path: Path) -> None:
    root, fingerprint, firm = _root(cli, tmp_path)
    refused = cli("node", "trust", str(root), "--fingerprint", "0000 1111 2222 3333",
                  "--home", str(firm))  # fmt: skip
    assert refused.code == 1
    assert fingerprint in refused.err
    assert "未安装" in refused.err
    assert "省级根证书" in cli("bundle", "export", "--to", "x", "-o", str(tmp_path / "x.bpz"),
                               "--home", str(firm)).err  # fmt: skip
    done = cli.ok("node", "trust", str(root), "--fingerprint", fingerprint, "--home", str(firm))
    assert fingerprint in done
    assert "根证书" in done


def test_on_a_terminal_the_clerk_confirms(cli: Cli, tmp_path: Path) -> None:
    root, fingerprint, firm = _root(cli, tmp_path)
    env = {**cli.env, "REGSYNC_HOME": str(firm), "PATH": os.environ.get("PATH", "")}

    def answer(reply: bytes) -> tuple[int, str]:
        prompt = catalogue.text("cli.trust.confirm", "zh").encode()
        return answer_on_terminal(["node", "trust", str(root)], env, prompt, reply + b"\r")

    code, text = answer(b"n")
    assert code == 1, text
    assert fingerprint in text
    assert "未确认指纹" in text
    code, text = answer(b"y")
    assert code == 0, text
    assert "已安装根证书" in text
