"""Where ``init --province NAME`` looks: $REGSYNC_PROVINCES, the system folder, then the
package's own ``regsync/provinces`` (where a province builds its installer's file)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from regsync.app.cli import directory
from regsync.app.cli.directory import packaged_provinces, province_folders, read_directory
from regsync.app.errors import UnknownProvince
from tests.conftest import Cli
from tests.offices import USCC1, Office, enrolled_chain

FIRM_INIT = ("init", "--role", "enterprise", "--name", "太原市建筑设计研究院", "--uscc", USCC1,
             "--city", "140100")  # fmt: skip


def test_the_package_ships_the_provinces_folder() -> None:
    folder = packaged_provinces()
    assert folder.is_dir()
    assert (folder / "README.txt").is_file()  # how a province puts its file there


def test_the_order_is_environment_system_package() -> None:
    folders = province_folders({"REGSYNC_PROVINCES": "/srv/provinces"})
    assert folders[0] == Path("/srv/provinces")
    assert folders[-1] == packaged_provinces()
    system = Path(r"C:\ProgramData") / "regsync" / "provinces" if os.name == "nt" else Path(
        directory.PROVINCES_DIR
    )  # fmt: skip
    assert folders[1] == system
    assert province_folders({}) == [system, packaged_provinces()]


def test_an_unknown_province_names_every_place_looked(tmp_path: Path) -> None:
    env = {"REGSYNC_PROVINCES": str(tmp_path / "mine")}
    with pytest.raises(UnknownProvince) as caught:
        read_directory("atlantis", env)
    for lang in ("zh", "en"):
        message = caught.value.message(lang)
        for folder in province_folders(env):
            assert str(folder) in message
        assert "atlantis.json" in message


def test_a_directory_in_the_package_folder_is_found(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chain = enrolled_chain(cli, tmp_path)
    packaged = tmp_path / "package" / "provinces"
    packaged.mkdir(parents=True)
    chain.province("node", "directory", "-o", str(packaged / "shanxi.json"))
    monkeypatch.setattr(directory, "packaged_provinces", lambda: packaged)
    monkeypatch.setattr(directory, "PROVINCES_DIR", str(tmp_path / "no-system-folder"))
    cli.env.pop("REGSYNC_PROVINCES", None)
    firm = Office(cli, tmp_path / "new-firm")
    out = firm.json(*FIRM_INIT, "--province", "shanxi")
    assert isinstance(out, dict)
    assert chain.province.node_id in out["directory"]

    # $REGSYNC_PROVINCES comes first: a file there wins over the package's.
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(packaged / "shanxi.json", first / "shanxi.json")
    _, found = read_directory("shanxi", {"REGSYNC_PROVINCES": str(first)})
    assert Path(found) == first / "shanxi.json"
