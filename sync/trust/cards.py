"""Node cards: a node's public identity, as ``regsync node card`` writes it."""

from __future__ import annotations

import dataclasses
from typing import Any

from regsync.core.catalogue_sync import Label, role_label, scope_label, trust_field
from regsync.core.catalogue_sync import label as pair
from regsync.core.model import Role
from regsync.core.ports import NodeIdentity
from regsync.core.scopes import PROVINCE, city_scope, enterprise_scope, personal_scope
from regsync.sync.codec import canonical
from regsync.sync.trust.errors import InvalidCard
from regsync.sync.trust.files import (
    CARD,
    KEY_HEX,
    NODE_ID,
    Kind,
    file_text,
    is_aware_iso,
    is_text,
    read_file,
    strings,
)


@dataclasses.dataclass(frozen=True)
class NodeCard:
    """A node's public identity: what ``regsync node card`` writes.

    The scope must be the one the role implies (``enterprise:<USCC>``,
    ``city:<code>``, ``province``, ``personal:<node_id>``); invalid cards raise
    :class:`InvalidCard` on construction.
    """

    node_id: str
    role: Role
    name: str
    scope: str
    city_code: str | None
    uscc: str | None
    public_key: str
    created: str

    def __post_init__(self) -> None:
        # Accept the role's text too (Role is a StrEnum), but always hold a Role.
        try:
            object.__setattr__(self, "role", Role(self.role))
        except ValueError:
            raise invalid_card("role", "trust.card.not_a_role", value=self.role) from None
        _check_card(self)

    @classmethod
    def from_identity(cls, identity: NodeIdentity, *, created: str) -> NodeCard:
        """The card of a node; ``created`` is ISO text with a timezone."""
        if identity.public_key is None:
            raise invalid_card("public_key", "trust.card.no_key")
        return cls(
            node_id=identity.node_id,
            role=identity.role,
            name=identity.name,
            scope=identity.scope,
            city_code=identity.city_code,
            uscc=identity.uscc,
            public_key=identity.public_key,
            created=created,
        )

    @property
    def label(self) -> str:
        """``name（node id）`` for messages."""
        return f"{self.name}（{self.node_id}）"

    def to_dict(self) -> dict[str, str | None]:
        data: dict[str, str | None] = dataclasses.asdict(self)
        data["role"] = self.role.value
        return data

    def canonical_bytes(self) -> bytes:
        """Sorted-key compact JSON, UTF-8: what certificate signatures cover."""
        return canonical(self.to_dict())

    def to_file_bytes(self) -> bytes:
        return file_text(CARD, self.to_dict()).encode()

    @classmethod
    def from_file_bytes(cls, data: bytes) -> NodeCard:
        """Read a card file; raises :class:`TrustFileError` or :class:`InvalidCard`."""
        return card_from_body(read_file(data, CARD), CARD)


_CARD_REQUIRED = ("node_id", "role", "name", "scope", "public_key", "created")
_CARD_OPTIONAL = ("city_code", "uscc")


def card_from_body(body: Any, kind: Kind) -> NodeCard:
    if not isinstance(body, dict):
        raise kind.error("trust.file.card_not_object")
    fields = strings(body, _CARD_REQUIRED, _CARD_OPTIONAL, kind)
    return NodeCard(**fields)  # type: ignore[arg-type]  # strings checked names and types


def _expected_scope(card: NodeCard) -> str | None:
    """The scope the card's role implies, or None when a required field is missing."""
    if card.role is Role.PROVINCE:
        return PROVINCE
    if card.role is Role.PERSONAL:
        return personal_scope(card.node_id)
    if card.role is Role.CITY:
        return city_scope(card.city_code) if card.city_code else None
    return enterprise_scope(card.uscc) if card.uscc and card.city_code else None


def invalid_card(field: str | Label, msgid: str, **params: object) -> InvalidCard:
    """A card's ``field`` is invalid: the catalogue's reason ``msgid``, in both languages."""
    name = field if isinstance(field, Label) else trust_field(field)
    zh, en = pair(msgid, **params)
    return InvalidCard(field_zh=name.zh, field_en=name.en, reason_zh=zh, reason_en=en)


def _check_card(card: NodeCard) -> None:
    if not NODE_ID.fullmatch(card.node_id):
        raise invalid_card("node_id", "trust.card.node_id")
    if not is_text(card.name):
        raise invalid_card("name", "trust.card.name")
    if not KEY_HEX.fullmatch(card.public_key):
        raise invalid_card("public_key", "trust.card.public_key")
    if not is_aware_iso(card.created):
        raise invalid_card("created", "trust.card.created")
    for name in ("city_code", "uscc"):
        value = getattr(card, name)
        if value is not None and not (value.isalnum() and value.isascii()):
            raise invalid_card(name, "trust.card.alnum")
    expected = _expected_scope(card)
    role = role_label(card.role.value)
    if expected is None:
        enterprise = card.role is Role.ENTERPRISE
        needs = pair("trust.field.uscc_and_city") if enterprise else trust_field("city_code")
        raise invalid_card(needs, "trust.card.needs", role=role, needs=needs)
    if card.scope != expected:
        raise invalid_card(
            "scope",
            "trust.card.scope",
            role=role,
            expected=scope_label(expected),
            found=scope_label(card.scope),
        )
