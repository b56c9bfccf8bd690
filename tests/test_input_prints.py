"""Property (issue 18, item 4): any text accepted at entry prints on the 申请表, every
field filled to its box's limit, and the form's barcode scans back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from regsync.adapters.documents import ReportlabRenderer
from regsync.adapters.documents.fonts import font_glyphs
from regsync.core.errors import InvalidText
from regsync.core.forms import FormFacts, build_form
from regsync.core.model import Application, Enterprise, PerformanceRecord, Person, Record
from regsync.core.text_rules import clean_text, limit_of
from regsync.core.usecases.documents import form_refusal
from tests.documents_helpers import FIRM, LI, USCC, decode_barcodes

GLYPHS = font_glyphs()
# Mostly characters the font draws (so that most examples are accepted), with the ones
# entry must refuse mixed in: bidi and zero-width controls, a newline, emoji, 𠀀.
_COVERED = [chr(c) for c in sorted(GLYPHS)]
_HOSTILE = ["\u202e", "\u200b", "\n", "\x07", "\U0001f600", "\U00020000", "<", "&", " "]
TEXT = st.text(st.one_of(st.sampled_from(_COVERED), st.sampled_from(_HOSTILE)), max_size=40)

# The fields filled from the drawn text: every free-text box of an initial 申请表.
PERSON_FIELDS = ("name", "education", "major", "school", "title", "phone", "email",
                 "qualification_cert_no", "previous_seal_no")  # fmt: skip
ENTERPRISE_FIELDS = ("address", "contact", "phone", "qualification")
APPLICATION_FIELDS = ("person_name", "enterprise_name", "qualification_cert_no")
PERFORMANCE_FIELDS = ("project_name", "role", "scale")


def _filled(record_type: type[Record], field: str, text: str) -> str:
    """``text`` repeated to the field's limit, as entry would store it (or refused)."""
    limit = limit_of(record_type, field).chars
    typed = (text * (limit // max(len(text), 1) + 1))[:limit]
    return clean_text(record_type, field, typed, GLYPHS)


def _values(record_type: type[Record], fields: tuple[str, ...], text: str) -> dict[str, str]:
    return {f: _filled(record_type, f, text) for f in fields}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(text=TEXT)
def test_any_text_accepted_at_entry_prints_and_its_barcode_scans_back(text: str) -> None:
    try:
        person_values = _values(Person, PERSON_FIELDS, text)
        enterprise_values = _values(Enterprise, ENTERPRISE_FIELDS, text)
        app_values = _values(Application, APPLICATION_FIELDS, text)
        perf_values = _values(PerformanceRecord, PERFORMANCE_FIELDS, text)
    except InvalidText:
        assume(False)  # refused at entry: never stored, so never printed
        return
    person = Person(id_number=LI, gender="male", birth_date=dt.date(1980, 1, 1), **person_values)
    enterprise = Enterprise(uscc=USCC, name=FIRM, city_code="140100", **enterprise_values)
    app = Application(number="140100261000100017", kind="initial", specialty="architect",
                      person_id_number=LI, enterprise_uscc=USCC, city_code="140100",
                      created_on=dt.date(2026, 1, 2), stage="reported", **app_values)  # fmt: skip
    perf = PerformanceRecord(id="p1", application_number=app.number, **perf_values)
    performance = tuple(dataclasses.replace(perf, id=f"p{i}") for i in range(3))
    facts = FormFacts(app, person, enterprise, performance, ())
    assert form_refusal(facts, GLYPHS) is None  # the printer agrees with entry
    form = build_form(facts, sample=False, today=dt.date(2026, 1, 2))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "form.pdf"
        ReportlabRenderer().forms_pdf([form], str(out))
        decoded = decode_barcodes(out, Path(tmp), dpi=150)
    assert decoded == [form.barcode]
