"""数据备案管理 → 二级注册人员: filing the register that existed before go-live.

The province files the persons registered before the system went live, with the
certificate and seal numbers they hold, from an Excel sheet (the columns of the
``filed-registrations`` export, so an exported sheet imports again) or one by hand,
and corrects a filed registration.  What it writes are ordinary records of the
province: the :class:`Person` (有效, employed by the firm), a current
:class:`Certificate` without an application number and its current :class:`Seal`.
They live in the employer's scope, as issued ones do, so the next sync carries them
to the city and the firm, and a later 延续/变更/更改补办 keeps the registration number
(:func:`regsync.core.usecases.province.issue` issues a new edition of it).

Only the province files: certificates, seals and registration status are the
province's alone (:mod:`regsync.core.authority`); a city lists the register it
receives.  As the exam import: every row is checked first, a sheet with bad rows
imports nothing unless only the good rows are asked for, each bad row is named with
its row and column, and importing a sheet twice adds nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from regsync.core import catalogue
from regsync.core.checks.identity import parse_id_number
from regsync.core.config import RulesConfig
from regsync.core.errors import CoreError, NotFound, SheetRejected, template_of
from regsync.core.exports import column_label
from regsync.core.i18n import N_
from regsync.core.model import Certificate, Enterprise, Person, Seal, Specialty
from regsync.core.ports import IdGenerator, UnitOfWork
from regsync.core.usecases.province import require_province
from regsync.core.usecases.register_sheet import (
    FILING_COLUMNS,
    OPTIONS,
    SPECIALTIES,
    BadCell,
    FiledLine,
    RowProblem,
    check_line,
    parse_rows,
)
from regsync.core.usecases.wording import both, each, what

__all__ = ["FILING_COLUMNS", "RowProblem", "parse_rows"]  # re-exported for the CLI and window


class FilingRejected(SheetRejected):
    """:class:`SheetRejected` with the bad rows named in the user's language."""

    msgid = N_("error.FilingRejected")


class FilingInvalid(CoreError):
    msgid = N_("error.FilingInvalid")

    def message(self, lang: str = "zh") -> str:
        # ``column`` is the sheet's Chinese header (or several, joined by 、).
        headers = str(self.params.get("column", "")).split("、")
        joiner = ", " if lang == "en" else "、"
        column = joiner.join(column_label(h, lang) for h in headers)
        return template_of(type(self), lang).format(**{**self.params, "column": column})


@dataclasses.dataclass(frozen=True)
class FilingImport:
    """What an import did (or, uncommitted, would do)."""

    added: int
    updated: int
    errors: tuple[RowProblem, ...]
    total: int


_SPECIALTIES_ZH = "、".join(s.zh for s in Specialty)
_SPECIALTIES_EN = " or ".join(s.value for s in Specialty)


def _specialty(code: str) -> tuple[dict[str, str], dict[str, str]]:
    """A specialty as each language names it: its Chinese name, its code."""
    try:
        zh = Specialty(code).zh
    except ValueError:
        zh = code
    return {"specialty": zh}, {"specialty": code}


def _bad(
    column: str,
    key: str,
    specialty: tuple[dict[str, str], dict[str, str]] = ({}, {}),
    **params: object,
) -> BadCell:
    return BadCell(column, *each(key, *specialty, **params))


def _details(key: str, **params: object) -> dict[str, str]:
    zh, en = both(key, **params)
    return {"detail_zh": zh, "detail_en": en}


def _on_file_problem(uow: UnitOfWork, line: FiledLine, *, correcting: bool) -> BadCell | None:
    """What the register on this node says against filing ``line`` (None: it may)."""
    if uow.get(Enterprise, line.employer_uscc) is None:
        return _bad(
            "聘用单位统一社会信用代码",
            "usecase.register_filing.no_employer",
            uscc=line.employer_uscc,
        )
    person = uow.get(Person, line.id_number)
    if person is not None and person.name != line.name:
        return _bad(
            "姓名",
            "usecase.register_filing.other_name",
            name=line.name,
            id_number=line.id_number,
            on_file=person.name,
        )
    return _numbers_problem(uow, line) or _holder_problem(uow, line, correcting=correcting)


def _numbers_problem(uow: UnitOfWork, line: FiledLine) -> BadCell | None:
    """A certificate or seal number that another registration holds."""
    spec = line.specialty.value
    for held in uow.find(Certificate, certificate_number=line.certificate_number):
        if (held.person_id_number, held.specialty) != (line.id_number, spec):
            return _bad(
                "证书编号",
                "usecase.register_filing.certificate_held",
                _specialty(held.specialty),
                number=line.certificate_number,
                holder=held.person_id_number,
            )
    for seal in uow.find(Seal, seal_number=line.seal_number):
        if (seal.person_id_number, seal.specialty) != (line.id_number, spec):
            return _bad(
                "印章编号",
                "usecase.register_filing.seal_held",
                number=line.seal_number,
                holder=seal.person_id_number,
            )
    return None


def _holder_problem(uow: UnitOfWork, line: FiledLine, *, correcting: bool) -> BadCell | None:
    """What the person's current registrations say against ``line``."""
    for cert in uow.find(Certificate, person_id_number=line.id_number, current=True):
        if cert.specialty != line.specialty.value:
            # One person is registered with one unit only (DESIGN §3).  A correction
            # may move one registration at a time (the clerk corrects both).
            if cert.enterprise_uscc != line.employer_uscc and not correcting:
                return _bad(
                    "聘用单位统一社会信用代码",
                    "usecase.register_filing.one_unit",
                    _specialty(cert.specialty),
                    uscc=cert.enterprise_uscc,
                )
        elif cert.application_number is not None:
            return _bad(
                "证书编号",
                "usecase.register_filing.system_issued",
                _specialty(line.specialty.value),
                number=cert.certificate_number,
            )
        elif cert.certificate_number != line.certificate_number and not correcting:
            return _bad(
                "证书编号",
                "usecase.register_filing.already_filed",
                _specialty(line.specialty.value),
                number=cert.certificate_number,
            )
    return None


def _write(uow: UnitOfWork, ids: IdGenerator, line: FiledLine) -> str:
    """Write one checked line: "added", "updated" or "same" (already on file as is)."""
    changed = False
    person = uow.get(Person, line.id_number)
    if person is None:
        person = Person(
            id_number=line.id_number,
            name=line.name,
            gender=line.gender,
            birth_date=line.birth_date,
        )
    wanted = person.replace(employer_uscc=line.employer_uscc, registration_status="active")
    if wanted != uow.get(Person, line.id_number):
        uow.put(wanted)
        changed = True
    current = uow.find(
        Certificate, person_id_number=line.id_number, specialty=line.specialty.value, current=True
    )
    old = current[0] if current else None
    certificate = Certificate(
        id=old.id if old else ids.new_id(),
        certificate_number=line.certificate_number,
        person_id_number=line.id_number,
        specialty=line.specialty.value,
        enterprise_uscc=line.employer_uscc,
        issued_on=line.issued_on,
        valid_until=line.valid_until,
    )
    if certificate != old:
        uow.put(certificate)
        changed = True
    seals = uow.find(
        Seal, person_id_number=line.id_number, specialty=line.specialty.value, current=True
    )
    old_seal = seals[0] if seals else None
    seal = Seal(
        id=old_seal.id if old_seal else ids.new_id(),
        seal_number=line.seal_number,
        person_id_number=line.id_number,
        specialty=line.specialty.value,
        issued_on=line.issued_on,
        certificate_number=line.certificate_number,
    )
    if seal != old_seal:
        uow.put(seal)
        changed = True
    if old is None:
        return "added"
    return "updated" if changed else "same"


def import_register(
    uow: UnitOfWork,
    ids: IdGenerator,
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    only_good: bool,
    today: dt.date,
    rules: RulesConfig,
) -> FilingImport:
    """Check the sheet, then file all rows, or only the good ones when ``only_good``.

    Refused whole (nothing written) for a missing column, and for any bad row unless
    ``only_good``.  A row already filed as it is adds nothing; a filed row whose dates
    or employer differ updates the filing.
    """
    require_province(uow, *both("usecase.register_filing.file"))
    good, bad = parse_rows(header, rows, today=today, rules=rules)
    checked: list[FiledLine] = []
    for line in good:
        problem = _on_file_problem(uow, line, correcting=False)
        if problem is None:
            checked.append(line)
        else:
            bad.append(RowProblem(line.row, problem.column, problem.zh, problem.en))
    bad.sort(key=lambda p: p.row)
    if bad and not only_good:
        more = len(bad) > 10
        raise FilingRejected(
            **what("usecase.register_filing.sheet"),
            count=len(bad),
            detail="；".join(str(e) for e in bad[:10]) + ("……" if more else ""),
            detail_en="; ".join(e.english() for e in bad[:10]) + ("..." if more else ""),
            good=len(checked),
        )
    added = updated = 0
    for line in checked:
        outcome = _write(uow, ids, line)
        added += outcome == "added"
        updated += outcome == "updated"
    return FilingImport(added, updated, tuple(bad), len(checked) + len(bad))


def _refuse(problem: BadCell) -> FilingInvalid:
    return FilingInvalid(
        field=OPTIONS.get(problem.column, problem.column),
        column=problem.column,
        detail_zh=problem.zh,
        detail_en=problem.en,
    )


def file_registration(
    uow: UnitOfWork,
    ids: IdGenerator,
    values: Mapping[str, str],
    *,
    today: dt.date,
    rules: RulesConfig,
) -> Certificate:
    """新增: file one registration by hand; ``values`` by column (see :data:`OPTIONS`)."""
    require_province(uow, *both("usecase.register_filing.file"))
    cells = {c: (values.get(c) or "").strip() for c in FILING_COLUMNS}
    try:
        line = check_line(0, cells, {}, today=today, rules=rules)
    except BadCell as exc:
        raise _refuse(exc) from None
    problem = _on_file_problem(uow, line, correcting=False)
    if problem is not None:
        raise _refuse(problem)
    _write(uow, ids, line)  # filing what is on file already writes nothing
    return filed_certificate(uow, line.id_number, line.specialty)


def filed_certificate(uow: UnitOfWork, id_number: str, specialty: Specialty) -> Certificate:
    """The current filed (not system-issued) certificate of a person and specialty."""
    for cert in uow.find(
        Certificate, person_id_number=id_number, specialty=specialty.value, current=True
    ):
        if cert.application_number is None:
            return cert
    what_zh, what_en = each(
        "usecase.register_filing.filed_certificate", *_specialty(specialty.value)
    )
    raise NotFound(what=what_zh, what_en=what_en, key=id_number)


def correct_registration(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    person_id: str,
    specialty: str,
    changes: Mapping[str, str],
    today: dt.date,
    rules: RulesConfig,
) -> Certificate:
    """更正: correct a filed registration in place (a typing error, not a new edition).

    ``changes`` by column: 证书编号, 印章编号, 发证日期, 有效期至, 聘用单位统一社会信用代码.
    Only a filed registration is corrected here; a system-issued certificate changes
    only through an application (变更, 更改补办).
    """
    require_province(uow, *both("usecase.register_filing.correct"))
    key = parse_id_number(person_id, today=today, field="--person").number
    spec = SPECIALTIES.get(specialty.strip())
    if spec is None:
        raise FilingInvalid(
            field="--specialty",
            column="注册专业",
            detail_zh=catalogue.text(
                "usecase.sheet.bad_specialty", "zh", value=specialty, choices=_SPECIALTIES_ZH
            ),
            detail_en=catalogue.text(
                "usecase.sheet.bad_specialty", "en", value=specialty, choices=_SPECIALTIES_EN
            ),
        )
    old = filed_certificate(uow, key, spec)
    person = uow.get(Person, key)
    seals = uow.find(Seal, person_id_number=key, specialty=spec.value, current=True)
    cells = {
        "姓名": person.name if person else "",
        "身份证号": key,
        "注册专业": spec.value,
        "证书编号": old.certificate_number,
        "印章编号": seals[0].seal_number if seals else "",
        "发证日期": old.issued_on.isoformat(),
        "有效期至": old.valid_until.isoformat(),
        "聘用单位统一社会信用代码": old.enterprise_uscc,
    }
    unknown = set(changes) - set(FILING_COLUMNS[3:])
    if unknown or not changes:
        raise FilingInvalid(
            field="--certificate / --seal / --issued / --valid-until / --employer",
            column="、".join(FILING_COLUMNS[3:]),
            **_details("usecase.register_filing.nothing_to_correct"),
        )
    cells.update({k: v.strip() for k, v in changes.items()})
    try:
        line = check_line(0, cells, {}, today=today, rules=rules)
    except BadCell as exc:
        raise _refuse(exc) from None
    problem = _on_file_problem(uow, line, correcting=True)
    if problem is not None:
        raise _refuse(problem)
    _write(uow, ids, line)
    return filed_certificate(uow, key, spec)
