"""What every command handler gets (:class:`Context`) and the option helpers they share."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from regsync.app.cli.render import Output
from regsync.core.fields import parse_assignment, parse_value
from regsync.core.model import (
    Value,
)

if TYPE_CHECKING:
    from regsync.app.bootstrap import Services


class FailedOutput(Output):
    """Printed like any output, but the command exits 1 (``check`` with errors)."""


class Context:
    """What every handler gets: parsed arguments, the home and the environment."""

    def __init__(self, args: argparse.Namespace, home: Path, environ: Mapping[str, str]) -> None:
        self.args = args
        self.home = home
        self.environ = environ

    def services(self) -> Services:
        # SQLAlchemy: only commands that need it
        from regsync.app.bootstrap import open_node  # noqa: PLC0415

        return open_node(self.home, self.environ)


def _options(
    record_type: type, args: argparse.Namespace, names: Mapping[str, str]
) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for option, field in names.items():
        text = getattr(args, option, None)
        if text is not None:
            values[field] = parse_value(record_type, field, text)
    return values


def _assignments(record_type: type, items: list[str] | None) -> dict[str, Value]:
    return dict(parse_assignment(record_type, item) for item in items or [])
