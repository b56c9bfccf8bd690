"""No user-facing Chinese text is written inline in the source (issue 18 item 5).

Every Chinese string constant in the packages must be one of:

* a docstring or a bare string statement (documentation, not shown to a user);
* a message id of the catalogue: an English help text that names a seed term
  (``"申报接收 (city): ..."``) or a table header shown through ``table.<header>``;
* data, listed below file by file with the reason: the printed official forms' own
  wording, code tables, stored values, the certificate number format, demo records.

Anything else is a message written past the catalogue, which ``--lang en`` would show
in Chinese; the test names it with its file and line.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from regsync.core import i18n

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "sync", "packages_bpz", "adapters", "gui_tk", "app")
CJK = re.compile(r"[\u3400-\u9fff]")

# Whole modules that are data: every Chinese constant in them is content, not a message.
DATA_MODULES = {
    "core/forms.py": "the printed 申请表/样表 wording of the seed's forms",
    "core/office_codes.py": "code tables (qualification classes, ethnic groups, ...)",
    "core/checks/cities.py": "Shanxi's city table (names are data, pinyin beside them)",
    "core/usecases/register_sheet.py": "the filing sheet's column headers (a file format)",
    "adapters/documents/pdf_form.py": "the printed 申请表's own labels",
    "app/demo/story.py": "the demo's people, firms and projects",
    "app/demo/world.py": "the demo's offices",
    "packages_bpz/testing.py": "fixtures for tests",
    "core/testing.py": "fixtures for tests",
}

# Single constants that are data in a module that is otherwise catalogued.
DATA_CONSTANTS: dict[str, tuple[str, set[str]]] = {
    "core/certificate_numbers.py": ("the 晋 prefix of certificate numbers", {"晋"}),
    "core/config.py": (
        "certificate number formats and the printed attachment lists",
        {
            "晋{spec}{year}{city}{seq:04d}",
            "晋{spec}-{year}{seq:05d}",
            "身份证复印件；资格证书复印件；学历证书复印件；劳动合同复印件；工作业绩证明；近期一寸免冠照片",
            "身份证复印件；注册证书原件；与原聘用单位解除劳动合同的证明；与新聘用单位的劳动合同复印件",
            "身份证复印件；注册证书原件；继续教育证明；劳动合同复印件",
            "身份证复印件；注册证书原件（更改）；刊登遗失声明的报纸原件（补办）；"
            "更改事项的证明材料（单位更名文件、户籍证明等）",
            "身份证复印件；注册证书和执业印章原件；注销原因的证明材料",
        },
    ),
    "core/fields.py": ("the yes/no values a sheet cell may hold", {"是", "否"}),
    "core/usecases/filings.py": (
        "the values an exam-results sheet holds",
        {"合格", "不合格", "是", "否"},
    ),
    "core/model.py": (
        "the kinds and specialties as printed on the forms (screens use the catalogue)",
        {
            "初始注册",
            "变更注册",
            "延续注册",
            "更改、补办",
            "资格注销",
            "二级注册建筑师",
            "二级注册结构工程师",
        },
    ),
    "core/state.py": (
        "the stages as printed on the forms (screens use the catalogue)",
        {
            "草稿",
            "已上报",
            "市级已接收",
            "市级审核通过",
            "市级审核不通过",
            "已报省级",
            "省级批准",
            "省级不批准",
            "已发证",
        },
    ),
    "core/registration_status.py": ("the statuses printed on forms", {"有效", "停止注册"}),
    "core/usecases/city.py": (
        "the prefix stored in a refused submission's opinion",
        {"拒绝接收："},
    ),
    "adapters/documents/pdf_summary.py": ("the printed 汇总表's wording", {"单位：", "第 ", " 页"}),
    "adapters/documents/xlsx.py": (
        "the sheet's font and the printed 汇总表's wording",
        {"宋体", "单位："},
    ),
    "app/cli/registry.py": ("the 汇总表 file names a Chinese office files", {"汇总表-"}),
    "app/cli/trust.py": ("an answer the trust prompt accepts (besides y/yes)", {"是"}),
    "app/demo/steps.py": ("the demo's project and role", {"太原市滨河住宅小区", "专业负责人"}),
}


def _shown_constants(path: Path) -> Iterator[ast.Constant]:
    """The string constants of ``path`` that are not documentation."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    documentation = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in documentation
        ):
            yield node


def inline_texts(root: Path = ROOT) -> list[str]:
    """``file:line: text`` of every Chinese constant that is neither catalogued nor data."""
    ids = i18n.msgids("zh")
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            if rel in DATA_MODULES:
                continue
            allowed = DATA_CONSTANTS.get(rel, ("", set()))[1]
            for node in _shown_constants(path):
                value = node.value
                assert isinstance(value, str)
                if not CJK.search(value) or value in allowed:
                    continue
                if value in ids or f"table.{value}" in ids:
                    continue  # a message id: the catalogue translates it
                found.append(f"{rel}:{node.lineno}: {value!r}")
    return found


def test_no_chinese_text_outside_the_catalogue_and_the_data() -> None:
    assert inline_texts() == []


def test_the_scan_finds_a_message_written_inline(tmp_path: Path) -> None:
    """The scan has teeth: a planted f-string message is found, a docstring is not."""
    module = tmp_path / "app" / "cli" / "planted.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        '"""模块说明。"""\n\ndef f(n):\n    """函数说明。"""\n    return f"已删除草稿 {n}"\n',
        encoding="utf-8",
    )
    assert inline_texts(tmp_path) == ["app/cli/planted.py:5: '已删除草稿 '"]


def test_every_listed_data_file_exists() -> None:
    """A renamed module must not leave a stale exemption behind."""
    for rel in [*DATA_MODULES, *DATA_CONSTANTS]:
        assert (ROOT / rel).is_file(), rel
