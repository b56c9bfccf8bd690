"""Helpers of the document tests: a node with a reported application, PDF tools."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Cli

USCC = "91140100MA0GRP138M"
FIRM = "太原市建筑设计研究院"
LI = "14010019800101001X"  # male, born 1980-01-01
WANG = "140102199002280027"  # female, born 1990-02-28


def need_tool(name: str) -> str:
    """The path of a Debian tool the tests need (make test installs poppler-utils)."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: run `make system-deps` (Debian package poppler-utils)")
    return path


def init_enterprise(cli: Cli, db_url: str) -> None:
    cli.ok("init", "--role", "enterprise", "--name", FIRM, "--uscc", USCC, "--city", "140100",
           "--enterprise-number", "0001", "--db", db_url)  # fmt: skip


def add_person(cli: Cli, id_number: str = LI, name: str = "李四") -> None:
    cli.ok("person", "add", "--id-number", id_number, "--name", name, "--education", "本科",
           "--school", "太原理工大学", "--qualification-cert", "JZ2025-0001",
           "--qualification-date", "2025-06-30")  # fmt: skip


def new_initial(cli: Cli, id_number: str = LI, project: str = "太原市某住宅小区") -> str:
    number = cli.ok("apply", "new", "--kind", "initial", "--specialty", "architect",
                    "--person", id_number)  # fmt: skip
    cli.ok("perf", "add", number, "--project", project, "--role", "专业负责人",
           "--start", "2023-03-01", "--end", "2024-06-30", "--scale", "12万平方米")  # fmt: skip
    return number


def report(cli: Cli, number: str) -> None:
    """Issue 6 adds `regsync report`; until then the use case marks it reported."""
    from regsync.app.bootstrap import open_node
    from regsync.core.usecases.reporting import mark_reported

    with open_node(Path(cli.env["REGSYNC_HOME"]), cli.env) as s, s.unit_of_work() as uow:
        mark_reported(uow, number, today=s.today(), rules=s.rules)
        uow.commit()


def reported_node(cli: Cli, db_url: str) -> str:
    """An enterprise node with one reported initial application; returns its number."""
    init_enterprise(cli, db_url)
    add_person(cli)
    number = new_initial(cli)
    report(cli, number)
    return number


def print_json(cli: Cli, *argv: str) -> dict[str, object]:
    return dict(json.loads(cli.ok("--json", *argv)))


def pdf_text(path: Path) -> str:
    """The text of a PDF as pdftotext extracts it (what a reader copies out)."""
    tool = need_tool("pdftotext")
    done = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def decode_barcodes(path: Path, tmp: Path, dpi: int = 200) -> list[str]:
    """Render every page with pdftoppm and decode every barcode with zxing-cpp."""
    import zxingcpp
    from PIL import Image

    tool = need_tool("pdftoppm")
    prefix = tmp / f"{path.stem}-page"
    subprocess.run([tool, "-r", str(dpi), "-gray", "-png", str(path), str(prefix)], check=True)
    found: list[str] = []
    for page in sorted(tmp.glob(f"{prefix.name}-*.png")):
        with Image.open(page) as image:
            found += [b.text for b in zxingcpp.read_barcodes(image)]
    return found


def page_count(path: Path) -> int:
    tool = need_tool("pdfinfo")
    out = subprocess.run([tool, str(path)], capture_output=True, check=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def embedded_fonts(path: Path) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font of the PDF, from pdffonts."""
    tool = need_tool("pdffonts")
    out = subprocess.run([tool, str(path)], capture_output=True, check=True, text=True).stdout
    rows = out.splitlines()[2:]
    # columns: name type encoding emb sub uni object ID; the name has no spaces
    return [(r.split()[0], r.split()[-5] == "yes") for r in rows if r.strip()]
