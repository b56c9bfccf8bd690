"""发证 of a batch: every record is planned before the first is written (issue 19 item 4).

The plan reads the register once and keeps it up to date itself, so these check that a
batch issues exactly what issuing its applications one by one would: a person twice in
a batch sees the first certificate, and fresh numbers skip both the numbers held and
those the batch has just taken.
"""

from __future__ import annotations

import datetime as dt

from regsync.core.config import RulesConfig
from regsync.core.model import (
    Application,
    ApplicationKind,
    Certificate,
    Enterprise,
    Person,
    Role,
    Seal,
    Specialty,
)
from regsync.core.numbering import make_number
from regsync.core.ports import NodeIdentity
from regsync.core.testing import MemoryStore, MemoryUnitOfWork, SequentialIds
from regsync.core.usecases import province
from regsync.core.usecases.setup import plan_identity
from tests.offices import PERSON, USCC1
from tests.storage_helpers import id_number

DAY = dt.date(2026, 11, 27)
CERT, SEAL = "晋2J2015000123", "晋2J-201500123"
OTHER = id_number(3)


def _node() -> NodeIdentity:
    return plan_identity(node_id="province-1", role=Role.PROVINCE, name="省厅", city_code=None,
                         uscc=None, public_key=None)  # fmt: skip


def _approved(kind: ApplicationKind, sequence: int, person: str, **values: object) -> Application:
    app = Application(
        number=make_number(city_code="140100", year=2026, kind=kind, enterprise_number="0001",
                           sequence=sequence),
        kind=kind.value, specialty="architect", person_id_number=person, person_name="李四",
        enterprise_uscc=USCC1, enterprise_name="企业", city_code="140100", created_on=DAY,
        stage="approved", qualification_cert_no="JZ2025-000001",
        qualification_date=dt.date(2025, 6, 30),
    )  # fmt: skip
    return app.replace(**values)


def _store(*held: Certificate | Seal) -> tuple[MemoryStore, SequentialIds]:
    store, ids = MemoryStore(), SequentialIds()
    with MemoryUnitOfWork(_node(), store) as uow:
        uow.put(Enterprise(uscc=USCC1, name="企业", city_code="140100"))
        for number in (PERSON, OTHER):
            uow.put(Person(id_number=number, name="李四", gender="male",
                           birth_date=dt.date(1980, 1, 1), employer_uscc=USCC1))  # fmt: skip
        for record in held:
            uow.put(record)
        uow.commit()
    return store, ids


def _issue(
    store: MemoryStore, ids: SequentialIds, *apps: Application, rules: RulesConfig | None = None
) -> list[province.Issued]:
    with MemoryUnitOfWork(_node(), store) as uow:
        for app in apps:
            uow.put(app)
        numbers = [a.number for a in apps]
        issued = province.issue(uow, ids, numbers, today=DAY, rules=rules or RulesConfig())
        uow.commit()
    return issued


def _held(store: MemoryStore) -> tuple[list[tuple[str, str, bool]], list[tuple[str, bool]]]:
    with MemoryUnitOfWork(_node(), store) as uow:
        certs = uow.find(Certificate, person_id_number=PERSON)
        seals = uow.find(Seal, person_id_number=PERSON)
    return (
        [(c.certificate_number, c.application_number or "", c.current) for c in certs],
        [(s.seal_number, s.current) for s in seals],
    )


def test_a_person_twice_in_one_batch_sees_the_first_certificate() -> None:
    """A renewal and a reissue of one registration in one batch: the reissue keeps the
    number and retires the renewal's new edition, as two batches of one would."""
    cert = Certificate(id="C0", certificate_number=CERT, person_id_number=PERSON,
                       specialty="architect", enterprise_uscc=USCC1, issued_on=dt.date(2023, 3, 1),
                       valid_until=dt.date(2026, 12, 31))  # fmt: skip
    seal = Seal(id="S0", seal_number=SEAL, person_id_number=PERSON, specialty="architect",
                issued_on=dt.date(2023, 3, 1), certificate_number=CERT)  # fmt: skip
    renewal = _approved(ApplicationKind.RENEWAL, 1, PERSON, registration_cert_no=CERT)
    reissue = _approved(ApplicationKind.AMEND_REISSUE, 1, PERSON, registration_cert_no=CERT)
    batch_store, batch_ids = _store(cert, seal)
    one_store, one_ids = _store(cert, seal)
    together = _issue(batch_store, batch_ids, renewal, reissue)
    apart = [*_issue(one_store, one_ids, renewal), *_issue(one_store, one_ids, reissue)]
    assert together == apart
    assert [i.certificate.certificate_number for i in together] == [CERT, CERT]
    assert together[1].certificate.valid_until == together[0].certificate.valid_until
    certs, seals = _held(batch_store)
    assert certs == _held(one_store)[0]
    assert sorted(certs) == [
        (CERT, "", False), (CERT, renewal.number, False), (CERT, reissue.number, True)
    ]  # fmt: skip
    assert sorted(seals) == [(SEAL, False), (SEAL, False), (SEAL, True)]


def test_fresh_numbers_skip_held_ones_and_the_batch_s_own() -> None:
    """Two initial registrations in one batch take the next two free numbers: the one an
    imported certificate already holds is skipped; none is taken twice."""
    rules = RulesConfig()
    first = rules.issue_number(rules.certificate_template, specialty=_spec(), year=DAY.year,
                               city_code="140100", seq=1)  # fmt: skip
    imported = Certificate(id="C0", certificate_number=first, person_id_number=id_number(9),
                           specialty="architect", enterprise_uscc=USCC1,
                           issued_on=dt.date(2026, 1, 5), valid_until=dt.date(2029, 1, 4),
                           current=False)  # fmt: skip
    store, ids = _store(imported)
    issued = _issue(
        store,
        ids,
        _approved(ApplicationKind.INITIAL, 1, PERSON),
        _approved(ApplicationKind.INITIAL, 2, OTHER),
    )
    numbers = [i.certificate.certificate_number for i in issued]
    assert first not in numbers
    assert numbers == [
        rules.issue_number(rules.certificate_template, specialty=_spec(), year=DAY.year,
                           city_code="140100", seq=seq)
        for seq in (2, 3)
    ]  # fmt: skip
    assert len({i.seal.seal_number for i in issued}) == 2
    with MemoryUnitOfWork(_node(), store) as uow:
        persons = [uow.get(Person, p) for p in (PERSON, OTHER)]
    assert [p.registration_status if p else None for p in persons] == ["active", "active"]


def test_a_template_without_specialty_never_gives_one_number_twice_in_a_batch() -> None:
    """The counters run per specialty: with a template without {spec}, the structural
    registration's first number is the architect's, just taken by the same batch."""
    rules = RulesConfig(certificate_template="晋{year}{seq:05d}", seal_template="印{year}{seq:05d}")
    store, ids = _store()
    architect = _approved(ApplicationKind.INITIAL, 1, PERSON)
    structural = _approved(ApplicationKind.INITIAL, 2, OTHER, specialty="structural")
    issued = _issue(store, ids, architect, structural, rules=rules)
    assert [i.certificate.certificate_number for i in issued] == ["晋202600001", "晋202600002"]
    assert [i.seal.seal_number for i in issued] == ["印202600001", "印202600002"]


def _spec() -> Specialty:
    return Specialty.ARCHITECT
