"""Rule parameters that the regulations fix and may change: configuration, not code."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from regsync.core.errors import ConfigError
from regsync.core.model import ApplicationKind, Specialty


@dataclasses.dataclass(frozen=True)
class RulesConfig:
    """Periods (in years or days) and continuing-education hours per specialty.

    The defaults are those of the regulations cited in DESIGN §3.  A node may override
    any of them with the ``rules`` section of its ``config.json``.
    """

    validity_years_architect: int = 2
    validity_years_structural: int = 3
    renewal_min_days_before_expiry: int = 30
    initial_max_years_since_qualification: int = 3
    ce_compulsory_hours_architect: int = 40
    ce_elective_hours_architect: int = 40
    ce_compulsory_hours_structural: int = 60
    ce_elective_hours_structural: int = 60
    age_warning_years: int = 70
    # Numbers the province issues (证书编号, 印章编号): str.format templates with the
    # placeholders {spec} (专业代码 below), {year} (4 digits), {city} (the first four
    # digits of the city code) and {seq} (a sequence per year and specialty, e.g.
    # {seq:05d}).  The defaults give 晋2J202614010001 and 晋2J-202600001.
    certificate_template: str = "晋{spec}{year}{city}{seq:04d}"
    seal_template: str = "晋{spec}-{year}{seq:05d}"
    spec_code_architect: str = "2J"
    spec_code_structural: str = "2G"
    # Clock discipline (docs/decisions/0015): an imported change dated more than this
    # many minutes after this computer's clock is refused, and so is reporting on a
    # computer whose clock is more than this many minutes behind the newest change an
    # office wrote that it holds ...
    clock_max_ahead_minutes: int = 10
    # ... or more than this many days after it (a date set a year ahead).
    clock_max_days_since_office: int = 180
    # 申报材料清单 printed on each kind's 申请表: the attachments to hand in, separated
    # by "；" or ";".  Offices adjust them to the notice of the year.
    attachments_initial: str = (
        "身份证复印件；资格证书复印件；学历证书复印件；劳动合同复印件；"
        "工作业绩证明；近期一寸免冠照片"
    )
    attachments_change: str = (
        "身份证复印件；注册证书原件；与原聘用单位解除劳动合同的证明；与新聘用单位的劳动合同复印件"
    )
    attachments_renewal: str = "身份证复印件；注册证书原件；继续教育证明；劳动合同复印件"
    attachments_amend_reissue: str = (
        "身份证复印件；注册证书原件（更改）；刊登遗失声明的报纸原件（补办）；"
        "更改事项的证明材料（单位更名文件、户籍证明等）"
    )
    attachments_cancellation: str = "身份证复印件；注册证书和执业印章原件；注销原因的证明材料"

    def validity_years(self, specialty: Specialty) -> int:
        if specialty is Specialty.ARCHITECT:
            return self.validity_years_architect
        return self.validity_years_structural

    def ce_hours(self, specialty: Specialty) -> tuple[int, int]:
        """(compulsory, elective) hours required per registration period."""
        if specialty is Specialty.ARCHITECT:
            return self.ce_compulsory_hours_architect, self.ce_elective_hours_architect
        return self.ce_compulsory_hours_structural, self.ce_elective_hours_structural

    def attachments(self, kind: ApplicationKind) -> tuple[str, ...]:
        """The attachments a ``kind`` application hands in, as the 申请表 lists them."""
        text: str = getattr(self, f"attachments_{kind.value}")
        return tuple(item.strip() for item in re.split("[；;]", text) if item.strip())

    def spec_code(self, specialty: Specialty) -> str:
        if specialty is Specialty.ARCHITECT:
            return self.spec_code_architect
        return self.spec_code_structural

    def issue_number(
        self, template: str, *, specialty: Specialty, year: int, city_code: str, seq: int
    ) -> str:
        """A certificate or seal number made from ``template``."""
        return template.format(
            spec=self.spec_code(specialty), year=year, city=city_code[:4], seq=seq
        )

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> RulesConfig:
        """Build from a config section; unknown names or values of the wrong form are refused."""
        defaults = {f.name: f.default for f in dataclasses.fields(cls)}
        for name, value in values.items():
            if name not in defaults:
                raise ConfigError(setting=f"rules.{name}", expected=", ".join(sorted(defaults)))
            if isinstance(defaults[name], str):
                if not isinstance(value, str) or not value.strip():
                    raise ConfigError(setting=f"rules.{name}", expected="a non-empty text")
            elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(setting=f"rules.{name}", expected="a whole number >= 0")
        config = cls(**dict(values))
        for name in ("certificate_template", "seal_template"):
            _check_template(name, getattr(config, name), config)
        return config


def _check_template(name: str, template: str, config: RulesConfig) -> None:
    # A template with an unknown placeholder or without {seq} would fail (or repeat
    # numbers) only at the first issue; refuse it when the config is read instead.
    expected = "a template with {seq} and only {spec} {year} {city} {seq}"
    if "{seq" not in template:
        raise ConfigError(setting=f"rules.{name}", expected=expected)
    try:
        config.issue_number(
            template, specialty=Specialty.ARCHITECT, year=2026, city_code="140100", seq=1
        )
    except (KeyError, IndexError, ValueError):
        raise ConfigError(setting=f"rules.{name}", expected=expected) from None
