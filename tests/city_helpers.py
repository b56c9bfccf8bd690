"""Helpers of the city and province tests: an enrolled chain with a chosen backend per
office, reporting through the core gate, and carrying bundles between offices."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import sqlalchemy as sa

from regsync.app.bootstrap import open_node
from regsync.core.model import Application
from regsync.core.usecases.reporting import mark_reported
from regsync.core.usecases.resubmission import reopen_application
from tests.conftest import Cli
from tests.offices import PERSON, Office, enrolled_chain


@dataclasses.dataclass
class Offices:
    province: Office
    city: Office
    firm: Office
    files: Path
    cli: Cli


def offices(
    cli: Cli, tmp_path: Path, *, city_db: str | None = None, province_db: str | None = None
) -> Offices:
    """Province -> 太原 -> firm 0001, enrolled by files; city or province on ``*_db``."""
    chain = enrolled_chain(cli, tmp_path, city_db=city_db, province_db=province_db)
    return Offices(chain.province, chain.city, chain.firm, chain.files, cli)


def report(o: Offices, number: str, firm: Office | None = None) -> None:
    """在线上报 through the core gate (what ``regsync report`` runs, without the transport),
    at ``firm`` (default: the chain's firm)."""
    with open_node(Path((firm or o.firm).home), o.cli.env) as s, s.unit_of_work() as uow:
        mark_reported(uow, number, today=s.today(), rules=s.rules)
        uow.commit()


def enrol(o: Offices, office: Office, name: str, issuer: Office, *extra: str) -> None:
    """Certify ``office`` by ``issuer`` (the city or the province) and install its chain."""
    f = o.files
    office("node", "card", "-o", str(f / f"{name}.card"))
    issuer("node", "certify", str(f / f"{name}.card"), "-o", str(f / f"{name}.cert"), *extra)
    office("node", "trust", str(f / "root.cert"))
    if issuer is o.city:
        office("node", "trust", str(f / "c.cert"))
    office("node", "trust", str(f / f"{name}.cert"))


def reopen(o: Offices, number: str) -> None:
    """重新申报: the next round of a refused or failed application, as a draft."""
    with open_node(Path(o.firm.home), o.cli.env) as s, s.unit_of_work() as uow:
        reopen_application(uow, number)
        uow.commit()


_COUNT = [0]


def carry(o: Offices, sender: Office, receiver: Office) -> None:
    """One bundle from ``sender`` to ``receiver`` on the USB stick."""
    _COUNT[0] += 1
    path = str(o.files / f"b{_COUNT[0]}.bpz")
    sender("bundle", "export", "--to", receiver.node_id, "-o", path)
    receiver("bundle", "import", path)


def new_application(o: Offices, person: str = PERSON, name: str = "李四") -> str:
    """A checked initial application of the firm, as a draft."""
    if person not in o.firm("person", "list"):
        o.firm("person", "add", "--id-number", person, "--name", name,
               "--qualification-cert", "JZ2025-0001",
               "--qualification-date", "2025-06-30")  # fmt: skip
    number = o.firm("apply", "new", "--kind", "initial", "--specialty", "architect",
                    "--person", person)  # fmt: skip
    o.firm("perf", "add", number, "--project", "太原市某住宅小区", "--role", "专业负责人",
           "--start", "2023-03-01", "--end", "2024-06-30")  # fmt: skip
    return number


def reported_at_city(o: Offices, person: str = PERSON) -> str:
    """An application reported by the firm and carried to the city (pending there)."""
    number = new_application(o, person)
    report(o, number)
    carry(o, o.firm, o.city)
    return number


def forwarded(o: Offices) -> str:
    """An application received, passed and forwarded by the city, imported at the province."""
    number = reported_at_city(o)
    o.city("receive", "accept", number)
    o.city("review", "pass", number, "--reviewer", "王五")
    o.city("forward", "send", number, "-o", str(o.files / "fwd.bpz"))
    o.province("bundle", "import", str(o.files / "fwd.bpz"))
    return number


def issued(o: Offices) -> str:
    """李四's architect certificate, approved and issued by the province; its number."""
    number = forwarded(o)
    o.province("decision", "approve", number, "--by", "省厅")
    found = o.province.json("issue", number)
    assert isinstance(found, list)
    return str(found[0]["certificate"]["certificate_number"])


def dump(office: Office) -> dict[str, list[tuple[str, ...]]]:
    """Every table of the office's database, sorted: equal dumps mean nothing was written."""
    with open_node(Path(office.home), office.cli.env) as s:
        meta = sa.MetaData()
        meta.reflect(s.db.engine)
        with s.db.engine.connect() as conn:
            return {
                name: sorted(tuple(map(repr, row)) for row in conn.execute(sa.select(table)))
                for name, table in meta.tables.items()
            }


def late_firm_edit(office: Office, number: str, **values: str) -> None:
    """An enterprise write to a reported application, as the merge may still meet one:
    made on a second PC of the firm that had not yet seen the report, or by a version
    before issue 16.  The use case refuses it now (frozen after reporting), so it is
    written directly, through the unit of work (the authority table still checks it)."""
    with open_node(Path(office.home), office.cli.env) as s, s.unit_of_work() as uow:
        app = uow.get(Application, number)
        assert app is not None
        uow.put(app.replace(**values))
        uow.commit()
