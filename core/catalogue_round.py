"""The words of 节点登记申请 (签发节点证书 for an enrolment request received over HTTP),
the window path a new office needs to run a full round without a terminal (merged
into :data:`regsync.core.catalogue.TEXTS`)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {}
