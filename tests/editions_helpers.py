"""Helpers for the edition tests: a whole-database dump, and the offices' decisions.

:func:`city_decides` runs the city's own use cases.  :func:`province_issues` writes
the decision, certificate and seal directly, with the certificate and seal numbers
the tests name (the real ``issue`` numbers them from the configured templates); the
records travel back through the real sync layer either way.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from regsync.app.bootstrap import Services
from regsync.app.home import database_url
from regsync.core.model import Application, Certificate, Decision, Seal
from regsync.core.usecases import city as city_usecases
from regsync.core.usecases.receiving import receive_application
from tests.offices import Office

DAY = dt.date(2026, 11, 27)


def dump(office: Office) -> dict[str, list[str]]:
    """Every row of every table of the office's database, in a stable order.

    Comparing two dumps proves that a refused command changed nothing at all.
    """
    config = json.loads((Path(office.home) / "config.json").read_text(encoding="utf-8"))
    engine = sa.create_engine(database_url(Path(office.home), config["db"]))
    try:
        meta = sa.MetaData()
        meta.reflect(engine)
        with engine.connect() as conn:
            return {
                name: sorted(repr(tuple(row)) for row in conn.execute(table.select()))
                for name, table in sorted(meta.tables.items())
            }
    finally:
        engine.dispose()


def city_decides(city: Services, number: str, *, passed: bool, opinion: str) -> None:
    """申报接收, 申报审核 and (when passed) 申报上报 at the city, by its use cases."""
    with city.unit_of_work() as uow:
        receive_application(uow, number)
        uow.commit()
    with city.unit_of_work() as uow:
        city_usecases.review(uow, city.ids, [number], passed=passed, reviewer="王审核",
                             opinion=opinion, today=city.today(), rules=city.rules)  # fmt: skip
        if passed:
            city_usecases.forward(uow, [number])
        uow.commit()


def province_issues(province: Services, number: str, **values: Any) -> None:
    """Stand-in for issue 7's approval, certificate and seal at the province."""
    with province.unit_of_work() as uow:
        app = uow.get(Application, number)
        assert app is not None
        uow.put(
            Decision(
                id=f"DC{number}",
                application_number=number,
                round=app.round,
                approved=True,
                decided_by="省住建厅",
                decided_on=DAY,
                opinion="同意注册",
            )
        )
        uow.put(app.replace(stage="approved"))
        uow.commit()
    with province.unit_of_work() as uow:
        app = uow.get(Application, number)
        assert app is not None
        cert = values.get("certificate", "晋2262601001")
        uow.put(
            Certificate(
                id=f"CT{number}",
                certificate_number=cert,
                person_id_number=app.person_id_number,
                specialty=app.specialty,
                enterprise_uscc=app.enterprise_uscc,
                issued_on=DAY,
                valid_until=DAY.replace(year=DAY.year + 2),
                application_number=number,
            )
        )
        uow.put(
            Seal(
                id=f"SL{number}",
                seal_number=values.get("seal", "晋建2026-0001"),
                person_id_number=app.person_id_number,
                specialty=app.specialty,
                issued_on=DAY,
                certificate_number=cert,
            )
        )
        uow.put(app.replace(stage="issued"))
        uow.commit()


def id_number(serial: int, birth: str = "19800101") -> str:
    """A valid 身份证号 of Taiyuan with the given birth date."""
    from regsync.core.checks.identity import id_number_check_digit

    first17 = f"140100{birth}{serial:03d}"
    return first17 + id_number_check_digit(first17)


def second_uscc() -> str:
    """A valid USCC for a second firm of Taiyuan."""
    from regsync.core.checks.codes import org_code_check_char, uscc_check_char

    body = "91140100" + "MA0GRP1B"
    first17 = body[:8] + body[8:] + org_code_check_char(body[8:])
    return first17 + uscc_check_char(first17)
