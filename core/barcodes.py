"""The printed barcode (条形码): application number plus a digest of its content.

DESIGN §3: the paper 申请表 carries a Code 128 barcode of the application number and
a short digest of the content that was printed, so that scanning the paper at the
city finds the record **and** tells whether the paper still matches the electronic
data ("reprint needed" otherwise).

Layout (28 digits, even, so Code 128 set C packs it into 14 symbols)::

    NNNNNNNNNNNNNNNNNN DDDDDDDDD C
    application number digest    Damm check digit over the 27 digits before it

The digest is the first 64 bits of SHA-256 over a canonical JSON of the content,
reduced to nine decimal digits: one edit in 10^9 could go unnoticed, which is
plenty for telling stale paper from current data (it is no signature).  The check
digit catches a mistyped barcode (a scanner without a barcode, typed by hand)
before it can look like "reprint needed".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable

from regsync.core.application_fields import AMEND_REISSUE_FIELDS
from regsync.core.errors import InvalidValue
from regsync.core.fields import expected_texts
from regsync.core.model import Application, PerformanceRecord, Value
from regsync.core.numbering import LENGTH, ascii_digits, damm_check_digit, damm_valid, parse_number

DIGEST_DIGITS = 9
BARCODE_LENGTH = LENGTH + DIGEST_DIGITS + 1

# Workflow fields change when the office moves the application on, not when its
# content changes; a paper form stays valid through them.  Everything else that
# the form prints from the application counts.
_WORKFLOW_FIELDS = frozenset({"round", "stage", "reported_on", "provenance"})
# Fields added after forms were first printed (migration 0004) count only when
# filled, so the paper printed before them still matches the unchanged data.
_ADDED_LATER = frozenset(AMEND_REISSUE_FIELDS)


def _plain(value: Value) -> str | int | bool | None:
    return value.isoformat() if isinstance(value, dt.date) else value


Content = dict[str, object]
"""What a digest covers, as plain JSON values: ``{"application": {...}, "performance": [...]}``."""


def printed_content(application: Application, performance: Iterable[PerformanceRecord]) -> Content:
    """The content the digest covers: the application's fields except the workflow
    ones, and its 工作业绩 (ordered by id, so the order they were loaded in does not
    matter), as plain JSON values.  Fields added later count only when filled, so a
    form printed before they existed still scans as matching."""
    fields = {
        k: _plain(v)
        for k, v in application.fields().items()
        if k not in _WORKFLOW_FIELDS and not (v is None and k in _ADDED_LATER)
    }
    perf = [
        {k: _plain(v) for k, v in p.fields().items()}
        for p in sorted(performance, key=lambda p: p.id)
    ]
    return {"application": fields, "performance": perf}


def content_text(content: Content) -> str:
    """The canonical JSON of ``content`` (sorted keys, no spaces): what is hashed and kept."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest_of(content: Content) -> str:
    """Nine digits of SHA-256 over the canonical JSON of ``content``."""
    canonical = content_text(content)
    value = int.from_bytes(hashlib.sha256(canonical.encode("utf-8")).digest()[:8], "big")
    return f"{value % 10**DIGEST_DIGITS:0{DIGEST_DIGITS}d}"


def content_digest(application: Application, performance: Iterable[PerformanceRecord]) -> str:
    """Nine digits that change whenever the printed content of the application changes.

    The content is :func:`printed_content`.
    """
    return digest_of(printed_content(application, performance))


def differing_fields(printed: Content, current: Content) -> list[str]:
    """The names of what differs between two contents: application fields by name,
    工作业绩 as ``performance:<id>`` (added, removed or changed), in a stable order."""
    was, now = printed.get("application"), current.get("application")
    assert isinstance(was, dict)
    assert isinstance(now, dict)
    names = sorted(k for k in was.keys() | now.keys() if was.get(k) != now.get(k))
    perf_was = _by_id(printed.get("performance"))
    perf_now = _by_id(current.get("performance"))
    changed = sorted(
        k for k in perf_was.keys() | perf_now.keys() if perf_was.get(k) != perf_now.get(k)
    )
    return names + [f"performance:{k}" for k in changed]


def _by_id(records: object) -> dict[str, object]:
    assert isinstance(records, list)
    return {str(r["id"]): r for r in records if isinstance(r, dict)}


def make_barcode(number: str, digest: str) -> str:
    """The barcode text of an application number and its content digest."""
    body = number + digest
    return body + damm_check_digit(body)


@dataclasses.dataclass(frozen=True)
class ScannedBarcode:
    """The parts of a barcode read from paper."""

    number: str
    digest: str


def parse_barcode(text: str) -> ScannedBarcode:
    """Split what a scanner typed into number and digest; refuses anything malformed."""
    value = text.strip()
    if len(value) != BARCODE_LENGTH or not ascii_digits(value):
        sizes = {"length": BARCODE_LENGTH, "number_length": LENGTH, "digest": DIGEST_DIGITS}
        raise InvalidValue(
            field="BARCODE", value=text, **expected_texts("expected.barcode", **sizes)
        )
    if not damm_valid(value):
        raise InvalidValue(field="BARCODE", value=text, **expected_texts("expected.barcode_check"))
    number = value[:LENGTH]
    parse_number(number, field="BARCODE")
    return ScannedBarcode(number=number, digest=value[LENGTH : LENGTH + DIGEST_DIGITS])
