"""注册状态 on the day of the query: 有效 until the certificate's end date, then 停止注册.

The province writes a person's ``registration_status`` when it issues a certificate
(``active``) and when a registration ends by a decision (资格注销, 出省: ``stopped``).
A registration also ends by itself: the day after the last current certificate's
``valid_until`` the person is no longer registered (the seed's red light), and no
office writes anything that day.  So every list, filter, export and screen asks
:func:`effective_status` with the day of the query (the injected clock's date)
instead of reading the stored value: the lapse shows on every node at once, offline,
without a write that could conflict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from regsync.core.model import Certificate, Person
from regsync.core.ports import UnitOfWork

ACTIVE = "active"
STOPPED = "stopped"

STATUS_ZH = {ACTIVE: "有效", STOPPED: "停止注册"}
"""The seed's two statuses of a registered person (绿灯 有效, 红灯 停止注册)."""
STATUS_EN = {ACTIVE: "valid", STOPPED: "stopped"}


def effective_status(stored: str, certificates: Iterable[Certificate], today: dt.date) -> str:
    """The registration status on ``today``.

    ``stored`` is the person's stored ``registration_status``; ``certificates`` are
    the person's certificates this node holds (history ones are ignored).  A stored
    ``active`` becomes ``stopped`` when the person has current certificates and every
    one of them ended before ``today`` (a certificate is valid through its
    ``valid_until`` day).  With no current certificate at hand (a node that does not
    replicate them) the stored value stands: nothing says it lapsed.  ``stopped`` and
    ``none`` are decisions or facts no date undoes.
    """
    if stored != ACTIVE:
        return stored
    current = [c for c in certificates if c.current]
    if current and all(c.valid_until < today for c in current):
        return STOPPED
    return ACTIVE


def person_status(person: Person, certificates: Iterable[Certificate], today: dt.date) -> str:
    """:func:`effective_status` of ``person`` (``certificates`` are the person's)."""
    return effective_status(person.registration_status, certificates, today)


def status_on(uow: UnitOfWork, person: Person, today: dt.date) -> str:
    """The person's registration status on ``today``, from this node's certificates."""
    if person.registration_status != ACTIVE:
        return person.registration_status  # no date undoes it: no lookup needed
    certificates = uow.find(Certificate, person_id_number=person.id_number, current=True)
    return effective_status(person.registration_status, certificates, today)
