"""地市版 注册申报管理 (附件4 §1): receive, correct, refuse, review and forward.

Every function works on one unit of work and writes nothing until the caller
commits, and the many-record variants check *every* record before they write any:
a command given ten numbers of which one is wrong changes nothing at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from regsync.core import catalogue
from regsync.core.checks.application import check_application
from regsync.core.checks.messages import CheckMessage, Severity, has_errors
from regsync.core.config import RulesConfig
from regsync.core.errors import (
    InvalidState,
    MissingField,
    NotAllowed,
    ReviewRefused,
    UnknownField,
)
from regsync.core.model import Application, Enterprise, Review, Role, Value
from regsync.core.office_fields import NO_ENTRY, check_record, clean_values
from regsync.core.ports import IdGenerator, UnitOfWork
from regsync.core.state import Stage
from regsync.core.text_rules import Entry
from regsync.core.usecases.applications import (
    EDITABLE_APPLICATION_FIELDS,
    distinct_numbers,
    get_application,
    parse_choice,
    state_in,
)
from regsync.core.usecases.checking import load_facts
from regsync.core.usecases.printed import keep_printed_content
from regsync.core.usecases.receiving import receive_application
from regsync.core.usecases.wording import both

REFUSAL_PREFIX = "拒绝接收："
"""Opinion prefix of the review a refusal writes: the enterprise reads why there."""

# A city may correct a submission while it is in its hands and not yet decided.
_CORRECTABLE = frozenset({Stage.REPORTED, Stage.RECEIVED})


@dataclasses.dataclass(frozen=True)
class Submission:
    """One row of a city list: the application and its 信息提示 (check messages)."""

    application: Application
    messages: tuple[CheckMessage, ...]

    @property
    def has_errors(self) -> bool:
        return has_errors(list(self.messages))

    def hint(self, lang: str = "zh") -> str:
        """The 信息提示 column: the messages joined, or 无 / none."""
        if not self.messages:
            return catalogue.text("usecase.city.no_hint", lang)
        shown = (f"[{catalogue.text(f'severity.{m.severity}', lang)}] {m.text(lang)}"
                 for m in self.messages)  # fmt: skip
        return catalogue.text("usecase.city.hint_joiner", lang).join(shown)


def _action(key: str, **params: object) -> dict[str, str]:
    zh, en = both(key, **params)
    return {"action_zh": zh, "action_en": en}


def require_city(uow: UnitOfWork, action_zh: str, action_en: str) -> str:
    """The node's city code; refuses other editions."""
    node = uow.node
    if node.role is not Role.CITY or node.city_code is None:
        raise NotAllowed(role=node.role.value, action_zh=action_zh, action_en=action_en)
    return node.city_code


def messages_of(
    uow: UnitOfWork,
    application: Application,
    today: dt.date,
    rules: RulesConfig,
    *,
    enterprises: dict[str, Enterprise | None] | None = None,
) -> tuple[CheckMessage, ...]:
    """The computer check as the city runs it (with every firm's data), errors first.

    ``enterprises``: the firms a list or a batch has read so far (see ``load_facts``).
    """
    facts = load_facts(uow, application, today, enterprises=enterprises)
    found = check_application(facts, rules)
    return tuple(sorted(found, key=lambda m: m.severity is not Severity.ERROR))


def city_applications(uow: UnitOfWork, city_code: str, stage: Stage) -> list[Application]:
    return uow.find(Application, city_code=city_code, stage=stage.value)


def list_stage(
    uow: UnitOfWork, stage: Stage, *, today: dt.date, rules: RulesConfig
) -> list[Submission]:
    """This city's applications at ``stage`` with their check messages."""
    city = require_city(uow, *both("usecase.city.list"))
    firms: dict[str, Enterprise | None] = {}
    return [
        Submission(a, messages_of(uow, a, today, rules, enterprises=firms))
        for a in city_applications(uow, city, stage)
    ]


def _own(uow: UnitOfWork, number: str, city: str) -> Application:
    application = get_application(uow, number)
    if application.city_code != city:
        raise InvalidState(
            number=application.number,
            stage=application.stage,
            **_action("usecase.city.not_own", city=city, owner=application.city_code),
        )
    return application


def correct(
    uow: UnitOfWork, number: str, values: Mapping[str, Value], entry: Entry = NO_ENTRY
) -> Application:
    """Correct content fields of a submission before it is reviewed (双击记录 → 修改 → 保存)."""
    city = require_city(uow, *both("usecase.city.correct"))
    for field in values:
        if field not in EDITABLE_APPLICATION_FIELDS:
            raise UnknownField(field=field, known=", ".join(EDITABLE_APPLICATION_FIELDS))
    if not values:
        raise MissingField(field="--set FIELD=VALUE")
    application = _own(uow, number, city)
    state_in(application, _CORRECTABLE, *both("usecase.city.correct_stage"))
    # The paper in the city's hands carries the content before this correction: keep
    # it, so that scanning that paper names the corrected fields.
    corrected = application.replace(**clean_values(Application, values, entry))
    check_record(corrected, entry)  # refused before anything is kept
    keep_printed_content(uow, application)
    uow.put(corrected)
    return corrected


def receive(uow: UnitOfWork, numbers: Sequence[str]) -> list[Application]:
    """申报接收 of the given submissions; all of them or, on any refusal, none."""
    city = require_city(uow, *both("usecase.city.receive"))
    targets = [_own(uow, number, city) for number in distinct_numbers(numbers)]
    for application in targets:  # check all first: one wrong number writes nothing
        state_in(application, frozenset({Stage.REPORTED}), *both("usecase.city.receive_stage"))
    return [receive_application(uow, a.number, read=a) for a in targets]


def receive_all(uow: UnitOfWork) -> list[Application]:
    """全选 → 接收: every pending submission of this city."""
    city = require_city(uow, *both("usecase.city.receive"))
    return receive(uow, [a.number for a in city_applications(uow, city, Stage.REPORTED)])


def refuse(
    uow: UnitOfWork,
    ids: IdGenerator,
    number: str,
    *,
    reason: str,
    clerk: str,
    today: dt.date,
) -> Review:
    """拒绝接收 (删除): turn a submission down with a reason the enterprise sees.

    The round ends as 市级审核不通过 without being received; the review it writes
    travels back with the reason, and the enterprise corrects the application and
    reports it again in the next round.  Nothing is deleted: the record and its
    history stay, which the seed's 删除 needs (the firm must be able to re-report).
    """
    city = require_city(uow, *both("usecase.city.refuse"))
    if not reason.strip():
        raise MissingField(field="--reason")
    if not clerk.strip():
        raise MissingField(field="--clerk")
    application = _own(uow, number, city)
    state = state_in(
        application,
        frozenset({Stage.REPORTED}),
        *both("usecase.city.refuse_stage"),
    )
    review = Review(
        id=ids.new_id(),
        application_number=application.number,
        round=state.round,
        passed=False,
        reviewer=clerk.strip(),
        reviewed_on=today,
        opinion=REFUSAL_PREFIX + reason.strip(),
    )
    uow.put(application.replace(stage=state.advance(Stage.CITY_FAILED).stage.value))
    uow.put(review)
    return review


@dataclasses.dataclass(frozen=True)
class ReviewResult:
    """A review written, with the check messages it was written against (warnings shown)."""

    review: Review
    application: Application
    messages: tuple[CheckMessage, ...]


def review(
    uow: UnitOfWork,
    ids: IdGenerator,
    numbers: Sequence[str],
    *,
    passed: bool,
    reviewer: str,
    opinion: str | None,
    today: dt.date,
    rules: RulesConfig,
) -> list[ReviewResult]:
    """申报审核: pass or fail received submissions; all of them or none.

    A pass is refused while the computer check finds an error: correct the data
    (``correct``) or fail it, so that nothing the rules forbid reaches the province.
    """
    city = require_city(uow, *both("usecase.city.review"))
    if not reviewer.strip():
        raise MissingField(field="--reviewer")
    planned = []
    firms: dict[str, Enterprise | None] = {}  # nothing is written until all are checked
    for number in distinct_numbers(numbers):
        application = _own(uow, number, city)
        state = state_in(
            application,
            frozenset({Stage.RECEIVED}),
            *both("usecase.city.review_stage"),
        )
        messages = messages_of(uow, application, today, rules, enterprises=firms)
        if passed and has_errors(list(messages)):
            errors = [m for m in messages if m.severity is Severity.ERROR]
            raise ReviewRefused(
                number=application.number,
                detail_zh="；".join(m.zh for m in errors),
                detail_en="; ".join(m.en for m in errors),
            )
        planned.append((application, state, messages))
    results = []
    target = Stage.CITY_PASSED if passed else Stage.CITY_FAILED
    for application, state, messages in planned:
        record = Review(
            id=ids.new_id(),
            application_number=application.number,
            round=state.round,
            passed=passed,
            reviewer=reviewer.strip(),
            reviewed_on=today,
            opinion=(opinion or "").strip() or None,
        )
        moved = application.replace(stage=state.advance(target).stage.value)
        uow.put(moved)
        uow.put(record)
        results.append(ReviewResult(record, moved, messages))
    return results


def forward(uow: UnitOfWork, numbers: Sequence[str]) -> list[Application]:
    """申报上报: mark passed submissions as sent to the province; all or none.

    The data itself travels with the next sync to the province (bundle or HTTP).
    """
    city = require_city(uow, *both("usecase.city.forward"))
    planned = []
    for number in distinct_numbers(numbers):
        application = _own(uow, number, city)
        state = state_in(
            application,
            frozenset({Stage.CITY_PASSED}),
            *both("usecase.city.forward_stage"),
        )
        planned.append(application.replace(stage=state.advance(Stage.FORWARDED).stage.value))
    for moved in planned:
        uow.put(moved)
    return planned


def forward_all(uow: UnitOfWork) -> list[Application]:
    """全选 → 上报: every passed submission of this city."""
    city = require_city(uow, *both("usecase.city.forward"))
    return forward(uow, [a.number for a in city_applications(uow, city, Stage.CITY_PASSED)])


def parse_stage(text: str) -> Stage:
    return parse_choice(Stage, text, "--stage")
