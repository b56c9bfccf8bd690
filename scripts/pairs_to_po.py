#!/usr/bin/env python3
"""Move (zh, en) pairs from the source into the gettext catalogue, and compile it.

    .venv/bin/python scripts/pairs_to_po.py          # convert, update .pot/.po, compile .mo
    .venv/bin/python scripts/pairs_to_po.py --check  # exit 1 if anything is left to do
    .venv/bin/python scripts/pairs_to_po.py --stats  # coverage: msgids, translated zh / en

Re-runnable after any merge.  It finds, in the package folders (not tests/):

* label pairs: ``TEXTS = {key: (zh, en), ...}`` in core/catalogue.py and every
  core/catalogue_*.py -- message id ``key``;
* error templates: a class with ``zh = "..."`` and ``en = "..."`` in its body (any
  errors.py, or an error class elsewhere) -- message id ``error.<ClassName>``;
* command-line texts: every help text, description and group title of the parser
  ``regsync.app.cli.main.build_parser()`` builds, every ``N_("...")`` in the source
  (``pybabel extract`` with babel.cfg), and argparse's own messages
  (regsync.app.cli.language.ARGPARSE_MESSAGES) -- the English text is the message id.

It writes each pair into core/locale/{zh,en}/LC_MESSAGES/regsync.po, removes it from
the source (a label pair leaves its dict; an error class gets ``msgid = N_("error.X")``
in place of its two templates), writes core/locale/regsync.pot and compiles the .mo
files with Babel.  An English id gets itself as its en translation; its zh translation
is added by hand in the zh .po (tests/test_cli_language.py names the ones missing).
``--check`` changes nothing and fails when a pair is left in the source, an id is
missing from the .po files, or a .pot/.po/.mo file differs from what a run would write.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIRS = ("core", "sync", "packages_bpz", "adapters", "gui_tk", "app")
LOCALE = ROOT / "core" / "locale"
DOMAIN = "regsync"
LANGS = ("zh", "en")
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # no churn from headers
# A key-like message id (``app.title``, ``error.InvalidIdNumber``), not an English text.
KEY_ID = re.compile(r"^[A-Za-z_][\w-]*(\.[\w-]+)+$")


@dataclass
class Pair:
    msgid: str
    zh: str
    en: str
    path: Path
    line: int
    bases: list[str] = field(default_factory=list)


@dataclass
class Edit:
    """Source lines to replace: (first line, last line) 1-based inclusive -> new text."""

    path: Path
    spans: list[tuple[int, int, int, int, str]] = field(default_factory=list)
    needs_import: bool = False


def source_files() -> Iterator[Path]:
    for folder in PACKAGE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "locale" not in path.parts:
                yield path


def _string(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _texts_dict(tree: ast.Module) -> ast.Dict | None:
    for stmt in tree.body:
        target = stmt.target if isinstance(stmt, ast.AnnAssign) else None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
        value = getattr(stmt, "value", None)
        if isinstance(target, ast.Name) and target.id == "TEXTS" and isinstance(value, ast.Dict):
            return value
    return None


def label_pairs(path: Path, tree: ast.Module, edit: Edit) -> list[Pair]:
    found = _texts_dict(tree)
    if found is None or not found.keys:
        return []
    pairs = []
    for key, value in zip(found.keys, found.values, strict=True):
        elts = value.elts if isinstance(value, ast.Tuple) else []
        texts = [_string(e) for e in elts]
        msgid = _string(key)
        if msgid is None or len(texts) != 2 or None in texts:
            sys.exit(f"{path}:{value.lineno}: TEXTS entries must be 'key': ('zh', 'en') literals")
        pairs.append(Pair(msgid, str(texts[0]), str(texts[1]), path, value.lineno))
    end, end_col = found.end_lineno, found.end_col_offset
    assert end is not None
    assert end_col is not None
    edit.spans.append((found.lineno, found.col_offset, end, end_col, "{}"))
    return pairs


def error_pairs(path: Path, tree: ast.Module, edit: Edit) -> list[Pair]:
    pairs = []
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef):
            continue
        templates: dict[str, ast.stmt] = {}
        for stmt in cls.body:
            target = stmt.targets[0] if isinstance(stmt, ast.Assign) else None
            target = stmt.target if isinstance(stmt, ast.AnnAssign) else target
            value = _string(getattr(stmt, "value", None))
            if isinstance(target, ast.Name) and target.id in LANGS and value is not None:
                templates[target.id] = stmt
        if not templates:
            continue
        # A class may override one language only: the other is its parent's (resolved
        # in find_pairs); "" marks it.
        texts = {lang: _string(getattr(templates.get(lang), "value", None)) or "" for lang in LANGS}
        msgid = f"error.{cls.name}"
        first = min(templates.values(), key=lambda stmt: stmt.lineno)
        pair = Pair(msgid, texts["zh"], texts["en"], path, first.lineno)
        pair.bases = [b.id for b in cls.bases if isinstance(b, ast.Name)]
        pairs.append(pair)
        indent = " " * first.col_offset
        for stmt in templates.values():
            new = indent + f'msgid = N_("{msgid}")' if stmt is first else ""
            assert stmt.end_lineno is not None
            edit.spans.append((stmt.lineno, 0, stmt.end_lineno, -1, new))
        edit.needs_import = True
    return pairs


def resolve_partial(pairs: list[Pair]) -> None:
    """Fill the language a class did not override from its parent (source or .po)."""
    by_id = {p.msgid: p for p in pairs}
    old = {lang: _read(lang) for lang in LANGS}

    def inherited(pair: Pair, lang: str) -> str:
        for base in pair.bases:
            parent = by_id.get(f"error.{base}")
            if parent is not None:
                found = getattr(parent, lang) or inherited(parent, lang)
            else:
                found = old[lang].get(f"error.{base}", "")
            if found:
                return found
        return ""

    for pair in pairs:
        for lang in LANGS:
            if not getattr(pair, lang):
                setattr(pair, lang, inherited(pair, lang))
        if not (pair.zh and pair.en):
            sys.exit(f"{pair.path}:{pair.line}: {pair.msgid}: no template in one language")


def find_pairs() -> tuple[list[Pair], list[Edit]]:
    pairs: list[Pair] = []
    edits = []
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        edit = Edit(path)
        if path.parent.name == "core" and re.fullmatch(r"catalogue(_\w+)?\.py", path.name):
            pairs += label_pairs(path, tree, edit)
        pairs += error_pairs(path, tree, edit)
        if edit.spans:
            edits.append(edit)
    seen: dict[str, Pair] = {}
    for pair in pairs:
        if pair.msgid in seen and pair.msgid.startswith("error."):
            other = seen[pair.msgid]
            sys.exit(
                f"{pair.path}:{pair.line}: error class name {pair.msgid[6:]} is also defined in "
                f"{other.path}:{other.line}; rename one (the message id is the class name)"
            )
        seen[pair.msgid] = pair
    resolve_partial(pairs)
    return pairs, edits


def apply(edit: Edit) -> None:
    lines = edit.path.read_text(encoding="utf-8").splitlines(keepends=True)
    for first, col, last, end_col, new in sorted(edit.spans, reverse=True):
        if end_col < 0:  # whole statement lines
            lines[first - 1 : last] = [new + "\n"] if new else []
        else:  # an expression inside lines
            head = lines[first - 1][:col]
            tail = lines[last - 1][end_col:]
            lines[first - 1 : last] = [head + new + tail]
    body = "".join(lines)
    marker = "from regsync.core.i18n import N_\n"
    if edit.needs_import and marker not in body:
        anchor = "from __future__ import annotations\n"
        head = anchor + "\n" + marker
        body = body.replace(anchor, head, 1) if anchor in body else marker + body
    edit.path.write_text(body, encoding="utf-8")


# -- command-line texts --------------------------------------------------------------


def cli_texts() -> dict[str, str]:
    """English message ids of the command line -> where they come from."""
    sys.path.insert(0, str(ROOT))
    from regsync.app.cli.language import ARGPARSE_MESSAGES, parser_texts  # noqa: PLC0415
    from regsync.app.cli.main import build_parser  # noqa: PLC0415

    found = dict.fromkeys(ARGPARSE_MESSAGES, "argparse")
    for msgid in parser_texts(build_parser()):
        found.setdefault(msgid, "app/cli")
    found = {k: v for k, v in found.items() if not KEY_ID.match(k)}  # keys come from pairs
    for folder in PACKAGE_DIRS:
        extracted = extract_from_dir(
            ROOT / folder, [("**.py", "python")], keywords={"N_": None}, comment_tags=()
        )
        for filename, lineno, message, _comments, _context in extracted:
            if isinstance(message, str) and not KEY_ID.match(message):
                found.setdefault(message, f"{folder}/{filename}:{lineno}")
    return found


# -- the catalogue files -----------------------------------------------------------------


def _read(lang: str) -> dict[str, str]:
    path = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str)}


def _catalog(lang: str | None) -> Catalog:
    return Catalog(
        locale=lang,
        domain=DOMAIN,
        project="regsync",
        version="1",
        copyright_holder="regsync",
        msgid_bugs_address="",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        last_translator="regsync <scripts/pairs_to_po.py>",
        language_team="regsync",
        charset="utf-8",
        fuzzy=False,
    )


def build(pairs: list[Pair], cli: dict[str, str]) -> dict[Path, bytes]:
    """The .pot, .po and .mo files a run writes (path -> content)."""
    old = {lang: _read(lang) for lang in LANGS}
    entries: dict[str, dict[str, str]] = {}
    for msgid in old["zh"].keys() | old["en"].keys():
        if KEY_ID.match(msgid):  # keys stay; English ids stay only while the source has them
            entries[msgid] = {lang: old[lang].get(msgid, "") for lang in LANGS}
    for msgid in cli:
        entries[msgid] = {"zh": old["zh"].get(msgid, ""), "en": old["en"].get(msgid) or msgid}
    for pair in pairs:
        entries[pair.msgid] = {"zh": pair.zh, "en": pair.en}
    out: dict[Path, bytes] = {}
    template = _catalog(None)
    catalogs = {lang: _catalog(lang) for lang in LANGS}
    for msgid in sorted(entries):
        flags = ("python-brace-format",) if "{" in msgid or "{" in entries[msgid]["zh"] else ()
        template.add(msgid, "", flags=flags)
        for lang in LANGS:
            catalogs[lang].add(msgid, entries[msgid][lang], flags=flags)
    out[LOCALE / f"{DOMAIN}.pot"] = _po_bytes(template)
    for lang, catalog in catalogs.items():
        folder = LOCALE / lang / "LC_MESSAGES"
        out[folder / f"{DOMAIN}.po"] = _po_bytes(catalog)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        out[folder / f"{DOMAIN}.mo"] = buffer.getvalue()
    return out


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, omit_header=False, sort_output=True, include_lineno=False)
    return buffer.getvalue()


def stats() -> str:
    both = {lang: _read(lang) for lang in LANGS}
    ids = both["zh"].keys() | both["en"].keys()
    done = {lang: sum(1 for i in ids if both[lang].get(i)) for lang in LANGS}
    return f"msgids {len(ids)}, translated zh {done['zh']}, en {done['en']}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    parser.add_argument("--stats", action="store_true", help="print the coverage and exit")
    args = parser.parse_args(argv)
    if args.stats:
        print(stats())
        return 0
    pairs, edits = find_pairs()
    files = build(pairs, cli_texts())
    stale = [p for p, body in files.items() if not p.exists() or p.read_bytes() != body]
    if args.check:
        for pair in pairs:
            where = f"{pair.path.relative_to(ROOT)}:{pair.line}"
            print(f"{where}: pair {pair.msgid} not in the catalogue")
        for path in stale:
            print(f"{path.relative_to(ROOT)}: out of date")
        if pairs or stale:
            print("run: .venv/bin/python scripts/pairs_to_po.py", file=sys.stderr)
            return 1
        return 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[path])
    for edit in edits:
        apply(edit)
    touched = [str(e.path) for e in edits]
    if touched:
        ruff = Path(sys.executable).parent / "ruff"
        if ruff.exists():
            fix = [ruff, "check", "-q", "--fix"]  # e.g. a noqa an emptied module no longer needs
            subprocess.run([*fix, *touched], check=False)
            subprocess.run([ruff, "format", "-q", *touched], check=False)
    print(f"moved {len(pairs)} pairs from {len(edits)} files; wrote {len(stale)} catalogue files")
    print(stats())
    return 0


if __name__ == "__main__":
    sys.exit(main())
