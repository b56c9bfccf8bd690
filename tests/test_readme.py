"""The README's shell blocks run as written, in order, against a scratch home.

Every ```sh block of the README is one step of a newcomer's session: the blocks run one
after the other in ``bash`` (``set -e``: a failing command fails the test), and what one
block exports (``REGSYNC_HOME``, a passphrase) and the folder it ``cd``s into carry over
to the next, as they would in the reader's terminal. ``HOME`` is a temporary folder, so
``~/...`` homes are scratch too. A block that cannot run here (a Windows path, a real
server, PostgreSQL administration, ``make``, a smart-card reader) carries an HTML comment
just before it, ``<!-- readme-test: skip (the reason) -->``; a block neither run nor
marked fails the test. Placeholders the README shows as values a reader copies from an
earlier output (``FIRM-NODE-ID``) are replaced from what the earlier blocks produced,
through the explicit table ``SUBSTITUTIONS`` below; a value is looked up when the block
that names it starts, so a placeholder refers to what earlier blocks made.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
MARKER = re.compile(r"<!--\s*readme-test:\s*(?P<verb>skip)\s*(?:\((?P<why>[^)]*)\))?\s*-->")
FENCE = re.compile(r"^```(?P<lang>\S*)\s*$")

# The clock, passphrase and cheap key derivation every block sees (a reader exports the
# passphrase in the README's first block; the clock makes dates in the examples valid).
FIXED_ENV = {
    "REGSYNC_NOW": "2026-11-27T10:00:00+08:00",
    "REGSYNC_PASSPHRASE": "口令 at least 8 characters",
    "REGSYNC_KDF": "min",
    "REGSYNC_LANG": "zh",
}


@dataclass(frozen=True)
class Block:
    """One fenced shell block: where it starts, its text and its skip reason (if any)."""

    line: int
    text: str
    skip: str | None


def blocks(text: str) -> list[Block]:
    """The README's ```sh blocks with the readme-test marker just before each (if any)."""
    lines = text.splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start, lang = i, m.group("lang")
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        if lang in ("sh", "bash", "shell"):
            # the marker is the last non-blank line before the fence
            k = start - 1
            while k >= 0 and not lines[k].strip():
                k -= 1
            marker = MARKER.search(lines[k]) if k >= 0 else None
            skip = (marker.group("why") or "no reason given") if marker else None
            found.append(Block(start + 1, "\n".join(lines[start + 1 : j]), skip))
        i = j + 1
    return found


def _show(env: dict[str, str], home: Path) -> dict[str, str]:
    out = subprocess.run(
        ["regsync", "--json", "node", "show", "--home", str(home)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {k: str(v) for k, v in json.loads(out).items()}


def _last_perf(env: dict[str, str], home: Path, number: str) -> str:
    out = subprocess.run(
        ["regsync", "--json", "perf", "list", number, "--home", str(home)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = json.loads(out)
    rows = rows.get("rows", rows) if isinstance(rows, dict) else rows
    return str(rows[-1]["id"])


def _first_conflict(env: dict[str, str], home: Path) -> str:
    out = subprocess.run(
        ["regsync", "--json", "conflicts", "list", "--all", "--home", str(home)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return str(json.loads(out)[0]["id"])


def _barcode(env: dict[str, str], home: Path, number: str) -> str:
    """The barcode on the printed 申请表 (printed again into a scratch file)."""
    pdf = home.parent / "barcode-lookup.pdf"
    out = subprocess.run(
        ["regsync", "--json", "print", "form", number, "-o", str(pdf), "--home", str(home)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return str(json.loads(out)["barcodes"][0])


# Placeholder in the README -> how the test finds its value once earlier blocks ran
# (the scratch HOME and the environment are passed in). Keep it small and explicit.
SUBSTITUTIONS = {
    # the USB stick the examples write to and read from: a scratch folder
    "/media/usb/": lambda env, home: f"{home}/usb/",
    "BARCODE": lambda env, home: _barcode(env, home / "regsync-city", "140100261000100017"),
    "CONFLICT-ID": lambda env, home: _first_conflict(env, home / "regsync-city"),
    "CITY-NODE-ID": lambda env, home: _show(env, home / "regsync-city")["node_id"],
    "FIRM-NODE-ID": lambda env, home: _show(env, home / "regsync-firm")["node_id"],
    "PERF-ID": lambda env, home: _last_perf(env, home / "regsync-firm", "140100261000100017"),
    "ROOT-FINGERPRINT": lambda env, home: _show(env, home / "regsync-province")["fingerprint"],
}


def test_blocks_are_found_and_markers_parse() -> None:
    sample = "a\n<!-- readme-test: skip (needs a Windows PC) -->\n```sh\nx\n```\n\n```sh\ny\n```\n"
    found = blocks(sample)
    assert [(b.text, b.skip) for b in found] == [("x", "needs a Windows PC"), ("y", None)]


@pytest.mark.slow
def test_readme_blocks_run_as_written(tmp_path: Path) -> None:
    home = tmp_path / "home"
    work = home / "work"
    work.mkdir(parents=True)
    (home / "usb").mkdir()
    state = tmp_path / "state.sh"
    bindir = str(Path(sys.executable).parent)
    env = {
        "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "REGSYNC_HOME": str(home / ".regsync"),
        **FIXED_ENV,
    }
    for k in ("REGSYNC_CJK_FONT", "DISPLAY", "TMPDIR"):
        if k in os.environ:
            env[k] = os.environ[k]
    _reader_files(work)
    state.write_text(f"cd {shlex.quote(str(work))}\n", encoding="utf-8")
    ran, skipped, failed = 0, [], []
    for block in blocks(README.read_text(encoding="utf-8")):
        if block.skip is not None:
            skipped.append((block.line, block.skip))
            continue
        script = block.text
        for name, value in SUBSTITUTIONS.items():
            if name in script:
                current = {**env, **_exported(state)}
                script = script.replace(name, value(current, home))
        wrapped = (
            f"source {shlex.quote(str(state))}\nset -e\n{script}\n"
            f'{{ export -p; echo cd "$(pwd)"; }} > {shlex.quote(str(state))}\n'
        )
        result = subprocess.run(
            ["bash", "-c", wrapped],
            check=False,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            failed.append(
                f"README.md line {block.line}: the block failed (exit {result.returncode})\n"
                f"{block.text}\n--- stdout\n{result.stdout[-1500:]}\n"
                f"--- stderr\n{result.stderr[-1500:]}"
            )
        ran += 1
    print(f"README blocks: {ran} ran, {len(skipped)} skipped")
    for line, why in skipped:
        print(f"  skipped line {line}: {why}")
    assert not failed, "\n\n".join(failed)
    assert ran > len(skipped)


def _reader_files(work: Path) -> None:
    """What a reader brings from outside regsync: the applicant's photo (``--photo``)."""
    from PIL import Image  # Pillow comes with reportlab

    Image.new("RGB", (120, 160), (200, 200, 200)).save(work / "李四.jpg", "JPEG")


def _exported(state: Path) -> dict[str, str]:
    """The variables the earlier blocks exported (for the substitution look-ups)."""
    out = subprocess.run(
        ["bash", "-c", f"source {shlex.quote(str(state))} >/dev/null 2>&1; env -0"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    pairs = (item.split("=", 1) for item in out.split("\0") if "=" in item)
    return {k: v for k, v in pairs if k.startswith("REGSYNC_")}
