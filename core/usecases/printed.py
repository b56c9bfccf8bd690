"""What a printed barcode's digest covered: kept, so that ``scan`` can name what changed.

The barcode on a 申请表 carries nine digits of digest, not the content: from the
digits alone a scan can tell *that* the paper is stale, never *what* changed.  So
every node keeps, locally (not replicated), the content a paper of the application
can carry, keyed by application number and digest:

* the enterprise when it **reports** (the 申请表 prints only after reporting, and a
  reported application is frozen at the firm, so the firm's paper carries exactly
  the reported content until the city corrects it);
* the city when it **receives** the submission (the content the firm printed and
  reported), and before each of its **corrections** (修改: the content the paper in
  the city's hands carried until then).

``scan`` recomputes the current content's digest; when it differs from the paper's,
it looks up the kept content of the paper's digest and names the fields that differ.
A node that never held the paper's content (a paper printed from a version this node
did not see) says so instead of guessing.  Keeping the content locally needs no
schema change and nothing on the wire: the replicated data stay the only truth, the
note is only the memory of what was printed from them.
"""

from __future__ import annotations

import json

from regsync.core import catalogue
from regsync.core.barcodes import Content, content_text, digest_of, printed_content
from regsync.core.model import Application, PerformanceRecord
from regsync.core.ports import UnitOfWork

_PREFIX = "printed"


def _name(number: str, digest: str) -> str:
    return f"{_PREFIX}:{number}:{digest}"


def current_content(uow: UnitOfWork, application: Application) -> Content:
    """The content a 申请表 of ``application`` printed now would carry."""
    performance = uow.find(PerformanceRecord, application_number=application.number)
    return printed_content(application, performance)


def keep_printed_content(uow: UnitOfWork, application: Application) -> str:
    """Remember the current content of ``application`` under its digest; returns the digest."""
    content = current_content(uow, application)
    digest = digest_of(content)
    uow.keep_note(_name(application.number, digest), content_text(content))
    return digest


def printed_content_of(uow: UnitOfWork, number: str, digest: str) -> Content | None:
    """The content a paper with ``digest`` carried, if this node kept it."""
    text = uow.note(_name(number, digest))
    if text is None:
        return None
    content = json.loads(text)
    assert isinstance(content, dict)
    return content


def field_label(name: str, lang: str = "zh") -> str:
    """How a differing field is named to a clerk: its form label and its name
    (``工作业绩 <id>`` for a performance record)."""
    if name.startswith("performance:"):
        record = name.split(":", 1)[1]
        return catalogue.text("usecase.printed.performance_record", lang, record=record)
    key = f"field.{name}"
    if not catalogue.has(key):
        return name
    # A clerk reads the form's label; the English text adds the field's name as well.
    shown = catalogue.text(key, lang)
    return shown if lang != "en" or shown == name else f"{shown} ({name})"
