"""上报情况查询 and 注册人员查询: where each application stands.

Everything shown arrives by sync: the city's receipt and review, the forwarding,
the province's decision, the certificate and the seal all live in the
enterprise's scope (core/scopes.py), so they flow back to the enterprise.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from regsync.core.model import Application, Certificate, Decision, Review, Role, Seal
from regsync.core.ports import UnitOfWork
from regsync.core.state import Stage
from regsync.core.usecases.applications import get_application, list_applications
from regsync.core.usecases.listing import RecordPages, containing


@dataclasses.dataclass(frozen=True)
class ApplicationStatus:
    """One application's progress, with the decisions of its current round."""

    application: Application
    review: Review | None
    decision: Decision | None
    certificate: Certificate | None
    seal: Seal | None

    @property
    def stage(self) -> Stage:
        return Stage(self.application.stage)

    @property
    def reported_on(self) -> dt.date | None:
        return self.application.reported_on


def application_status(
    uow: RecordPages, *, number: str | None = None, name: str | None = None
) -> list[ApplicationStatus]:
    """The status of one application, of a person's applications (by name, or part
    of it), or of all applications this node sees, newest first."""
    if number is not None:
        found = [get_application(uow, number)]
    else:
        found = _named(uow, (name or "").strip())
    found.sort(key=lambda a: (a.created_on, a.number), reverse=True)
    return [_status(uow, a) for a in found]


def _named(uow: RecordPages, wanted: str) -> list[Application]:
    """The applications whose applicant's name holds ``wanted`` (all for ""): the
    database narrows the search (issue 19: not a scan in Python), the exact test here
    stays the judge."""
    search = containing(wanted, "person_name")
    if search is None:
        found = list_applications(uow)
    elif uow.node.role is Role.ENTERPRISE:
        found = list(uow.iterate_after(Application, None, search, enterprise_uscc=uow.node.uscc))
    else:
        found = list(uow.iterate_after(Application, None, search))
    return [a for a in found if wanted in a.person_name]


def _latest(records: list[Review], round_: int) -> Review | None:
    mine = [r for r in records if r.round == round_]
    return max(mine, key=lambda r: (r.reviewed_on, r.id), default=None)


def _decision(records: list[Decision], round_: int) -> Decision | None:
    mine = [d for d in records if d.round == round_]
    return max(mine, key=lambda d: (d.decided_on, d.id), default=None)


def _status(uow: UnitOfWork, app: Application) -> ApplicationStatus:
    reviews = uow.find(Review, application_number=app.number)
    decisions = uow.find(Decision, application_number=app.number)
    certificates = [c for c in uow.find(Certificate, application_number=app.number) if c.current]
    certificate = max(certificates, key=lambda c: (c.issued_on, c.id), default=None)
    seal = None
    if certificate is not None:
        seals = [
            s
            for s in uow.find(Seal, person_id_number=app.person_id_number)
            if s.current and s.specialty == app.specialty
        ]
        linked = [s for s in seals if s.certificate_number == certificate.certificate_number]
        seal = max(linked or seals, key=lambda s: (s.issued_on, s.id), default=None)
    return ApplicationStatus(
        application=app,
        review=_latest(reviews, app.round),
        decision=_decision(decisions, app.round),
        certificate=certificate,
        seal=seal,
    )
