"""Refusals, trust and bundle messages come from the catalogue in zh and en
(issue 18 item 5, issue 17 item 6; core/catalogue_sync.py)."""

from __future__ import annotations

import dataclasses
import re
import string

import pytest

from regsync.core import catalogue, model
from regsync.core.catalogue_sync import field_label, kind_label, role_label
from regsync.core.state import Stage
from regsync.sync.authorize import Refusal, check_local
from regsync.sync.changeset import Change, Op
from tests.catalogue_pairs import pairs
from tests.test_authorize import APP, CITY, E_SCOPE, ENTERPRISE, UPDATE, USCC, cs, why
from tests.test_zh_wording import ALLOWED, RETIRED, _without_code

TEXTS = pairs(
    "refusal.",
    "node.role.",
    "record.",
    "trust.",
    "bundle.",
    "http.",
    "progress.",
    "prompt.",
    "write.",
    "lock.",
    "db.",
    "sheet.",
    "sync.",
)

_LATIN = re.compile(r"[A-Za-z]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _fixed_part(template: str) -> str:
    """A template without its ``{placeholders}``: the words the catalogue fixes."""
    return re.sub(r"\{[^{}]*\}", "", template)


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_pair_reads_as_office_text_in_each_language() -> None:
    """No English word or code field name in a zh text, no Chinese in an en text, the
    same placeholders in both, none of the retired terms."""
    found = {}
    for key, (zh, en) in TEXTS.items():
        words = [
            w for w in re.findall(r"[A-Za-z][A-Za-z_]*", _without_code(zh)) if w not in ALLOWED
        ]
        if words or _HAN.search(en) or _placeholders(zh) != _placeholders(en):
            found[key] = (zh, en)
        if any(term in zh for term in RETIRED):
            found[key] = (zh, en)
    assert found == {}


def test_a_refusal_renders_in_both_languages_from_the_catalogue() -> None:
    """The firm sets a stage only the city sets: the refusal is ``refusal.field`` of the
    catalogue, filled in each language with that language's names."""
    change = Change("application", APP, Op.UPSERT, {"stage": "city_passed"}, UPDATE)
    reason = check_local(ENTERPRISE, E_SCOPE, [change])
    assert reason is not None
    assert reason.key == "refusal.field"
    assert reason.zh.startswith(catalogue.text("refusal.who", "zh", role="企业", node="E1"))
    assert f"无权修改申请 {APP}的申报状态" in reason.zh
    assert Stage.CITY_PASSED.zh in reason.zh
    assert reason.en.startswith(f"the enterprise node E1 may not set application {APP} field stage")
    assert "passed by the city" in reason.en
    assert str(reason) == reason.en
    # The fixed part of the zh template has no Latin letter; the zh text none but data.
    for key in ("refusal.field", "refusal.who", "refusal.record"):
        assert not _LATIN.search(_fixed_part(TEXTS[key][0])), key
    assert not _LATIN.search(reason.zh.replace(APP, "").replace("E1", ""))
    assert not _HAN.search(reason.en)


@pytest.mark.parametrize(
    ("writer", "scope", "kind", "fields", "base"),
    [
        (ENTERPRISE, E_SCOPE, "review", {"passed": True}, None),  # the city's alone
        (ENTERPRISE, E_SCOPE, "enterprise", {"name": "改名"}, UPDATE),  # a field not its own
        (ENTERPRISE, E_SCOPE, "enterprise", {"city_code": "140200"}, None),  # not its city
        (ENTERPRISE, "city:140100", "application", {}, None),  # another scope
        (CITY, E_SCOPE, "application", {"stage": "approved"}, UPDATE),  # a value not its own
        (ENTERPRISE, E_SCOPE, "application", {"reason": "x"}, None),  # a bad number
    ],
)
def test_no_code_name_in_a_zh_refusal(
    writer: object, scope: str, kind: str, fields: dict[str, object], base: object
) -> None:
    key = "12345" if fields == {"reason": "x"} else APP
    reason = why(writer, cs(writer.node_id, scope, kind, fields, key=key, base=base))  # type: ignore[attr-defined]
    assert isinstance(reason, Refusal)
    data = (APP, "12345", USCC, "140100", "140200", "E1", "C1", "K")
    zh = reason.zh
    for value in data:
        zh = zh.replace(value, "")
    assert not _LATIN.search(zh), reason.zh
    assert reason.key.startswith("refusal.")


def test_every_record_kind_and_field_has_a_name_in_both_languages() -> None:
    for record in model.Record.__subclasses__():
        assert not kind_label(record.KIND).en.endswith(" record record")
        assert catalogue.has(f"record.kind.{record.KIND}"), record.KIND
        for f in dataclasses.fields(record):
            name = field_label(record.KIND, f.name)
            assert name != field_label("?", "?"), (record.KIND, f.name)
            assert not _LATIN.search(name.zh.replace("USCC", "")), name


def test_roles_and_stages_in_words() -> None:
    assert [role_label(r.value).zh for r in model.Role] == ["个人版", "企业", "市级", "省级"]
    for stage in Stage:
        assert catalogue.text(f"sync.stage.{stage.value}", "zh") == stage.zh


def test_a_trust_file_error_gives_its_reason_in_each_language() -> None:
    from regsync.sync.trust.errors import TrustFileError
    from regsync.sync.trust.files import file_type

    with pytest.raises(TrustFileError) as caught:
        file_type(b"[]")
    zh, en = caught.value.message("zh"), caught.value.message("en")
    assert catalogue.text("trust.file.not_object", "zh") in zh
    assert catalogue.text("trust.file.not_object", "en") in en
    assert not _HAN.search(en)
    assert not _LATIN.search(zh.replace("JSON", ""))
