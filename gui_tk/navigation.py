"""The navigation tree of each edition (the seed's menu names) and the screen registry.

Menus are data: :data:`MENUS` lists, per role, the items of the left-hand tree as
catalogue keys, in the order of the seed documents (附件2 个人版, 附件3 企业版,
附件4 地市版; the province's follows DESIGN §1).  A screen is attached to an item
with :func:`register` (in :mod:`regsync.gui_tk.menu_screens`), without touching the
window; a test checks that every item of every edition has one.
"""

from __future__ import annotations

import dataclasses
import tkinter as tk
from collections.abc import Callable

from regsync.core.model import Role
from regsync.gui_tk.screen import Screen, ScreenContext


@dataclasses.dataclass(frozen=True)
class MenuItem:
    """One item of the tree: a catalogue key, and the items under it."""

    key: str
    children: tuple[MenuItem, ...] = ()


def _item(key: str, *children: str) -> MenuItem:
    return MenuItem(key, tuple(MenuItem(c) for c in children))


_EXCHANGE = _item("nav.exchange", "nav.bundle_import", "nav.bundle_export", "nav.conflicts")
# Nodes with a server above them (the firm's city, the city's province) also sync live.
_ONLINE_EXCHANGE = _item(
    "nav.exchange", "nav.online_sync", "nav.bundle_import", "nav.bundle_export", "nav.conflicts"
)

# Every edition: 系统维护 → 数据备份/恢复.
_SYSTEM = _item("nav.system", "nav.backup")
# A firm enrols with its city over HTTP: 登记状态 (its own request and certificate).
_FIRM_SYSTEM = _item("nav.system", "nav.backup", "nav.enrol_status")
# The offices also certify the nodes below them: 节点登记申请 (enrolment over HTTP);
# the city enrols with the province itself (登记状态), the province is the root.
_CITY_SYSTEM = _item("nav.system", "nav.backup", "nav.enrolments", "nav.enrol_status")
_OFFICE_SYSTEM = _item("nav.system", "nav.backup", "nav.enrolments")

MENUS: dict[Role, tuple[MenuItem, ...]] = {
    Role.PERSONAL: (
        _item(
            "nav.data_entry",
            "nav.personal_info",
            "nav.entry_initial",
            "nav.entry_change",
            "nav.entry_renewal",
            "nav.entry_amend",
        ),
        _item("nav.sample_print"),
        _item("nav.declare"),
        _SYSTEM,
    ),
    Role.ENTERPRISE: (
        _item("nav.enterprise_info"),
        _item("nav.enterprise_persons"),
        _item("nav.applications"),
        _item("nav.data_receive"),
        _item("nav.data_report"),
        _item("nav.print_forms"),
        _item("nav.print_summary"),
        _item("nav.report_status"),
        _item("nav.registered_query"),
        _ONLINE_EXCHANGE,
        _FIRM_SYSTEM,
    ),
    Role.CITY: (
        _item(
            "nav.declarations",
            "nav.receive",
            "nav.review",
            "nav.forward",
            "nav.query",
            "nav.print_summary",
        ),
        MenuItem("nav.certificates", (_item("nav.cert_current"), _item("nav.cert_history"))),
        _item("nav.registry", "nav.enterprises", "nav.registered_persons", "nav.leave_province"),
        _item("nav.filings", "nav.exam_results", "nav.grade2_persons", "nav.continuing_education"),
        _ONLINE_EXCHANGE,
        _CITY_SYSTEM,
    ),
    Role.PROVINCE: (
        _item("nav.approvals", "nav.accept", "nav.approve", "nav.issue"),
        _item("nav.certificates", "nav.cert_current", "nav.cert_history"),
        _item(
            "nav.registry",
            "nav.enterprises",
            "nav.registered_persons",
            "nav.cancellations",
            "nav.conduct",
            "nav.leave_province",
        ),
        _item("nav.filings", "nav.exam_results", "nav.grade2_persons", "nav.continuing_education"),
        _EXCHANGE,
        _OFFICE_SYSTEM,
    ),
}

ScreenFactory = Callable[[tk.Misc, ScreenContext], Screen]
_SCREENS: dict[tuple[Role, str], ScreenFactory] = {}


def register(role: Role, key: str, factory: ScreenFactory) -> None:
    """Attach a screen to the menu item ``key`` of ``role``'s window."""
    if not any(key in _keys(item) for item in MENUS[role]):
        raise KeyError(f"{role.value} has no menu item {key}")
    _SCREENS[(role, key)] = factory


def screen_for(role: Role, key: str) -> ScreenFactory | None:
    """The screen registered for a menu item, if any."""
    return _SCREENS.get((role, key))


def _keys(item: MenuItem) -> list[str]:
    return [item.key] + [k for child in item.children for k in _keys(child)]


def leaf_keys(role: Role) -> list[str]:
    """Every item of the edition's tree that opens a screen (the leaves), in order."""
    leaves: list[str] = []

    def walk(item: MenuItem) -> None:
        if not item.children:
            leaves.append(item.key)
        for child in item.children:
            walk(child)

    for item in MENUS[role]:
        walk(item)
    return leaves
