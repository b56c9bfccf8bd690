"""Labels and messages of the screens of issue 17 items 3-5 (汇总表 batches, draft
删除, 人员出省, 选择发送目标), in the format of :data:`regsync.core.catalogue.TEXTS`
(key -> (zh, en)); merged into it at the end of ``core/catalogue.py``."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {}
