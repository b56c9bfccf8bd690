"""Property (issue 18, item 4): any text accepted at entry prints on the 申请表, every
field filled to its box's limit, and the form's barcode scans back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import example, given, settings
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

# The fields filled from the drawn text: every free-text box the 申请表 of a kind prints.
PERSON_FIELDS = ("name", "education", "major", "school", "title", "phone", "email",
                 "qualification_cert_no", "previous_seal_no")  # fmt: skip
ENTERPRISE_FIELDS = ("address", "contact", "phone", "qualification")
APPLICATION_FIELDS = ("person_name", "enterprise_name", "qualification_cert_no",
                      "registration_cert_no", "previous_employer", "reason", "amend_old_value",
                      "amend_new_value", "loss_newspaper")  # fmt: skip
PERFORMANCE_FIELDS = ("project_name", "role", "scale")
KINDS = {
    "initial": {},
    "change": {},
    "amend_reissue": {"amend_mode": "amend", "amend_item": "other"},
    "cancellation": {},
}


def _values(record_type: type[Record], fields: tuple[str, ...], text: str) -> dict[str, str]:
    """Each field filled with ``text`` to its limit (its lines, for a multi-line box) as
    entry stores it; a field entry refuses is left empty, as it would never be stored."""
    values: dict[str, str] = {}
    for field in fields:
        limit = limit_of(record_type, field)
        lines = (text * (limit.chars // max(len(text), 1) + 1)).split("\n")[: limit.lines]
        try:
            values[field] = clean_text(record_type, field, "\n".join(lines)[: limit.chars], GLYPHS)
        except InvalidText:
            continue
    return values


@settings(max_examples=12, deadline=None)
@given(text=TEXT, kind=st.sampled_from(sorted(KINDS)))
# The worst cases, always run: every box full of the widest characters, and a 更改、补办
# reason of as many full lines as its box allows.
@example(text="墨", kind="initial")
@example(text="W", kind="change")
@example(text="墨" * 29 + "\n", kind="amend_reissue")
def test_any_text_accepted_at_entry_prints_and_its_barcode_scans_back(text: str, kind: str) -> None:
    person = Person(id_number=LI, gender="male", birth_date=dt.date(1980, 1, 1),
                    **{"name": "李四"} | _values(Person, PERSON_FIELDS, text))  # fmt: skip
    enterprise = Enterprise(uscc=USCC, name=FIRM, city_code="140100",
                            **_values(Enterprise, ENTERPRISE_FIELDS, text))  # fmt: skip
    given_values = {"person_name": "李四", "enterprise_name": FIRM}
    given_values |= _values(Application, APPLICATION_FIELDS, text)
    app = Application(number="140100261000100017", kind=kind, specialty="architect",
                      person_id_number=LI, enterprise_uscc=USCC, city_code="140100",
                      created_on=dt.date(2026, 1, 2), stage="reported",
                      **given_values, **KINDS[kind])  # fmt: skip
    perf = PerformanceRecord(id="p1", application_number=app.number,
                             **{"project_name": "某项目", "role": "负责人"}
                             | _values(PerformanceRecord, PERFORMANCE_FIELDS, text))  # fmt: skip
    performance = tuple(dataclasses.replace(perf, id=f"p{i}") for i in range(3))
    facts = FormFacts(app, person, enterprise, performance, ())
    assert form_refusal(facts, GLYPHS) is None  # the printer agrees with entry
    form = build_form(facts, sample=False, today=dt.date(2026, 1, 2))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "form.pdf"
        ReportlabRenderer().forms_pdf([form], str(out))
        decoded = decode_barcodes(out, Path(tmp), dpi=150)
    assert decoded == [form.barcode]
