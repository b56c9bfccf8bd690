"""Messages of the use cases (core/usecases) and the Excel exports' headers (core/exports).

Issue 18 item 5 / issue 17 item 6.  Same form as :data:`regsync.core.catalogue.TEXTS`
(key -> (zh, en)), merged into it at the end of that module.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {}
