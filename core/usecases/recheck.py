"""The province's re-check against the register before it approves or issues (issue 16).

The firm and the city checked each application against the register they held then;
the province holds every firm's register and it may have changed since (a certificate
issued meanwhile, another city's firm filing for the same person).  So before it writes
a decision or a certificate it runs :data:`~regsync.core.checks.application.RECHECK_RULES`
again, on its own data and today, and refuses what conflicts: a certificate is never
issued twice for one person and specialty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from regsync.core.checks.application import ApplicationFacts, recheck_register
from regsync.core.checks.messages import CheckMessage, Severity
from regsync.core.config import RulesConfig
from regsync.core.errors import RegisterConflict
from regsync.core.model import Application, Enterprise
from regsync.core.ports import UnitOfWork
from regsync.core.usecases.checking import load_facts
from regsync.core.usecases.wording import both

# The refused action and the advice, by ``action`` (catalogue keys).
_ACTION = {"approve": "usecase.recheck.approve", "issue": "usecase.recheck.issue"}
_ADVICE = {"approve": "usecase.recheck.approve_advice", "issue": "usecase.recheck.issue_advice"}


def conflicts(
    uow: UnitOfWork, application: Application, *, today: dt.date, rules: RulesConfig
) -> list[CheckMessage]:
    """The register errors of one application as the province sees it now."""
    return _errors(load_facts(uow, application, today), rules)


def _errors(facts: ApplicationFacts, rules: RulesConfig) -> list[CheckMessage]:
    return [m for m in recheck_register(facts, rules) if m.severity is Severity.ERROR]


def refuse_conflicts(
    uow: UnitOfWork,
    applications: Sequence[Application],
    *,
    action: str,
    today: dt.date,
    rules: RulesConfig,
) -> list[ApplicationFacts]:
    """Raise :class:`RegisterConflict` naming every application of the batch that conflicts.

    ``action`` is ``approve`` or ``issue``.  The whole batch is refused, not just its bad
    members: the province's batches are all-or-nothing everywhere else (a wrong number
    writes nothing), and a clerk who ticked twenty applications expects either twenty
    decisions or none and a list of what to look at, not a silent subset.

    Returns the facts it checked, one per application: the register as the batch found
    it (call it before the batch writes anything).
    """
    firms: dict[str, Enterprise | None] = {}  # a firm's applications read it once
    facts = [load_facts(uow, a, today, enterprises=firms) for a in applications]
    found = [(f.application, _errors(f, rules)) for f in facts]
    bad = [(a, errors) for a, errors in found if errors]
    if not bad:
        return facts
    advice_zh, advice_en = both(_ADVICE[action])
    action_zh, action_en = both(_ACTION[action])
    raise RegisterConflict(
        count=len(bad),
        action_zh=action_zh,
        action_en=action_en,
        detail_zh="；".join(
            f"{a.number}（{a.person_name}）[{m.code}] {m.zh}" for a, found in bad for m in found
        ),
        detail_en="; ".join(
            f"{a.number} ({a.person_name}) [{m.code}] {m.en}" for a, found in bad for m in found
        ),
        advice_zh=advice_zh,
        advice_en=advice_en,
    )
