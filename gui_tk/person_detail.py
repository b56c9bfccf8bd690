"""双击记录: one person's 基本信息, 证书印章, 良好/不良行为, 工作业绩 and 历次申报情况.

Read-only, from :func:`regsync.core.usecases.registry.person_detail` (the CLI's
``regsync registry person show``): one tab per part, each a small table.
"""

from __future__ import annotations

import datetime as dt
import tkinter as tk
from collections.abc import Sequence
from tkinter import ttk

from regsync.core.catalogue import text
from regsync.core.errors import CoreError
from regsync.core.usecases.registry import PersonDetail, person_detail
from regsync.gui_tk.labels import (
    gender_label,
    kind_label,
    specialty_label,
    stage_label,
    status_label,
)
from regsync.gui_tk.screen import ScreenContext

Cells = Sequence[object]


def _cell(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def conduct_kind(good: bool, lang: str) -> str:
    """良好行为 / 不良行为."""
    return text("choice.good" if good else "choice.bad", lang)


def basic_rows(detail: PersonDetail, lang: str) -> list[tuple[str, str]]:
    """基本信息: label and value of each field the clerk reads."""
    p = detail.person
    return [
        (text("col.name", lang), p.name),
        (text("col.id_number", lang), p.id_number),
        (text("col.gender", lang), gender_label(p.gender, lang)),
        (text("col.birth_date", lang), p.birth_date.isoformat()),
        (text("rec.col.employer", lang), detail.employer_name or p.employer_uscc or ""),
        (text("field.phone", lang), p.phone or ""),
        (text("field.qualification_cert_no", lang), p.qualification_cert_no or ""),
        (text("field.title", lang), p.title or ""),
        (text("col.status", lang), status_label(detail.status, lang)),
    ]


class PersonDetailDialog(tk.Toplevel):
    """The person's record in tabs; :attr:`tables` holds each tab's Treeview (tests read it)."""

    def __init__(
        self, master: tk.Misc, detail: PersonDetail, lang: str, tab: str | None = None
    ) -> None:
        super().__init__(master)
        self.lang = lang
        p = detail.person
        self.title(f"{p.name} {p.id_number}")
        self.transient(master.winfo_toplevel())
        self.tabs = ttk.Notebook(self)
        self.tabs.pack(fill="both", expand=True, padx=8, pady=8)
        self.tables: dict[str, ttk.Treeview] = {}
        current = text("reg.current", lang), text("reg.history", lang)
        self._tab("reg.tab_basic", ("reg.item", "reg.value"), basic_rows(detail, lang))
        certs: list[Cells] = [(c.certificate_number, specialty_label(c.specialty, lang),
                               c.issued_on, c.valid_until, current[not c.current])
                              for c in detail.certificates]  # fmt: skip
        seals: list[Cells] = [(s.seal_number, specialty_label(s.specialty, lang), s.issued_on,
                               "", current[not s.current]) for s in detail.seals]  # fmt: skip
        self._tab("reg.tab_certificates", CERT_HEADERS, certs + seals)
        conduct = [(conduct_kind(c.good, lang), c.description, c.recorded_on, c.recorded_by)
                   for c in detail.conduct]  # fmt: skip
        self._tab("reg.tab_conduct", CONDUCT_HEADERS, conduct)
        perf = [(x.project_name, x.role, x.start_date, x.end_date) for x in detail.performance]
        self._tab("btn.performance", ("col.project", "col.role", "col.start", "col.end"), perf)
        history = [(a.number, kind_label(a.kind, lang), specialty_label(a.specialty, lang),
                    stage_label(a.stage, lang), a.round, a.enterprise_name)
                   for a in detail.applications]  # fmt: skip
        self._tab("reg.tab_history", HISTORY_HEADERS, history)
        if tab is not None:  # e.g. 证书印章 when opened from the certificate lists
            self.tabs.select(self.tables[tab].master)  # type: ignore[no-untyped-call]  # typeshed leaves Notebook.select untyped
        ttk.Button(self, text=text("btn.close", lang), command=self.destroy).pack(pady=(0, 8))

    def _tab(self, title: str, headers: Sequence[str], rows: Sequence[Cells]) -> None:
        frame = ttk.Frame(self.tabs, padding=4)
        names = [f"c{i}" for i in range(len(headers))]
        tree = ttk.Treeview(frame, columns=names, show="headings", height=8)
        for name, header in zip(names, headers, strict=True):
            tree.heading(name, text=text(header, self.lang))
            tree.column(name, width=130, anchor="w")
        for row in rows:
            tree.insert("", "end", values=[_cell(v) for v in row])
        tree.pack(fill="both", expand=True)
        self.tabs.add(frame, text=text(title, self.lang))
        self.tables[title] = tree

    def rows(self, title: str) -> list[tuple[str, ...]]:
        """The cells of one tab, row by row."""
        tree = self.tables[title]
        return [tuple(str(v) for v in tree.item(i, "values")) for i in tree.get_children()]


def open_person(
    ctx: ScreenContext, id_number: str, tab: str | None = None
) -> PersonDetailDialog | None:
    """双击记录 on any list of persons or their records: the record, or the CLI's refusal."""
    try:
        with ctx.shell.services.unit_of_work() as uow:
            detail = person_detail(uow, id_number, today=ctx.shell.services.today())
    except CoreError as exc:
        ctx.notices.failed(exc)
        return None
    return PersonDetailDialog(ctx.root, detail, ctx.lang, tab)


CERT_HEADERS = ("reg.cert_or_seal", "col.specialty", "rec.col.issued_on", "field.valid_until",
                "field.status")  # fmt: skip
CONDUCT_HEADERS = ("col.conduct_kind", "col.conduct_description", "col.recorded_on",
                   "col.recorded_by")  # fmt: skip
HISTORY_HEADERS = ("col.number", "col.kind", "col.specialty", "col.stage", "col.round",
                   "col.enterprise")  # fmt: skip
