"""地市版 注册信息管理 and 数据备案管理 (附件4 §2-§4) end to end, the city on each backend."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from regsync.core.usecases.filings import EXAM_COLUMNS
from tests.city_helpers import carry, dump, offices
from tests.conftest import Cli
from tests.offices import PERSON, USCC1
from tests.storage_helpers import id_number


def _sheet(path: Path, header: list[str], rows: list[list[object]]) -> str:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return str(path)


GOOD = [
    ["李四", PERSON, "二级注册建筑师", 2025, "建筑设计", 75, "合格"],
    ["王五", id_number(3), "structural", 2025, "结构设计", 58, "不合格"],
]
BAD = [
    ["错号", "140100198001011234", "二级注册建筑师", 2025, "建筑设计", 60, "合格"],
    ["", id_number(4), "二级注册建筑师", 2025, "建筑设计", 60, "合格"],
    ["赵六", id_number(5), "园林", 2025, "建筑设计", "六十", "合格"],
]


def test_exam_results_import_query_export(cli: Cli, tmp_path: Path, db_url: str) -> None:
    o = offices(cli, tmp_path, city_db=db_url)
    home = o.city.home
    before = dump(o.city)
    wrong = _sheet(tmp_path / "wrong.xlsx", ["姓名", "身份证", "成绩"], GOOD)
    result = cli("exam", "x", "--home", home)  # not a command: usage error
    assert result.code == 2
    result = cli("filing", "exam-import", wrong, "--home", home)
    assert result.code == 1
    assert "表头" in result.err
    mixed = _sheet(tmp_path / "mixed.xlsx", list(EXAM_COLUMNS), GOOD + BAD)
    result = cli("filing", "exam-import", mixed, "--home", home)
    assert result.code == 1
    assert "第3行" not in result.err
    assert "第4行" in result.err
    assert "第6行" in result.err
    not_xlsx = tmp_path / "x.xlsx"
    not_xlsx.write_text("not a workbook")
    assert cli("filing", "exam-import", str(not_xlsx), "--home", home).code == 1
    assert dump(o.city) == before  # nothing half done

    dry = o.city.json("filing", "exam-import", mixed, "--only-good", "--dry-run")
    assert (dry["added"], len(dry["skipped_rows"])) == (2, 3)
    assert dump(o.city) == before
    done = o.city.json("filing", "exam-import", mixed, "--only-good")
    assert [r["row"] for r in done["skipped_rows"]] == [4, 5, 6]
    assert done["added"] == 2
    again = o.city.json(
        "filing", "exam-import", _sheet(tmp_path / "g.xlsx", list(EXAM_COLUMNS), GOOD)
    )
    assert (again["added"], again["updated"]) == (0, 0)  # importing twice adds nothing

    rows = o.city.json("query", "exam-results", "--year", "2025", "--name", "李四")["rows"]
    assert [(r["身份证号"], r["是否合格"]) for r in rows] == [(PERSON, "合格")]
    out = ["-o", str(tmp_path / "x.xlsx")]
    for command, extra in (("query", []), ("export", out)):  # a year that is no number
        bad = o.cli(command, "exam-results", "--year", "去年", *extra, "--home", o.city.home)
        assert bad.code != 0
        assert "--year" in bad.err
        assert "Traceback" not in bad.err
    out = tmp_path / "exam.xlsx"
    o.city("export", "exam-results", "-o", str(out))
    exported = _rows(out)
    assert exported[0] == list(EXAM_COLUMNS)
    assert len(exported) == 3
    # an exported sheet imports again unchanged
    assert o.city.json("filing", "exam-import", str(out))["added"] == 0


def _rows(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_exam_results_published_by_the_province_reach_the_city(cli: Cli, tmp_path: Path) -> None:
    o = offices(cli, tmp_path)
    sheet = _sheet(tmp_path / "e.xlsx", list(EXAM_COLUMNS), GOOD)
    o.province("filing", "exam-import", sheet)
    carry(o, o.province, o.city)
    assert len(o.city.json("query", "exam-results")["rows"]) == 2
    assert cli("filing", "exam-import", sheet, "--home", o.firm.home).code == 1


def test_enterprises_persons_and_continuing_education(
    cli: Cli, tmp_path: Path, db_url: str
) -> None:
    o = offices(cli, tmp_path, city_db=db_url)
    home = o.city.home
    carry(o, o.firm, o.city)  # the firm's own record reaches its city
    before = dump(o.city)
    for argv in (
        ("--uscc", "91140100MA0GRP1380", "--name", "坏代码"),  # check character wrong
        ("--uscc", USCC1, "--name", "重复"),  # exists: offer to fetch it instead
        ("--uscc", "91140100MA0GRP1B2W", "--name", "x", "--phone", "abc"),
        ("--uscc", "91140100MA0GRP1B2W", "--name", "x", "--enterprise-number", "12"),
    ):
        result = cli("registry", "enterprise", "add", *argv, "--home", home)
        assert result.code == 1, argv
    assert "已存在" in cli("registry", "enterprise", "add", "--uscc", USCC1, "--name", "x",
                          "--home", home).err  # fmt: skip
    assert dump(o.city) == before
    from tests.test_bundle_e2e import _valid_uscc2

    added = o.city.json("registry", "enterprise", "add", "--uscc", _valid_uscc2(),
                        "--name", "晋阳结构设计有限公司", "--phone", "0351-1234567")  # fmt: skip
    assert added["status"] == "approved"
    assert added["city_code"] == "140100"
    assert {e["uscc"] for e in o.city.json("registry", "enterprise", "list")} == {
        USCC1,
        _valid_uscc2(),
    }
    o.city("registry", "enterprise", "edit", USCC1, "--name", "太原市建筑设计研究院有限公司")
    assert o.city.json("registry", "enterprise", "show", USCC1)["name"].endswith("有限公司")
    carry(o, o.city, o.firm)  # the city's update reaches the firm

    o.firm("person", "add", "--id-number", PERSON, "--name", "李四")
    carry(o, o.firm, o.city)
    o.city("filing", "ce-add", "--person", PERSON, "--specialty", "architect", "--period",
           "2025-2026", "--compulsory", "40", "--elective", "40",
           "--provider", "省建设教育协会")  # fmt: skip
    rows = o.city.json("query", "continuing-education", "--id-number", PERSON)["rows"]
    assert [(r["必修学时"], r["选修学时"]) for r in rows] == [(40, 40)]
    bad = cli("filing", "ce-add", "--person", PERSON, "--specialty", "architect", "--period",
              "x", "--compulsory", "-1", "--elective", "0", "--home", home)  # fmt: skip
    assert bad.code == 1
    o.city("registry", "conduct", "add", "--person", PERSON, "--good", "--description", "优秀")
    carry(o, o.city, o.firm)  # continuing education and conduct reach the firm
    assert o.city.json("registry", "person", "list") == []  # not registered yet
    shown = o.city.json("registry", "person", "show", PERSON)
    assert [c["good"] for c in shown["conduct"]] == [True]
    assert len(shown["continuing_education"]) == 1
