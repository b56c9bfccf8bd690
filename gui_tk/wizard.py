"""The first-run wizard: ``regsync gui`` on a home without a node opens it.

Page one creates the node as ``regsync init`` does: the edition, the unit's name
and codes (checked as they are typed, with ``init``'s own checks and messages shown
beside the field), the key passphrase, and under 高级设置 the province directory
(自动获取 from the server, or the one installed with the program) and the server
address.  Page two sends the enrolment request to the office above and shows its
status (``regsync node enrol``); 进入系统 then opens the edition's window.

The actions are ``app``'s (``init``, ``node enrol``), handed in as :class:`Setup`:
gui_tk never imports ``app``.
"""

from __future__ import annotations

import dataclasses
import tkinter as tk
from collections.abc import Callable
from tkinter import ttk

from regsync.core.catalogue import text
from regsync.core.errors import UsccNeedsConfirmation
from regsync.core.model import Role
from regsync.core.usecases.setup import SETUP_CODES, field_problem
from regsync.gui_tk.dialogs import Notices

MIN_PASSPHRASE = 8
# The name a code's message gives its field, where the wizard's label says more (可不填).
CODE_LABELS = {"org_code": "field.org_code"}


@dataclasses.dataclass(frozen=True)
class NodeFields:
    """What the clerk typed on page one (``regsync init``'s options)."""

    role: Role
    name: str
    city_code: str | None
    uscc: str | None
    org_code: str | None
    uscc_confirmed: bool


@dataclasses.dataclass(frozen=True)
class DirectoryFound:
    """A province directory read by 自动获取, verified; ``handle`` is ``app``'s."""

    source: str
    fingerprint: str
    nodes: int
    server: str | None
    handle: object


@dataclasses.dataclass(frozen=True)
class Setup:
    """``app``'s set-up actions.

    ``provinces`` lists the installed province directories as ``(name, label)``;
    ``read_directory(server, province, city)`` reads one (from the server when its
    address is given); ``create`` is ``regsync init`` and returns its summary;
    ``enrol(server)`` is ``regsync node enrol`` and returns ``(certified, summary)``.
    """

    provinces: Callable[[], list[tuple[str, str]]]
    read_directory: Callable[[str, str, str | None], DirectoryFound]
    create: Callable[[NodeFields, str, DirectoryFound | None], str]
    enrol: Callable[[str], tuple[bool, str]]
    server: Callable[[], str | None]


ROLES = (Role.ENTERPRISE, Role.PERSONAL, Role.CITY, Role.PROVINCE)


class SetupWizard(ttk.Frame):
    """建立节点, then 登记申请; ``on_done`` opens the window once the clerk enters."""

    def __init__(
        self,
        master: tk.Misc,
        setup: Setup,
        notices: Notices,
        on_done: Callable[[], object],
        lang: str = "zh",
    ) -> None:
        super().__init__(master, padding=12)
        self.setup, self.notices, self.on_done, self.lang = setup, notices, on_done, lang
        self.found: DirectoryFound | None = None
        self.entries: dict[str, ttk.Entry] = {}
        self.problems: dict[str, ttk.Label] = {}
        self.typed: list[tk.StringVar] = []  # kept: a collected variable stops tracing
        self.page = ttk.Frame(self)
        self.page.pack(fill="both", expand=True)
        self._node_page()

    def t(self, key: str, **params: object) -> str:
        return text(key, self.lang, **params)

    # -- page one: the node -------------------------------------------------------------
    def _node_page(self) -> None:
        page = self.page
        ttk.Label(page, text=self.t("setup.intro"), wraplength=700, justify="left").grid(
            row=0, column=0, columnspan=3, sticky="w", pady=(0, 10)
        )
        ttk.Label(page, text=self.t("setup.role")).grid(row=1, column=0, sticky="w")
        self.roles = {self.t(f"edition.{r.value}"): r for r in ROLES}
        self.role = ttk.Combobox(page, values=list(self.roles), state="readonly", width=20)
        self.role.set(next(iter(self.roles)))
        self.role.grid(row=1, column=1, sticky="w", pady=2)
        fields = (("name", "setup.name"), ("city", "setup.city"), ("uscc", "setup.uscc"))
        row = 2
        for key, label in fields:
            self._field(row, key, label)
            row += 1
        self.uscc_confirmed = tk.BooleanVar(value=False)
        ttk.Checkbutton(
            page,
            text=self.t("setup.uscc_confirmed"),
            variable=self.uscc_confirmed,
            command=self.check_codes,
        ).grid(row=row, column=1, columnspan=2, sticky="w")
        row += 1
        for key, label in (("org_code", "setup.org_code"),):
            self._field(row, key, label)
            row += 1
        for key, label in (("passphrase", "setup.passphrase"), ("again", "setup.passphrase_again")):
            self._field(row, key, label, show="*")
            row += 1
        self._advanced(row)
        self.create_button = ttk.Button(page, text=self.t("setup.create"), command=self.create)
        self.create_button.grid(row=row + 1, column=1, sticky="w", pady=10)

    def _field(self, row: int, key: str, label: str, show: str = "") -> None:
        ttk.Label(self.page, text=self.t(label)).grid(row=row, column=0, sticky="w")
        typed = tk.StringVar(self.page)
        self.typed.append(typed)
        entry = ttk.Entry(self.page, width=40, show=show, textvariable=typed)
        entry.grid(row=row, column=1, sticky="w", pady=2)
        self.entries[key] = entry
        if key in SETUP_CODES:  # checked on every keystroke (and paste)
            problem = ttk.Label(self.page, text="", wraplength=420, justify="left")
            problem.grid(row=row, column=2, sticky="w", padx=6)
            self.problems[key] = problem
            typed.trace_add("write", lambda *_a: self.check_codes())

    def _advanced(self, row: int) -> None:
        box = ttk.LabelFrame(self.page, text=self.t("setup.advanced"), padding=6)
        box.grid(row=row, column=0, columnspan=3, sticky="we", pady=8)
        ttk.Label(box, text=self.t("setup.province")).grid(row=0, column=0, sticky="w")
        self.provinces = {self.t("setup.province_none"): ""}
        self.provinces.update({label: name for name, label in self.setup.provinces()})
        self.province = ttk.Combobox(box, values=list(self.provinces), state="readonly")
        self.province.set(list(self.provinces)[-1])
        self.province.grid(row=0, column=1, sticky="w")
        self.fetch_button = ttk.Button(box, text=self.t("setup.fetch"), command=self.fetch)
        self.fetch_button.grid(row=0, column=2, padx=6)
        ttk.Label(box, text=self.t("setup.server")).grid(row=1, column=0, sticky="w")
        self.server = ttk.Entry(box, width=50)
        self.server.grid(row=1, column=1, columnspan=2, sticky="w", pady=2)
        self.directory = ttk.Label(box, text="", wraplength=700, justify="left")
        self.directory.grid(row=2, column=0, columnspan=3, sticky="w")

    def _value(self, key: str) -> str | None:
        return self.entries[key].get().strip() or None

    def check_codes(self) -> bool:
        """Run ``init``'s check on every code typed so far; show each message beside its
        field (✓ when it passes).  True when none fails."""
        clean = True
        for key, shown in self.problems.items():
            label = self.t(CODE_LABELS.get(key, f"setup.{key}"))
            value = self.entries[key].get()
            problem = field_problem(key, value, label=label, uscc=self._value("uscc"))
            if isinstance(problem, UsccNeedsConfirmation) and self.uscc_confirmed.get():
                problem = None  # compared with the licence: ``init --uscc-confirmed``
            clean = clean and problem is None
            message = problem.message(self.lang) if problem else ""
            if not message and value.strip():
                message = self.t("setup.code_ok")
            shown.configure(text=message, foreground="red" if problem else "darkgreen")
        return clean

    def fetch(self) -> None:
        """高级设置 → 自动获取: the province directory from the server (when its address
        is typed) or installed with the program; shows the root fingerprint to compare."""
        server = self.server.get().strip()
        province = self.provinces.get(self.province.get(), "")
        if not server and not province:
            self.notices.error(self.t("setup.need_directory"))
            return
        try:
            found = self.setup.read_directory(server, province, self._value("city"))
        except Exception as exc:  # the CLI's message for a domain error; a bug as a bug
            self.notices.failed(exc)
            return
        self.found = found
        if found.server:
            self.server.delete(0, "end")
            self.server.insert(0, found.server)
        self.directory.configure(
            text=self.t(
                "setup.directory_found",
                source=found.source,
                nodes=found.nodes,
                fingerprint=found.fingerprint,
                server=found.server or self.t("setup.no_server"),
            )
        )

    def fields(self) -> NodeFields:
        """Page one as ``init``'s options."""
        return NodeFields(
            role=self.roles[self.role.get()],
            name=self.entries["name"].get(),
            city_code=self._value("city"),
            uscc=self._value("uscc"),
            org_code=self._value("org_code"),
            uscc_confirmed=self.uscc_confirmed.get(),
        )

    def create(self) -> None:
        """建立节点 as ``regsync init`` does; then the enrolment page."""
        secret = self.entries["passphrase"].get()
        if not self.check_codes():
            self.notices.error(self.t("setup.fix_fields"))
            return
        if len(secret) < MIN_PASSPHRASE:
            self.notices.error(self.t("setup.passphrase_short"))
            return
        if secret != self.entries["again"].get():
            self.notices.error(self.t("setup.passphrase_differs"))
            return
        if self.found is None and self.server.get().strip():
            self.fetch()  # a server address typed without 自动获取: its directory now
            if self.found is None:
                return  # the message is shown
        try:
            summary = self.setup.create(self.fields(), secret, self.found)
        except Exception as exc:
            self.notices.failed(exc)
            return
        self.notices.status(summary.splitlines()[0])
        self._enrol_page(summary)

    # -- page two: enrolment -------------------------------------------------------------
    def _enrol_page(self, summary: str) -> None:
        self.page.destroy()
        self.page = page = ttk.Frame(self)
        page.pack(fill="both", expand=True)
        ttk.Label(page, text=summary, wraplength=760, justify="left").pack(anchor="w")
        ttk.Label(page, text=self.t("setup.enrol_intro"), wraplength=760, justify="left").pack(
            anchor="w", pady=8
        )
        row = ttk.Frame(page)
        row.pack(anchor="w")
        ttk.Label(row, text=self.t("setup.server")).pack(side="left")
        self.enrol_server = ttk.Entry(row, width=50)
        self.enrol_server.insert(0, self.setup.server() or "")
        self.enrol_server.pack(side="left", padx=6)
        buttons = ttk.Frame(page)
        buttons.pack(anchor="w", pady=6)
        self.enrol_button = ttk.Button(buttons, text=self.t("setup.enrol"), command=self.enrol)
        self.enrol_button.pack(side="left")
        self.enter_button = ttk.Button(buttons, text=self.t("setup.enter"), command=self.enter)
        self.enter_button.pack(side="left", padx=6)
        self.status = ttk.Label(page, text=self.t("setup.status_none"))
        self.status.pack(anchor="w", pady=6)
        self.certified = False

    def enrol(self) -> None:
        """提交登记申请 / 查询登记状态 (``regsync node enrol``)."""
        server = self.enrol_server.get().strip()
        if not server:
            self.notices.error(self.t("setup.no_server_enrol"))
            return
        try:
            self.certified, summary = self.setup.enrol(server)
        except Exception as exc:
            self.notices.failed(exc)
            return
        state = "setup.status_certified" if self.certified else "setup.status_pending"
        self.status.configure(text=f"{self.t(state)}\n{summary}")
        self.enrol_button.configure(text=self.t("setup.enrol_status"))
        self.notices.status(self.t(state))

    def enter(self) -> None:
        """进入系统: the edition's window."""
        self.destroy()
        self.on_done()
