"""The Chinese texts read like an office's (issue 17, item 6; docs/glossary.md, 用语):
no English word or code field name in a zh label or message, and the terms the
terminology table retires are gone."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parent.parent / "core" / "locale" / "zh" / "LC_MESSAGES"

with (PO / "regsync.po").open("rb") as _handle:
    ZH = {m.id: m.string for m in read_po(_handle, locale="zh") if m.id}

# Names that stay Latin in Chinese office text: formats, standards, devices, and the
# programs and packages an instruction names (a command line is kept verbatim), and the
# values a clerk types for an option (--role clerk), each shown beside its Chinese name.
_ALLOWED_TEXT = """
    PDF Excel URL USB PIN USCC GB ID JPEG PNG KB MB HTTP HTTPS TLS PEM JSON CSV SQLite
    PostgreSQL PC SC Ctrl C U X TrueType Debian apt get install pip fonts wqy zenhei ttf
    ttc pg_dump pg_restore postgres createdb h chmod None json bpz o pcscd vpcd systemd
    smartcard postgresql exFAT NTFS FAT
    clerk reviewer administrator
"""
ALLOWED = frozenset(_ALLOWED_TEXT.split())
# The terminology table's retired words: the terms to use instead are in docs/glossary.md.
RETIRED = ("名片", "落选值", "轮次", "审核结果", "申请原因")


def _without_code(text: str) -> str:
    """The text with what is code, not words, removed: placeholders, command lines,
    options, environment variables, file names, paths and URLs."""
    for pattern in (
        r"\b[\w-]+\.(bpz|json|db|pdf|xlsx|jsonl|log|ttc|ttf)\b",
        r"\{[^{}]*\}",
        r"%\(\w+\)[sdr]|%[sdr]",
        r"`[^`]*`",
        r"regsync(\s+[-\w./=:{}<>|\[\]]+)*",
        r"--[\w-]+(=\S+)?",
        r"\$\w+|\b[A-Z][A-Z0-9_]{2,}\b",
        r"\w+://\S*",
        r"[\w./\\-]*[/\\][\w./\\-]*",
        r"\b[\w-]+\.(bpz|json|db|pdf|xlsx|jsonl|log|ttc|ttf)\b",
    ):
        text = re.sub(pattern, " ", text)
    return text


def _labels_and_messages() -> dict[str, str]:
    """The zh texts with a key id (labels, errors, table headers); help texts are checked
    by tests/test_cli_language.py."""
    return {k: v for k, v in ZH.items() if re.match(r"^[A-Za-z_][\w-]*(\.[\w-]+)+$", k)}


def test_no_english_word_or_code_name_in_a_zh_text() -> None:
    found = {}
    for key, text in _labels_and_messages().items():
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z_]*", _without_code(text))
                 if w not in ALLOWED]  # fmt: skip
        if words:
            found[key] = words
    assert found == {}


def test_a_code_field_name_is_caught() -> None:
    """The scan itself: a field's code name in a Chinese sentence is flagged."""
    assert "qualification_cert_no" in _without_code("资格证书号（qualification_cert_no）无效")
    assert "regsync" not in _without_code("请运行 regsync node card 写出节点密钥卡")


def test_retired_terms_are_gone() -> None:
    used = {term: [k for k, v in ZH.items() if term in v] for term in RETIRED}
    assert used == {term: [] for term in RETIRED}


def test_node_cards_and_certificates_are_named_as_nodes() -> None:
    """A node's key card and certificate never read as a registration certificate."""
    assert "节点密钥卡" in ZH["error.InvalidCard"]
    assert "节点证书" in ZH["error.UntrustedKey"]
    assert ZH["severity.warning"] == "警告"
    assert ZH["severity.error"] == "错误"
