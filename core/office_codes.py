"""The code lists of the office fields (资格取得方式, 资质类别, 更改事项 ...) (issue 16).

A coded field stores a short ASCII code so that sync, exports and the checks compare
values exactly; people see and may type the Chinese label (``考试`` is stored as
``exam``).  民族 is the exception: its value is the GB 3304 name itself, as on the
身份证, so the list is the 56 names plus GB 3304's 其他 and 外国血统中国籍人士.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from regsync.core.errors import InvalidCode
from regsync.core.model import Application, Enterprise, Person, Record, Value


@dataclasses.dataclass(frozen=True)
class CodedField:
    """One field whose value must come from ``codes`` (code -> Chinese label)."""

    field: str
    label_zh: str
    label_en: str
    codes: Mapping[str, str]

    def normalise(self, text: str) -> str:
        """The stored code of ``text`` (a code or its label), or :class:`InvalidCode`."""
        value = text.strip()
        if value in self.codes:
            return value
        for code, label in self.codes.items():
            if value == label:
                return code
        known = ", ".join(
            code if code == label else f"{code} {label}" for code, label in self.codes.items()
        )
        raise InvalidCode(
            field=self.field,
            value=text,
            label_zh=self.label_zh,
            label_en=self.label_en,
            known=known,
        )

    def label(self, code: str | None) -> str:
        """The Chinese label of a stored code (the code itself when it is not listed)."""
        if code is None:
            return ""
        return self.codes.get(code, code)


_NATIONALITIES = [
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
]
ETHNICITIES: tuple[str, ...] = (
    *(f"{n}族" for n in _NATIONALITIES),
    "其他",
    "外国血统中国籍人士",
)
"""GB 3304 names, in the standard's order."""


class _Ethnicity(CodedField):
    def normalise(self, text: str) -> str:
        # 身份证 prints 汉, forms ask for 汉族: both are the same entry.
        value = text.strip()
        if value and value + "族" in self.codes:
            return value + "族"
        return super().normalise(text)


ETHNICITY = _Ethnicity("ethnicity", "民族", "ethnicity", {n: n for n in ETHNICITIES})
QUALIFICATION_ROUTE = CodedField(
    "qualification_route",
    "资格取得方式",
    "how the qualification was obtained",
    {"exam": "考试", "special": "特许", "assessment": "考核认定"},
)
QUALIFICATION_CATEGORY = CodedField(
    "qualification_category",
    "资质类别",
    "qualification category",
    {
        "comprehensive": "工程设计综合资质",
        "industry": "工程设计行业资质",
        "specialty": "工程设计专业资质",
        "special": "工程设计专项资质",
        "office": "建筑工程设计事务所资质",
    },
)
QUALIFICATION_GRADE = CodedField(
    "qualification_grade",
    "资质等级",
    "qualification grade",
    {"a": "甲级", "b": "乙级", "c": "丙级", "d": "丁级"},
)
AMEND_MODE = CodedField(
    "amend_mode", "更改或补办", "amend or reissue", {"amend": "更改", "reissue": "补办"}
)
AMEND_ITEM = CodedField(
    "amend_item",
    "更改事项",
    "the item amended",
    {
        "employer_name": "单位名称",
        "person_name": "个人姓名",
        "id_upgrade": "身份证号升位",
        "other": "其他",
    },
)
REISSUE_ITEMS = CodedField(
    "reissue_items",
    "补办项目",
    "what is reissued",
    {"certificate": "证书", "seal": "印章", "both": "证书和印章"},
)

CODED_FIELDS: Mapping[str, Mapping[str, CodedField]] = {
    Person.KIND: {f.field: f for f in (ETHNICITY, QUALIFICATION_ROUTE)},
    Enterprise.KIND: {f.field: f for f in (QUALIFICATION_CATEGORY, QUALIFICATION_GRADE)},
    Application.KIND: {f.field: f for f in (AMEND_MODE, AMEND_ITEM, REISSUE_ITEMS)},
}
"""Record kind -> field -> its code list."""


def normalise_codes(record_type: type[Record], values: Mapping[str, Value]) -> dict[str, Value]:
    """``values`` with every coded field turned into its code; a value not listed is refused.

    Raises :class:`InvalidCode` naming the first bad field, before anything is written.
    """
    coded = CODED_FIELDS.get(record_type.KIND, {})
    out = dict(values)
    for name, value in values.items():
        spec = coded.get(name)
        if spec is None or value is None:
            continue
        out[name] = spec.normalise(str(value)) if str(value).strip() else None
    return out
