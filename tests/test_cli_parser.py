"""``main`` shares one parser per process: nothing of one call may reach the next."""

from __future__ import annotations

import argparse
import copy
from collections.abc import Iterator
from typing import Any

import pytest

from regsync.adapters.sql import migrate
from regsync.app.cli.main import build_parser, main, shared_parser


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def _state(parser: argparse.ArgumentParser) -> list[Any]:
    """Every default (of each option and set_defaults) in the tree, deep-copied."""
    return [
        (
            p.prog,
            copy.deepcopy(p._defaults),
            [(a.dest, copy.deepcopy(a.default)) for a in p._actions],
        )
        for p in _parsers(parser)
    ]


APPLY = ["apply", "new", "--kind", "initial", "--specialty", "architect", "--person", "X"]


def test_main_builds_the_parser_once() -> None:
    assert shared_parser() is shared_parser()
    assert shared_parser() is not build_parser()


def test_the_shared_parser_is_the_tree_build_parser_makes() -> None:
    shared, fresh = list(_parsers(shared_parser())), list(_parsers(build_parser()))
    assert [p.prog for p in shared] == [p.prog for p in fresh]
    assert [p.format_help() for p in shared] == [p.format_help() for p in fresh]


def test_parsing_changes_no_default_and_nothing_carries_over() -> None:
    parser = shared_parser()
    before = _state(parser)
    first = parser.parse_args([*APPLY, "--set", "a=1", "--set", "b=2", "--json", "--lang", "en"])
    assert first.set == ["a=1", "b=2"]
    first.set.append("c=3")  # a handler changing its arguments changes only its own
    second = parser.parse_args(APPLY)
    assert vars(second) == vars(build_parser().parse_args(APPLY))
    assert second.set is None
    assert second.json is False
    assert second.lang is None
    third = parser.parse_args([*APPLY, "--set", "d=4"])
    assert third.set == ["d=4"]
    assert vars(parser.parse_args(["person", "list"])).keys().isdisjoint({"kind", "set"})
    assert _state(parser) == before


def test_main_twice_gives_the_same_answers(capsys: pytest.CaptureFixture[str]) -> None:
    before = _state(shared_parser())
    for _ in range(2):
        assert main(["--lang", "en", "no-such-command"], {}) == 2
        assert "invalid choice" in capsys.readouterr().err
        assert main(["apply", "new", "--help"], {}) == 0
        assert "--specialty" in capsys.readouterr().out
    assert _state(shared_parser()) == before


def test_migration_revisions_are_read_once_and_cannot_be_changed_by_callers() -> None:
    known = migrate.known_revisions()
    known.add("9999")
    assert "9999" not in migrate.known_revisions()
    assert migrate.head_revision() in migrate.known_revisions()
    assert migrate._revisions() is migrate._revisions()
