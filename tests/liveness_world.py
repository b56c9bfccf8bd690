"""A small province of real SQLite nodes for the liveness property (issue 15, item 4).

The topology: the province, 太原 (two firms) and 大同 (one firm), enrolled by files
once (``build``), saved, and restored in place for every hypothesis example (the
config files hold absolute database paths, so a home must not move).  ``World``
runs honest operations on it through ``main(argv)`` (the CLI) and records every
refusal a bundle import met; ``final_exchange`` syncs along the tree in process
until nothing moves and raises :class:`Stuck` on any refusal.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from regsync.app.bootstrap import Services, open_node
from regsync.core.errors import CoreError
from regsync.core.model import Application, Certificate, Conflict
from regsync.sync.session import SyncOutcome
from tests.conftest import Cli
from tests.offices import Office, sync

PERSONS = ("14010019800101001X", "140100198001010028", "140100198001010036", "11010519491231002X")
NAMES = ("李四", "王五", "赵六", "钱七")

# A refusal during the schedule is allowed only when its remedy is something the
# schedule (or the final exchange) does: a later bundle that carries the missing
# changes.  Every other refusal of an honest bundle is a liveness failure.
REMEDIED_BY_A_LATER_BUNDLE = frozenset({"ChainError", "MissingPrerequisites"})


class Stuck(AssertionError):
    """A node could not import from its peer in the final exchange."""


@dataclasses.dataclass
class Slot:
    """One node of the topology; a firm's slot gets a new node when its laptop is lost."""

    name: str
    office: Office
    role: str  # province | city | enterprise
    parent: str | None  # the issuer of its certificate (and its neighbour up the tree)
    cert: Path | None  # its current certificate (the root certificate for the province)
    uscc: str | None = None
    city: str | None = None
    number: str | None = None  # enterprise number
    node_id: str = ""


FIRMS = {
    "e1": ("91140100MA0GRP138M", "太原市建筑设计研究院", "c1", "0001"),
    "e2": ("91140100MA0GRP242R", "太原市第二设计院", "c1", "0002"),
    "e3": ("91140200MA0GRP306W", "大同市规划设计院", "c2", "0001"),
}
CITIES = {"c1": ("太原市住建局", "140100"), "c2": ("大同市住建局", "140200")}


def build(cli: Cli, root: Path) -> dict[str, Slot]:
    """Create and enrol every node under ``root``; returns the slots by name."""
    usb = root / "usb"
    usb.mkdir(parents=True)
    province = Office(cli, root / "p")
    province("init", "--role", "province", "--name", "山西省住建厅")
    province("node", "card", "-o", str(usb / "p.card"))
    province("node", "certify", str(usb / "p.card"), "-o", str(usb / "root.cert"))
    slots = {"p": Slot("p", province, "province", None, usb / "root.cert")}
    for name, (title, code) in CITIES.items():
        city = Office(cli, root / name)
        city("init", "--role", "city", "--name", title, "--city", code)
        city("node", "trust", str(usb / "root.cert"))
        city("node", "card", "-o", str(usb / f"{name}.card"))
        province("node", "certify", str(usb / f"{name}.card"), "-o", str(usb / f"{name}.cert"))
        city("node", "trust", str(usb / f"{name}.cert"))
        slots[name] = Slot(name, city, "city", "p", usb / f"{name}.cert", city=code)
    for name, (_, _, parent, _) in FIRMS.items():
        slots[name] = _enrol_firm(cli, root / name, usb, slots[parent], name)
    for slot in slots.values():
        slot.node_id = slot.office.node_id
    return slots


def _enrol_firm(cli: Cli, home: Path, usb: Path, city: Slot, name: str) -> Slot:
    uscc, title, _, number = FIRMS[name]
    firm = Office(cli, home)
    assert city.city is not None
    firm("init", "--role", "enterprise", "--name", title, "--uscc", uscc, "--city", city.city)
    firm("node", "trust", str(usb / "root.cert"))
    assert city.cert is not None
    firm("node", "trust", str(city.cert))
    card, cert = usb / f"{home.name}.card", usb / f"{home.name}.cert"
    firm("node", "card", "-o", str(card))
    city.office("node", "certify", str(card), "-o", str(cert), "--enterprise-number", number)
    firm("node", "trust", str(cert))
    return Slot(name, firm, "enterprise", city.name, cert, uscc, city.city, number)


def restore(saved: Path, live: Path) -> None:
    """Put the saved topology back where it was built (absolute paths stay valid)."""
    if live.exists():
        shutil.rmtree(live)
    shutil.copytree(saved, live)


@dataclasses.dataclass
class Pending:
    """A bundle on a USB stick, not yet imported (it may be imported twice, or never)."""

    path: Path
    sender: str  # slot name
    receiver: str
    sender_node: str  # the node that wrote it (a lost laptop's bundles are lost with it)
    receiver_node: str  # the node it is for (a bundle for a lost laptop is useless)


@dataclasses.dataclass
class World:
    """The live topology of one example, and what happened to it."""

    cli: Cli
    root: Path
    slots: dict[str, Slot]
    pending: list[Pending] = dataclasses.field(default_factory=list)
    persons: set[tuple[str, int]] = dataclasses.field(default_factory=set)
    apps: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (firm slot, number)
    stage: dict[str, str] = dataclasses.field(default_factory=dict)
    refusals: list[str] = dataclasses.field(default_factory=list)  # allowed ones, for the log
    local: list[str] = dataclasses.field(default_factory=list)  # local refusals (preconditions)
    events: list[str] = dataclasses.field(default_factory=list)
    count: int = 0
    # report bundles sealed to a key their receiver retired since (it rotated)
    sealed_to_retired: set[str] = dataclasses.field(default_factory=set)  # bundle names
    handovers: list[Path] = dataclasses.field(default_factory=list)  # a new node gets them

    # -- plumbing ---------------------------------------------------------------

    def file(self, stem: str) -> Path:
        self.count += 1
        return self.root / "usb" / f"{self.count:03d}-{stem}"

    def run(self, slot: str, *argv: str) -> dict[str, object] | list[object] | None:
        """One command at a node; ``None`` when it was refused locally (noted)."""
        result = self.cli("--json", *argv, "--home", self.slots[slot].office.home)
        if result.code != 0:
            error = result.err.strip()
            refused = json.loads(error)["error"] if error.startswith("{") else error
            assert refused not in ("WriteNotAllowed", "Unauthorised") or argv[0] == "conflicts", (
                f"an honest {argv} at {slot} was refused: {result.err}"
            )
            self.local.append(f"{slot} {argv[0]} {argv[1]}: {error}")
            return None
        parsed: dict[str, object] | list[object] = json.loads(result.out) if result.out else {}
        return parsed

    def must(self, slot: str, *argv: str) -> dict[str, object] | list[object]:
        out = self.run(slot, *argv)
        assert out is not None, f"{slot}: {argv} refused: {self.local[-1]}"
        return out

    def everyone(self) -> list[str]:
        return list(self.slots)

    def city_of(self, firm: str) -> str:
        parent = self.slots[firm].parent
        assert parent is not None
        return parent

    # -- operations (each honest) ------------------------------------------------

    def add_person(self, firm: str, person: int) -> None:
        """A firm enters a person (the same 身份证号 in two firms: a move between them)."""
        if (firm, person) in self.persons:
            return
        held = self.must(firm, "person", "list")
        assert isinstance(held, list)
        if any(isinstance(p, dict) and p["id_number"] == PERSONS[person] for p in held):
            # it came from the city (a snapshot, or a record of this firm's scope):
            # a clerk who sees the person listed does not enter it again
            self.persons.add((firm, person))
            self.events.append(f"held {firm} {person}")
            return
        added = self.run(firm, "person", "add", "--id-number", PERSONS[person], "--name",
                         NAMES[person], "--qualification-cert", f"JZ2025-000{person}",
                         "--qualification-date", "2025-06-30")  # fmt: skip
        if added is None:
            # Held but employed elsewhere (it moved to another firm, and this firm's new
            # laptop got the record from the city's snapshot): the clerk is told it
            # exists and goes on to the application.
            assert '"AlreadyExists"' in self.local[-1], self.local[-1]
        self.persons.add((firm, person))
        self.events.append(f"person {firm} {person}")

    def edit_person(self, firm: str, person: int, phone: int) -> None:
        """A firm corrects its person's phone (concurrent edits make ledger entries)."""
        if (firm, person) not in self.persons:
            return
        self.must(firm, "person", "edit", PERSONS[person], "--phone", f"1390000{phone:04d}")
        self.events.append(f"edit {firm} {person}")

    def apply_and_report(self, firm: str, person: int) -> None:
        """A firm drafts an application for its person and reports it (bundle to its city)."""
        self.add_person(firm, person)
        number = self.cli.ok("apply", "new", "--kind", "initial", "--specialty", "architect",
                             "--person", PERSONS[person],
                             "--home", self.slots[firm].office.home)  # fmt: skip
        self.must(firm, "perf", "add", number, "--project", "太原市某住宅小区", "--role",
                  "专业负责人", "--start", "2023-03-01", "--end", "2024-06-30")  # fmt: skip
        city = self.city_of(firm)
        out = self.file(f"report-{firm}.bpz")
        reported = self.run(firm, "report", number, "--via", "bundle", "--to",
                            self.slots[city].node_id, "-o", str(out))  # fmt: skip
        if reported is None:
            # The firm's computer check knows the register (issue 16): a second
            # application of a person it already reported or registered is refused
            # there, for good (no bundle is its remedy); nothing is sent.
            assert '"ReportRefused"' in self.local[-1], self.local[-1]
            self.events.append(f"refused {firm} {person} {number}")
            return
        self.pending.append(
            Pending(out, firm, city, self.slots[firm].node_id, self.slots[city].node_id)
        )
        self.apps.append((firm, number))
        self.stage[number] = "reported"
        self.events.append(f"apply {firm} {person} {number}")

    def city_step(self, app: int) -> None:
        """The city takes the application as far as it can: receive, pass, forward."""
        for _ in range(3):
            if not self.city_one_step(app):
                return

    def province_step(self, app: int) -> None:
        """The province approves, then issues (issuing writes the registration status)."""
        for _ in range(2):
            if not self.province_one_step(app):
                return

    def city_one_step(self, app: int) -> bool:
        """One step of the city on the application (a forward writes a bundle)."""
        if not self.apps:
            return False
        firm, number = self.apps[app % len(self.apps)]
        city = self.city_of(firm)
        stage = self.stage[number]
        if stage == "reported" and self.run(city, "receive", "accept", number) is not None:
            self.stage[number] = "received"
        elif stage == "received":
            # the computer check refuses a pass while the person has another pending
            # application (one person, one employer): the city then fails this one
            review = ("review", "pass", number, "--reviewer", "王五")
            if self.run(city, *review) is not None:
                self.stage[number] = "passed"
            else:
                self.must(city, "review", "fail", number, "--reviewer", "王五",
                          "--opinion", "一人只能在一个单位注册")  # fmt: skip
                self.stage[number] = "failed"
        elif stage == "passed":
            out = self.file(f"forward-{city}.bpz")
            if self.run(city, "forward", "send", number, "-o", str(out)) is not None:
                self.pending.append(
                    Pending(out, city, "p", self.slots[city].node_id, self.slots["p"].node_id)
                )
                self.stage[number] = "forwarded"
        else:
            return False
        self.events.append(f"city {number} -> {self.stage[number]}")
        return stage != self.stage[number]

    def province_one_step(self, app: int) -> bool:
        """One step of the province on the application."""
        if not self.apps:
            return False
        _, number = self.apps[app % len(self.apps)]
        stage = self.stage[number]
        if stage == "forwarded" and self.run(
            "p", "decision", "approve", number, "--by", "省厅"
        ) is not None:  # fmt: skip
            self.stage[number] = "approved"
        elif stage == "approved" and self.run("p", "issue", number) is not None:
            self.stage[number] = "issued"
        else:
            return False
        self.events.append(f"province {number} -> {self.stage[number]}")
        return True

    def resolve(self, slot: str) -> None:
        """The office settles its open ledger entries (keeping its value) where it may."""
        found = self.must(slot, "conflicts", "list")
        assert isinstance(found, list)
        for conflict in found:
            assert isinstance(conflict, dict)
            self.run(slot, "conflicts", "resolve", str(conflict["id"]), "--take", "local")
        self.events.append(f"resolve {slot} {len(found)}")

    def deliver(self, sender: str, receiver: str) -> None:
        """Export what ``receiver`` lacks onto the USB stick (imported later, or never)."""
        out = self.file(f"{sender}-{receiver}.bpz")
        self.must(sender, "bundle", "export", "--to", self.slots[receiver].node_id,
                  "-o", str(out))  # fmt: skip
        self.pending.append(
            Pending(out, sender, receiver, self.slots[sender].node_id, self.slots[receiver].node_id)
        )
        self.events.append(f"export {sender}->{receiver}")

    def live_sync(self, a: str, b: str) -> None:
        """One push and pull between neighbours in process (live sync without HTTP)."""
        homes = (Path(self.slots[a].office.home), Path(self.slots[b].office.home))
        with open_node(homes[0], self.cli.env) as one, open_node(homes[1], self.cli.env) as two:
            try:
                sync(one, self.slots[a].office, two, self.slots[b].office, self.root)
            except CoreError as exc:
                if type(exc).__name__ not in REMEDIED_BY_A_LATER_BUNDLE:
                    raise Stuck(f"sync {a}<->{b}: {exc.message('en')}") from exc
                self.refusals.append(f"sync {a}<->{b}: {type(exc).__name__}")
        self.events.append(f"sync {a}<->{b}")

    def import_pending(self, index: int, keep: bool) -> None:
        """Import a bundle from the stick, in any order; ``keep`` leaves it for a replay."""
        if not self.pending:
            return
        bundle = self.pending[index % len(self.pending)]
        if not keep:
            self.pending.remove(bundle)
        receiver = self.slots[bundle.receiver].office.home
        result = self.cli("--json", "bundle", "import", str(bundle.path), "--home", receiver)
        self.events.append(f"import {bundle.path.name} -> {result.code}")
        if result.code == 0:
            return
        error = json.loads(result.err)
        if error["error"] == "SealedToOtherKey" and bundle.path.name in self.sealed_to_retired:
            # A report bundle (sealed to the city) still on its way when the city
            # rotates its key cannot be opened with the new key; the firm's next
            # bundle carries the same changes (they stay unacknowledged), so a later
            # bundle remedies it.  Bundles written after the rotation are sealed to
            # the new key (the firm installed the city's new certificate).
            self.refusals.append(f"{bundle.path.name}: sealed to a retired key")
            return
        if error["error"] not in REMEDIED_BY_A_LATER_BUNDLE:
            raise Stuck(f"{bundle.path.name} at {bundle.receiver}: {error}; {self.events}")
        self.refusals.append(f"{bundle.path.name}: {error['error']}")

    def compact(self, slot: str) -> None:
        self.must(slot, "compact")
        self.events.append(f"compact {slot}")

    def install(self, path: Path, slot: str) -> None:
        """Carry a node's trust file (its new certificate, its handover) to the nodes
        that receive what it signs: its issuer, the province and its own firms."""
        for name, other in self.slots.items():
            if name != slot and (name in ("p", self.slots[slot].parent) or other.parent == slot):
                self.must(name, "node", "trust", str(path))

    def rotate(self, slot: str) -> None:
        """A city or firm moves to a new key: handover and new certificate everywhere."""
        me = self.slots[slot]
        assert me.parent is not None
        handover, card = self.file(f"{slot}.handover"), self.file(f"{slot}.card")
        cert = self.file(f"{slot}.cert")
        self.must(slot, "node", "rotate-key", "--signer", "keyfile", "-o", str(handover))
        self.must(slot, "node", "card", "-o", str(card))
        number = ["--enterprise-number", me.number] if me.number else []
        self.must(me.parent, "node", "certify", str(card), "-o", str(cert), *number)
        self.must(slot, "node", "trust", str(cert))
        for name in self.everyone():  # every office installs a handover (README)
            if name != slot:
                self.must(name, "node", "trust", str(handover))
        self.handovers.append(handover)
        self.install(cert, slot)
        me.cert = cert
        self.sealed_to_retired.update(
            b.path.name for b in self.pending if b.receiver == slot and "report" in b.path.name
        )
        self.events.append(f"rotate {slot}")

    def lose_laptop(self, firm: str) -> None:
        """The firm's laptop is lost: its city and the province revoke it, every office
        installs both revocations, and a new laptop starts from the city's snapshot."""
        me, city = self.slots[firm], self.city_of(firm)
        assert me.cert is not None
        by_city, by_province = self.file(f"{firm}.revoked"), self.file(f"{firm}.revoked-p")
        # The city revokes too, also after it rotated its key (its new key speaks for
        # the retired one that certified the firm): both cut-offs stand.
        self.must(
            city, "node", "revoke", str(me.cert), "--reason", "笔记本丢失", "-o", str(by_city)
        )
        revocations = [by_province, by_city]
        self.must("p", "node", "revoke", str(me.cert), "--reason", "丢失", "-o", str(by_province))
        old = me.node_id
        # the lost laptop's bundles are lost with it
        self.pending = [b for b in self.pending if old not in (b.sender_node, b.receiver_node)]
        new_home = self.root / f"{firm}-{self.count}"
        new = Office(self.cli, new_home)
        uscc, title, _, _ = FIRMS[firm]
        assert me.city is not None
        assert me.number is not None
        new("init", "--role", "enterprise", "--name", title, "--uscc", uscc, "--city", me.city)
        self.slots[firm] = me = dataclasses.replace(me, office=new)
        for name in self.everyone():
            if name != firm:
                for revocation in revocations:
                    self.must(name, "node", "trust", str(revocation))
        usb = self.root / "usb"
        self.must(firm, "node", "trust", str(usb / "root.cert"))
        city_cert = self.slots[city].cert
        assert city_cert is not None
        self.must(firm, "node", "trust", str(city_cert))
        for handover in self.handovers:  # the trust files every office holds
            self.must(firm, "node", "trust", str(handover))
        card, cert = self.file(f"{firm}.card"), self.file(f"{firm}.cert")
        self.must(firm, "node", "card", "-o", str(card))
        self.must(city, "node", "certify", str(card), "-o", str(cert),
                  "--enterprise-number", me.number)  # fmt: skip
        self.must(firm, "node", "trust", str(cert))
        me.cert, me.node_id = cert, new.node_id
        self.forget_lost(firm)
        snapshot = self.file(f"{firm}-snapshot.bpz")
        self.must(city, "bundle", "export", "--to", me.node_id, "--snapshot", "-o", str(snapshot))
        self.must(firm, "bundle", "import", str(snapshot))
        self.events.append(f"lost laptop {firm}")

    def forget_lost(self, firm: str) -> None:
        """What the lost laptop had not delivered to its city is lost with it: the
        new laptop holds what the city's snapshot gave it, no more."""
        held = self.must(firm, "person", "list")
        assert isinstance(held, list)
        ids = {str(p["id_number"]) for p in held if isinstance(p, dict)}
        self.persons = {(f, i) for f, i in self.persons if f != firm or PERSONS[i] in ids}
        apps = self.must(firm, "apply", "list")
        assert isinstance(apps, list)
        numbers = {str(a["number"]) for a in apps if isinstance(a, dict)}
        self.apps = [(f, n) for f, n in self.apps if f != firm or n in numbers]

    # -- the end -----------------------------------------------------------------

    def edges(self) -> list[tuple[str, str]]:
        """(child, parent) pairs along the tree: firms to cities, cities to the province."""
        firms = [(n, s.parent) for n, s in self.slots.items() if s.role == "enterprise"]
        cities = [(n, s.parent) for n, s in self.slots.items() if s.role == "city"]
        return [(a, b) for a, b in firms + cities if b is not None]

    def final_exchange(self, rounds: int = 8) -> int:
        """Sync every edge in process until a round moves nothing; returns the rounds.

        Any refusal is a liveness failure (:class:`Stuck`): after honest operations a
        node must import everything its peers send."""
        with ExitStack() as stack:
            nodes: dict[str, Services] = {
                n: stack.enter_context(open_node(Path(s.office.home), self.cli.env))
                for n, s in self.slots.items()
            }
            for done in range(1, rounds + 1):
                moved = 0
                for child, parent in self.edges():
                    try:
                        outcome = sync(
                            nodes[child], self.slots[child].office,
                            nodes[parent], self.slots[parent].office, self.root,
                        )  # fmt: skip
                    except CoreError as exc:
                        raise Stuck(
                            f"final exchange {child}<->{parent}: {type(exc).__name__}: "
                            f"{exc.message('en')}"
                        ) from exc
                    moved += _moved(outcome)
                if moved == 0:
                    return done
        raise Stuck(f"the final exchange still moved changes after {rounds} rounds")

    def view(self, slot: str, keep: Callable[[Application], bool]) -> object:
        """The applications (with their certificates and ledger) ``slot`` holds of a scope."""
        home = Path(self.slots[slot].office.home)
        with open_node(home, self.cli.env) as s, s.unit_of_work() as uow:
            apps = sorted((a for a in uow.find(Application) if keep(a)), key=str)
            numbers = {a.number for a in apps}
            certs = sorted(
                (c for c in uow.find(Certificate) if c.application_number in numbers),
                key=str,
            )
            ledger = sorted(
                (c.record_key, c.field, c.resolved)
                for c in uow.find(Conflict)
                if c.record_kind == "application" and c.record_key in numbers
            )
        return apps, certs, ledger


def _moved(outcome: SyncOutcome) -> int:
    return outcome.sent.changesets + outcome.received.new_changesets
