"""The city's record lists through the widgets: 证书印章 (current and history, with the
person's certificates on double-click), 二级注册人员, 人员出省管理 and 继续教育 → 新增.

The certificate is issued for real: the firm reports, the city receives, reviews and
forwards, the province approves and issues, and the bundles carry it back (CLI).
"""

from __future__ import annotations

import datetime as dt
import json
import tkinter as tk
from pathlib import Path

from regsync.adapters.documents.xlsx_read import read_sheet
from regsync.app.bootstrap import Services, open_node
from regsync.core.model import ContinuingEducation
from regsync.gui_tk.person_detail import PersonDetailDialog
from regsync.gui_tk.records import (
    CertificateHistoryScreen,
    CertificatesScreen,
    ContinuingEducationScreen,
    Grade2PersonsScreen,
    LeaveProvinceScreen,
    RecordQueryScreen,
    cell_text,
)
from regsync.gui_tk.window import MainWindow
from tests.city_helpers import Offices, carry, issued, offices, reported_at_city
from tests.conftest import Cli
from tests.gui.conftest import (
    dialogs,
    double_click,
    no_bugs,
    pump,
    screenshot,
    wait_job,
    window_for,
)
from tests.offices import PERSON


def _open(window: MainWindow, key: str, kind: type[RecordQueryScreen]) -> RecordQueryScreen:
    screen = window.open(key)
    assert isinstance(screen, kind)
    return screen


def _export(window: MainWindow, screen: RecordQueryScreen, path: Path) -> list[tuple[object, ...]]:
    """导出报表 through the button; the rows of the written workbook."""
    screen.ctx.ask_save = lambda *_a: str(path)
    screen.buttons["btn.export_excel"].invoke()
    wait_job(window.root, screen.job)
    assert screen.job is not None
    assert screen.job.outcome == "done"
    header, rows = read_sheet(path)
    return [tuple(header), *(tuple(r) for r in rows)]


def _cli_export(o: Offices, query: str, path: Path, *options: str) -> list[tuple[object, ...]]:
    o.city("export", query, "-o", str(path), *options)
    header, rows = read_sheet(path)
    return [tuple(header), *(tuple(r) for r in rows)]


def test_certificates_grade2_and_leave(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    o = offices(cli, tmp_path)
    certificate = issued(o)
    carry(o, o.province, o.city)
    with open_node(Path(o.city.home), cli.env) as city:
        window = window_for(root, cli, city, o.city.home)

        current = _open(window, "nav.cert_current", CertificatesScreen)
        [key] = current.table.row_keys()
        assert current.cell(key, "证书编号") == certificate
        assert current.cell(key, "身份证号") == PERSON
        assert current.cell(key, "状态") == "当前"
        current.set_filter("specialty", "structural")  # the search fields filter the query
        current.refresh()
        assert current.table.row_keys() == []
        current.set_filter("specialty", "")
        current.set_filter("id_number", PERSON)
        current.refresh()
        assert current.table.row_keys() == [key]
        assert _export(window, current, tmp_path / "gui.xlsx") == _cli_export(
            o, "certificates", tmp_path / "cli.xlsx", "--id-number", PERSON
        )
        double_click(current.table, key, "c0")
        [detail] = dialogs(root, PersonDetailDialog)
        shown = o.city.json("certificate", "show", PERSON)
        assert isinstance(shown, dict)
        tab = detail.tables["reg.tab_certificates"]
        assert detail.tabs.select() == str(tab.master)  # opened on 证书印章
        assert [(r[0], r[4]) for r in detail.rows("reg.tab_certificates")] == [
            (c["certificate_number"], "当前") for c in shown["certificates"]
        ] + [(x["seal_number"], "当前") for x in shown["seals"]]
        detail.destroy()
        screenshot(window, "city-cert-current")

        grade2 = _open(window, "nav.grade2_persons", Grade2PersonsScreen)
        [person] = grade2.table.row_keys()
        assert (grade2.cell(person, "状态"), grade2.cell(person, "姓名")) == ("有效", "李四")
        assert _export(window, grade2, tmp_path / "gui2.xlsx") == _cli_export(
            o, "registered-persons", tmp_path / "cli2.xlsx"
        )
        screenshot(window, "city-grade2")

        # The province records that the person left Shanxi; the city sees it after a sync.
        o.province("registry", "leave", "add", "--person", PERSON, "--destination", "北京市",
                   "--reason", "调往北京")  # fmt: skip
        carry(o, o.province, o.city)
        current = _open(window, "nav.cert_current", CertificatesScreen)
        assert current.table.row_keys() == []
        history = _open(window, "nav.cert_history", CertificateHistoryScreen)
        [old] = history.table.row_keys()
        assert (history.cell(old, "证书编号"), history.cell(old, "状态")) == (certificate, "历史")
        [seal] = [x["seal_number"] for x in shown["seals"]]
        assert history.cell(old, "印章号") == seal  # the retired seal stays with its certificate
        double_click(history.table, old, "c0")
        [detail] = dialogs(root, PersonDetailDialog)
        assert [r[4] for r in detail.rows("reg.tab_certificates")] == ["历史", "历史"]
        detail.destroy()
        screenshot(window, "city-cert-history")

        leave = _open(window, "nav.leave_province", LeaveProvinceScreen)
        [row] = leave.table.row_keys()
        assert (leave.cell(row, "身份证号"), leave.cell(row, "去向")) == (PERSON, "北京市")
        assert "btn.new" not in leave.buttons  # add_leave is the province's: the city queries
        leave.set_filter("id_number", "11010519491231002X")
        leave.refresh()
        assert leave.table.row_keys() == []
        leave.set_filter("id_number", "")
        leave.refresh()
        screenshot(window, "city-leave")
        no_bugs(window)


def _ce_count(s: Services) -> int:
    with s.unit_of_work() as uow:
        return len(uow.find(ContinuingEducation))


def test_continuing_education_new(root: tk.Tk, cli: Cli, tmp_path: Path) -> None:
    o = offices(cli, tmp_path)
    reported_at_city(o)  # the person is on file at the city
    with open_node(Path(o.city.home), cli.env) as city:
        window = window_for(root, cli, city, o.city.home)
        screen = _open(window, "nav.continuing_education", ContinuingEducationScreen)
        assert isinstance(screen, ContinuingEducationScreen)
        assert screen.table.row_keys() == []
        screen.buttons["btn.new"].invoke()
        pump(root)
        dialog = screen.dialog
        assert dialog is not None
        values = {"person": "11010519491231002X", "specialty": "architect",
                  "period": "2025-2026", "compulsory": "40", "elective": "20",
                  "completed_on": "2026-06-30", "provider": "山西省建设教育中心"}  # fmt: skip
        for name, value in values.items():
            dialog.set(name, value)

        # Refusals: the CLI's own messages, beside the field; nothing is written.
        def ce_add(person: str, compulsory: str) -> tuple[int, str]:
            found = cli("filing", "ce-add", "--person", person, "--specialty", "architect",
                        "--period", "2025-2026", "--compulsory", compulsory, "--elective", "20",
                        "--home", o.city.home)  # fmt: skip
            return found.code, found.err.strip().removeprefix("regsync: ")

        unknown = ce_add(values["person"], "40")
        assert unknown[0] == 1
        dialog.save()
        pump(root)
        assert window.notices.log[-1].message == unknown[1]
        assert dialog.message("person") == window.notices.log[-1].message
        dialog.set("person", PERSON)
        dialog.set("compulsory", "-1")
        negative = ce_add(PERSON, "-1")
        assert negative[0] == 1
        dialog.save()
        pump(root)
        assert window.notices.log[-1].message == negative[1]
        assert "-1" in dialog.message("compulsory")
        assert _ce_count(city) == 0

        dialog.set("compulsory", "40")
        dialog.save()
        pump(root)
        assert window.notices.log[-1].message.startswith("已登记继续教育 ")
        with city.unit_of_work() as uow:
            [record] = uow.find(ContinuingEducation)
        assert (record.person_id_number, record.period, record.compulsory_hours,
                record.elective_hours, record.provider) == (
            PERSON, "2025-2026", 40, 20, "山西省建设教育中心")  # fmt: skip
        [key] = screen.table.row_keys()
        assert (screen.cell(key, "姓名"), screen.cell(key, "必修学时")) == ("李四", "40")
        rows = json.loads(cli.ok("--json", "query", "continuing-education", "--home", o.city.home))
        assert [r["完成日期"] for r in rows["rows"]] == [screen.cell(key, "完成日期")]
        screenshot(window, "city-ce")
        no_bugs(window)


def test_an_english_window_shows_the_coded_cells_in_english() -> None:
    """The queries' cells are Chinese words (as in the workbook); English shows English."""
    assert [cell_text(c, "en") for c in ("当前", "历史", "合格", "有效", "二级注册建筑师")] == [
        "current",
        "history",
        "passed",
        "valid",
        "architect",
    ]
    assert cell_text("当前") == "当前"  # Chinese by default
    assert cell_text("太原市建筑设计研究院", "en") == "太原市建筑设计研究院"  # names stay
    assert cell_text(dt.date(2026, 1, 2), "en") == "2026-01-02"
