"""Printing and exporting: load the records, gate what may be printed, build documents."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence

from regsync.core import catalogue
from regsync.core.barcodes import differing_fields, digest_of, make_barcode, parse_barcode
from regsync.core.checks.application import check_application
from regsync.core.checks.messages import Severity
from regsync.core.config import RulesConfig
from regsync.core.documents import ApplicationForm, SummaryTable
from regsync.core.errors import CoreError, InvalidValue, NotFound, NotReported
from regsync.core.exports import QUERIES, ExportQuery, Lookup, RecordStream, Row
from regsync.core.forms import FormFacts, SummaryLine, build_form, build_summary
from regsync.core.i18n import N_
from regsync.core.model import (
    Application,
    ApplicationKind,
    ContinuingEducation,
    Enterprise,
    PerformanceRecord,
    Person,
    Record,
    Review,
    Seal,
    Specialty,
    Value,
)
from regsync.core.ports import UnitOfWork
from regsync.core.registration_status import status_on
from regsync.core.state import Stage
from regsync.core.text_rules import Glyphs, record_problems
from regsync.core.usecases import summaries
from regsync.core.usecases.applications import get_application, parse_choice
from regsync.core.usecases.checking import load_facts
from regsync.core.usecases.printed import current_content, printed_content_of
from regsync.core.usecases.wording import both, what


def form_facts(uow: UnitOfWork, application: Application) -> FormFacts:
    """The records the 申请表 of ``application`` prints."""
    return FormFacts(
        application=application,
        person=uow.get(Person, application.person_id_number),
        enterprise=uow.get(Enterprise, application.enterprise_uscc),
        performance=tuple(uow.find(PerformanceRecord, application_number=application.number)),
        continuing_education=tuple(
            uow.find(ContinuingEducation, person_id_number=application.person_id_number)
        ),
    )


def application_form(
    uow: UnitOfWork,
    number: str,
    *,
    today: dt.date,
    sample: bool,
    rules: RulesConfig | None = None,
    glyphs: Glyphs | None = None,
) -> ApplicationForm:
    """The 申请表 (only once reported: its barcode must match the reported data) or 样表.

    The 申报材料清单 is the kind's list in ``rules`` (the defaults when None).  A form
    whose text the printing font (``glyphs``) or its boxes cannot hold raises
    :class:`Unprintable` (:func:`form_refusal`).
    """
    application = get_application(uow, number)
    if not sample and application.stage == Stage.DRAFT.value:
        raise NotReported(number=application.number, stage=Stage.DRAFT.zh)
    attachments = (rules or RulesConfig()).attachments(ApplicationKind(application.kind))
    facts = form_facts(uow, application)
    refusal = form_refusal(facts, glyphs)
    if refusal is not None:
        raise refusal
    return build_form(facts, sample=sample, today=today, attachments=attachments)


class Unprintable(CoreError):
    """A form that cannot be printed as its data stands: what, in which record and field."""

    msgid = N_("error.Unprintable")


# The record a refusal names (catalogue keys).
_RECORD_NAMES = {
    Application: "usecase.documents.record.application",
    Person: "usecase.documents.record.person",
    Enterprise: "usecase.documents.record.enterprise",
    PerformanceRecord: "usecase.documents.record.performance",
    ContinuingEducation: "usecase.documents.record.continuing_education",
}


def form_refusal(facts: FormFacts, glyphs: Glyphs | None) -> Unprintable | None:
    """Why the 申请表 of ``facts`` would lose or garble text, or None when it prints.

    The same rules as entry (:mod:`regsync.core.text_rules`), asked of the records as
    stored: data that arrived by sync or from an older version is named here instead of
    vanishing from the paper (or breaking the layout of a whole batch).
    """
    records: list[Record | None] = [facts.application, facts.person, facts.enterprise]
    records += facts.performance
    records += [r for r in facts.continuing_education if r.specialty == facts.application.specialty]
    for record in records:
        if record is None:
            continue
        for problem in record_problems(record, glyphs):
            zh, en = both(_RECORD_NAMES[type(record)])
            return Unprintable(
                number=facts.application.number,
                record_zh=zh,
                record_en=en,
                field=problem.field,
                reason_zh=problem.zh,
                reason_en=problem.en,
            )
    return None


@dataclasses.dataclass(frozen=True)
class Batch:
    """A batch print: the forms to print, and each application left out with why."""

    forms: list[ApplicationForm]
    refused: list[tuple[str, CoreError]]


def application_forms(
    uow: UnitOfWork,
    numbers: Sequence[str],
    *,
    today: dt.date,
    sample: bool,
    rules: RulesConfig | None = None,
    glyphs: Glyphs | None = None,
) -> Batch:
    """The forms of ``numbers`` that can be printed; one bad application does not stop
    the others (it is named in :attr:`Batch.refused`).  Nothing printable at all raises
    the first refusal, so a single number fails as before."""
    batch = Batch([], [])
    for number in dict.fromkeys(n.strip() for n in numbers):
        try:
            form = application_form(
                uow, number, today=today, sample=sample, rules=rules, glyphs=glyphs
            )
        except CoreError as exc:
            batch.refused.append((number, exc))
            continue
        batch.forms.append(form)
    if not batch.forms and batch.refused:
        raise batch.refused[0][1]
    return batch


@dataclasses.dataclass(frozen=True)
class ScanResult:
    """What scanning a paper form found: the record, whether the paper is current, and
    (when it is not) which fields differ between the paper and the data.

    ``differing`` is None when the paper matches, or when this node never kept the
    content the paper's digest covered (:mod:`regsync.core.usecases.printed`): then
    the paper is stale but what changed cannot be named here.
    """

    application: Application
    barcode: str
    printed_digest: str
    current_digest: str
    differing: tuple[str, ...] | None = None

    @property
    def matches(self) -> bool:
        return self.printed_digest == self.current_digest

    @property
    def current_barcode(self) -> str:
        return make_barcode(self.application.number, self.current_digest)


def scan(uow: UnitOfWork, barcode: str) -> ScanResult:
    """Find the application of a scanned barcode and compare the paper with the data."""
    scanned = parse_barcode(barcode)
    application = uow.get(Application, scanned.number)
    if application is None:
        raise NotFound(**what("usecase.record.barcode_application"), key=barcode)
    current = current_content(uow, application)
    digest = digest_of(current)
    differing = None
    if digest != scanned.digest:
        printed = printed_content_of(uow, application.number, scanned.digest)
        if printed is not None:
            differing = tuple(differing_fields(printed, current))
    return ScanResult(
        application=application,
        barcode=barcode.strip(),
        printed_digest=scanned.digest,
        current_digest=digest,
        differing=differing,
    )


def _check_result(
    uow: UnitOfWork, application: Application, today: dt.date, rules: RulesConfig
) -> str:
    messages = check_application(load_facts(uow, application, today), rules)
    errors = sum(1 for m in messages if m.severity is Severity.ERROR)
    warnings = len(messages) - errors
    # A cell of the 汇总表, a Chinese form.
    if not messages:
        return catalogue.text("usecase.documents.check_passed", "zh")
    parts = [
        catalogue.text("usecase.documents.check_errors", "zh", count=errors) if errors else "",
        catalogue.text("usecase.documents.check_warnings", "zh", count=warnings)
        if warnings
        else "",
    ]
    return catalogue.text("usecase.documents.check_joiner", "zh").join(p for p in parts if p)


def _review(uow: UnitOfWork, application: Application) -> Review | None:
    reviews = uow.find(Review, application_number=application.number, round=application.round)
    return max(reviews, key=lambda r: (r.reviewed_on, r.id)) if reviews else None


def summary(
    uow: UnitOfWork,
    *,
    kind: str,
    specialty: str,
    stage: str | None,
    operator: str,
    today: dt.date,
    rules: RulesConfig,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    numbers: Sequence[str] = (),
) -> SummaryTable:
    """The 汇总表 of one kind and specialty: the batch :func:`summaries.select` picks
    (by default the reported, at a city the forwarded, applications of the period)."""
    query = summaries.SummaryQuery(
        kind, specialty, date_from, date_to, stage, tuple(numbers)
    )  # fmt: skip
    chosen = summaries.select(uow, query)
    lines = []
    for app in chosen:
        person = uow.get(Person, app.person_id_number)
        lines.append(
            SummaryLine(
                application=app,
                gender=person.gender if person else None,
                check_result=_check_result(uow, app, today, rules),
                review=_review(uow, app),
                phone=person.phone if person else None,
            )
        )
    return build_summary(
        lines,
        kind=summaries.parse_kind(kind),
        specialty=Specialty(specialty),
        unit=uow.node.name,
        operator=operator,
        today=today,
    )


class NameLookup:
    """Names and seal numbers over the unit of work, with a bounded LRU cache per kind."""

    def __init__(self, uow: UnitOfWork, size: int = 512) -> None:
        self._uow = uow
        self._size = size
        self._cache: OrderedDict[tuple[str, str], str] = OrderedDict()

    def _cached(self, kind: str, key: str) -> str | None:
        hit = self._cache.get((kind, key))
        if hit is not None:
            self._cache.move_to_end((kind, key))
        return hit

    def _store(self, kind: str, key: str, value: str) -> str:
        self._cache[(kind, key)] = value
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return value

    def person_name(self, id_number: str) -> str:
        hit = self._cached("person", id_number)
        if hit is not None:
            return hit
        person = self._uow.get(Person, id_number)
        return self._store("person", id_number, person.name if person else "")

    def enterprise_name(self, uscc: str) -> str:
        hit = self._cached("enterprise", uscc)
        if hit is not None:
            return hit
        enterprise = self._uow.get(Enterprise, uscc)
        return self._store("enterprise", uscc, enterprise.name if enterprise else "")

    def seal_number(self, certificate_number: str) -> str:
        hit = self._cached("seal", certificate_number)
        if hit is not None:
            return hit
        # The seal issued with this certificate, current or (for 历史证书印章) retired
        # with it; if a seal was reissued, the current one.
        seals = sorted(self._uow.find(Seal, certificate_number=certificate_number),
                       key=lambda x: (x.current, x.issued_on))  # fmt: skip
        return self._store("seal", certificate_number, seals[-1].seal_number if seals else "")


class CachedLookup(NameLookup):
    """A :class:`Lookup` over the unit of work: names, seals, and registration statuses
    as on ``today``, the day of the query (:mod:`regsync.core.registration_status`)."""

    def __init__(self, uow: UnitOfWork, *, today: dt.date, size: int = 512) -> None:
        super().__init__(uow, size)
        self.today = today

    def registration_status(self, person: Person) -> str:
        """The person's status on ``today`` (not cached: a person is on one row only)."""
        return status_on(self._uow, person, self.today)


def export_query(name: str, lang: str = "zh") -> ExportQuery:
    """The export called ``name``, its title and headers in ``lang``; lists the known
    ones when it is unknown."""
    query = QUERIES.get(name)
    if query is None:
        raise InvalidValue(field="QUERY", value=name, expected="one of " + ", ".join(QUERIES))
    return query.in_lang(lang)


# Filters whose values are codes: a typo is refused rather than exporting nothing.
_CHOICES: dict[str, type[ApplicationKind] | type[Specialty] | type[Stage]] = {
    "kind": ApplicationKind,
    "specialty": Specialty,
    "stage": Stage,
}


def export_filters(query: ExportQuery, options: Mapping[str, Value]) -> dict[str, Value]:
    """Map the given filter options to record fields; refuses one the query lacks."""
    equals: dict[str, Value] = dict(query.fixed)
    for option, value in options.items():
        if value is None:
            continue
        field = query.filters.get(option)
        if field is None:
            accepted = ", ".join("--" + o.replace("_", "-") for o in query.filters) or "none"
            raise InvalidValue(
                field="--" + option.replace("_", "-"),
                value=value,
                expected=f"a filter that export {query.name} has ({accepted})",
            )
        choices = _CHOICES.get(option)
        if choices is not None and isinstance(value, str):
            equals[field] = parse_choice(choices, value, "--" + option).value
        else:
            equals[field] = value
    return equals


def export_rows(
    stream: RecordStream, lookup: Lookup, query: ExportQuery, equals: Mapping[str, Value]
) -> Iterator[Row]:
    """The rows of an export, made one at a time from the record stream."""
    for record in stream.iterate(query.record_type, **equals):
        row = query.row(record, lookup)
        if row is not None:
            yield row
