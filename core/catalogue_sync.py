"""Messages of sync, trust, bundles and the adapters (issue 18 item 5, issue 17 item 6).

Same form as :data:`regsync.core.catalogue.TEXTS` (key -> (zh, en)), merged into it at
the end of that module.  Keys: ``refusal.*`` (the authority check's refusals),
``node.role.*``, ``record.kind.*`` and ``record.field.*`` (the names a refusal gives a
node's role, a record and a field), ``trust.*``, ``bundle.*``, ``http.*``,
``progress.*``, ``prompt.*``, ``write.*``, ``lock.*``, ``db.*``.

The helpers below build a message in both languages at once, for the objects that
carry a ``zh`` and an ``en`` text (a refusal, an error's ``reason_zh``/``reason_en``):
a parameter given as a :class:`Label` is itself filled in each language.
"""

from __future__ import annotations

from typing import NamedTuple


class Label(NamedTuple):
    """A parameter with a text in each language (a role, a record kind, a field)."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def label(msgid: str, /, **params: object) -> Label:
    """The message ``key`` in Chinese and English, each filled with ``params`` (a
    :class:`Label` parameter in the same language)."""
    from regsync.core.catalogue import text  # noqa: PLC0415  -- catalogue imports this module

    def fill(lang: str) -> str:
        values = {k: v.get(lang) if isinstance(v, Label) else v for k, v in params.items()}
        return text(msgid, lang, **values)

    return Label(fill("zh"), fill("en"))


def both(msgid: str, /, **params: object) -> str:
    """The message ``key`` as "中文 English", for a text one reader of either language
    sees (a progress line, a terminal prompt, a log line before any language is known)."""
    zh, en = label(msgid, **params)
    return f"{zh} {en}"


def field_label(kind: str, name: str) -> Label:
    """The name of field ``name`` of a ``kind`` record, in both languages."""
    from regsync.core.catalogue import has  # noqa: PLC0415  -- catalogue imports this module

    for key in (f"record.field.{kind}.{name}", f"record.field.{name}"):
        if has(key):
            return label(key)
    return label("record.field.other", name=name)


def kind_label(kind: str) -> Label:
    """The name of a record kind (申请, 工作业绩 ...), in both languages."""
    from regsync.core.catalogue import has  # noqa: PLC0415  -- catalogue imports this module

    key = f"record.kind.{kind}"
    return label(key) if has(key) else label("record.kind.other", kind=kind)


def role_label(role: str) -> Label:
    """A node's role (个人版, 企业, 市级, 省级), by its value."""
    return label(f"node.role.{role}")


def scope_label(scope: str) -> Label:
    """A data scope (``enterprise:USCC``, ``city:140100`` ...) in words."""
    prefix, _, rest = scope.partition(":")
    if prefix in ("enterprise", "city", "personal") and rest:
        return label(f"scope.{prefix}", id=rest)
    if scope == "province":
        return label("scope.province")
    return Label(scope, scope)


TEXTS: dict[str, tuple[str, str]] = {
    # -- node roles, scopes and application stages ------------------------------------
    "node.role.personal": ("个人版", "personal"),
    "node.role.enterprise": ("企业", "enterprise"),
    "node.role.city": ("市级", "city"),
    "node.role.province": ("省级", "province"),
    "scope.enterprise": ("企业 {id} 的数据", "enterprise {id}"),
    "scope.city": ("地市 {id} 的数据", "city {id}"),
    "scope.personal": ("个人版节点 {id} 的数据", "personal node {id}"),
    "scope.province": ("省级数据", "the province"),
    "sync.stage.draft": ("草稿", "draft"),
    "sync.stage.reported": ("已上报", "reported"),
    "sync.stage.received": ("市级已接收", "received by the city"),
    "sync.stage.city_passed": ("市级审核通过", "passed by the city"),
    "sync.stage.city_failed": ("市级审核不通过", "failed by the city"),
    "sync.stage.forwarded": ("已报省级", "forwarded to the province"),
    "sync.stage.approved": ("省级批准", "approved by the province"),
    "sync.stage.rejected": ("省级不批准", "rejected by the province"),
    "sync.stage.issued": ("已发证", "certificate issued"),
    # -- record kinds ---------------------------------------------------------------
    "record.kind.enterprise": ("企业", "enterprise"),
    "record.kind.person": ("人员", "person"),
    "record.kind.application": ("申请", "application"),
    "record.kind.performance": ("工作业绩", "performance record"),
    "record.kind.review": ("审查结果", "review"),
    "record.kind.decision": ("省级审批", "decision"),
    "record.kind.certificate": ("注册证书", "certificate"),
    "record.kind.seal": ("印章", "seal"),
    "record.kind.conduct": ("行为记录", "conduct record"),
    "record.kind.leave_province": ("人员出省记录", "leave-province record"),
    "record.kind.exam_result": ("考试成绩", "exam result"),
    "record.kind.continuing_education": ("继续教育记录", "continuing-education record"),
    "record.kind.node": ("节点", "node"),
    "record.kind.user": ("操作员", "operator"),
    "record.kind.conflict": ("冲突记录", "conflict record"),
    "record.kind.other": ("其他记录 {kind}", "{kind} record"),
    # -- record fields (a kind's own name first: record.field.<kind>.<name>) ----------
    "record.field.uscc": ("统一社会信用代码", "USCC"),
    "record.field.name": ("名称", "name"),
    "record.field.enterprise.name": ("单位名称", "name"),
    "record.field.person.name": ("姓名", "name"),
    "record.field.exam_result.name": ("姓名", "name"),
    "record.field.user.name": ("姓名", "name"),
    "record.field.node.name": ("节点名称", "name"),
    "record.field.city_code": ("所属地市", "city"),
    "record.field.org_code": ("组织机构代码", "organisation code"),
    "record.field.enterprise_number": ("企业编号", "enterprise number"),
    "record.field.address": ("地址", "address"),
    "record.field.legal_representative": ("法定代表人", "legal representative"),
    "record.field.contact": ("联系人", "contact"),
    "record.field.phone": ("联系电话", "phone"),
    "record.field.qualification": ("资质", "qualification"),
    "record.field.status": ("状态", "status"),
    "record.field.qualification_category": ("资质类别", "qualification category"),
    "record.field.qualification_grade": ("资质等级", "qualification grade"),
    "record.field.id_number": ("身份证号", "ID number"),
    "record.field.gender": ("性别", "gender"),
    "record.field.birth_date": ("出生日期", "date of birth"),
    "record.field.employer_uscc": ("聘用单位", "employer"),
    "record.field.email": ("电子邮箱", "e-mail"),
    "record.field.education": ("学历", "education"),
    "record.field.major": ("所学专业", "major"),
    "record.field.school": ("毕业院校", "school"),
    "record.field.graduation_date": ("毕业日期", "graduation date"),
    "record.field.title": ("职称", "title"),
    "record.field.qualification_cert_no": ("资格证书号", "qualification certificate number"),
    "record.field.qualification_date": ("资格取得日期", "qualification date"),
    "record.field.registration_status": ("注册状态", "registration status"),
    "record.field.ethnicity": ("民族", "ethnicity"),
    "record.field.photo": ("照片", "photo"),
    "record.field.qualification_route": ("资格取得方式", "qualification route"),
    "record.field.contract_start": ("劳动合同起始日期", "labour contract start"),
    "record.field.contract_end": ("劳动合同终止日期", "labour contract end"),
    "record.field.previous_seal_no": ("原印章号", "previous seal number"),
    "record.field.number": ("申请编号", "application number"),
    "record.field.kind": ("类别", "kind"),
    "record.field.application.kind": ("申请类别", "kind of application"),
    "record.field.conflict.kind": ("冲突类别", "kind of conflict"),
    "record.field.specialty": ("专业", "specialty"),
    "record.field.person_id_number": ("身份证号", "ID number"),
    "record.field.person_name": ("姓名", "name"),
    "record.field.enterprise_uscc": ("聘用单位统一社会信用代码", "enterprise USCC"),
    "record.field.enterprise_name": ("聘用单位名称", "enterprise name"),
    "record.field.created_on": ("创建日期", "created on"),
    "record.field.round": ("申报次序", "round"),
    "record.field.stage": ("申报状态", "stage"),
    "record.field.registration_cert_no": ("注册证书号", "registration certificate number"),
    "record.field.valid_until": ("注册有效期至", "valid until"),
    "record.field.previous_employer": ("原聘用单位", "previous employer"),
    "record.field.reason": ("申请事由", "reason"),
    "record.field.leave_province.reason": ("出省原因", "reason"),
    "record.field.ce_compulsory_hours": ("继续教育必修学时", "compulsory CE hours"),
    "record.field.ce_elective_hours": ("继续教育选修学时", "elective CE hours"),
    "record.field.reported_on": ("上报日期", "reported on"),
    "record.field.provenance": ("来源", "provenance"),
    "record.field.amend_mode": ("更改或补办", "amend or reissue"),
    "record.field.amend_item": ("更改事项", "item amended"),
    "record.field.amend_old_value": ("更改前内容", "value before the amendment"),
    "record.field.amend_new_value": ("更改后内容", "value after the amendment"),
    "record.field.reissue_items": ("补办项目", "items reissued"),
    "record.field.loss_newspaper": ("遗失声明刊登报纸", "loss declaration newspaper"),
    "record.field.loss_declared_on": ("遗失声明刊登日期", "loss declaration date"),
    "record.field.id": ("记录编号", "record id"),
    "record.field.application_number": ("申请编号", "application number"),
    "record.field.project_name": ("项目名称", "project name"),
    "record.field.role": ("角色", "role"),
    "record.field.performance.role": ("担任角色", "role in the project"),
    "record.field.node.role": ("节点类型", "node role"),
    "record.field.user.role": ("操作员角色", "operator role"),
    "record.field.start_date": ("开始日期", "start date"),
    "record.field.end_date": ("结束日期", "end date"),
    "record.field.scale": ("项目规模", "scale"),
    "record.field.description": ("工作内容", "description"),
    "record.field.conduct.description": ("行为内容", "description"),
    "record.field.passed": ("是否通过", "passed"),
    "record.field.exam_result.passed": ("是否合格", "passed"),
    "record.field.reviewer": ("审查人员", "reviewer"),
    "record.field.reviewed_on": ("审查日期", "reviewed on"),
    "record.field.opinion": ("审查意见", "opinion"),
    "record.field.decision.opinion": ("省级审批意见", "opinion"),
    "record.field.approved": ("是否批准", "approved"),
    "record.field.decided_by": ("审批人", "decided by"),
    "record.field.decided_on": ("审批日期", "decided on"),
    "record.field.certificate_number": ("注册证书编号", "certificate number"),
    "record.field.issued_on": ("发证日期", "issued on"),
    "record.field.current": ("是否当前", "current"),
    "record.field.seal_number": ("印章编号", "seal number"),
    "record.field.good": ("良好或不良行为", "good or bad conduct"),
    "record.field.recorded_on": ("记录日期", "recorded on"),
    "record.field.recorded_by": ("记录人", "recorded by"),
    "record.field.left_on": ("出省日期", "left on"),
    "record.field.destination": ("调往省份", "destination"),
    "record.field.year": ("考试年度", "year"),
    "record.field.subject": ("考试科目", "subject"),
    "record.field.score": ("成绩", "score"),
    "record.field.period": ("继续教育周期", "period"),
    "record.field.compulsory_hours": ("必修学时", "compulsory hours"),
    "record.field.elective_hours": ("选修学时", "elective hours"),
    "record.field.completed_on": ("完成日期", "completed on"),
    "record.field.provider": ("培训机构", "provider"),
    "record.field.node_id": ("节点编号", "node id"),
    "record.field.scope": ("数据范围", "scope"),
    "record.field.public_key": ("公钥", "public key"),
    "record.field.certificate": ("节点证书", "node certificate"),
    "record.field.username": ("用户名", "user name"),
    "record.field.active": ("是否启用", "active"),
    "record.field.record_kind": ("记录类别", "record kind"),
    "record.field.record_key": ("记录编号", "record key"),
    "record.field.field": ("字段", "field"),
    "record.field.kept_value": ("保留值", "kept value"),
    "record.field.lost_value": ("另一值", "other value"),
    "record.field.kept_origin": ("保留值来源", "origin of the kept value"),
    "record.field.lost_origin": ("另一值来源", "origin of the other value"),
    "record.field.resolved": ("是否已处理", "resolved"),
    "record.field.resolution": ("处理结果", "resolution"),
    "record.field.other": ("其他字段 {name}", "field {name}"),
    # -- the authority check's refusals (sync/authorize.py) ---------------------------
    "refusal.who": ("{role}节点 {node}", "the {role} node {node}"),
    "refusal.record": ("{kind} {id}", "{kind} {id}"),
    "refusal.wrong_origin": (
        "变更声称来自节点 {origin}，签名者却是节点 {signer}",
        "the changeset claims origin {origin} but was signed by {signer}",
    ),
    "refusal.scope": ("{who}无权写入{scope}", "{who} may not write in scope {scope}"),
    "refusal.frozen_delete": (
        "{who}无权删除{record}：申请 {number} 已上报过（{stage}，第 {round} 次申报）；"
        "只有从未上报的草稿可以删除",
        "{who} may not delete {record}: application {number} has been reported "
        "({stage}, round {round}); only a draft never reported can be",
    ),
    "refusal.frozen_change": (
        "{who}无权修改{record}：申请 {number} 已上报（{stage}）；{rule}",
        "{who} may not change {record}: application {number} has been reported ({stage}); {rule}",
    ),
    "refusal.frozen_rule": (
        "已上报的申请在企业端只读，更正由市级修改或退回后重新申报",
        "a reported application is read-only at the firm; the city corrects it, or returns "
        "it for a new round",
    ),
    "refusal.province_only": (
        "{who}无权写入{record}：只有省级能写入{kind}记录",
        "{who} may not write {record}: only the province writes {kind} records",
    ),
    "refusal.delete": ("{who}无权删除{record}：{rule}", "{who} may not delete {record}: {rule}"),
    "refusal.write": ("{who}无权写入{record}：{rule}", "{who} may not write {record}: {rule}"),
    "refusal.field": (
        "{who}无权修改{record}的{field}：{why}",
        "{who} may not set {record} field {field}: {why}",
    ),
    "refusal.not_own": (
        "{value} 不是写入方自己的{whose}（{rule}）",
        "{value} is not the writer's own {whose} ({rule})",
    ),
    "refusal.values": (
        "只能是 {among}，不能是 {value}（{rule}）",
        "{value} is not among {among} ({rule})",
    ),
    "refusal.list_separator": ("、", ", "),
    "refusal.bad_number": (
        "{record}：{number} 不是有效的申请编号",
        "{record} (application {number}): not a valid application number",
    ),
    "refusal.other_city": (
        "{record}（申请 {number}）属于地市 {city}，不属于节点 {node} 所在地市",
        "{record} (application {number}) belongs to city {city}, not to {node}'s city",
    ),
    "refusal.other_scope": (
        "{record}（申请 {number}）属于{belongs}，不能写入{scope}",
        "{record} (application {number}) belongs to {belongs}; it may not be written in {scope}",
    ),
}
