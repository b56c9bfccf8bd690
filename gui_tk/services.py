"""What the shell needs from the composition root, as protocols (gui_tk never imports app).

``regsync gui`` (in :mod:`regsync.app.cli.gui`) builds the node's services and the
sync actions that live in ``app`` (bundle import and export need the trust store
and the key) and hands them to :func:`regsync.gui_tk.window.open_window`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from regsync.core.config import RulesConfig
from regsync.core.documents import DocumentRenderer, SheetReader
from regsync.core.errors import CoreError
from regsync.core.operators import Operator
from regsync.core.ports import IdGenerator, NodeIdentity
from regsync.core.text_rules import Entry
from regsync.core.usecases.listing import RecordPages
from regsync.core.usecases.reporting import ClockReading

Progress = Callable[[int, int], None]
"""``progress(done, total)``; raises to cancel the work it is called from."""


class ShellServices(Protocol):
    """The node's services (:class:`regsync.app.bootstrap.Services` fits)."""

    @property
    def node(self) -> NodeIdentity:
        """Who this node is: its role picks the edition's window."""
        ...

    @property
    def rules(self) -> RulesConfig:
        """The configured periods and hours of the computer check."""
        ...

    @property
    def ids(self) -> IdGenerator:
        """Makes the ids of new records (工作业绩)."""
        ...

    @property
    def renderer(self) -> DocumentRenderer:
        """Writes the printed forms, summaries and Excel exports (打印, 导出报表)."""
        ...

    @property
    def read_sheet(self) -> SheetReader:
        """Reads an imported workbook (考试成绩导入)."""
        ...

    def today(self) -> dt.date:
        """Today in the province's time zone."""
        ...

    def entry(self) -> Entry:
        """Today and the printing font's coverage, for the entry checks (issue 18)."""
        ...

    def clock_reading(self) -> ClockReading:
        """This computer's clock against the newest office change it holds (上报 checks it)."""
        ...

    def unit_of_work(self) -> RecordPages:
        """A new unit of work (its own connection and transaction)."""
        ...


class BundleImport(Protocol):
    """Verify a bundle completely, then apply all of it; returns the CLI's summary line."""

    def __call__(self, path: Path, progress: Progress, passphrase: str | None) -> str: ...


class BundleExport(Protocol):
    """Write what ``peer`` lacks to ``path``; returns the CLI's summary line."""

    def __call__(
        self, peer: str, path: Path, progress: Progress, passphrase: str | None
    ) -> str: ...


class ForwardBundle(Protocol):
    """申报上报: forward the numbered submissions and write the province's bundle to
    ``path`` (``regsync forward send NUMBER... -o FILE``); returns the CLI's summary."""

    def __call__(
        self, numbers: Sequence[str], path: Path, progress: Progress, passphrase: str | None
    ) -> str: ...


class WritePackage(Protocol):
    """个人版 申报 → 生成: the drafts ``numbers`` as a package sealed to the enterprise
    of ``card`` (``regsync package NUMBER... --to CARD -o FILE``); the CLI's summary."""

    def __call__(
        self,
        numbers: Sequence[str],
        card: Path,
        path: Path,
        progress: Progress,
        passphrase: str | None,
    ) -> str: ...


class SyncNow(Protocol):
    """在线同步: one push and pull with the sync server at ``server`` (``regsync sync
    --server URL``); returns the CLI's summary line."""

    def __call__(self, server: str, progress: Progress, passphrase: str | None) -> str: ...


@dataclasses.dataclass(frozen=True)
class NodeRequest:
    """节点登记申请: a node's enrolment request kept by this office's server
    (``regsync node requests``); ``role`` is the card's role value."""

    node_id: str
    role: str
    name: str
    fingerprint: str
    received: str
    certified: bool
    uscc: str | None = None
    city_code: str | None = None


class CertifyRequest(Protocol):
    """签发节点证书 for the request of ``node_id`` (``regsync node certify``), with the
    enterprise number a city gives a firm; returns the CLI's summary line."""

    def __call__(
        self, node_id: str, enterprise_number: str | None, passphrase: str | None
    ) -> str: ...


@dataclasses.dataclass(frozen=True)
class OwnEnrolment:
    """登记状态: where this node's own enrolment stands.

    ``state`` is ``none`` (尚未提交), ``pending`` (submitted at ``requested``, waiting
    for the office above) or ``certified`` (its certificate, from ``issuer`` at
    ``issued``, is in the trust store)."""

    state: str
    requested: str | None = None
    issuer: str | None = None
    issued: str | None = None
    serial: str | None = None


class Enrol(Protocol):
    """提交登记申请 / 查询登记状态 with the office's server at ``server`` (``regsync node
    enrol``); ``(certified, the CLI's summary)``."""

    def __call__(self, server: str, passphrase: str | None) -> tuple[bool, str]: ...


@dataclasses.dataclass(frozen=True)
class Exchange:
    """The sync actions, wired by ``app`` (they need the trust store and the node key).

    ``needs_passphrase`` is true when no passphrase (or, for a node whose key is on
    the identity lock, no PIN) is configured in the environment: the shell then asks
    for it, with the catalogue text ``secret_prompt``, before an action that opens
    the key.
    """

    import_bundle: BundleImport
    export_bundle: BundleExport
    peers: Callable[[], list[tuple[str, str]]]
    needs_passphrase: bool = False
    secret_prompt: str = "msg.passphrase"
    forward_bundle: ForwardBundle | None = None  # the city's 申报上报
    receive_package: BundleImport | None = None  # the enterprise's 注册数据接收
    package_sender: Callable[[Path], tuple[str, str] | None] | None = None
    """注册数据接收: ``(node id, key fingerprint)`` of a package's applicant this
    enterprise does not trust yet (the package would be refused); None when trusted."""
    trust_sender: Callable[[Path], str] | None = None
    """信任并导入: trust the package's applicant as ``regsync node trust APPLICANT.card``
    does, once the clerk has compared the fingerprint; the CLI's summary line."""
    write_package: WritePackage | None = None  # the applicant's 申报管理
    sync_now: SyncNow | None = None  # 在线同步 (nodes that sync with a server)
    server: str | None = None  # the server URL configured at ``init --server``
    backup: Callable[[Path], str] | None = None
    """数据备份: ``regsync backup -o FILE``; returns the CLI's summary line."""
    restore: Callable[[Path, Path], str] | None = None
    """数据恢复: ``regsync restore FILE --home NEW-FOLDER``; the CLI's summary line."""
    report_targets: Callable[[], list[tuple[str, str]]] | None = None
    """在线上报's 选择发送目标: the cities this firm may report to, ``(node id, label)``;
    with more than one the clerk picks one and the report goes as its bundle."""
    open_key: Callable[[str | None], None] | None = None
    """Open the node's key (or identity lock) with the typed-in secret, as the CLI does
    before receiving or refusing (管理锁): raises the CLI's error when it cannot."""
    enrolment_requests: Callable[[], list[NodeRequest]] | None = None
    """节点登记申请: the enrolment requests this office's server kept (city, province)."""
    certify_request: CertifyRequest | None = None
    """签发节点证书 for one of them, kept where the server hands it to the node."""
    own_enrolment: Callable[[], OwnEnrolment] | None = None
    """登记状态 (firm, city): this node's own enrolment with the office above."""
    enrol: Enrol | None = None
    """提交登记申请 / 查询登记状态, the wizard's page two outside the wizard."""


Explain = Callable[[BaseException], CoreError | None]


@dataclasses.dataclass(frozen=True)
class Shell:
    """Everything a screen gets: the services, the sync actions and the language."""

    services: ShellServices
    exchange: Exchange
    lang: str = "zh"
    explain: Explain = dataclasses.field(default=lambda exc: None)
    """The application's last line (:func:`regsync.app.last_resort.explain`): the
    message for a failure no screen turned into one (a locked or damaged database, a
    full disk, a bug, whose traceback it logs); ``None`` when it has none."""
    logins: Logins | None = None
    """Operators and login (``None``: the window opens without a login, as in tests)."""


@dataclasses.dataclass(frozen=True)
class Logins:
    """Operators and login, wired by ``app`` (the accounts live in the node's database).

    ``log_in`` also makes the operator the one every following write records; its
    errors (a wrong password, a name that must wait) are :class:`CoreError`\\ s whose
    message the login dialog shows.
    """

    needs_administrator: Callable[[], bool]
    setup_administrator: Callable[[str, str, str, str], Operator]
    """设置管理员 ``(username, name, password, again)`` on a node without accounts."""
    log_in: Callable[[str, str], Operator]
    """``(username, password)`` -> the operator, recorded for the audit log."""
    change_password: Callable[[str, str, str, str], Operator]
    """密码修改 ``(username, old, new, again)``."""
    last_sync: Callable[[], str | None] = lambda: None
    """When this node last synced or exchanged a bundle (ISO time), for the status bar."""
    operators: Callable[[], list[Operator]] = list
    """操作员管理: every account of the node, by user name."""
    add_operator: Callable[[Operator, Mapping[str, str]], Operator] | None = None
    """``(acting, values)``: values ``username, name, role, password, again``; the
    acting operator must be an administrator."""
    set_active: Callable[[Operator, str, bool], Operator] | None = None
    """``(acting, username, active)``: 停用 / 恢复."""
    reset_password: Callable[[Operator, str, str, str], Operator] | None = None
    """``(acting, username, password, again)``: 重设密码 (lifts a lockout)."""
