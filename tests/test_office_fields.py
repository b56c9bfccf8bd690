"""The fields a registration office expects, and 更改、补办 with structure (issue 16, 6-7).

Each new field has a valid and an invalid case on SQLite and PostgreSQL (the
``db_url`` fixture); an invalid value is refused with one zh/en message naming the
field and nothing is written.  The fields travel in a real bundle from the firm to
the city, and the printed 申请表 shows the photo and the attachment checklist.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from regsync.adapters.sql.database import Database
from regsync.app.bootstrap import open_node
from regsync.core.application_fields import AMEND_REISSUE_FIELDS, KIND_REQUIRED, fields_of
from regsync.core.barcodes import content_digest
from regsync.core.catalogue import text
from regsync.core.checks.messages import Severity
from regsync.core.config import RulesConfig
from regsync.core.errors import InvalidCode, InvalidPeriod, InvalidPhoto, ValidationError
from regsync.core.field_labels import field_label
from regsync.core.forms import FormFacts, build_form
from regsync.core.model import Application, ApplicationKind, Enterprise, Person, Role, Specialty
from regsync.core.photos import PHOTO_MAX_BYTES, decode_photo, encode_photo
from regsync.core.ports import NodeIdentity
from regsync.core.usecases import enterprise_info, registry
from regsync.core.usecases.applications import edit_application, new_application
from regsync.core.usecases.checking import check
from regsync.core.usecases.persons import add_person, edit_person
from regsync.core.usecases.setup import plan_identity
from tests.conftest import Cli
from tests.documents_helpers import decode_barcodes, need_tool, pdf_text, print_json, report
from tests.offices import enrolled_chain
from tests.storage_helpers import USCC, id_number, open_node_db

TODAY = dt.date(2026, 11, 27)
RULES = RulesConfig()
CERT_NO = "晋2J2024140100001"
OLD_ID = "140100800101001"  # the 15-digit number of id_number(1): 140100 800101 001
CITY = plan_identity(
    node_id="01TESTCITY0000000000000001",
    role=Role.CITY,
    name="太原市住建局",
    city_code="140100",
    uscc=None,
    public_key=None,
)


def png(width: int = 60, height: int = 80) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (33, 48), (200, 60, 60)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def firm(db_url: str) -> Iterator[tuple[Database, NodeIdentity]]:
    db, node = open_node_db(db_url)
    yield db, node
    db.dispose()


def rows(db: Database, node: NodeIdentity, kind: type[Any]) -> list[Any]:
    with db.unit_of_work(node) as uow:
        return sorted(uow.find(kind), key=lambda r: r.key)


# --- person --------------------------------------------------------------------------


def test_person_office_fields_are_stored_as_codes(firm: tuple[Database, NodeIdentity]) -> None:
    db, node = firm
    photo = png()
    with db.unit_of_work(node) as uow:
        add_person(uow, today=TODAY, id_number=id_number(1), name="张三", values={
            "ethnicity": "回",  # as the 身份证 prints it
            "qualification_route": "考核认定",  # the label is accepted, the code stored
            "contract_start": dt.date(2024, 1, 1),
            "contract_end": dt.date(2027, 12, 31),
            "previous_seal_no": "晋2J-202000017",
            "photo": encode_photo(photo),
        })  # fmt: skip
        uow.commit()
    [stored] = rows(db, node, Person)
    assert stored.ethnicity == "回族"
    assert stored.qualification_route == "assessment"
    assert (stored.contract_start, stored.contract_end) == (
        dt.date(2024, 1, 1),
        dt.date(2027, 12, 31),
    )
    assert stored.previous_seal_no == "晋2J-202000017"
    assert stored.photo is not None
    assert decode_photo(stored.photo) == photo
    # A JPEG replaces the PNG on edit.
    with db.unit_of_work(node) as uow:
        edit_person(uow, id_number(1), {"photo": encode_photo(jpeg()), "ethnicity": "汉族"})
        uow.commit()
    [edited] = rows(db, node, Person)
    assert edited.photo is not None
    assert decode_photo(edited.photo) == jpeg()
    assert edited.ethnicity == "汉族"


@pytest.mark.parametrize(
    ("values", "error", "field"),
    [
        ({"ethnicity": "火星族"}, InvalidCode, "ethnicity"),
        ({"qualification_route": "bought"}, InvalidCode, "qualification_route"),
        ({"photo": base64.b64encode(b"GIF89a" + b"\0" * 50).decode()}, InvalidPhoto, "photo"),
        ({"photo": "not base64 at all!"}, InvalidPhoto, "photo"),
        (
            {"photo": base64.b64encode(png()[:8] + b"\0" * PHOTO_MAX_BYTES).decode()},
            InvalidPhoto,
            "photo",
        ),
        (
            {"contract_start": dt.date(2025, 1, 1), "contract_end": dt.date(2024, 12, 31)},
            InvalidPeriod,
            "contract_end",
        ),
    ],
)
def test_bad_person_values_are_refused_and_nothing_is_written(
    firm: tuple[Database, NodeIdentity],
    values: dict[str, Any],
    error: type[ValidationError],
    field: str,
) -> None:
    db, node = firm
    with db.unit_of_work(node) as uow:
        add_person(uow, today=TODAY, id_number=id_number(2), name="李四", values={})
        uow.commit()
    before = rows(db, node, Person)
    with db.unit_of_work(node) as uow, pytest.raises(error) as info:
        add_person(uow, today=TODAY, id_number=id_number(3), name="王五", values=values)
    with db.unit_of_work(node) as uow, pytest.raises(error):
        edit_person(uow, id_number(2), values)
    assert rows(db, node, Person) == before
    assert info.value.params["field"] == field
    zh, en = info.value.message("zh"), info.value.message("en")
    # The label, not the code name (issue 17 item 6); a period is named as a whole.
    label = text("label.contract_period") if error is InvalidPeriod else field_label(field)
    assert label in zh
    assert field not in zh
    assert field in en
    assert zh != en


def test_photo_limit_and_magic_bytes() -> None:
    at_limit = png()[:8] + b"\0" * (PHOTO_MAX_BYTES - 8)
    assert decode_photo(encode_photo(at_limit)) == at_limit
    with pytest.raises(InvalidPhoto) as info:
        encode_photo(at_limit + b"\0")
    assert "201 KB" in info.value.message("zh")
    assert "200 KB" in info.value.message("en")
    with pytest.raises(InvalidPhoto, match="not a JPEG or PNG"):
        encode_photo(b"%PDF-1.7 pretending to be a photo")  # named photo.png, still refused


# --- enterprise ----------------------------------------------------------------------


@pytest.fixture
def city(db_url: str) -> Iterator[tuple[Database, NodeIdentity]]:
    db, node = open_node_db(db_url, CITY)
    yield db, node
    db.dispose()


def test_enterprise_qualification_codes(city: tuple[Database, NodeIdentity]) -> None:
    db, node = city
    with db.unit_of_work(node) as uow:
        registry.add_enterprise(uow, uscc=USCC, name="太原市建筑设计研究院",
                                enterprise_number="0001", org_code=None, uscc_confirmed=False,
                                values={"qualification": "建筑行业（建筑工程）甲级",
                                        "qualification_category": "工程设计行业资质",
                                        "qualification_grade": "甲级"})  # fmt: skip
        uow.commit()
    with db.unit_of_work(node) as uow:
        registry.edit_enterprise(uow, USCC, {"qualification_grade": "b"})
        uow.commit()
    [found] = [e for e in rows(db, node, Enterprise) if e.uscc == USCC]
    assert (found.qualification_category, found.qualification_grade) == ("industry", "b")
    assert found.qualification == "建筑行业（建筑工程）甲级"  # the old free text stays readable
    before = rows(db, node, Enterprise)
    with db.unit_of_work(node) as uow, pytest.raises(InvalidCode) as info:
        registry.edit_enterprise(uow, USCC, {"qualification_grade": "特级"})
    assert rows(db, node, Enterprise) == before
    assert "资质等级的值" in info.value.message("zh")
    assert "qualification_grade" not in info.value.message("zh")
    assert "甲级" in info.value.message("zh")  # it lists what may be used
    assert "qualification grade (qualification_grade)" in info.value.message("en")


def test_a_firm_keeps_its_own_qualification_codes(firm: tuple[Database, NodeIdentity]) -> None:
    db, node = firm
    with db.unit_of_work(node) as uow:
        enterprise_info.update_enterprise(uow, {"qualification_category": "office"})
        uow.commit()
    with db.unit_of_work(node) as uow:
        assert enterprise_info.own_enterprise(uow).qualification_category == "office"
        with pytest.raises(InvalidCode, match="qualification_category"):
            enterprise_info.update_enterprise(uow, {"qualification_category": "综合"})
    with db.unit_of_work(node) as uow:
        assert enterprise_info.own_enterprise(uow).qualification_category == "office"


# --- 更改、补办 ------------------------------------------------------------------------


def _amend_draft(db: Database, node: NodeIdentity, person_id: str, values: dict[str, Any]) -> str:
    with db.unit_of_work(node) as uow:
        if not uow.find(Person, id_number=person_id):
            add_person(uow, today=TODAY, id_number=person_id, name="张三", values={})
        app = new_application(uow, today=TODAY, kind="amend_reissue", specialty="architect",
                              person_id_number=person_id,
                              values={"registration_cert_no": CERT_NO, **values})  # fmt: skip
        uow.commit()
    return app.number


def _structure_messages(db: Database, node: NodeIdentity, number: str) -> list[tuple[str, str]]:
    with db.unit_of_work(node) as uow:
        messages = check(uow, number, today=TODAY, rules=RULES)
    return sorted(
        (m.code, m.field or "")
        for m in messages
        if m.code.startswith(("application.amend", "application.loss", "application.id_upgrade"))
        or (m.code == "application.missing_field" and m.field in AMEND_REISSUE_FIELDS)
    )


VALID = {
    "reissue both": {
        "amend_mode": "补办",
        "reissue_items": "证书和印章",
        "loss_newspaper": "山西日报",
        "loss_declared_on": dt.date(2026, 11, 2),
    },
    "amend employer name": {
        "amend_mode": "amend",
        "amend_item": "单位名称",
        "amend_old_value": "太原市建筑设计院",
        "amend_new_value": "太原市建筑设计研究院",
    },
    "amend person name": {
        "amend_mode": "amend",
        "amend_item": "person_name",
        "amend_old_value": "张叁",
        "amend_new_value": "张三",
    },
    "id upgrade": {
        "amend_mode": "amend",
        "amend_item": "id_upgrade",
        "amend_old_value": OLD_ID,
        "amend_new_value": id_number(1),
    },
}


@pytest.mark.parametrize("case", list(VALID))
def test_valid_amend_and_reissue_pass_the_structure_check(
    firm: tuple[Database, NodeIdentity], case: str
) -> None:
    db, node = firm
    number = _amend_draft(db, node, id_number(1), VALID[case])
    assert _structure_messages(db, node, number) == []
    with db.unit_of_work(node) as uow:
        stored = uow.get(Application, number)
    assert stored is not None
    assert stored.amend_mode in ("amend", "reissue")  # labels typed, codes stored


INVALID = {
    "no choice": ({}, [("application.missing_field", "amend_mode")]),
    "reissue without declaration": (
        {"amend_mode": "reissue", "reissue_items": "seal"},
        [
            ("application.amend_reissue_missing", "loss_declared_on"),
            ("application.amend_reissue_missing", "loss_newspaper"),
        ],
    ),
    "declared after applying": (
        {
            "amend_mode": "reissue",
            "reissue_items": "certificate",
            "loss_newspaper": "山西日报",
            "loss_declared_on": TODAY + dt.timedelta(days=1),
        },
        [("application.loss_declared_late", "loss_declared_on")],
    ),
    "amend with a reissue field": (
        {**VALID["amend person name"], "loss_newspaper": "山西日报"},
        [("application.amend_reissue_foreign", "loss_newspaper")],
    ),
    "amend without old and new": (
        {"amend_mode": "amend", "amend_item": "other"},
        [
            ("application.amend_reissue_missing", "amend_new_value"),
            ("application.amend_reissue_missing", "amend_old_value"),
        ],
    ),
    "nothing changes": (
        {**VALID["amend person name"], "amend_old_value": "张三"},
        [("application.amend_unchanged", "amend_new_value")],
    ),
    "new employer name is not the registered one": (
        {**VALID["amend employer name"], "amend_new_value": "别的设计院"},
        [("application.amend_new_mismatch", "amend_new_value")],
    ),
    "upgrade of another number": (
        {**VALID["id upgrade"], "amend_old_value": "140100800101002"},
        [("application.id_upgrade_new", "amend_new_value")],
    ),
    "old number is not 15 digits": (
        {**VALID["id upgrade"], "amend_old_value": id_number(2)},
        [("application.id_upgrade_old", "amend_old_value")],
    ),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_invalid_amend_and_reissue_are_errors_naming_the_field(
    firm: tuple[Database, NodeIdentity], case: str
) -> None:
    db, node = firm
    values, expected = INVALID[case]
    number = _amend_draft(db, node, id_number(1), values)
    assert _structure_messages(db, node, number) == sorted(expected)
    with db.unit_of_work(node) as uow:
        messages = check(uow, number, today=TODAY, rules=RULES)
    for m in messages:
        if (m.code, m.field) in expected:
            assert m.severity is Severity.ERROR
            assert m.field is not None
            assert field_label(m.field, "zh") in m.zh
            assert m.field not in m.zh
            assert m.field in m.en


def test_a_code_not_in_the_list_is_refused_at_entry(firm: tuple[Database, NodeIdentity]) -> None:
    db, node = firm
    number = _amend_draft(db, node, id_number(1), VALID["reissue both"])
    before = rows(db, node, Application)
    with db.unit_of_work(node) as uow, pytest.raises(InvalidCode) as info:
        edit_application(uow, number, {"reissue_items": "钥匙"})
    with db.unit_of_work(node) as uow, pytest.raises(InvalidCode):
        new_application(uow, today=TODAY, kind="amend_reissue", specialty="architect",
                        person_id_number=id_number(1), values={"amend_mode": "swap"})  # fmt: skip
    assert rows(db, node, Application) == before
    assert "补办项目的值" in info.value.message("zh")
    assert "certificate 证书" in info.value.message("en")


# --- per-kind fields -------------------------------------------------------------------


def test_each_kind_shows_and_requires_only_its_own_fields() -> None:
    for kind in ApplicationKind:
        shown = set(fields_of(kind))
        assert set(KIND_REQUIRED[kind]) <= shown
        has_amend = bool(shown & set(AMEND_REISSUE_FIELDS))
        assert has_amend == (kind is ApplicationKind.AMEND_REISSUE)
    assert "reason" not in KIND_REQUIRED[ApplicationKind.AMEND_REISSUE]  # the structure says it
    assert "previous_employer" not in fields_of(ApplicationKind.RENEWAL)


def test_amend_fields_on_another_kind_are_a_warning(firm: tuple[Database, NodeIdentity]) -> None:
    db, node = firm
    with db.unit_of_work(node) as uow:
        add_person(uow, today=TODAY, id_number=id_number(1), name="张三", values={})
        app = new_application(uow, today=TODAY, kind="cancellation", specialty="architect",
                              person_id_number=id_number(1),
                              values={"registration_cert_no": CERT_NO, "reason": "本人申请",
                                      "loss_newspaper": "山西日报"})  # fmt: skip
        uow.commit()
        found = [m for m in check(uow, app.number, today=TODAY, rules=RULES)
                 if m.code == "application.amend_reissue_other_kind"]  # fmt: skip
    assert [(m.field, m.severity) for m in found] == [("loss_newspaper", Severity.WARNING)]


def test_old_paper_stays_current_when_the_new_fields_are_empty() -> None:
    app = Application(number="140100261000100017", kind="initial", specialty="architect",
                      person_id_number=id_number(1), person_name="张三", enterprise_uscc=USCC,
                      enterprise_name="太原市建筑设计研究院", city_code="140100",
                      created_on=TODAY)  # fmt: skip
    # The digest of the content as printed before migration 0004 (no amend fields).
    before = dict(app.fields())
    for name in AMEND_REISSUE_FIELDS:
        before.pop(name)
    assert content_digest(app, ()) == _digest_of(before)
    assert content_digest(app.replace(amend_mode="amend"), ()) != content_digest(app, ())


def _digest_of(fields: dict[str, Any]) -> str:
    import hashlib
    import json

    plain = {
        k: v.isoformat() if isinstance(v, dt.date) else v
        for k, v in fields.items()
        if k not in {"round", "stage", "reported_on", "provenance"}
    }
    canonical = json.dumps({"application": plain, "performance": []}, ensure_ascii=False,
                           sort_keys=True, separators=(",", ":"))  # fmt: skip
    value = int.from_bytes(hashlib.sha256(canonical.encode("utf-8")).digest()[:8], "big")
    return f"{value % 10**9:09d}"


# --- the form ------------------------------------------------------------------------


def test_form_content_has_the_photo_the_structure_and_the_checklist() -> None:
    person = Person(id_number=id_number(1), name="张三", gender="male",
                    birth_date=dt.date(1980, 1, 1), ethnicity="汉族",
                    qualification_route="exam", photo=encode_photo(png()))  # fmt: skip
    app = Application(number="140100264000100017", kind="amend_reissue", specialty="architect",
                      person_id_number=person.id_number, person_name="张三",
                      enterprise_uscc=USCC, enterprise_name="太原市建筑设计研究院",
                      city_code="140100", created_on=TODAY, registration_cert_no=CERT_NO,
                      amend_mode="reissue", reissue_items="both", loss_newspaper="山西日报",
                      loss_declared_on=dt.date(2026, 11, 2))  # fmt: skip
    rules = dataclasses.replace(RULES, attachments_amend_reissue="身份证复印件;登报声明原件")
    form = build_form(FormFacts(app, person, None, (), ()), sample=False, today=TODAY,
                      attachments=rules.attachments(ApplicationKind.AMEND_REISSUE))  # fmt: skip
    values = {f.label: f.value for s in form.sections for f in s.fields}
    assert values["民族"] == "汉族"
    assert values["资格取得方式"] == "考试"
    assert values["办理方式"] == "补办"
    assert values["补办项目"] == "证书和印章"
    assert values["遗失声明刊登日期"] == "2026-11-02"
    assert "更改事项" not in values  # a reissue prints only its own fields
    assert "必修学时" not in values  # declared hours are the renewal's
    assert form.photo == png()
    [checklist] = [t for t in form.tables if t.title == "申报材料清单"]
    assert [r[1] for r in checklist.rows] == ["身份证复印件", "登报声明原件"]


def test_the_attachment_list_is_configurable_and_checked() -> None:
    rules = RulesConfig.from_mapping({"attachments_initial": "身份证复印件；学历证书复印件"})
    assert rules.attachments(ApplicationKind.INITIAL) == ("身份证复印件", "学历证书复印件")
    from regsync.core.errors import ConfigError

    with pytest.raises(ConfigError, match="attachments_initial"):
        RulesConfig.from_mapping({"attachments_initial": 3})


def _firm_with_photo(cli: Cli, db_url: str, tmp_path: Path) -> tuple[str, Path]:
    from tests.documents_helpers import init_enterprise

    init_enterprise(cli, db_url)
    photo = tmp_path / "zhang.png"
    photo.write_bytes(png(120, 160))
    cli.ok("person", "add", "--id-number", id_number(1), "--name", "张三", "--ethnicity", "汉",
           "--qualification-route", "exam", "--photo", str(photo),
           "--contract-start", "2024-01-01", "--contract-end", "2027-12-31")  # fmt: skip
    number = cli.ok("apply", "new", "--kind", "amend_reissue", "--specialty", "architect",
                    "--person", id_number(1), "--set", f"registration_cert_no={CERT_NO}",
                    "--reissue", "certificate", "--loss-newspaper", "山西日报",
                    "--loss-date", "2020-01-05")  # fmt: skip
    return number, photo


def test_printed_form_draws_the_photo_and_lists_the_attachments(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    number, _ = _firm_with_photo(cli, db_url, tmp_path)
    report(cli, number)
    out = tmp_path / "form.pdf"
    printed = print_json(cli, "print", "form", number, "-o", str(out))
    assert decode_barcodes(out, tmp_path) == printed["barcodes"]
    text = pdf_text(out)
    for expected in ("更改、补办事项", "补办", "山西日报", "申报材料清单", "刊登遗失声明的报纸原件",
                     "汉族", "考试", "2024-01-01 至 2027-12-31"):  # fmt: skip
        assert expected in text, expected
    images = subprocess.run([need_tool("pdfimages"), "-list", str(out)], capture_output=True,
                            check=True, text=True).stdout.splitlines()[2:]  # fmt: skip
    sizes = {tuple(line.split()[3:5]) for line in images}
    assert ("120", "160") in sizes  # the person's photo, drawn at its own pixels


def test_cli_refuses_a_bad_photo_file_and_writes_nothing(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    from tests.documents_helpers import init_enterprise

    init_enterprise(cli, db_url)
    fake = tmp_path / "photo.jpg"
    fake.write_text("这不是图片", encoding="utf-8")
    refused = cli("person", "add", "--id-number", id_number(1), "--name", "张三",
                  "--photo", str(fake))  # fmt: skip
    assert refused.code == 1
    assert "照片不能使用" in refused.err
    assert "JPEG" in refused.err
    missing = cli("--lang", "en", "person", "add", "--id-number", id_number(1), "--name", "张三",
                  "--photo", str(tmp_path / "none.png"))  # fmt: skip
    assert missing.code == 1
    assert "--photo" in missing.err
    bad_code = cli("person", "add", "--id-number", id_number(1), "--name", "张三",
                   "--qualification-route", "买的")  # fmt: skip
    assert bad_code.code == 1
    assert "资格取得方式的值" in bad_code.err
    assert cli.ok("--json", "person", "list") == "[]"


# --- sync -------------------------------------------------------------------------------


def test_new_fields_travel_in_a_bundle_from_firm_to_city(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    chain = enrolled_chain(cli, tmp_path, firm_db=db_url)
    firm = chain.firm
    photo = tmp_path / "li.jpg"
    photo.write_bytes(jpeg())
    person = id_number(1)
    firm("person", "add", "--id-number", person, "--name", "张三", "--ethnicity", "蒙古族",
         "--qualification-route", "特许", "--photo", str(photo), "--contract-start",
         "2024-01-01", "--contract-end", "2027-12-31",
         "--previous-seal-no", "晋2J-2020017")  # fmt: skip
    firm("enterprise", "update", "--qualification-category", "specialty",
         "--qualification-grade", "乙级")  # fmt: skip
    number = firm("apply", "new", "--kind", "amend_reissue", "--specialty", "architect",
                  "--person", person, "--set", f"registration_cert_no={CERT_NO}",
                  "--amend", "id_upgrade", "--old-value", OLD_ID,
                  "--new-value", person)  # fmt: skip
    out = str(chain.files / "r.bpz")
    firm("report", number, "--via", "bundle", "-o", out, "--to", str(chain.files / "c.cert"))
    chain.city("bundle", "import", out)
    with open_node(Path(firm.home), cli.env) as f, f.unit_of_work() as uow:
        sent = (uow.get(Person, person), uow.get(Enterprise, USCC), uow.get(Application, number))
    with open_node(Path(chain.city.home), cli.env) as c, c.unit_of_work() as uow:
        got = (uow.get(Person, person), uow.get(Enterprise, USCC), uow.get(Application, number))
    p, e, a = got
    assert p is not None
    assert e is not None
    assert a is not None
    assert p.photo is not None
    assert decode_photo(p.photo) == jpeg()
    assert (p.ethnicity, p.qualification_route, p.previous_seal_no) == ("蒙古族", "special",
                                                                        "晋2J-2020017")  # fmt: skip
    assert (p.contract_start, p.contract_end) == (dt.date(2024, 1, 1), dt.date(2027, 12, 31))
    assert (e.qualification_category, e.qualification_grade) == ("specialty", "b")
    assert (a.amend_mode, a.amend_item, a.amend_old_value, a.amend_new_value) == (
        "amend", "id_upgrade", OLD_ID, person)  # fmt: skip
    assert sent[0] == p
    assert sent[2] is not None
    assert {k: v for k, v in sent[2].fields().items() if k != "stage"} == {
        k: v for k, v in a.fields().items() if k != "stage"
    }


def test_terminal_shows_what_the_photo_is_not_its_base64() -> None:
    from regsync.app.cli.render import record_text

    stored = encode_photo(png())
    person = Person(id_number=id_number(1), name="张三", gender="male",
                    birth_date=dt.date(1980, 1, 1), photo=stored)  # fmt: skip
    shown = record_text(person)
    assert stored not in shown
    assert "png, 1 KB" in shown


def test_the_city_corrects_the_structure_with_the_same_code_lists(
    city: tuple[Database, NodeIdentity],
) -> None:
    from regsync.core.usecases import city as city_cases

    db, node = city
    app = Application(number="140100264000100017", kind="amend_reissue", specialty="architect",
                      person_id_number=id_number(1), person_name="张三", enterprise_uscc=USCC,
                      enterprise_name="太原市建筑设计研究院", city_code="140100",
                      created_on=TODAY, stage="received", amend_mode="reissue",
                      reissue_items="certificate")  # fmt: skip
    with db.unit_of_work(node) as uow:
        uow.put(app)
        uow.commit()
    with db.unit_of_work(node) as uow, pytest.raises(InvalidCode, match="reissue_items"):
        city_cases.correct(uow, app.number, {"reissue_items": "钥匙"})
    with db.unit_of_work(node) as uow:
        city_cases.correct(uow, app.number, {"reissue_items": "印章"})
        uow.commit()
    [stored] = rows(db, node, Application)
    assert stored.reissue_items == "seal"


def test_summary_has_certificate_phone_columns_and_the_seal_line() -> None:
    from regsync.core.forms import SUMMARY_HEADERS, SummaryLine, build_summary

    app = Application(number="140100263000100017", kind="renewal", specialty="architect",
                      person_id_number=id_number(1), person_name="张三", enterprise_uscc=USCC,
                      enterprise_name="太原市建筑设计研究院", city_code="140100",
                      created_on=TODAY, registration_cert_no=CERT_NO,
                      valid_until=dt.date(2027, 3, 31))  # fmt: skip
    line = SummaryLine(app, "male", "通过", None, phone="13800000001")
    table = build_summary([line], kind=ApplicationKind.RENEWAL, specialty=Specialty.ARCHITECT,
                          unit="太原市建筑设计研究院", operator="赵六", today=TODAY)  # fmt: skip
    row = dict(zip(SUMMARY_HEADERS, table.rows[0], strict=True))
    assert (row["注册证书号"], row["有效期至"], row["联系电话"]) == (
        CERT_NO, "2027-03-31", "13800000001")  # fmt: skip
    seal = {f.label: f.value for f in table.footer}["填报单位盖章"]
    assert "（盖章）" in seal
