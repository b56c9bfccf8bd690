"""数据备案管理 → 二级注册人员: the register from before go-live, filed by the province.

Import from Excel (all or nothing, or only the good rows, each bad row named with its
row and column), file and correct one by hand, the records reaching the city and the
firm, and the issue's reproduction: renewing the filed 晋2J2015000123 keeps that
number, the old certificate and seal becoming history.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from regsync.core.certificate_numbers import certificate_number_problem, seal_number_problem
from regsync.core.config import RulesConfig
from regsync.core.model import (
    Application,
    ApplicationKind,
    Certificate,
    Enterprise,
    Role,
    Seal,
    Specialty,
)
from regsync.core.numbering import make_number
from regsync.core.ports import NodeIdentity
from regsync.core.testing import MemoryStore, MemoryUnitOfWork, SequentialIds
from regsync.core.usecases import province
from regsync.core.usecases.register_filing import FILING_COLUMNS, file_registration
from regsync.core.usecases.setup import plan_identity
from tests.city_helpers import Offices, carry, dump, offices, report
from tests.conftest import Cli
from tests.offices import PERSON, USCC1
from tests.storage_helpers import id_number

CERT = "晋2J2015000123"
SEAL = "晋2J-201500123"
GOOD = [
    ["李四", PERSON, "二级注册建筑师", CERT, SEAL, "2015-03-01", dt.date(2027, 2, 28), USCC1],
    ["王五", id_number(3), "structural", "晋2G2016000456", "晋2G-201600456",
     dt.datetime(2016, 5, 1), "2028-04-30", USCC1],
]  # fmt: skip


def _sheet(path: Path, rows: list[list[object]], header: tuple[str, ...] = FILING_COLUMNS) -> str:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    book.save(path)
    return str(path)


def _filing_chain(cli: Cli, tmp_path: Path, province_db: str | None = None) -> Offices:
    """The chain, with the firm's enterprise record carried up to the province."""
    o = offices(cli, tmp_path, province_db=province_db)
    carry(o, o.firm, o.city)
    carry(o, o.city, o.province)
    return o


def _certificates(office: object, person: str) -> list[tuple[str, str, bool]]:
    data = office.json("certificate", "show", person)  # type: ignore[attr-defined]
    return sorted(
        (c["certificate_number"], c["valid_until"], c["current"]) for c in data["certificates"]
    )


def test_numbers_of_the_old_and_the_new_form() -> None:
    rules, today = RulesConfig(), dt.date(2026, 11, 27)
    arch, struct = Specialty.ARCHITECT, Specialty.STRUCTURAL
    assert certificate_number_problem(CERT, arch, rules, today=today) is None
    assert certificate_number_problem("晋2J202614010001", arch, rules, today=today) is None
    wrong_spec = certificate_number_problem(CERT, struct, rules, today=today)
    assert wrong_spec is not None
    assert "2G" in wrong_spec.zh
    assert "2G" in wrong_spec.en
    for bad in ("晋2J15000123", "2J2015000123", "晋2J2015ABC123", "晋2J2035000123", ""):
        assert certificate_number_problem(bad, arch, rules, today=today) is not None, bad
    assert seal_number_problem(SEAL, arch, rules) is None
    assert seal_number_problem("晋2J-202600001", arch, rules) is None
    assert seal_number_problem("晋2J-12", arch, rules) is not None
    assert seal_number_problem(SEAL, struct, rules) is not None


def test_import_a_good_sheet_twice_and_export_it_again(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    o = _filing_chain(cli, tmp_path, db_url)
    sheet = _sheet(tmp_path / "good.xlsx", GOOD)
    done = o.province.json("filing", "register-import", sheet)
    assert (done["added"], done["updated"], done["skipped_rows"]) == (2, 0, [])
    rows = o.province.json("query", "filed-registrations")["rows"]
    assert sorted((r["身份证号"], r["证书编号"], r["印章编号"]) for r in rows) == sorted(
        [(PERSON, CERT, SEAL), (id_number(3), "晋2G2016000456", "晋2G-201600456")]
    )
    persons = o.province.json("registry", "person", "list", "--status", "active")
    assert {p["id_number"] for p in persons} == {PERSON, id_number(3)}
    assert _certificates(o.province, PERSON) == [(CERT, "2027-02-28", True)]
    again = o.province.json("filing", "register-import", sheet)
    assert (again["added"], again["updated"]) == (0, 0)  # importing twice adds nothing
    out = tmp_path / "filed.xlsx"
    o.province("export", "filed-registrations", "-o", str(out))
    exported = [list(r) for r in openpyxl.load_workbook(out).worksheets[0].values]
    assert tuple(exported[0]) == FILING_COLUMNS
    assert len(exported) == 3
    assert o.province.json("filing", "register-import", str(out))["added"] == 0
    # a later sheet with a corrected end date updates the filing in place
    changed = [[*GOOD[0][:6], "2027-03-31", USCC1]]
    update = o.province.json("filing", "register-import", _sheet(tmp_path / "u.xlsx", changed))
    assert (update["added"], update["updated"]) == (0, 1)
    assert _certificates(o.province, PERSON) == [(CERT, "2027-03-31", True)]


BAD_SHEETS = [
    pytest.param([r for r in FILING_COLUMNS if r != "印章编号"], GOOD, 1, "印章编号",
                 "Seal number", id="missing-column"),
    pytest.param(FILING_COLUMNS, [GOOD[0], [*GOOD[1][:3], "晋2G16-456", *GOOD[1][4:]]], 3,
                 "证书编号", "Certificate no.", id="bad-certificate-number"),
    pytest.param(FILING_COLUMNS, [[*GOOD[0][:5], "2015年3月", *GOOD[0][6:]], GOOD[1]], 2,
                 "发证日期", "Issued on", id="bad-date"),
]  # fmt: skip


@pytest.mark.parametrize(("header", "rows", "row", "column", "column_en"), BAD_SHEETS)
def test_a_bad_sheet_is_refused_whole_naming_row_and_column(  # noqa: PLR0917  # parametrised
    cli: Cli,
    tmp_path: Path,
    header: list[str],
    rows: list[list[object]],
    row: int,
    column: str,
    column_en: str,
) -> None:
    o = _filing_chain(cli, tmp_path)
    before = dump(o.province)
    if len(header) < len(FILING_COLUMNS):  # drop the missing column's cells too
        gone = FILING_COLUMNS.index(column)
        rows = [r[:gone] + r[gone + 1 :] for r in rows]
    sheet = _sheet(tmp_path / "bad.xlsx", rows, tuple(header))
    result = cli("filing", "register-import", sheet, "--home", o.province.home)
    assert result.code == 1
    assert f"第{row}行" in result.err
    assert column in result.err
    assert result.err.count("第") == 1  # one message, one bad row
    assert "Traceback" not in result.err
    english = cli("--lang", "en", "filing", "register-import", sheet, "--home", o.province.home)
    assert english.code == 1
    assert "nothing was imported" in english.err
    if row > 1:  # a bad row is named in English too, its column by its English header
        assert f"row {row}, {column_en}: " in english.err
    assert dump(o.province) == before  # nothing written


def test_only_good_rows_and_what_the_register_refuses(cli: Cli, tmp_path: Path) -> None:
    o = _filing_chain(cli, tmp_path)
    other_firm = "91140100MA0GRP2X7L"
    rows = [
        GOOD[0],
        [*GOOD[1][:7], other_firm],  # an employer the province does not hold
        ["赵六", id_number(5), "二级注册建筑师", CERT, "晋2J-201500999",
         "2015-03-01", "2027-02-28", USCC1],  # another person's certificate number
        ["钱七", id_number(6), "二级注册建筑师", "晋2J2017000789", "晋2J-201700789",
         "2019-01-01", "2018-01-01", USCC1],  # ends before it starts
        ["孙八", id_number(8), "二级注册建筑师", "晋2J2018000001", SEAL,
         "2018-01-01", "2020-01-01", USCC1],  # the seal of row 2
    ]  # fmt: skip
    sheet = _sheet(tmp_path / "mixed.xlsx", rows)
    before = dump(o.province)
    refused = cli("filing", "register-import", sheet, "--home", o.province.home)
    assert refused.code == 1
    assert "--only-good" in refused.err
    assert dump(o.province) == before
    dry = o.province.json("filing", "register-import", sheet, "--only-good", "--dry-run")
    assert dry["added"] == 1
    assert dump(o.province) == before
    done = o.province.json("filing", "register-import", sheet, "--only-good")
    assert done["added"] == 1
    assert [(r["row"], r["column"]) for r in done["skipped_rows"]] == [
        (3, "聘用单位统一社会信用代码"), (4, "证书编号"), (5, "有效期至"), (6, "印章编号")
    ]  # fmt: skip
    rows_now = o.province.json("query", "filed-registrations")["rows"]
    assert [r["身份证号"] for r in rows_now] == [PERSON]
    # the firm and the city may not file: certificates are the province's
    for office in (o.city, o.firm):
        assert cli("filing", "register-import", sheet, "--home", office.home).code == 1


def _add(o: Offices, *extra: str) -> list[str]:
    return ["filing", "register-add", "--person", PERSON, "--name", "李四",
            "--specialty", "architect", "--certificate", CERT, "--seal", SEAL,
            "--issued", "2015-03-01", "--valid-until", "2027-02-28", "--employer", USCC1,
            *extra, "--home", o.province.home]  # fmt: skip


def test_add_and_correct_by_hand(cli: Cli, tmp_path: Path, db_url: str) -> None:
    o = _filing_chain(cli, tmp_path, db_url)
    before = dump(o.province)
    bad = cli(*_add(o)[:11], "晋2J-15", *_add(o)[12:])  # a seal number of the wrong form
    assert bad.code == 1
    assert "--seal" in bad.err
    assert "印章编号" in bad.err
    assert dump(o.province) == before
    assert "已备案" in cli.ok(*_add(o))
    assert _certificates(o.province, PERSON) == [(CERT, "2027-02-28", True)]
    other = cli(*_add(o)[:2], "--person", id_number(7), *_add(o)[4:])  # same number, other person
    assert other.code == 1
    assert "--certificate" in other.err

    def correct(*extra: str) -> object:
        return o.province.json("filing", "register-correct", "--person", PERSON,
                               "--specialty", "architect", *extra)  # fmt: skip

    fixed = correct("--certificate", "晋2J2015000124", "--valid-until", "2027-03-31")
    assert isinstance(fixed, dict)
    assert fixed["certificate_number"] == "晋2J2015000124"
    assert _certificates(o.province, PERSON) == [("晋2J2015000124", "2027-03-31", True)]
    seals = o.province.json("certificate", "show", PERSON)["seals"]
    assert [(s["seal_number"], s["certificate_number"], s["current"]) for s in seals] == [
        (SEAL, "晋2J2015000124", True)
    ]
    before = dump(o.province)
    for extra in (["--valid-until", "2014-01-01"], ["--certificate", "晋2G2015000124"], []):
        result = cli("filing", "register-correct", "--person", PERSON, "--specialty", "architect",
                     *extra, "--home", o.province.home)  # fmt: skip
        assert result.code == 1, extra
        assert "Traceback" not in result.err
    none_filed = cli("filing", "register-correct", "--person", PERSON, "--specialty", "structural",
                     "--seal", "晋2G-201500001", "--home", o.province.home)  # fmt: skip
    assert none_filed.code == 1
    assert "找不到" in none_filed.err
    assert dump(o.province) == before


def test_renewing_a_filed_registration_keeps_its_number(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    """The issue's reproduction: 晋2J2015000123, filed, renewed, keeps its number."""
    o = _filing_chain(cli, tmp_path, db_url)
    o.province("filing", "register-import", _sheet(tmp_path / "g.xlsx", GOOD[:1]))
    # filed records are the province's ordinary records: they reach the city and the firm
    carry(o, o.province, o.city)
    carry(o, o.city, o.firm)
    for office in (o.city, o.firm):
        assert _certificates(office, PERSON) == [(CERT, "2027-02-28", True)]
        seals = office.json("certificate", "show", PERSON)["seals"]
        assert [(x["seal_number"], x["current"]) for x in seals] == [(SEAL, True)]
        person = office.json("registry", "person", "show", PERSON)["person"]
        assert (person["registration_status"], person["employer_uscc"]) == ("active", USCC1)
    assert CERT in o.firm("registry", "person", "show", PERSON)
    number = o.firm(
        "apply", "new", "--kind", "renewal", "--specialty", "architect", "--person", PERSON,
        "--set", f"registration_cert_no={CERT}", "--set", "valid_until=2027-02-28",
        "--set", "ce_compulsory_hours=40", "--set", "ce_elective_hours=40",
    )  # fmt: skip
    report(o, number)
    carry(o, o.firm, o.city)
    o.city("receive", "accept", number)
    o.city("review", "pass", number, "--reviewer", "王五")
    o.city("forward", "send", number, "-o", str(o.files / "fwd.bpz"))
    o.province("bundle", "import", str(o.files / "fwd.bpz"))
    o.province("decision", "approve", number, "--by", "省厅")
    issued = o.province.json("issue", number)
    assert issued[0]["certificate"]["certificate_number"] == CERT
    assert issued[0]["seal"]["seal_number"] == SEAL
    assert _certificates(o.province, PERSON) == [
        (CERT, "2027-02-28", False), (CERT, "2029-02-28", True)
    ]  # fmt: skip
    seals = o.province.json("certificate", "show", PERSON)["seals"]
    assert sorted((s["seal_number"], s["current"]) for s in seals) == [(SEAL, False), (SEAL, True)]
    # the new edition is no longer a filing, the old one is history: nothing filed is current
    assert o.province.json("query", "filed-registrations")["rows"] == []
    carry(o, o.province, o.city)
    assert _certificates(o.city, PERSON) == _certificates(o.province, PERSON)


# -- in memory: the issue keeps the number the application names ---------------------

FIRM2 = "91140100MA0GRP20X9"
DAY = dt.date(2026, 11, 27)


def _province_node() -> NodeIdentity:
    return plan_identity(node_id="province-1", role=Role.PROVINCE, name="省厅", city_code=None,
                         uscc=None, public_key=None)  # fmt: skip


def _province_with_filing() -> tuple[MemoryStore, SequentialIds]:
    store, ids = MemoryStore(), SequentialIds()
    with MemoryUnitOfWork(_province_node(), store) as uow:
        for uscc in (USCC1, FIRM2):
            uow.put(Enterprise(uscc=uscc, name=f"企业{uscc[-4:]}", city_code="140100"))
        values = dict(zip(FILING_COLUMNS, [str(v) for v in GOOD[0]], strict=True))
        file_registration(uow, ids, values, today=DAY, rules=RulesConfig())
        uow.commit()
    return store, ids


def _approved(kind: str, employer: str, cert_no: str) -> Application:
    return Application(
        number=make_number(city_code="140100", year=2026, kind=ApplicationKind(kind),
                           enterprise_number="0001", sequence=1),
        kind=kind, specialty="architect", person_id_number=PERSON, person_name="李四",
        enterprise_uscc=employer, enterprise_name="企业", city_code="140100", created_on=DAY,
        stage="approved", registration_cert_no=cert_no,
    )  # fmt: skip


def _issue(store: MemoryStore, ids: SequentialIds, app: Application) -> province.Issued:
    with MemoryUnitOfWork(_province_node(), store) as uow:
        uow.put(app)
        [issued] = province.issue(uow, ids, [app.number], today=DAY, rules=RulesConfig())
        uow.commit()
    return issued


def test_a_change_of_employer_of_a_filed_person_is_a_new_edition() -> None:
    store, ids = _province_with_filing()
    issued = _issue(store, ids, _approved("change", FIRM2, CERT))
    assert issued.certificate.certificate_number == CERT
    assert issued.certificate.valid_until == dt.date(2027, 2, 28)  # a change keeps validity
    assert issued.certificate.enterprise_uscc == FIRM2
    assert issued.seal.seal_number == SEAL
    with MemoryUnitOfWork(_province_node(), store) as uow:
        certs = uow.find(Certificate, person_id_number=PERSON)
        seals = uow.find(Seal, person_id_number=PERSON)
    assert sorted((c.certificate_number, c.enterprise_uscc, c.current) for c in certs) == [
        (CERT, USCC1, False), (CERT, FIRM2, True)
    ]  # fmt: skip
    assert sorted((x.seal_number, x.current) for x in seals) == [(SEAL, False), (SEAL, True)]


def test_the_issue_keeps_the_registration_the_application_names() -> None:
    """Where a person holds two current registrations of one specialty (the duplicate the
    issue found), a renewal keeps the number it cites, not whichever comes first."""
    store, ids = _province_with_filing()
    duplicate = "晋2J202614010001"  # its record's key sorts first: found first
    with MemoryUnitOfWork(_province_node(), store) as uow:
        uow.put(
            Certificate(
                id="0DUP",
                certificate_number=duplicate,
                person_id_number=PERSON,
                specialty="architect",
                enterprise_uscc=USCC1,
                issued_on=DAY,
                valid_until=dt.date(2028, 11, 26),
                application_number="X",
            )
        )
        uow.put(
            Seal(
                id="0DUPS",
                seal_number="晋2J-202600001",
                person_id_number=PERSON,
                specialty="architect",
                issued_on=DAY,
                certificate_number=duplicate,
            )
        )
        uow.commit()  # fmt: skip
    for cited, seal in ((duplicate, "晋2J-202600001"), (CERT, SEAL)):
        fresh = MemoryStore()
        fresh.records.update(store.records)
        issued = _issue(fresh, ids, _approved("renewal", USCC1, cited))
        assert (issued.certificate.certificate_number, issued.seal.seal_number) == (cited, seal)
