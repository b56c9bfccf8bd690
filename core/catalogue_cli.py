"""Messages the command line prints (``regsync ...`` and ``regsync demo``), in the
format of :data:`regsync.core.catalogue.TEXTS` (key -> (zh, en)); merged into it at the
end of ``core/catalogue.py``.  Keys: ``cli.<topic>.<what>`` and ``demo.<what>``."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {}
