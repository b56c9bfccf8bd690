"""The words of 节点登记申请 (签发节点证书 for an enrolment request received over HTTP),
the window path a new office needs to run a full round without a terminal (merged
into :data:`regsync.core.catalogue.TEXTS`)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "nav.enrolments": ("节点登记申请", "Enrolment requests"),
    "btn.certify_node": ("签发节点证书", "Certify node"),
    "btn.refresh": ("刷新", "Refresh"),
    "col.enrol_name": ("单位名称", "Name"),
    "col.enrol_role": ("版本", "Edition"),
    "col.enrol_received": ("收到时间", "Received"),
    "col.enrol_state": ("办理状态", "Status"),
    "col.enrol_fingerprint": ("密钥指纹", "Key fingerprint"),
    "col.enrol_node": ("节点编号", "Node ID"),
    "enrol.hint": (
        "下级单位用“提交登记申请”送来的节点密钥卡。请先与申请单位电话核对密钥指纹，"
        "一致时再签发节点证书；申请单位点“查询登记状态”即可安装证书。",
        "The key cards the offices and firms below handed in with “Submit enrolment "
        "request”. Compare the key fingerprint with the applicant by telephone before "
        "certifying; the applicant then installs the certificate with “Check enrolment "
        "status”.",
    ),
    "enrol.pending": ("等待签发", "Pending"),
    "enrol.certified": ("已签发", "Certified"),
    "enrol.already": ("{name} 的节点证书已经签发", "{name} is certified already"),
    "enrol.confirm": (
        "{name}（{edition}，节点编号 {node_id}）申请登记。请与申请单位核对下面的密钥指纹，"
        "一致时再签发节点证书。",
        "{name} ({edition}, node {node_id}) asks to be enrolled. Compare the key "
        "fingerprint below with the applicant; certify only if it matches.",
    ),
    "error.EnrolmentRequestMissing": (
        "没有收到节点 {node_id} 的登记申请",
        "No enrolment request of node {node_id} is kept",
    ),
}
