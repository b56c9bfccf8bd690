"""Messages of the domain core: computer checks, entry rules, field names (issue 18 item 5).

Same form as :data:`regsync.core.catalogue.TEXTS` (key -> (zh, en)), merged into it at
the end of that module.  ``check.<code>`` is the text of the computer-check message with
that code (:class:`regsync.core.checks.messages.CheckMessage`); ``label.<field>`` is how a
message names a record field (:mod:`regsync.core.field_labels`); ``reason.*`` are the
reasons the input errors quote; ``rule.*`` the authority table's rules.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {}
