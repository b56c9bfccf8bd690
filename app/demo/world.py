"""The offices of ``regsync demo``: one province, its 11 cities and N enterprises.

Every office is a real node in its own home under the demo folder, with its own
SQLite database and key, enrolled by certificate files exactly as offices do it
(``node card`` → ``node certify`` → ``node trust``).  Offices are driven through the
same command line a clerk types (:meth:`World.run`); 太原 and the province can also
run ``regsync serve`` (:meth:`World.serve`), and then their downstream offices sync
online (:meth:`World.up`, :meth:`World.down`) instead of carrying bundles.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from regsync.app.errors import AppError
from regsync.core import catalogue
from regsync.core.checks.cities import SHANXI_CITIES
from regsync.core.checks.codes import org_code_check_char, uscc_check_char
from regsync.core.checks.identity import id_number_check_digit
from regsync.core.i18n import N_
from regsync.packages_bpz.files import atomic_write

MARKER = ".regsync-demo"  # a folder holding it was made by the demo and may be replaced
PASSPHRASE = "演示口令 demo passphrase"
# Every office of the demo gets an administrator, so that the window's login works.
ADMIN_USER = "admin"
ADMIN_PASSWORD = "演示管理员 demo 2026"
ADMIN_PASSWORD_ENV = "REGSYNC_DEMO_ADMIN_PASSWORD"


_LANG = ["zh"]


def use_language(lang: str) -> None:
    """The language of the demo's progress lines and summary (its ``--lang``)."""
    _LANG[0] = "en" if lang == "en" else "zh"


def language() -> str:
    """The demo's language (zh or en)."""
    return _LANG[0]


def say(key: str, **params: object) -> str:
    """A demo message in the demo's language (the story's commands may speak another)."""
    return catalogue.text(key, _LANG[0], **params)


class DemoStepFailed(AppError):
    msgid = N_("error.DemoStepFailed")


class DemoDirNotEmpty(AppError):
    msgid = N_("error.DemoDirNotEmpty")


@dataclasses.dataclass
class Office:
    """One node of the demo: its home, role, name and node id."""

    home: Path
    role: str
    name: str
    node_id: str = ""
    city: str | None = None
    uscc: str | None = None
    number: str | None = None  # the enterprise number its city issued


def make_uscc(city_code: str, serial: int) -> str:
    """A valid 统一社会信用代码 of an enterprise registered in ``city_code``."""
    body = f"MA0D{serial:04d}"
    first17 = "91" + city_code + body + org_code_check_char(body)
    return first17 + uscc_check_char(first17)


def make_id_number(city_code: str, birth: str, serial: int) -> str:
    """A valid 18-character 身份证号 born ``birth`` (YYYYMMDD) in ``city_code``."""
    first17 = f"{city_code}{birth}{serial % 1000:03d}"
    return first17 + id_number_check_digit(first17)


Runner = Callable[[list[str], Mapping[str, str]], int]


class World:
    """The demo folder and its offices; runs commands in-process, quietly."""

    def __init__(self, root: Path, environ: Mapping[str, str], main: Runner) -> None:
        self.root, self.main = root, main
        self.env_given = dict(environ)
        self.env = {
            **environ,
            "REGSYNC_PASSPHRASE": environ.get("REGSYNC_PASSPHRASE") or PASSPHRASE,
            # 32 key files are made: the interactive KDF cost keeps the demo quick.
            "REGSYNC_KDF": environ.get("REGSYNC_KDF") or "interactive",
            ADMIN_PASSWORD_ENV: ADMIN_PASSWORD,
        }
        self.usb = root / "usb"
        self.out = root / "documents"
        self.commands = 0
        self.province = Office(root / "province", "province", "山西省住房和城乡建设厅")
        self.cities = {
            code: Office(root / f"city-{code}", "city", f"{c.zh}住房和城乡建设局", city=code)
            for code, c in SHANXI_CITIES.items()
        }
        self.firms: list[Office] = []
        self.servers: list[subprocess.Popen[bytes]] = []
        self.urls: dict[str, str] = {}  # node id -> URL of its `regsync serve`
        self.served: dict[str, str] = {}  # office name -> URL, for the summary

    @staticmethod
    def prepare(root: Path) -> None:
        """An empty demo folder: a previous demo's is replaced, anything else refused."""
        if root.exists() and any(root.iterdir()):
            if not (root / MARKER).exists():
                raise DemoDirNotEmpty(path=str(root))
            import shutil  # noqa: PLC0415  # only when replacing an earlier run

            shutil.rmtree(root)
        root.mkdir(parents=True, exist_ok=True)
        atomic_write(root / MARKER, b"made by regsync demo; `regsync demo` replaces it\n")

    def run(self, office: Office, *argv: str) -> str:
        """``regsync ARGV --home HOME``; raises :class:`DemoStepFailed` on a non-zero exit."""
        full = [*argv, "--home", str(office.home)]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = self.main(full, self.env)
        self.commands += 1
        if code != 0:
            raise DemoStepFailed(argv=" ".join(argv), message=err.getvalue().strip())
        return out.getvalue().strip()

    def json(self, office: Office, *argv: str) -> Any:
        return json.loads(self.run(office, "--json", *argv))

    def try_run(self, office: Office, *argv: str) -> tuple[int, str]:
        """A command expected to fail: its exit code and message."""
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = self.main([*argv, "--home", str(office.home)], self.env)
        self.commands += 1
        return code, err.getvalue().strip()

    def init(self, office: Office, *extra: str) -> None:
        self.run(office, "init", "--role", office.role, "--name", office.name, *extra)
        office.node_id = self.json(office, "node", "show")["node_id"]
        self.run(office, "user", "add", ADMIN_USER, "--role", "administrator",
                 "--name", "管理员", "--password-env", ADMIN_PASSWORD_ENV)  # fmt: skip

    def build(self, enterprises: int, progress: Callable[[str], None]) -> None:
        """Create and enrol every office: province → cities → enterprises."""
        self.usb.mkdir(parents=True, exist_ok=True)
        self.out.mkdir(parents=True, exist_ok=True)
        p, root = self.province, str(self.usb / "root.cert")
        self.init(p)
        self.run(p, "node", "card", "-o", str(self.usb / "province.card"))
        self.run(p, "node", "certify", str(self.usb / "province.card"), "-o", root)
        progress(say("demo.province_built", name=p.name, node=p.node_id))
        for code, city in self.cities.items():
            self.init(city, "--city", code)
            card, cert = self.usb / f"city-{code}.card", self.usb / f"city-{code}.cert"
            self.run(city, "node", "card", "-o", str(card))
            self.run(p, "node", "certify", str(card), "-o", str(cert))
            self.run(city, "node", "trust", root)
            self.run(city, "node", "trust", str(cert))
        certified = ", ".join(sorted(self.cities))
        progress(say("demo.cities_built", count=len(self.cities), cities=certified))
        codes = list(self.cities)
        for i in range(enterprises):
            # The first two firms share 太原: the demo's cross-firm check failure needs them.
            self._enrol_firm(i, codes[max(0, i - 1) % len(codes)], root)
            progress(say("demo.firm_built", n=i + 1, total=enterprises))

    def _enrol_firm(self, i: int, code: str, root: str) -> None:
        city = self.cities[code]
        serial = sum(1 for f in self.firms if f.city == code) + 1
        firm = Office(
            self.root / f"firm-{i + 1:02d}",
            "enterprise",
            f"{SHANXI_CITIES[code].zh}第{serial}建筑设计院有限公司",
            city=code,
            uscc=make_uscc(code, i + 1),
            number=f"{serial:04d}",
        )
        self.init(firm, "--uscc", str(firm.uscc), "--city", code)
        card, cert = self.usb / f"firm-{i + 1}.card", self.usb / f"firm-{i + 1}.cert"
        self.run(firm, "node", "card", "-o", str(card))
        self.run(city, "node", "certify", str(card), "-o", str(cert),
                 "--enterprise-number", str(firm.number))  # fmt: skip
        self.run(firm, "node", "trust", root)
        self.run(firm, "node", "trust", str(self.usb / f"city-{code}.cert"))
        self.run(firm, "node", "trust", str(cert))
        self.firms.append(firm)

    # -- transport: live HTTP for the offices with a server, bundles for the rest ------

    def serve(self, office: Office) -> str:
        """``regsync serve`` for ``office`` in its own process; returns its URL when up."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        argv = ["serve", "--home", str(office.home), "--port", str(port)]
        proc = subprocess.Popen(
            [sys.executable, "-c", "from regsync.app.cli.main import run; run()", *argv],
            env=dict(self.env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.servers.append(proc)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise DemoStepFailed(
                    argv=" ".join(argv), message=err.strip() or say("demo.did_not_start")
                )
            time.sleep(0.1)
        self.urls[office.node_id] = url
        self.served[office.name] = url
        return url

    def stop_servers(self) -> None:
        for proc in self.servers:
            proc.terminate()
            proc.wait(30)
            if proc.stderr:
                proc.stderr.close()
        self.servers.clear()

    def online(self, office: Office) -> bool:
        """Whether ``office`` syncs with its upstream over HTTP: a firm whose city serves,
        or a city that serves itself (an online office) while the province serves."""
        if office.role == "city":
            return office.node_id in self.urls and self.province.node_id in self.urls
        return self.city_of(office).node_id in self.urls

    def up(self, office: Office, label: str) -> dict[str, Any]:
        """A firm to its city, or a city to the province: HTTP sync or a bundle."""
        upstream = self.province if office.role == "city" else self.city_of(office)
        if self.online(office):
            result: dict[str, Any] = self.json(
                office, "sync", "--server", self.urls[upstream.node_id]
            )
            return result
        return self.carry(office, upstream, label)

    def down(self, office: Office, label: str) -> dict[str, Any]:
        """What ``office``'s upstream has for it: HTTP sync (pull) or a bundle."""
        upstream = self.province if office.role == "city" else self.city_of(office)
        if self.online(office):
            result: dict[str, Any] = self.json(
                office, "sync", "--server", self.urls[upstream.node_id]
            )
            return result
        return self.carry(upstream, office, label)

    def city_of(self, firm: Office) -> Office:
        assert firm.city is not None
        return self.cities[firm.city]

    def carry(self, sender: Office, receiver: Office, label: str) -> dict[str, Any]:
        """One bundle on the USB stick: export at ``sender``, import at ``receiver``."""
        path = self.usb / f"{label}.bpz"
        self.run(sender, "bundle", "export", "--to", receiver.node_id, "-o", str(path))
        result: dict[str, Any] = self.json(receiver, "bundle", "import", str(path))
        return result


def _healthy(url: str) -> bool:
    try:
        # our own server on 127.0.0.1, hence plain http
        with urllib.request.urlopen(url + "/v1/health", timeout=2) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, OSError):
        return False
