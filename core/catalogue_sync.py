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


def trust_field(name: str) -> Label:
    """The name of a field of a node card, certificate, revocation or key handover."""
    from regsync.core.catalogue import has  # noqa: PLC0415  -- catalogue imports this module

    return label(f"trust.field.{name}") if has(f"trust.field.{name}") else field_label("node", name)


def joined(labels: list[Label]) -> Label:
    """Several names as one list, in each language (、 in Chinese)."""
    sep = label("refusal.list_separator")
    return Label(sep.zh.join(x.zh for x in labels), sep.en.join(x.en for x in labels))


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
    # -- node identity and trust (sync/trust) ---------------------------------------
    "trust.kind.card": ("节点密钥卡", "node card"),
    "trust.kind.certificate": ("节点证书", "node certificate"),
    "trust.kind.revocation": ("节点证书吊销文件", "certificate revocation"),
    "trust.kind.handover": ("密钥交接文件", "key handover"),
    "trust.kind.any": (
        "节点密钥卡、节点证书、吊销文件或密钥交接文件",
        "card, certificate, revocation or key handover",
    ),
    "trust.field.serial": ("序列号", "serial"),
    "trust.field.issuer_node_id": ("签发者节点编号", "issuer node id"),
    "trust.field.issuer_public_key": ("签发者公钥", "issuer public key"),
    "trust.field.issued": ("签发时间", "issue time"),
    "trust.field.signature": ("签名", "signature"),
    "trust.field.subject": ("证书所属节点", "subject"),
    "trust.field.revoked": ("吊销时间", "revocation time"),
    "trust.field.reason": ("吊销原因", "reason"),
    "trust.field.heads": ("截止序号", "cut-off heads"),
    "trust.field.old_public_key": ("旧公钥", "old public key"),
    "trust.field.new_public_key": ("新公钥", "new public key"),
    "trust.field.created": ("生成时间", "created"),
    "trust.field.enterprise_number": ("企业编号", "enterprise number"),
    "trust.field.uscc_and_city": ("统一社会信用代码和所属地市", "USCC and city"),
    "trust.file.too_large": ("文件过大（{size} 字节）", "file too large ({size} bytes)"),
    "trust.file.not_json": ("不是 UTF-8 编码的 JSON 文件（{error}）", "not UTF-8 JSON ({error})"),
    "trust.file.not_object": ("内容不是 JSON 对象", "not a JSON object"),
    "trust.file.card_not_object": ("节点密钥卡部分不是 JSON 对象", "the card is not a JSON object"),
    "trust.file.wrong_type": (
        "这是{found}，不是{expected}",
        "its type is {found}, expected {expected}",
    ),
    "trust.file.unknown_type": (
        "无法识别的文件类型 {found}；应为{expected}",
        "unknown type {found}; expected one of {expected}",
    ),
    "trust.file.no_version": (
        "缺少格式版本号，或版本号不是整数",
        "the version is missing or not a whole number",
    ),
    "trust.file.layout": (
        "文件结构不对：应只有类型、格式版本和{body}三项",
        "expected exactly the keys type, version and {body}",
    ),
    "trust.file.edited": ("文件写出后被改动过", "the file was changed after it was written"),
    "trust.file.fields": ("字段不对，应为：{fields}", "expected the fields {fields}"),
    "trust.file.field_type": ("字段“{field}”的类型不对", "field {field} has the wrong type"),
    "trust.file.text_type": ("有文字字段的类型不对", "a text field has the wrong type"),
    "trust.card.not_a_role": (
        "“{value}”不是节点类型（应为个人版、企业、市级或省级）",
        "{value} is not a role (personal, enterprise, city or province)",
    ),
    "trust.card.no_key": ("该节点还没有密钥", "the node has no key yet"),
    "trust.card.node_id": (
        "应为1至64个字母、数字、“-”或“_”",
        "expected 1-64 letters, digits, '-' or '_'",
    ),
    "trust.card.name": ("应为不空的单行文字", "expected non-blank single-line text"),
    "trust.card.public_key": ("应为64个小写十六进制字符", "expected 64 lowercase hex characters"),
    "trust.card.created": ("应为带时区的 ISO 时间", "expected ISO date-time text with a timezone"),
    "trust.card.alnum": ("应只含字母和数字", "expected letters and digits"),
    "trust.card.needs": ("{role}节点的节点密钥卡必须有{needs}", "a {role} card needs {needs}"),
    "trust.card.scope": (
        "{role}节点的节点密钥卡数据范围应为{expected}，实为{found}",
        "a {role} card has scope {expected}, not {found}",
    ),
    "trust.key.not_a_key": (
        "不是32字节的节点公钥",
        "it is not a 32-byte Ed25519 public key",
    ),
    "trust.sig.mismatch": ("签名与内容不符", "the signature does not match the content"),
    "trust.sig.malformed": ("签名格式无效", "malformed signature"),
    "trust.cert.serial": ("序列号不是 ULID", "the serial is not a ULID"),
    "trust.cert.issuer_id": ("签发者节点编号无效", "bad issuer node id"),
    "trust.cert.issuer_key": ("签发者公钥无效", "bad issuer key"),
    "trust.cert.issued": ("签发时间无效", "bad issue time"),
    "trust.cert.not_root": (
        "不是省级自签名的根证书",
        "it is not the province's self-signed root certificate",
    ),
    "trust.cert.duplicate_serial": (
        "已导入另一份序列号相同的节点证书",
        "another certificate with this serial is installed",
    ),
    "trust.cert.issuer_differs": (
        "签发者节点编号 {claimed} 与签发者节点证书中的 {found} 不符",
        "issuer id {claimed} differs from {found} in the issuer's certificate",
    ),
    "trust.revocation.time": ("吊销时间无效", "bad revocation time"),
    "trust.revocation.reason": ("缺少吊销原因", "the reason is missing"),
    "trust.revocation.heads": ("截止序号无效", "bad cut-off heads"),
    "trust.revocation.heads_type": ("截止序号的类型不对", "field heads has the wrong type"),
    "trust.revocation.other_node": (
        "签名密钥属于另一个节点，既不是节点证书的签发者（或其更换后的新密钥），也不是省级信任根",
        "it is signed by another node's key: neither the certificate's issuer (or the key "
        "it was handed over to) nor the province root",
    ),
    "trust.revoke.only_issuer": (
        "只有节点证书的签发者（含其更换后的新密钥）或省级信任根可以吊销节点证书",
        "only the certificate's issuer (or its key's successor) or the province trust root "
        "may revoke it",
    ),
    "trust.handover.node_id": ("节点编号无效", "bad node id"),
    "trust.handover.old_key": ("旧公钥无效", "bad old key"),
    "trust.handover.new_key": ("新公钥无效", "bad new key"),
    "trust.handover.same_keys": ("新旧公钥相同", "the keys are equal"),
    "trust.handover.time": ("交接时间无效", "bad time"),
    "trust.handover.heads": ("数据流序号无效", "bad stream heads"),
    "trust.handover.twice": (
        "该旧密钥已有另一份交接文件；如密钥被盗，请吊销其节点证书",
        "this old key already has another handover; if the key was stolen, revoke its certificate",
    ),
    "trust.handover.past": (
        "数据流 {stream} 的第 {seq} 号变更晚于密钥交接时的第 {handed} 号",
        "stream {stream} at {seq} is past {handed}, where the key was handed over",
    ),
    "trust.chain.loop": ("节点证书链成环或过长", "its certificate chain loops or is too long"),
    "trust.chain.root_without_cert": (
        "这是省级信任根，但未导入其自签名根证书（随省级目录提供）",
        "it is the province root, but its self-signed root certificate (shipped with the "
        "province directory) is not installed",
    ),
    "trust.chain.no_certificate": (
        "没有该公钥的节点证书",
        "no certificate for this key is installed",
    ),
    "trust.chain.self_signed": (
        "自签名的节点证书，但不是省级信任根",
        "its certificate is self-signed but it is not the province root",
    ),
    "trust.online.certified_only": (
        "只有持有节点证书的节点可以在线同步；个人版请通过所在企业上报",
        "only certified nodes sync online; personal nodes report through a firm",
    ),
    "trust.number.not_enterprise": (
        "只有企业的节点证书带企业编号",
        "only enterprise certificates carry an enterprise number",
    ),
    "trust.number.form": ("应为4位数字", "expected four digits"),
    "trust.number.required": (
        "市级为企业签发节点证书时必须分配4位企业编号（--enterprise-number）",
        "a city must give the enterprise its four-digit number (--enterprise-number)",
    ),
    "trust.certify.personal": (
        "个人版节点不签发节点证书，由接收其个人版数据包的企业"
        "用 regsync node trust 直接导入其节点密钥卡",
        "personal nodes are not certified; the enterprise that receives their packages "
        "installs their card with `regsync node trust`",
    ),
    "trust.certify.province": (
        "只有省级信任根可以为省级节点签发节点证书",
        "only the province trust root may certify province nodes",
    ),
    "trust.certify.other_city": (
        "该企业属于地市 {city}，只能由该地市或省级签发节点证书",
        "the enterprise belongs to city {city}; only that city or the province may certify it",
    ),
    "trust.certify.who": (
        "省级可为市级和企业签发节点证书，市级只能为本市企业签发",
        "the province certifies cities and enterprises, a city only its own enterprises",
    ),
    "trust.certify.self_signed": (
        "只有省级信任根可以自签名",
        "only the province trust root signs its own certificate",
    ),
    "trust.issuer": ("{name}（{node}）", "{name} ({node})"),
    # -- sync, snapshots and personal packages -------------------------------------
    "progress.reading": ("读取", "reading"),
    "progress.exporting": ("导出", "exporting"),
    "progress.snapshot_export": ("导出快照", "snapshot"),
    "progress.snapshot_read": ("读取快照", "snapshot"),
    "progress.uploading": ("上传", "uploading"),
    "progress.downloading": ("下载", "downloading"),
    "progress.asking": ("询问服务器", "asking"),
    "sync.peer_node": ("对方节点（节点证书或节点密钥卡）", "peer node (certificate or card)"),
    "sync.application": ("申请", "application"),
    "sync.action.write_package": ("生成个人版数据包", "write packages"),
    "sync.action.receive_package": ("接收个人版数据包", "receive packages"),
    "bundle.snapshot_not_changes": (
        "这是快照数据包，只能在新节点上用 regsync bundle import 导入",
        "this is a snapshot; only a new node imports it, with regsync bundle import",
    ),
    "bundle.snapshot_malformed": ("内容格式错误（{error}）", "malformed content ({error})"),
    "bundle.snapshot_sender": (
        "发送方{role}节点 {node} 对本节点没有管辖权，快照只能来自省级或本市的管理节点",
        "the sender {node} ({role}) has no authority over this node; a snapshot must come "
        "from the province or this node's city",
    ),
    "bundle.snapshot_not_fresh": (
        "本节点已与其他节点同步过数据，快照只能用于启动新节点；请用普通数据包同步",
        "this node has already synced with others; a snapshot only starts a new node. Use "
        "an ordinary bundle",
    ),
    # -- the .bpz bundle format (packages_bpz) -------------------------------------
    "bundle.digest_differs": (
        "数据内容的 SHA-256 校验值与签名的包头不符",
        "the payload's SHA-256 digest differs from the one in the signed header",
    ),
    "bundle.extra_bytes": (
        "文件末尾多出 {count} 字节",
        "{count} extra bytes follow the signature",
    ),
    "bundle.what.item": ("单项数据", "one item"),
    "bundle.what.items": ("数据项数", "number of items"),
    "bundle.what.file_size": ("文件大小", "file size"),
    "bundle.what.header": ("包头", "header"),
    "bundle.what.bundle": ("数据包", "bundle"),
    "bundle.what.stream_head": ("数据流 {stream} 的流头", "stream {stream} head"),
    # -- the adapters: sync over HTTP, identity lock, database tools, workbooks ------
    "http.malformed_heads": ("应答格式不对", "malformed heads answer"),
    "http.not_signed_by_server": (
        "应答签名不是该服务器节点的",
        "the answer is not signed by the server node",
    ),
    "http.scope.server": ("服务器", "the server"),
    "http.scope.connections_from": ("来自 {source} 的连接", "address {source}"),
    "http.scope.enrolments_from": ("来自 {source} 的申请", "from address {source}"),
    "lock.op.read_key": ("读取公钥", "read its public key"),
    "lock.op.read_serial": ("读取锁信息", "read its serial"),
    "lock.op.verify_pin": ("校验 PIN", "check the PIN"),
    "lock.op.sign_too_long": ("签名（数据过长）", "sign (message too long)"),
    "lock.op.sign": ("签名", "sign"),
    "lock.op.sign_bad": ("签名（签名无效）", "sign (bad signature)"),
    "lock.op.decrypt": ("解密", "decrypt"),
    "db.op.backup": ("备份", "backup"),
    "db.op.restore": ("恢复", "restore"),
    "sheet.no_file": ("文件不存在", "no such file"),
    "sheet.not_workbook": ("不是 Excel 工作簿（{error}）", "not an Excel workbook ({error})"),
    # -- the application layer: prompts, writing files, audit log, serving ---------
    "prompt.passphrase": ("节点密钥口令", "passphrase"),
    "prompt.lock_pin": ("身份识别锁 PIN", "lock PIN"),
    "prompt.again": ("再次输入", "again"),
    "prompt.entries_differ": ("两次输入不一致", "the two entries differ"),
    "prompt.not_set": ("未设置", "not set"),
    "write.read_only": (
        "U盘/磁盘为只读（写保护开关？）",
        "the USB stick or disk is read-only (write-protected?)",
    ),
    "write.read_only.remedy": (
        "请关闭写保护或换一个位置后重试",
        "turn the write protection off or choose another place, and try again",
    ),
    "write.no_permission": ("没有写入权限", "permission denied"),
    "write.no_permission.remedy": ("请换一个有写入权限的位置", "choose a place you may write to"),
    "write.io_error": (
        "读写错误（U盘被拔出或已损坏？）",
        "input/output error (USB stick pulled out or damaged?)",
    ),
    "write.io_error.remedy": (
        "请重新插好U盘或换一个U盘后重试",
        "plug the USB stick in again or use another one, and try again",
    ),
    "write.too_big": (
        "文件超过该U盘/磁盘允许的单个文件大小（FAT32 最大 4GB）",
        "the file is larger than this medium allows for one file (FAT32: 4 GB)",
    ),
    "write.too_big.remedy": (
        "请换一个 exFAT 或 NTFS 格式的U盘，或换一个位置",
        "use a stick formatted exFAT or NTFS, or another place",
    ),
    "write.no_folder": ("目录不存在", "the folder does not exist"),
    "write.no_folder.remedy": (
        "请换一个位置（例如已插好的U盘）",
        "choose another place (a USB stick that is plugged in, say)",
    ),
    "write.bad_name": ("文件名不被该U盘/磁盘接受", "the file name is not accepted by this medium"),
    "write.bad_name.remedy": (
        '请换一个较短的、不含 \\ : * ? " < > | 的文件名',
        'choose a shorter name without \\ : * ? " < > |',
    ),
    "write.other.remedy": ("请检查U盘/磁盘后重试", "check the USB stick or disk and try again"),
    "audit.not_written": (
        "regsync：审计日志 {path} 未能写入（{error}）；数据已保存",
        "regsync: audit log not written: {path} ({error}); the data was saved",
    ),
    "serve.fd_limit": (
        "regsync serve：文件描述符上限 {soft} 不足，连接上限降为 {fitting}（请调高 `ulimit -n`）",
        "regsync serve: open file limit {soft}: --max-connections lowered to {fitting}; raise "
        "`ulimit -n`",
    ),
    "env.now_expected": (
        "应为 ISO 时间，例如 {example}（仅用于演示和测试）",
        "expected an ISO time such as {example} (for demos and tests only)",
    ),
}
