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

from regsync.core.checks.identity import parse_id_number
from regsync.core.config import RulesConfig
from regsync.core.errors import CoreError, NotFound, SheetRejected
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

__all__ = ["FILING_COLUMNS", "RowProblem", "parse_rows"]  # re-exported for the CLI and window


class FilingRejected(SheetRejected):
    """:class:`SheetRejected` with the bad rows named in the user's language."""

    msgid = N_("error.FilingRejected")


class FilingInvalid(CoreError):
    msgid = N_("error.FilingInvalid")


@dataclasses.dataclass(frozen=True)
class FilingImport:
    """What an import did (or, uncommitted, would do)."""

    added: int
    updated: int
    errors: tuple[RowProblem, ...]
    total: int


def _on_file_problem(uow: UnitOfWork, line: FiledLine, *, correcting: bool) -> BadCell | None:
    """What the register on this node says against filing ``line`` (None: it may)."""
    if uow.get(Enterprise, line.employer_uscc) is None:
        return BadCell(
            "聘用单位统一社会信用代码",
            f"聘用单位 {line.employer_uscc} 未在本节点登记，请先由地市登记该企业并同步到省级",
            f"the employer {line.employer_uscc} is not on file here: have its city "
            "register it and sync with the province first",
        )
    person = uow.get(Person, line.id_number)
    if person is not None and person.name != line.name:
        return BadCell(
            "姓名",
            f"“{line.name}”与在册人员 {line.id_number} 的姓名“{person.name}”不一致",
            f"“{line.name}” differs from the name on file for {line.id_number}, “{person.name}”",
        )
    return _numbers_problem(uow, line) or _holder_problem(uow, line, correcting=correcting)


def _numbers_problem(uow: UnitOfWork, line: FiledLine) -> BadCell | None:
    """A certificate or seal number that another registration holds."""
    spec = line.specialty.value
    for held in uow.find(Certificate, certificate_number=line.certificate_number):
        if (held.person_id_number, held.specialty) != (line.id_number, spec):
            return BadCell(
                "证书编号",
                f"证书编号 {line.certificate_number} 已属于 {held.person_id_number} 的"
                f"{Specialty(held.specialty).zh}注册",
                f"certificate number {line.certificate_number} belongs to "
                f"{held.person_id_number}'s {held.specialty} registration",
            )
    for seal in uow.find(Seal, seal_number=line.seal_number):
        if (seal.person_id_number, seal.specialty) != (line.id_number, spec):
            return BadCell(
                "印章编号",
                f"印章编号 {line.seal_number} 已属于 {seal.person_id_number}",
                f"seal number {line.seal_number} belongs to {seal.person_id_number}",
            )
    return None


def _holder_problem(uow: UnitOfWork, line: FiledLine, *, correcting: bool) -> BadCell | None:
    """What the person's current registrations say against ``line``."""
    for cert in uow.find(Certificate, person_id_number=line.id_number, current=True):
        if cert.specialty != line.specialty.value:
            # One person is registered with one unit only (DESIGN §3).  A correction
            # may move one registration at a time (the clerk corrects both).
            if cert.enterprise_uscc != line.employer_uscc and not correcting:
                return BadCell(
                    "聘用单位统一社会信用代码",
                    f"此人的{Specialty(cert.specialty).zh}注册在 {cert.enterprise_uscc}，"
                    "一人只能在一个单位注册",
                    f"this person's {cert.specialty} registration is with "
                    f"{cert.enterprise_uscc}; a person registers with one unit only",
                )
        elif cert.application_number is not None:
            return BadCell(
                "证书编号",
                f"此人已有系统发放的当前{line.specialty.zh}证书 {cert.certificate_number}，"
                "不能再备案",
                f"this person holds the system-issued current {line.specialty.value} "
                f"certificate {cert.certificate_number}; it cannot be filed over",
            )
        elif cert.certificate_number != line.certificate_number and not correcting:
            return BadCell(
                "证书编号",
                f"此人已备案{line.specialty.zh}证书 {cert.certificate_number}；"
                "如需更正请用 regsync filing register-correct",
                f"this person's filed {line.specialty.value} certificate is "
                f"{cert.certificate_number}; to change it use regsync filing register-correct",
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
    require_province(uow, "备案二级注册人员", "file registered persons")
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
            what="二级注册人员备案表",
            what_en="registered-persons",
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
    require_province(uow, "备案二级注册人员", "file registered persons")
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
    raise NotFound(
        what=f"已备案的{specialty.zh}当前证书",
        what_en=f"filed current {specialty.value} certificate",
        key=id_number,
    )


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
    require_province(uow, "更正备案的二级注册人员", "correct filed registrations")
    key = parse_id_number(person_id, today=today, field="--person").number
    spec = SPECIALTIES.get(specialty.strip())
    if spec is None:
        raise FilingInvalid(
            field="--specialty",
            column="注册专业",
            detail_zh=f"“{specialty}”应为 architect 或 structural",
            detail_en=f"“{specialty}” should be architect or structural",
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
            detail_zh="请给出要更正的项",
            detail_en="name what to correct",
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
