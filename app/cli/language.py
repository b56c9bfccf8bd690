"""The command line in the user's language: help texts and argparse's own messages.

The parser tree is built once, in English (``help="..."``, or ``help=N_("...")``);
the English text is the message id and the catalogue (:mod:`regsync.core.i18n`)
holds its zh translation.  Help is translated when it is formatted, and argparse's
own words ("usage:", "error:", "the following arguments are required") through its
module-level ``_``, so the language must be chosen before parsing: :func:`prescan`
reads ``--lang`` from the command line, then ``$REGSYNC_LANG``.
"""

from __future__ import annotations

import argparse
import copy
from collections.abc import Iterator, Mapping, Sequence

from regsync.core import i18n
from regsync.core.i18n import N_

# argparse's own messages (Python 3.11-3.13): message ids of the catalogue.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("expected %s argument"),
    N_("expected %s arguments"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)

_current = ["zh"]


def prescan(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language a command line asks for: ``--lang X`` (before ``--``), else
    ``$REGSYNC_LANG``, else zh (anything but ``en`` is zh)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return i18n.language(argv[index + 1])
        if arg.startswith("--lang="):
            return i18n.language(arg.split("=", 1)[1])
    return i18n.language(environ.get("REGSYNC_LANG"))


def current() -> str:
    """The language the command line speaks (set by :func:`use`)."""
    return _current[0]


def tr(msgid: str) -> str:
    """``msgid`` (an English text) in the current language; itself if not in the catalogue."""
    return i18n.gettext_or_id(msgid, current())


# argparse names these when a parser is built: the tree keeps them in English (the
# parser is built once per process) and the Formatter translates them when it shows them.
_BUILD_TIME = frozenset(ARGPARSE_MESSAGES[1:4])


def _argparse_tr(msgid: str) -> str:
    return msgid if msgid in _BUILD_TIME else tr(msgid)


def _ntr(singular: str, plural: str, n: int) -> str:
    return tr(singular if n == 1 else plural)


def use(lang: str) -> None:
    """Speak ``lang`` from now on: help texts and argparse's messages."""
    _current[0] = i18n.language(lang)
    argparse._ = _argparse_tr  # type: ignore[attr-defined]  # argparse looks its words up here
    argparse.ngettext = _ntr  # type: ignore[attr-defined]


class Formatter(argparse.HelpFormatter):
    """Formats help in the current language (help texts, descriptions, section titles)."""

    def _expand_help(self, action: argparse.Action) -> str:
        shown = action.help
        if shown and shown is not argparse.SUPPRESS:
            action = copy.copy(action)
            action.help = tr(shown)
        return super()._expand_help(action)

    def add_text(self, text: str | None) -> None:
        if text and text is not argparse.SUPPRESS:
            text = tr(text)
        super().add_text(text)

    def start_section(self, heading: str | None) -> None:
        super().start_section(tr(heading) if heading else heading)


def parser_texts(parser: argparse.ArgumentParser) -> Iterator[str]:
    """Every help text, description and section title of ``parser`` and its subcommands."""
    seen: set[int] = set()
    todo = [parser]
    while todo:
        current_parser = todo.pop()
        if id(current_parser) in seen:
            continue
        seen.add(id(current_parser))
        yield from _own_texts(current_parser)
        for action in current_parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                todo.extend(action.choices.values())


def _own_texts(parser: argparse.ArgumentParser) -> Iterator[str]:
    for text in (parser.description, parser.epilog):
        if text:
            yield text
    for group in parser._action_groups:
        for text in (group.title, group.description):
            if text:
                yield text
    for action in parser._actions:
        if action.help and action.help is not argparse.SUPPRESS:
            yield action.help
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.help and choice.help is not argparse.SUPPRESS:
                    yield choice.help
