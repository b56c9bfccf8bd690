"""Rule parameters that the regulations fix and may change: configuration, not code."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from regsync.core.errors import ConfigError
from regsync.core.model import Specialty


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

    def validity_years(self, specialty: Specialty) -> int:
        if specialty is Specialty.ARCHITECT:
            return self.validity_years_architect
        return self.validity_years_structural

    def ce_hours(self, specialty: Specialty) -> tuple[int, int]:
        """(compulsory, elective) hours required per registration period."""
        if specialty is Specialty.ARCHITECT:
            return self.ce_compulsory_hours_architect, self.ce_elective_hours_architect
        return self.ce_compulsory_hours_structural, self.ce_elective_hours_structural

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> RulesConfig:
        """Build from a config section; unknown names or non-integers are refused."""
        known = {f.name for f in dataclasses.fields(cls)}
        for name, value in values.items():
            if name not in known:
                raise ConfigError(setting=f"rules.{name}", expected=", ".join(sorted(known)))
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(setting=f"rules.{name}", expected="a whole number >= 0")
        return cls(**dict(values))
