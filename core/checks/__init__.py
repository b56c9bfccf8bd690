"""Computer checks (计算机核查): pure functions returning typed messages (DESIGN §3).

- :mod:`.identity`: 身份证号 after GB 11643-1999 (check character, birth date,
  gender, legacy 15-digit numbers).
- :mod:`.codes`: 统一社会信用代码 (GB 32100-2015; a check mismatch is a warning that
  needs manual confirmation) and 组织机构代码 (GB 11714).
- :mod:`.cities`: the 11 Shanxi cities and their codes.
- :mod:`.application`: the rules one application must meet before it is reported
  (enterprise) or received (city), and the province's re-check (``RECHECK_RULES``).
- :mod:`.register`: the rules that compare an application with the register the node
  holds (certificates and active applications of the person).
- :mod:`.facts`: :class:`ApplicationFacts`, what the rules look at.
- :mod:`.messages`: :class:`CheckMessage` and :class:`Severity`.

Nothing here does I/O or reads a clock: the date of the check is a parameter.
"""

from regsync.core.checks.application import (
    RULES,
    ApplicationFacts,
    check_application,
)
from regsync.core.checks.cities import (
    CITY_NAMES,
    CITY_NAMES_EN,
    SHANXI_CITIES,
    City,
    city_name,
    require_city,
)
from regsync.core.checks.codes import (
    USCC_ALPHABET,
    UsccInfo,
    org_code_check_char,
    org_code_messages,
    parse_org_code,
    parse_uscc,
    uscc_check_char,
    uscc_messages,
)
from regsync.core.checks.identity import (
    IdNumberInfo,
    id_number_check_digit,
    id_number_messages,
    parse_id_number,
)
from regsync.core.checks.messages import CheckMessage, Severity, has_errors

__all__ = [
    "CITY_NAMES",
    "CITY_NAMES_EN",
    "RULES",
    "SHANXI_CITIES",
    "USCC_ALPHABET",
    "ApplicationFacts",
    "CheckMessage",
    "City",
    "IdNumberInfo",
    "Severity",
    "UsccInfo",
    "check_application",
    "city_name",
    "has_errors",
    "id_number_check_digit",
    "id_number_messages",
    "org_code_check_char",
    "org_code_messages",
    "parse_id_number",
    "parse_org_code",
    "parse_uscc",
    "require_city",
    "uscc_check_char",
    "uscc_messages",
]
