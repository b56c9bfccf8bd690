"""docs/screens.md lists every menu item of every edition with what it opens today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from regsync.core.catalogue import text
from regsync.core.model import Role
from regsync.gui_tk.menu_screens import register_all
from regsync.gui_tk.navigation import leaf_keys, screen_for

PAGE = (Path(__file__).resolve().parents[2] / "docs" / "screens.md").read_text(encoding="utf-8")


def _section(role: Role) -> dict[str, str]:
    """menu name -> screen cell of the role's table."""
    body = PAGE.split(f"({role.value})\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (.+?) \| (.*?) \|$", body, re.M)
    return {name.strip("　 "): cell for name, cell in rows}


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_every_menu_item_is_documented_as_it_is(role: Role) -> None:
    register_all()
    table = _section(role)
    for key in leaf_keys(role):
        cell = table[text(key)]
        factory = screen_for(role, key)
        assert factory is not None, key
        assert cell.startswith(f"`{factory.__name__}`"), key
