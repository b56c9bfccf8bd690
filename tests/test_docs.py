"""Every command has help text and an example in the README (sqlite-utils style)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from regsync.app.cli.main import build_parser, main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*prefix, name))
            return
    yield prefix, parser


COMMANDS = list(_commands(build_parser()))


def test_the_parser_has_the_contract_commands() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"init", "node show", "person add", "person list", "apply new", "apply edit",
            "apply show", "apply list", "check", "log"} <= names  # fmt: skip


@pytest.mark.parametrize(("path", "parser"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_command_has_help_and_readme_example(
    path: tuple[str, ...], parser: argparse.ArgumentParser
) -> None:
    assert parser.description, f"regsync {' '.join(path)} has no help text"
    example = re.compile(r"^regsync (--\S+ )*" + re.escape(" ".join(path)) + r"\b", re.M)
    assert example.search(README), f"README has no example of regsync {' '.join(path)}"


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=[" ".join(p) for p, _ in COMMANDS])
def test_help_exits_zero(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*path, "--help"]) == 0
    assert "用法：regsync" in capsys.readouterr().out  # zh by default


def test_readme_names_both_setup_commands_and_the_glossary() -> None:
    assert "make demo" in README
    assert "make test" in README
    assert "docs/glossary.md" in README
    assert (Path(__file__).resolve().parent.parent / "docs" / "glossary.md").exists()
