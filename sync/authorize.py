"""Authorization at every hop (DESIGN §4): may this writer make these changes here?

Every node checks every changeset it imports, whoever relayed it, against the
certified identity of the node that *wrote* it (never what the changeset claims) and
the authority table (:mod:`regsync.core.authority`).  Two kinds of check:

* the **table**: the record kinds, fields and values the writer's role may write,
  creating or updating, and the fields that must name the writer itself.  It depends
  only on the change, so a node checks its own writes with it before they are
  committed (:func:`check_local`), and an honest node never makes a change its peers
  refuse;
* the **scope**: the stream's scope must be one the writer may write in, and the
  scope every record belongs to by its *stored* identity (an application's firm, a
  firm's city), looked up here before anything the batch says.  A record's key never
  moves scope: a firm cannot write under another firm's application number, nor a
  city review another city's application.

One unauthorised change refuses the whole bundle; the refusal names the record, the
field, the writer and the rule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from regsync.core.authority import APPLICATION_WORKFLOW, DATA_ENTRY_ROLES, Grant, grant_for
from regsync.core.catalogue import has
from regsync.core.catalogue_sync import (
    Label,
    field_label,
    kind_label,
    label,
    role_label,
    scope_label,
)
from regsync.core.model import Role, Value
from regsync.core.numbering import LENGTH, damm_valid
from regsync.core.scopes import city_scope, enterprise_scope, personal_scope
from regsync.core.state import LOCKED_FOR_ENTERPRISE, STATE_FIELDS, AppState, Stage, join
from regsync.sync.changeset import Change, Changeset, Op
from regsync.sync.vector import dominates, merge

_ENTERPRISE = enterprise_scope("")
# Records that belong to an application, by the field that names it.
_APPLICATION_PARTS = {"performance": "application_number", "review": "application_number",
                      "decision": "application_number"}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Writer:
    """A node's certified identity, as the trust store vouches for it."""

    node_id: str
    role: Role
    city_code: str | None = None
    uscc: str | None = None
    enterprise_number: str | None = None
    """A firm's number, as its city certified it (the city alone gives it)."""


class Identities:
    """The stored identity of records: what decides their scope, stored state first.

    ``rows(kind, keys)`` loads stored rows (the import store's ``load_rows``);
    ``cities()`` every stored firm's city.  Records the node does not hold yet take
    their identity from the batch: the first change that creates them.

    ``versions(kind, keys)`` (the store's ``load_versions``) gives the stored version
    vectors of applications, for the one stage rule checked at import (frozen after
    reporting): with it, the identities also follow each application's state and
    version through the batch, as :func:`refusal` accepts its changesets in order.
    """

    def __init__(
        self,
        rows: Callable[[str, Sequence[str]], Mapping[tuple[str, str], Mapping[str, Value]]],
        cities: Callable[[], Mapping[str, str | None]],
        batch: Sequence[Changeset] = (),
        versions: Callable[[str, Sequence[str]], Mapping[tuple[str, str], Versioned]] | None = None,
    ) -> None:
        self._cities = cities
        self._stored_cities: Mapping[str, str | None] | None = None
        wanted: dict[str, set[str]] = {}
        self._created: dict[tuple[str, str], Mapping[str, object]] = {}
        for cs in batch:
            for c in cs.changes:
                wanted.setdefault(c.kind, set()).add(c.key)
                if c.kind in _APPLICATION_PARTS and isinstance(
                    c.fields.get(_APPLICATION_PARTS[c.kind]), str
                ):
                    wanted.setdefault("application", set()).add(
                        str(c.fields[_APPLICATION_PARTS[c.kind]])
                    )
                self._created.setdefault((c.kind, c.key), c.fields)
        self._stored: dict[tuple[str, str], Mapping[str, Value]] = {}
        for kind in ("application", *_APPLICATION_PARTS):
            if wanted.get(kind):
                self._stored.update(rows(kind, sorted(wanted[kind])))
        # Each application's (round, stage) and version as this node knows it, moved
        # on by the changesets of the batch accepted so far.
        self._states: dict[str, AppState] = {}
        self._versions: dict[str, dict[str, int]] = {}
        if versions is not None and wanted.get("application"):
            stored = versions("application", sorted(wanted["application"]))
            self._versions = {key: dict(v.vv) for (_, key), v in stored.items()}
            for (kind, key), row in self._stored.items():
                if kind == "application" and row.get("stage") is not None:
                    self._states[key] = AppState(int(str(row["round"])), Stage(str(row["stage"])))
        self.follows_state = versions is not None

    def field(self, kind: str, key: str, name: str) -> object:
        """A record's identity field: stored first, else as the batch created it."""
        stored = self._stored.get((kind, key))
        if stored is not None:
            return stored.get(name)
        return self._created.get((kind, key), {}).get(name)

    def enterprise_city(self, uscc: str) -> str | None:
        """The city of a firm: stored first, else as the batch created it."""
        if self._stored_cities is None:
            self._stored_cities = self._cities()
        if uscc in self._stored_cities:
            return self._stored_cities[uscc]
        created = self._created.get(("enterprise", uscc), {}).get("city_code")
        return created if isinstance(created, str) else None

    def application_scope(self, number: str) -> str | None:
        uscc = self.field("application", number, "enterprise_uscc")
        return enterprise_scope(uscc) if isinstance(uscc, str) and uscc else None

    def application_state(self, number: str) -> tuple[AppState, dict[str, int]] | None:
        """The application's state and version here (None: not held, or not followed)."""
        state = self._states.get(number)
        return None if state is None else (state, self._versions.get(number, {}))

    def accepted(self, cs: Changeset) -> None:
        """Move the followed applications on by an accepted changeset's writes."""
        for change in cs.changes:
            if change.kind != "application" or not self.follows_state:
                continue
            vv = self._versions.setdefault(change.key, {})
            vv.update(merge(merge(vv, change.base), {cs.stream: cs.seq}))
            here = self._states.get(change.key)
            if not STATE_FIELDS & change.fields.keys():
                continue
            theirs = AppState(
                int(str(change.fields.get("round", here.round if here else 1))),
                Stage(str(change.fields.get("stage", here.stage if here else Stage.DRAFT))),
            )
            self._states[change.key] = theirs if here is None else join(here, theirs)


class Versioned(Protocol):
    """A stored record version (:class:`regsync.sync.materialise.RecordVersion`)."""

    @property
    def vv(self) -> Mapping[str, int]: ...


NO_IDENTITIES = Identities(lambda _kind, _keys: {}, dict)
"""For a batch whose every record is new (a personal package): nothing stored."""


@dataclasses.dataclass(frozen=True)
class Refusal:
    """Why a change is not allowed: the record, the field, the writer and the rule.

    ``zh`` and ``en`` are the catalogue message ``key`` filled with ``params``
    (:meth:`of`); a rule quoted as it is (the authority table's) has no key.
    """

    zh: str
    en: str
    key: str = ""

    @classmethod
    def of(cls, key: str, **params: object) -> Refusal:
        """The refusal ``key`` of the catalogue (``refusal.*``) in both languages."""
        zh, en = label(key, **params)
        return cls(zh, en, key)

    def __str__(self) -> str:
        return self.en


def _who(writer: Writer) -> Label:
    return label("refusal.who", role=role_label(writer.role.value), node=writer.node_id)


def _record(change: Change) -> Label:
    return label("refusal.record", kind=kind_label(change.kind), id=change.key)


def _stage(stage: str) -> Label:
    return label(f"sync.stage.{stage}") if has(f"sync.stage.{stage}") else Label(stage, stage)


def _value(name: str, value: object) -> Label | object:
    """A value as a refusal quotes it: an application's stage in words."""
    return _stage(str(value)) if name == "stage" and value is not None else value


def _out_of_scope(writer: Writer, scope: str) -> Refusal:
    return Refusal.of("refusal.scope", who=_who(writer), scope=scope_label(scope))


def refusal(writer: Writer, cs: Changeset, identities: Identities) -> Refusal | None:
    """Why ``writer`` may not have written ``cs``, or None when it may."""
    if writer.node_id != cs.origin:
        return Refusal.of("refusal.wrong_origin", origin=cs.origin, signer=writer.node_id)
    if writer.role is Role.PROVINCE:
        identities.accepted(cs)
        return None
    if not _scope_allowed(writer, cs.scope, identities.enterprise_city):
        return _out_of_scope(writer, cs.scope)
    for change in cs.changes:
        reason = (
            table_refusal(writer, change)
            or _binding_refusal(writer, cs, change, identities)
            or frozen_refusal(writer, cs, change, identities)
        )
        if reason is not None:
            return reason
    identities.accepted(cs)
    return None


def frozen_refusal(
    writer: Writer, cs: Changeset, change: Change, identities: Identities
) -> Refusal | None:
    """A firm's change to an application it had seen reported (frozen after reporting).

    Honest firms change an application's content, or its 工作业绩, only in a draft
    (the use cases refuse it afterwards).  A change is refused here only when it
    proves its writer had seen the application locked:

    * an application change writing content whose ``base`` covers everything this
      node knows of the record (so the writer saw the stage that locks it), or whose
      base leaves out the writer's own earlier write of it (no honest writer does);
    * a 工作业绩 change while everything this node knows of the application was
      written by this writer's own earlier changesets (its own report among them).

    A delete (删除) of an application is held to the same proof, and is refused also
    when the application is in a later round (a draft again after a failed round was
    reported before: only a draft never reported may be deleted).

    A change concurrent with writes its writer had not seen (a second PC of the firm
    editing while the first reported; an edit meeting the city's receipt) is not
    proof: it meets the other writes in the merge, and the receipt's claim wins.
    """
    if writer.role not in DATA_ENTRY_ROLES:
        return None
    deleting = change.kind == "application" and change.op is Op.DELETE
    if change.kind == "application":
        if not deleting and not change.fields.keys() - APPLICATION_WORKFLOW:
            return None  # reporting, re-applying: the workflow, not the content
        number = change.key
    elif change.kind == "performance":
        named = identities.field("performance", change.key, "application_number")
        if not isinstance(named, str):
            return None
        number = named
    else:
        return None
    known = identities.application_state(number)
    if known is None:
        return None
    state, version = known
    # 删除 is for a draft never reported: a later round's draft was reported before.
    if state.stage not in LOCKED_FOR_ENTERPRISE and not (deleting and state.round > 1):
        return None
    if change.kind == "application":
        own_before = version.get(cs.stream, 0)
        if own_before >= cs.seq:
            return None  # delivered again: a write this node already holds (it came first)
        seen = dominates(change.base, version) or change.base.get(cs.stream, 0) < own_before
    else:
        seen = bool(version) and all(s == cs.stream and n < cs.seq for s, n in version.items())
    if not seen:
        return None
    return _frozen(writer, change, number, state, deleting=deleting)


def _frozen(
    writer: Writer, change: Change, number: str, state: AppState, *, deleting: bool
) -> Refusal:
    who, record, stage = _who(writer), _record(change), _stage(state.stage.value)
    if deleting:
        return Refusal.of(
            "refusal.frozen_delete",
            who=who,
            record=record,
            number=number,
            stage=stage,
            round=state.round,
        )
    return Refusal.of(
        "refusal.frozen_change",
        who=who,
        record=record,
        number=number,
        stage=stage,
        rule=label("refusal.frozen_rule"),
    )


def check_local(writer: Writer, scope: str, changes: Iterable[Change]) -> Refusal | None:
    """Why this node may not commit ``changes`` in ``scope`` (None: it may).

    The table part of the import check, run before a local write is committed: a
    clerk (or a conflict resolution) cannot make a change the node's peers refuse.
    """
    if writer.role is Role.PROVINCE:
        return None
    if not _own_scope(writer, scope):
        return _out_of_scope(writer, scope)
    for change in changes:
        reason = table_refusal(writer, change, local=True)
        if reason is not None:
            return reason
    return None


def table_refusal(writer: Writer, change: Change, *, local: bool = False) -> Refusal | None:
    """Why the authority table refuses ``change`` by ``writer`` (None: it allows it)."""
    grant = grant_for(writer.role, change.kind)
    if grant is None:
        return Refusal.of(
            "refusal.province_only",
            who=_who(writer),
            record=_record(change),
            kind=kind_label(change.kind),
        )
    if change.op is Op.DELETE:
        if grant.delete:
            return None
        return Refusal.of(
            "refusal.delete", who=_who(writer), record=_record(change), rule=_rule(grant)
        )
    created = not change.base
    for name, value in change.fields.items():
        why = _field_refusal(writer, grant, change.kind, name, value, created=created, local=local)
        if why is not None:
            return Refusal.of(
                "refusal.field",
                who=_who(writer),
                record=_record(change),
                field=field_label(change.kind, name),
                why=Label(why.zh, why.en),
            )
    if change.kind == "node" and change.key != writer.node_id:
        return Refusal.of(
            "refusal.write", who=_who(writer), record=_record(change), rule=_rule(grant)
        )
    return None


def _rule(grant: Grant) -> Label:
    """The authority table's rule, as it words it (regsync.core.authority)."""
    return Label(grant.rule_zh, grant.rule)


def _field_refusal(
    writer: Writer,
    grant: Grant,
    kind: str,
    name: str,
    value: object,
    *,
    created: bool,
    local: bool,
) -> Refusal | None:
    whose = grant.own.get(name)
    if whose is not None and value is not None:
        mine = getattr(writer, whose)
        if (mine is None and local) or value == mine:
            return None  # locally, this node's certificate is not at hand: its peers check
        return Refusal.of(
            "refusal.not_own", value=value, whose=field_label(kind, whose), rule=_rule(grant)
        )
    if not grant.allows(name, create=created):
        return Refusal(grant.rule_zh, grant.rule)
    allowed = grant.values.get(name)
    if allowed is not None and value is not None and str(value) not in allowed:
        return Refusal.of(
            "refusal.values",
            among=_among(name, sorted(allowed)),
            value=_value(name, value),
            rule=_rule(grant),
        )
    return None


def _among(name: str, values: Sequence[str]) -> Label:
    """The values a field may take, listed in each language."""
    sep = label("refusal.list_separator")
    shown = [_value(name, v) for v in values]
    return Label(
        *(
            sep.get(lang).join(v.get(lang) if isinstance(v, Label) else str(v) for v in shown)
            for lang in ("zh", "en")
        )
    )


def _binding_refusal(
    writer: Writer, cs: Changeset, change: Change, identities: Identities
) -> Refusal | None:
    """A record bound to an application must be written in that application's scope."""
    if change.kind == "application":
        number = change.key
    elif change.kind in _APPLICATION_PARTS:
        named = identities.field(change.kind, change.key, _APPLICATION_PARTS[change.kind])
        if not isinstance(named, str):
            return None  # no application named: the table has checked the fields
        number = named
    else:
        return None
    record = _record(change)
    if not (len(number) == LENGTH and damm_valid(number)):
        return Refusal.of("refusal.bad_number", record=record, number=number)
    if writer.city_code is not None and number[:6] != writer.city_code:
        return Refusal.of(
            "refusal.other_city",
            record=record,
            number=number,
            city=number[:6],
            node=writer.node_id,
        )
    belongs = identities.application_scope(number)
    if belongs is not None and belongs != cs.scope:
        return Refusal.of(
            "refusal.other_scope",
            record=record,
            number=number,
            belongs=scope_label(belongs),
            scope=scope_label(cs.scope),
        )
    return None


def _own_scope(writer: Writer, scope: str) -> bool:
    """The scopes a node writes in by its own identity (a city: also its firms')."""
    if writer.role is Role.ENTERPRISE:
        return writer.uscc is not None and scope == enterprise_scope(writer.uscc)
    if writer.role is Role.PERSONAL:
        return scope == personal_scope(writer.node_id)
    if writer.role is Role.CITY:
        return scope == city_scope(writer.city_code or "") or scope.startswith(_ENTERPRISE)
    return False


def _scope_allowed(
    writer: Writer, scope: str, enterprise_city: Callable[[str], str | None]
) -> bool:
    if writer.role is Role.CITY and writer.city_code is not None and scope.startswith(_ENTERPRISE):
        return enterprise_city(scope[len(_ENTERPRISE) :]) == writer.city_code
    return _own_scope(writer, scope)
