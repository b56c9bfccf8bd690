"""The words of the first-run wizard, enrolment in the window, and trusting an
applicant's card from 注册数据接收 (merged into :data:`regsync.core.catalogue.TEXTS`)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {}
