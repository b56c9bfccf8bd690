"""The texts of 系统维护 → 登记状态 (a firm's or a city's own enrolment, outside the
first-run wizard): ``{key: (zh, en)}``, merged into :mod:`regsync.core.catalogue`."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "nav.enrol_status": ("登记状态", "Enrolment status"),
    "enrolstatus.hint": (
        "本节点向上级管理部门的登记。尚未登记时点“提交登记申请”；上级管理部门签发节点证书后，"
        "点“查询登记状态”即可安装证书。",
        "This node's enrolment with the office above. Until it is enrolled, use “Submit "
        "enrolment request”; once the office has certified the node, “Check enrolment "
        "status” installs the certificate.",
    ),
    "enrolstatus.none": ("登记状态：尚未提交登记申请", "Enrolment: not requested yet"),
    "enrolstatus.pending": (
        "登记状态：等待签发（{requested}提交登记申请）",
        "Enrolment: waiting for the certificate (requested {requested})",
    ),
    "enrolstatus.certified": (
        "登记状态：已登记（{issuer}于{issued}签发节点证书，证书序号 {serial}）",
        "Enrolment: enrolled (certified by {issuer} on {issued}, certificate serial {serial})",
    ),
}
