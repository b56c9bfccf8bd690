"""``regsync demo``: placeholder replaced below."""
from __future__ import annotations

from typing import Any


def add_commands(sub: Any, add: Any) -> None:
    """Register ``demo``."""
