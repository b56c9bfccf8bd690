"""Smoke test of the one-folder desktop program (packaging/regsync.spec).

``make desktop`` builds ``dist/regsync/`` (minutes) and then runs this file with
``REGSYNC_REQUIRE_DESKTOP=1``, which makes a missing build a failure.  Elsewhere it
runs whenever a build is there, and otherwise is skipped with a reason that ``-ra``
prints: ``make test`` does not build the program (see the README, "Desktop program").
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist" / "regsync"
SUFFIX = ".exe" if sys.platform == "win32" else ""
CLI = DIST / f"regsync{SUFFIX}"
GUI = DIST / f"regsync-gui{SUFFIX}"
TITLE = "Grade-2 Registered Architects and Structural Engineers Registration"


@pytest.fixture(scope="module")
def built() -> Path:
    """The built folder; a failure under REGSYNC_REQUIRE_DESKTOP=1 when it is missing."""
    if not (CLI.is_file() and GUI.is_file()):
        if os.environ.get("REGSYNC_REQUIRE_DESKTOP") == "1":
            pytest.fail(f"no desktop build in {DIST}: run make desktop")
        pytest.skip(f"no desktop build in {DIST} (make desktop builds it and runs this test)")
    return DIST


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGSYNC_")}
    # The program must find its own font: no REGSYNC_CJK_FONT from the test run.
    env.update(
        REGSYNC_HOME=str(tmp / "home"),
        REGSYNC_PASSPHRASE="演示口令 desktop smoke",
        REGSYNC_KDF="interactive",
    )
    return env


def test_help(built: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(CLI), "--help"], env=_env(tmp_path), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "用法：regsync" in done.stdout  # zh by default
    assert "gui" in done.stdout
    assert "demo" in done.stdout


def test_the_server_is_not_in_the_desktop_program(built: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(CLI), "--lang", "en", "serve"], env=_env(tmp_path), capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "pip install 'regsync[server]'" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.fixture(scope="module")
def demo(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``regsync demo --enterprises 2 --bundles-only`` run by the built program."""
    tmp = tmp_path_factory.mktemp("desktop-demo")
    folder = tmp / "demo"
    done = subprocess.run(
        [str(CLI), "demo", "--dir", str(folder), "--enterprises", "2", "--bundles-only"],
        env=_env(tmp), capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    return folder


def test_demo_by_bundles_prints_forms_with_the_bundled_font(built: Path, demo: Path) -> None:
    shipped = sorted((built / "_internal" / "fonts").glob("*.tt[cf]"))
    assert shipped, "the program folder has no CJK font"
    pdfs = sorted(demo.rglob("*.pdf"))
    assert pdfs, "the demo printed no PDF"
    # Every form embeds (a subset of) a CJK TrueType font: the shipped one, found by the
    # program's runtime hook (the test run sets no REGSYNC_CJK_FONT).
    for pdf in pdfs[:3]:
        data = pdf.read_bytes()
        assert b"/FontFile2" in data, pdf.name
        assert b"+WenQuanYi" in data or b"+Sim" in data, pdf.name


def _homes(folder: Path) -> list[Path]:
    return sorted(config.parent for config in folder.rglob("config.json"))


@pytest.fixture
def window(demo: Path, xdisplay: str, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``regsync-gui --home`` a demo office, in English, on the Xvfb display."""
    home = _homes(demo)[0]
    env = {**_env(tmp_path), "DISPLAY": xdisplay}
    with (tmp_path / "gui.err").open("wb") as err:
        proc = subprocess.Popen(
            [str(GUI), "--home", str(home), "--lang", "en"], env=env,
            stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
        try:
            yield proc
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def _window_names(display: str) -> str:
    done = subprocess.run(
        ["xwininfo", "-root", "-tree", "-display", display],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.stdout


def test_the_window_opens_under_xvfb(
    window: subprocess.Popen[bytes], xdisplay: str, tmp_path: Path
) -> None:
    deadline = time.monotonic() + 60  # a guard against hanging, not a speed assertion
    names = ""
    while time.monotonic() < deadline:
        assert window.poll() is None, (tmp_path / "gui.err").read_text(errors="replace")
        names = _window_names(xdisplay)
        if TITLE in names:
            break
        time.sleep(0.5)
    # The main window's title (an error dialog would be titled otherwise).
    assert TITLE in names, names[-2000:]


def test_the_program_looks_for_province_directories_in_its_folder(
    built: Path, tmp_path: Path
) -> None:
    done = subprocess.run(
        [str(CLI), "--lang", "en", "init", "--role", "enterprise", "--name", "太原市建筑设计研究院",
         "--province", "atlantis"],
        env=_env(tmp_path), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert str(built / "_internal" / "regsync" / "provinces") in done.stderr
    assert (built / "_internal" / "regsync" / "provinces" / "README.txt").is_file()
