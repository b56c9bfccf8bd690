"""数据备案管理 → 二级注册人员 on the command line (province): the filed register.

``filing register-import`` reads a sheet with the columns of the
``filed-registrations`` export; ``register-add`` files one registration by hand and
``register-correct`` corrects a filed one.  The use cases are in
:mod:`regsync.core.usecases.register_filing`.
"""

from __future__ import annotations

from typing import Any

from regsync.app.cli.context import Context
from regsync.app.cli.render import Output, say, specialty_text
from regsync.core.model import Certificate, Specialty
from regsync.core.usecases import register_filing

_HAND_OPTIONS = (
    ("name", "姓名"), ("person", "身份证号"), ("specialty", "注册专业"),
    ("certificate", "证书编号"), ("seal", "印章编号"), ("issued", "发证日期"),
    ("valid_until", "有效期至"), ("employer", "聘用单位统一社会信用代码"),
)  # fmt: skip
"""The option (argparse dest) that carries each column."""


def cmd_register_import(ctx: Context) -> Output:
    """二级注册人员 from Excel: bad rows are named; none or only the good rows are filed."""
    # openpyxl: when reading
    from regsync.adapters.documents.xlsx_read import read_sheet  # noqa: PLC0415

    a = ctx.args
    header, rows = read_sheet(a.file)
    with ctx.services() as s, s.unit_of_work() as uow:
        result = register_filing.import_register(
            uow, s.ids, header, rows, only_good=a.only_good, today=s.today(), rules=s.rules
        )
        if not a.dry_run:
            uow.commit()
    data = {
        "file": a.file, "added": result.added, "updated": result.updated,
        "skipped_rows": [{"row": e.row, "column": e.column, "message": e.message,
                          "message_en": e.message_en} for e in result.errors],
        "dry_run": a.dry_run,
    }  # fmt: skip
    key = "cli.filing.register_dry_run" if a.dry_run else "rec.filed_imported"
    lines = [say(key, added=result.added, updated=result.updated, skipped=len(result.errors))]
    lines += [say("cli.filing.skipped_row", row=e) for e in result.errors]
    return Output(data, "\n".join(lines))


def _text(cert: Certificate) -> str:
    return say(
        "cli.filing.registration", person=cert.person_id_number,
        specialty=specialty_text(cert.specialty), number=cert.certificate_number,
        issued=cert.issued_on, valid_until=cert.valid_until, employer=cert.enterprise_uscc,
    )  # fmt: skip


def cmd_register_add(ctx: Context) -> Output:
    """新增: file one registration from before go-live by hand."""
    a = ctx.args
    values = {column: getattr(a, dest) or "" for dest, column in _HAND_OPTIONS}
    with ctx.services() as s, s.unit_of_work() as uow:
        cert = register_filing.file_registration(uow, s.ids, values, today=s.today(), rules=s.rules)
        uow.commit()
    return Output(cert, say("cli.filing.filed", registration=_text(cert)))


def cmd_register_correct(ctx: Context) -> Output:
    """更正: correct a filed registration (numbers, dates, employer)."""
    a = ctx.args
    changes = {
        column: getattr(a, dest)
        for dest, column in _HAND_OPTIONS[3:]
        if getattr(a, dest) is not None
    }
    with ctx.services() as s, s.unit_of_work() as uow:
        cert = register_filing.correct_registration(
            uow, s.ids, person_id=a.person, specialty=a.specialty, changes=changes,
            today=s.today(), rules=s.rules,
        )  # fmt: skip
        uow.commit()
    return Output(cert, say("cli.filing.corrected", registration=_text(cert)))


def _registration_options(p: Any, *, required: bool) -> None:
    p.add_argument("--certificate", required=required, help="证书编号, e.g. 晋2J2015000123")
    p.add_argument("--seal", required=required, help="印章编号, e.g. 晋2J-201500123")
    p.add_argument("--issued", required=required, help="发证日期 YYYY-MM-DD")
    p.add_argument("--valid-until", required=required, help="有效期至 YYYY-MM-DD")
    p.add_argument("--employer", required=required, metavar="USCC", help="聘用单位统一社会信用代码")


def add_commands(filing: Any, add: Any) -> None:
    """Register ``filing register-import``, ``register-add`` and ``register-correct``."""
    p = add(filing, "register-import", cmd_register_import,
            "import registered persons from before go-live (二级注册人员) from Excel")  # fmt: skip
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--only-good", action="store_true", help="file the good rows, skip bad ones")
    p.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    p = add(filing, "register-add", cmd_register_add,
            "file one registered person from before go-live by hand (province)")  # fmt: skip
    p.add_argument("--person", required=True, metavar="ID_NUMBER", help="身份证号")
    p.add_argument("--name", required=True, help="姓名")
    p.add_argument("--specialty", required=True, choices=[x.value for x in Specialty])
    _registration_options(p, required=True)
    p = add(filing, "register-correct", cmd_register_correct,
            "correct a filed registration: certificate/seal number, dates, employer")  # fmt: skip
    p.add_argument("--person", required=True, metavar="ID_NUMBER", help="身份证号")
    p.add_argument("--specialty", required=True, choices=[x.value for x in Specialty])
    _registration_options(p, required=False)
