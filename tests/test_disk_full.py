"""A full USB stick or disk at every write point: a message, nothing half-done.

Each test writes to a real 64 KiB tmpfs filled to the last block and checks, through
the real CLI, that the command exits 1 with the message in Chinese and English
naming the file, that nothing (not even a hidden temporary file) is left on the
medium, and that the node's database is exactly as before: no application reported
or forwarded without its bundle, no certificate kept without its file.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from regsync.app.transaction import OneTransaction
from tests.city_helpers import Offices, new_application, offices, report, reported_at_city
from tests.conftest import Cli, tmpfs_required
from tests.editions_helpers import dump
from tests.offices import PERSON, Office

FILLER = "filler"
FULL_ZH = "U盘/磁盘空间不足"
FULL_EN = "no space left on the USB stick or disk"


def _mount_tmpfs(where: Path, size: str) -> None:
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        problem = f"cannot mount a tmpfs at {where} (root needed): {done.stderr.strip()}"
        if tmpfs_required():
            pytest.fail(f"a small tmpfs is required (make test / CI): {problem}")
        pytest.skip(problem)


def _fill(medium: Path) -> None:
    """Write zeros, a block at a time, until the medium has no block left."""
    with open(medium / FILLER, "wb", buffering=0) as handle:
        while (free := os.statvfs(medium)).f_bavail > 0:
            handle.write(bytes(free.f_bsize))
        os.fsync(handle.fileno())


@pytest.fixture
def stick(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB USB stick (a real tmpfs), full."""
    where = tmp_path / "stick"
    where.mkdir()
    _mount_tmpfs(where, "64k")
    try:
        _fill(where)
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def _refused(cli: Cli, office: Office, stick: Path, target: Path, *argv: str) -> None:
    """``argv`` at ``office`` fails on the full ``stick``, in both languages, with
    nothing left on the stick and the office's database unchanged."""
    before = dump(office)
    for lang, words in (("zh", FULL_ZH), ("en", FULL_EN)):
        result = cli(*argv, "--home", office.home, "--lang", lang)
        assert result.code == 1, result.out
        assert words in result.err, result.err
        assert str(target) in result.err, result.err
        assert "Traceback" not in result.err
        assert sorted(os.listdir(stick)) == [FILLER]  # no file, no hidden temporary
    assert dump(office) == before
    # --json: one JSON error document naming the error class.
    result = cli("--json", *argv, "--home", office.home)
    assert result.code == 1
    assert json.loads(result.err)["error"] == "MediumFull"


def _stage(office: Office, number: str) -> str:
    found = office.json("apply", "show", number)
    assert isinstance(found, dict)
    return str(found["application"]["stage"])


@pytest.fixture
def chain(cli: Cli, tmp_path: Path) -> Offices:
    return offices(cli, tmp_path)


@pytest.mark.parametrize("snapshot", [False, True], ids=["changes", "snapshot"])
def test_bundle_export(chain: Offices, stick: Path, snapshot: bool) -> None:
    number = new_application(chain)
    report(chain, number)
    # Exported once before (that records what the city holds, unchanged by export).
    chain.firm("bundle", "export", "--to", chain.city.node_id, "-o", str(chain.files / "1.bpz"))
    target = stick / "to-city.bpz"
    _refused(chain.cli, chain.firm, stick, target,
             "bundle", "export", "--to", chain.city.node_id, "-o", str(target),
             *(["--snapshot"] if snapshot else []))  # fmt: skip


def test_report_via_bundle_reports_nothing_without_its_bundle(chain: Offices, stick: Path) -> None:
    number = new_application(chain)
    target = stick / "report.bpz"
    _refused(chain.cli, chain.firm, stick, target,
             "report", number, "--via", "bundle", "-o", str(target))  # fmt: skip
    assert _stage(chain.firm, number) == "draft"
    # On a stick with room the same command reports, and the bundle carries the report.
    roomy = chain.files / "report.bpz"
    chain.firm("report", number, "--via", "bundle", "-o", str(roomy))
    assert _stage(chain.firm, number) == "reported"
    chain.city("bundle", "import", str(roomy))
    assert number in chain.city("receive", "list")


def test_forward_send_forwards_nothing_without_its_bundle(chain: Offices, stick: Path) -> None:
    number = reported_at_city(chain)
    chain.city("receive", "accept", number)
    chain.city("review", "pass", number, "--reviewer", "王五")
    target = stick / "forward.bpz"
    _refused(chain.cli, chain.city, stick, target,
             "forward", "send", number, "-o", str(target))  # fmt: skip
    assert number in chain.city("forward", "list")  # still waiting to be forwarded
    roomy = chain.files / "forward.bpz"
    chain.city("forward", "send", number, "-o", str(roomy))
    assert number not in chain.city("forward", "list")
    chain.province("bundle", "import", str(roomy))
    assert _stage(chain.province, number) == "forwarded"


def test_a_failed_commit_removes_the_published_bundle(
    chain: Offices, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other half of all-or-none: the bundle is on the medium but the database
    cannot commit (a full disk under the database; injected here, as no test machine
    can fill the database's disk between two statements)."""
    number = new_application(chain)
    before = dump(chain.firm)

    def failing_commit(self: OneTransaction) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(OneTransaction, "commit", failing_commit)
    target = chain.files / "report.bpz"
    result = chain.cli("report", number, "--via", "bundle", "-o", str(target),
                       "--home", chain.firm.home)  # fmt: skip
    assert result.code == 1
    assert FULL_ZH in result.err
    assert not target.exists()
    assert [p.name for p in chain.files.iterdir() if p.name.startswith(".")] == []
    assert dump(chain.firm) == before


def test_personal_package(cli: Cli, chain: Offices, stick: Path, tmp_path: Path) -> None:
    me = Office(cli, tmp_path / "me")
    me("init", "--role", "personal", "--name", "李四", "--city", "140100")
    me("person", "add", "--id-number", PERSON, "--name", "李四",
       "--qualification-cert", "JZ2025-0001", "--qualification-date", "2025-06-30")  # fmt: skip
    me("apply", "new", "--kind", "renewal", "--specialty", "architect", "--person", PERSON)
    target = stick / "package.bpz"
    _refused(cli, me, stick, target,
             "package", "--to", str(chain.files / "e1.card"), "-o", str(target))  # fmt: skip


DOCUMENTS = {
    "form": ("print", "form", "{number}", "-o", "{out}.pdf"),
    "sample": ("print", "sample", "{number}", "-o", "{out}.pdf"),
    "summary-pdf": ("print", "summary", "--kind", "initial", "--specialty", "architect",
                    "-o", "{out}.pdf"),
    "summary-xlsx": ("print", "summary", "--kind", "initial", "--specialty", "architect",
                     "-o", "{out}.xlsx"),
    "export-xlsx": ("export", "applications", "-o", "{out}.xlsx"),
}  # fmt: skip


# reportlab and openpyxl open the output by name and do not close it when a write
# fails (reportlab's SaveToFile, openpyxl's ZipFile); the handle is closed when the
# failed command's frames go, with a ResourceWarning.  The file itself is gone
# either way (asserted in _refused).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_documents(chain: Offices, stick: Path, document: str) -> None:
    number = new_application(chain)
    report(chain, number)
    out = stick / "document"
    argv = [a.format(number=number, out=out) for a in DOCUMENTS[document]]
    _refused(chain.cli, chain.firm, stick, Path(argv[-1]), *argv)
    gc.collect()  # the libraries' leaked handles are closed here, under this test's filter


TRUST_FILES = {
    "card": ("firm", ("node", "card", "-o", "{out}")),
    "certify": ("city", ("node", "certify", "{files}/e1.card", "-o", "{out}",
                         "--enterprise-number", "0001")),
    "revoke": ("city", ("node", "revoke", "{files}/e1.cert", "--reason", "锁丢失",
                        "-o", "{out}")),
    "directory": ("province", ("node", "directory", "-o", "{out}")),
}  # fmt: skip


@pytest.mark.parametrize("what", list(TRUST_FILES))
def test_cards_certificates_and_directory(chain: Offices, stick: Path, what: str) -> None:
    """The issuer keeps no certificate or revocation it could not write out."""
    office_name, template = TRUST_FILES[what]
    office: Office = getattr(chain, office_name)
    target = stick / f"{what}.file"
    argv = [a.format(out=target, files=chain.files) for a in template]
    _refused(chain.cli, office, stick, target, *argv)


def test_init_on_a_full_disk_leaves_no_node(cli: Cli, stick: Path) -> None:
    """The node key and config are written to the home: on a full disk, no half node."""
    home = stick / "home"
    for lang, words in (("zh", FULL_ZH), ("en", FULL_EN)):
        result = cli("init", "--role", "city", "--name", "太原市住建局", "--city", "140100",
                     "--home", str(home), "--lang", lang)  # fmt: skip
        assert result.code == 1, result.out
        assert words in result.err, result.err
        assert str(home) in result.err
        assert sorted(os.listdir(stick)) == [FILLER]
