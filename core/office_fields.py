"""Input checks of the office fields at write time (issue 16, item 7).

Every use case that writes a person, an enterprise or an application passes the
typed values through :func:`clean_values` (code lists, the photo) and the built
record through :func:`check_record` (periods), so bad input is refused with one
message naming the field before anything is written.  Text and date rules of issue 18
(:mod:`regsync.core.text_rules`) run in the same two places, so every entry path gets them.
"""

from __future__ import annotations

from collections.abc import Mapping

from regsync.core.catalogue import text
from regsync.core.errors import InvalidPeriod
from regsync.core.model import Person, Record, Value
from regsync.core.office_codes import normalise_codes
from regsync.core.photos import check_photo_text
from regsync.core.text_rules import Entry, check_dates, clean_texts

NO_ENTRY = Entry()


def clean_values(
    record_type: type[Record], values: Mapping[str, Value], entry: Entry = NO_ENTRY
) -> dict[str, Value]:
    """``values`` with text normalised and checked (against ``entry.glyphs`` too), codes
    normalised and a photo checked; a bad one raises."""
    out = normalise_codes(record_type, clean_texts(record_type, values, entry.glyphs))
    photo = out.get("photo")
    if record_type is Person and isinstance(photo, str) and photo:
        out["photo"] = check_photo_text(photo)
    return out


def check_record(record: Record, entry: Entry = NO_ENTRY) -> None:
    """Rules across fields of one record: a labour contract ends after it starts, dates
    are plausible (:func:`~regsync.core.text_rules.check_dates`, against ``entry.today``)."""
    check_dates(record, entry.today)
    if isinstance(record, Person):
        start, end = record.contract_start, record.contract_end
        if start is not None and end is not None and end < start:
            raise InvalidPeriod(
                field="contract_end",
                label_zh=text("label.contract_period", "zh"),
                label_en=text("label.contract_period", "en"),
                start=start.isoformat(),
                end=end.isoformat(),
            )
