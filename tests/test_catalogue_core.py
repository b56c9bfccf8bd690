"""The core's messages come from the catalogue (issue 18 item 5, issue 17 item 6).

A computer-check message is its code and parameters; its Chinese and English texts are
the catalogue entry ``check.<code>`` filled with them.  A Chinese text names a field by
its label, never by its code name, and holds no English word.
"""

from __future__ import annotations

import re
import string

from regsync.core import catalogue
from regsync.core.checks.facts import error, kind_term
from regsync.core.checks.messages import CheckMessage, Severity
from regsync.core.errors import InvalidIdNumber, MissingField
from regsync.core.field_labels import field_label, field_name
from regsync.core.model import ApplicationKind
from tests.catalogue_pairs import pairs

TEXTS = pairs("check.", "label.", "authority.", "reason.", "expected.")

LATIN = re.compile("[A-Za-z]")


def _fixed_text(template: str) -> str:
    """A template without its ``{placeholders}``: the words the catalogue says."""
    return "".join(literal for literal, *_ in string.Formatter().parse(template))


def _placeholders(template: str) -> set[str]:
    return {name for _, name, *_ in string.Formatter().parse(template) if name}


def test_a_check_message_says_its_catalogue_entry_in_zh_and_en() -> None:
    message = error("application.missing_field", "qualification_cert_no", kind=kind_term("initial"))
    assert message.key == "check.application.missing_field"
    zh_template = catalogue.text("check.application.missing_field", "zh")
    en_template = catalogue.text("check.application.missing_field", "en")
    assert message.zh == zh_template.format(kind="初始注册", label="资格证书号")
    assert message.en == en_template.format(
        kind="initial", label="qualification certificate number (qualification_cert_no)"
    )
    assert message.text("zh") == message.zh
    assert message.text("en") == message.en
    assert message.as_dict()["zh"] == message.zh
    assert message.as_dict()["en"] == message.en
    # The Chinese text is Chinese: no code field name, no English word in its fixed text.
    assert "qualification_cert_no" not in message.zh
    assert not LATIN.search(_fixed_text(zh_template))
    assert not LATIN.search(message.zh)


def test_a_message_is_built_from_its_code_severity_field_and_params() -> None:
    message = CheckMessage.of(
        "application.person_missing",
        Severity.ERROR,
        "person_id_number",
        id_number="140100199001010011",
        name="张三",
    )
    assert message.code == "application.person_missing"
    assert message.field == "person_id_number"
    assert "140100199001010011" in message.zh
    assert "张三" in message.en
    assert message == CheckMessage.of(
        "application.person_missing",
        Severity.ERROR,
        "person_id_number",
        id_number="140100199001010011",
        name="张三",
    )


def test_every_check_text_is_chinese_in_zh_with_the_same_placeholders() -> None:
    checks = {k: v for k, v in TEXTS.items() if k.startswith(("check.", "label.", "authority."))}
    assert checks
    latin = {k: zh for k, (zh, _) in checks.items() if LATIN.search(_fixed_text(zh))}
    assert latin == {}
    differ = {k: v for k, v in checks.items() if _placeholders(v[0]) != _placeholders(v[1])}
    assert differ == {}


def test_every_kind_names_itself_in_the_message_language() -> None:
    for kind in ApplicationKind:
        message = error("application.missing_field", "reason", kind=kind_term(kind))
        assert kind.zh in message.zh
        assert kind.value in message.en


def test_an_input_error_names_the_field_by_its_label_in_chinese() -> None:
    exc = InvalidIdNumber(
        field="person_id_number", value="1234", reason_zh="长度为 4 位", reason_en="4 characters"
    )
    assert exc.message("zh").startswith("身份证号“1234”")
    assert "person_id_number" not in exc.message("zh")
    assert "ID number (person_id_number) '1234'" in exc.message("en")
    assert MissingField(field="qualification_date").message("zh") == "缺少必填项：资格取得日期"


def test_a_field_without_a_label_is_named_as_typed() -> None:
    assert field_name("--set") == "--set"
    assert field_name("valid_until", "en") == "registration expiry date (valid_until)"
    assert field_label("no_such_field") == "该项"
