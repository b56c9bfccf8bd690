"""Labels and messages of login, operators and the window's chrome (issue 17, items 1 and 7).

Same form as :data:`regsync.core.catalogue.TEXTS` (key -> (zh, en)), merged into it at
the end of that module.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {}
