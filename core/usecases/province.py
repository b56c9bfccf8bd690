"""省级: decide forwarded applications and issue certificates and seals.

The province approves or rejects each forwarded round with an opinion, then issues
the certificate (注册证书) and seal (执业印章) of an approved round, numbered from
the templates of :class:`~regsync.core.config.RulesConfig`.  A certificate or seal
that a new one replaces stays as history (``current`` false).  Decisions,
certificates and seals live in the enterprise's scope, so the next sync carries them
back to the city and the enterprise.  Batches check every record before writing any.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Collection, Sequence
from typing import TypeVar

from regsync.core.checks.application import ApplicationFacts
from regsync.core.config import RulesConfig
from regsync.core.errors import InvalidState, MissingField, NotAllowed
from regsync.core.model import (
    Application,
    ApplicationKind,
    Certificate,
    Decision,
    Person,
    Record,
    Role,
    Seal,
    Specialty,
)
from regsync.core.ports import IdGenerator, UnitOfWork
from regsync.core.state import AppState, Stage
from regsync.core.usecases.applications import distinct_numbers, get_application, state_in
from regsync.core.usecases.recheck import refuse_conflicts
from regsync.core.usecases.wording import both


def require_province(uow: UnitOfWork, action_zh: str, action_en: str) -> None:
    if uow.node.role is not Role.PROVINCE:
        raise NotAllowed(role=uow.node.role.value, action_zh=action_zh, action_en=action_en)


def at_stage(uow: UnitOfWork, stage: Stage) -> list[Application]:
    """Every application at ``stage`` (the province sees all cities)."""
    return uow.find(Application, stage=stage.value)


def decide(
    uow: UnitOfWork,
    ids: IdGenerator,
    numbers: Sequence[str],
    *,
    approved: bool,
    decided_by: str,
    opinion: str | None,
    today: dt.date,
    rules: RulesConfig,
) -> list[Decision]:
    """Approve or reject forwarded rounds (省级审批); all of them or none.

    Approving a 资格注销 ends the person's registration in that specialty at once:
    there is nothing to issue.  An approval re-checks the register first
    (:func:`~regsync.core.usecases.recheck.refuse_conflicts`); a rejection needs no
    check (it is how a conflicting application is closed).
    """
    require_province(uow, *both("usecase.province.decide"))
    if not decided_by.strip():
        raise MissingField(field="--by")
    stage_refusal = both(
        "usecase.province.approve_stage" if approved else "usecase.province.reject_stage"
    )
    planned = []
    for number in distinct_numbers(numbers):
        application = get_application(uow, number)
        state = state_in(application, {Stage.FORWARDED}, *stage_refusal)
        planned.append((application, state))
    if approved:
        refuse_conflicts(uow, [a for a, _ in planned], action="approve", today=today, rules=rules)
    decisions = []
    target = Stage.APPROVED if approved else Stage.REJECTED
    for application, state in planned:
        decision = Decision(
            id=ids.new_id(),
            application_number=application.number,
            round=state.round,
            approved=approved,
            decided_by=decided_by.strip(),
            decided_on=today,
            opinion=(opinion or "").strip() or None,
        )
        uow.put(application.replace(stage=state.advance(target).stage.value))
        uow.put(decision)
        if approved and application.kind == ApplicationKind.CANCELLATION.value:
            end_registration(uow, application.person_id_number, Specialty(application.specialty))
        decisions.append(decision)
    return decisions


def end_registration(uow: UnitOfWork, person_id: str, specialty: Specialty) -> int:
    """资格注销: the person's current certificates and seals of ``specialty`` become history
    and the person shows 停止注册 unless registered in the other specialty."""
    ended = _retire(uow, person_id, specialty)
    person = uow.get(Person, person_id)
    if person is not None:
        still = uow.find(Certificate, person_id_number=person_id, current=True)
        uow.put(person.replace(registration_status="active" if still else "stopped"))
    return ended


def _retire(uow: UnitOfWork, person_id: str, specialty: Specialty) -> int:
    count = 0
    for record_type in (Certificate, Seal):
        for old in uow.find(
            record_type, person_id_number=person_id, specialty=specialty.value, current=True
        ):
            uow.put(old.replace(current=False))
            count += 1
    return count


@dataclasses.dataclass(frozen=True)
class Issued:
    """What issuing one approved round made."""

    application: Application
    certificate: Certificate
    seal: Seal


def issue(
    uow: UnitOfWork,
    ids: IdGenerator,
    numbers: Sequence[str],
    *,
    today: dt.date,
    rules: RulesConfig,
) -> list[Issued]:
    """发证: certificate and seal for approved rounds; all of them or none.

    Each is re-checked against the register before anything is written; every record
    is planned before the first is written (see :class:`_Register`).
    """
    require_province(uow, *both("usecase.province.issue"))
    planned = []
    for number in distinct_numbers(numbers):
        application = get_application(uow, number)
        state = state_in(
            application,
            {Stage.APPROVED},
            *both("usecase.province.issue_stage"),
        )
        if application.kind == ApplicationKind.CANCELLATION.value:
            action_zh, action_en = both("usecase.province.issue_cancellation")
            raise InvalidState(
                number=application.number,
                stage=state.stage.value,
                action_zh=action_zh,
                action_en=action_en,
            )
        planned.append((application, state))
    # Re-checked before the first write: a batch either issues all or nothing, and no
    # person gets a second certificate of one specialty.
    facts = refuse_conflicts(uow, [a for a, _ in planned], action="issue", today=today, rules=rules)
    register = _Register.read(uow, facts)
    made = [
        _plan_one(uow, ids, register, app, state=state, today=today, rules=rules)
        for app, state in planned
    ]
    for records, _ in made:
        for record in records:
            uow.put(record)
    return [issued for _, issued in made]


_Held = TypeVar("_Held", Certificate, Seal)


@dataclasses.dataclass
class _Register:
    """The register of a batch's persons as issuing the batch leaves it.

    Read once before the batch writes anything (the re-check's facts, and each
    person's current seals) and kept up to date as each application is planned: a
    person twice in one batch sees the first one's certificate as if it were written.
    Nothing is written until every application is planned, so no look-up of the batch
    walks the records it is about to write (20,000 certificates in 500s).
    """

    persons: dict[str, Person | None] = dataclasses.field(default_factory=dict)
    certificates: dict[str, list[Certificate]] = dataclasses.field(default_factory=dict)
    seals: dict[str, list[Seal]] = dataclasses.field(default_factory=dict)
    numbers: set[tuple[str, str]] = dataclasses.field(default_factory=set)
    """(``certificate`` or ``seal``, number) of every certificate and seal planned."""

    @classmethod
    def read(cls, uow: UnitOfWork, facts: Sequence[ApplicationFacts]) -> _Register:
        register = cls()
        for fact in facts:
            person_id = fact.application.person_id_number
            if person_id in register.persons:
                continue
            register.persons[person_id] = fact.person
            register.certificates[person_id] = [c for c in fact.certificates if c.current]
            register.seals[person_id] = uow.find(Seal, person_id_number=person_id, current=True)
        return register

    def current(
        self, record_type: type[_Held], person_id: str, specialty: Specialty
    ) -> list[_Held]:
        """The person's current certificates (or seals) of ``specialty``, by key."""
        held: list[_Held] = [
            r
            for r in (self.certificates if record_type is Certificate else self.seals)[person_id]
            if isinstance(r, record_type) and r.specialty == specialty.value
        ]
        return sorted(held, key=lambda r: r.key)

    def retire(self, person_id: str, specialty: Specialty) -> list[Certificate | Seal]:
        """History now: the person's current certificates, then seals, of ``specialty``."""
        retired: list[Certificate | Seal] = [
            *(c.replace(current=False) for c in self.current(Certificate, person_id, specialty)),
            *(s.replace(current=False) for s in self.current(Seal, person_id, specialty)),
        ]
        other = [c for c in self.certificates[person_id] if c.specialty != specialty.value]
        self.certificates[person_id] = other
        self.seals[person_id] = [s for s in self.seals[person_id] if s.specialty != specialty.value]
        return retired


def _plan_one(
    uow: UnitOfWork,
    ids: IdGenerator,
    register: _Register,
    application: Application,
    *,
    state: AppState,
    today: dt.date,
    rules: RulesConfig,
) -> tuple[list[Record], Issued]:
    """The records issuing ``application`` writes, in order, and what it made."""
    specialty = Specialty(application.specialty)
    person_id = application.person_id_number
    # The registration the application names comes first, then any other current one;
    # a filed registration (数据备案, no application number) counts like an issued one.
    cited = application.registration_cert_no
    previous = sorted(
        register.current(Certificate, person_id, specialty),
        key=lambda c: c.certificate_number != cited,
    )
    held = previous[0].certificate_number if previous else None
    old_seals = sorted(
        register.current(Seal, person_id, specialty),
        key=lambda x: x.certificate_number != held,
    )
    records: list[Record] = [*register.retire(person_id, specialty)]
    kind = ApplicationKind(application.kind)
    # 初始注册 gets new numbers; the others keep the person's numbers where there are any:
    # a renewal, a change of employer or a reissue is a new *edition* of the same
    # registration (a new Certificate record, the old one history), not a new number.
    keep = kind is not ApplicationKind.INITIAL
    cert_no = previous[0].certificate_number if keep and previous else None
    seal_no = old_seals[0].seal_number if keep and old_seals else None
    fresh = functools.partial(_fresh, uow, rules, application=application, today=today)
    certificate = Certificate(
        id=ids.new_id(),
        certificate_number=cert_no
        or fresh(rules.certificate_template, what="certificate", taken=register.numbers),
        person_id_number=person_id,
        specialty=specialty.value,
        enterprise_uscc=application.enterprise_uscc,
        issued_on=today,
        valid_until=valid_until(application, previous, today, rules),
        application_number=application.number,
    )
    seal = Seal(
        id=ids.new_id(),
        seal_number=seal_no or fresh(rules.seal_template, what="seal", taken=register.numbers),
        person_id_number=person_id,
        specialty=specialty.value,
        issued_on=today,
        certificate_number=certificate.certificate_number,
    )
    register.numbers |= {
        ("certificate", certificate.certificate_number),
        ("seal", seal.seal_number),
    }
    register.certificates[person_id].append(certificate)
    register.seals[person_id].append(seal)
    issued = application.replace(stage=state.advance(Stage.ISSUED).stage.value)
    records += [certificate, seal, issued]
    person = register.persons[person_id]
    if person is not None:
        # Registered with the firm that applied (聘用单位): where two firms entered the
        # same person, the person's record (and with it the province's decisions on it)
        # now travels to that firm; the other keeps its own entry.
        person = person.replace(
            registration_status="active", employer_uscc=application.enterprise_uscc
        )
        register.persons[person_id] = person
        records.append(person)
    return records, Issued(issued, certificate, seal)


def valid_until(
    application: Application,
    previous: Sequence[Certificate],
    today: dt.date,
    rules: RulesConfig,
) -> dt.date:
    """The end of validity of a certificate issued for ``application``.

    初始注册 runs the specialty's period from today; 延续注册 runs it from the end of
    the current registration (or today, if that is past); 变更注册 and 更改、补办 keep
    the current end (a change of employer keeps the original validity).
    """
    years = rules.validity_years(Specialty(application.specialty))
    current_end = application.valid_until or (previous[0].valid_until if previous else None)
    kind = ApplicationKind(application.kind)
    if kind is ApplicationKind.RENEWAL:
        start = max(current_end, today) if current_end else today
        return _add_years(start, years)
    if kind in (ApplicationKind.CHANGE, ApplicationKind.AMEND_REISSUE) and current_end:
        return current_end
    return _add_years(today, years) - dt.timedelta(days=1)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _fresh(
    uow: UnitOfWork,
    rules: RulesConfig,
    template: str,
    *,
    application: Application,
    today: dt.date,
    what: str,
    taken: Collection[tuple[str, str]],
) -> str:
    """The next unused number of ``template``: the counter runs per year and specialty, and
    a number already held (a template without {spec}, an imported record) is skipped, as
    is one ``taken`` by the batch (``what``, number) and not yet written."""
    record_type: type[Certificate] | type[Seal] = Certificate if what == "certificate" else Seal
    field = "certificate_number" if what == "certificate" else "seal_number"
    while True:
        seq = uow.next_counter(f"{what}:{today.year}:{application.specialty}")
        number = rules.issue_number(
            template,
            specialty=Specialty(application.specialty),
            year=today.year,
            city_code=application.city_code,
            seq=seq,
        )
        if (what, number) not in taken and not uow.find(record_type, **{field: number}):
            return number
