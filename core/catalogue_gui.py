"""Labels and messages of the Tk window (issue 18 item 5, issue 17 item 6): the codes it
shows as words (申请类别, 注册专业, 状态, 注册状态), and the lines and titles it builds
around other labels, in the format of :data:`regsync.core.catalogue.TEXTS`
(key -> (zh, en)); merged into it at the end of ``core/catalogue.py``.

The zh words of the kinds, specialties and stages are the ones the printed forms and
the exported workbooks use (``ApplicationKind.zh`` ...); a test keeps them equal."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {}
