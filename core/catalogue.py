"""The message catalogue of the user interfaces: every label in Chinese and English.

Errors carry their own two templates (:mod:`regsync.core.errors`); everything else a
person reads on a screen or a terminal -- menu names of the seed editions (附件2-4),
buttons, column headers, notices -- is looked up here by key, so the CLI and the Tk
shell say the same thing in the same words.  ``zh`` is the default language.
"""

from __future__ import annotations

LANGS = ("zh", "en")

# key -> (Chinese, English); ``{name}`` placeholders are filled by :func:`text`.
TEXTS: dict[str, tuple[str, str]] = {
    # -- the window -----------------------------------------------------------------
    "app.title": (
        "二级注册建筑师、注册结构工程师注册人员管理信息系统（{edition}）",
        "Grade-2 Registered Architects and Structural Engineers Registration ({edition})",
    ),
    "app.node": ("{name}　节点 {node_id}", "{name}  node {node_id}"),
    "edition.personal": ("个人版", "personal edition"),
    "edition.enterprise": ("企业版", "enterprise edition"),
    "edition.city": ("地市版", "city edition"),
    "edition.province": ("省级版", "province edition"),
    "status.ready": ("就绪", "Ready"),
    "gui.help": (
        "打开本节点所属版本的窗口（个人版、企业版、地市版、省级）",
        "open the window of this node's edition (personal, enterprise, city, province)",
    ),
    # -- navigation: 个人版 (附件2) ---------------------------------------------------
    "nav.data_entry": ("数据录入", "Data entry"),
    "nav.personal_info": ("个人信息", "Personal information"),
    "nav.entry_initial": ("初始注册申请", "Initial registration"),
    "nav.entry_change": ("变更注册申请", "Change of registration"),
    "nav.entry_renewal": ("延续注册申请", "Renewal of registration"),
    "nav.entry_amend": ("更改、补办申请", "Amendment / reissue"),
    "nav.sample_print": ("样表打印", "Print sample form"),
    "nav.declare": ("申报管理", "Submission (package for the employer)"),
    # -- navigation: 企业版 (附件3) ---------------------------------------------------
    "nav.enterprise_info": ("企业基本信息", "Enterprise information"),
    "nav.enterprise_persons": ("企业人员信息", "Enterprise persons"),
    "nav.applications": ("注册申报管理", "Applications"),
    "nav.data_receive": ("注册数据接收", "Receive personal packages"),
    "nav.data_report": ("注册数据上报", "Report applications"),
    "nav.print_forms": ("打印申请表", "Print application forms"),
    "nav.print_summary": ("打印汇总表", "Print summary"),
    "nav.report_status": ("上报情况查询", "Reporting status"),
    "nav.registered_query": ("注册人员查询", "Registered persons"),
    # -- navigation: 地市版 (附件4) ---------------------------------------------------
    "nav.declarations": ("注册申报管理", "Submissions"),
    "nav.receive": ("申报接收", "Receive submissions"),
    "nav.review": ("申报审核", "Review"),
    "nav.forward": ("申报上报", "Forward to the province"),
    "nav.query": ("申报查询", "Query submissions"),
    "nav.certificates": ("证书印章管理", "Certificates and seals"),
    "nav.cert_current": ("当前证书印章", "Current certificates and seals"),
    "nav.cert_history": ("历史证书印章", "Certificate and seal history"),
    "nav.registry": ("注册信息管理", "Registration records"),
    "nav.enterprises": ("企业信息管理", "Enterprises"),
    "nav.registered_persons": ("注册人员管理", "Registered persons"),
    "nav.leave_province": ("人员出省管理", "Leaving the province"),
    "nav.filings": ("数据备案管理", "Filings"),
    "nav.exam_results": ("考试成绩", "Exam results"),
    "nav.grade2_persons": ("二级注册人员", "Grade-2 registered persons"),
    "nav.continuing_education": ("继续教育", "Continuing education"),
    # -- navigation: 省级 --------------------------------------------------------------
    "nav.approvals": ("注册审批管理", "Approvals"),
    "nav.accept": ("申报受理", "Accept forwarded submissions"),
    "nav.approve": ("注册审批", "Approve or reject"),
    "nav.issue": ("证书印章发放", "Issue certificates and seals"),
    "nav.cancellations": ("注销登记", "Cancellations"),
    "nav.conduct": ("行为记录", "Conduct records"),
    # -- navigation: every edition ----------------------------------------------------
    "nav.exchange": ("数据交换", "Data exchange"),
    "nav.bundle_import": ("数据包导入", "Import a bundle"),
    "nav.bundle_export": ("数据包导出", "Export a bundle"),
    "nav.online_sync": ("在线同步", "Online sync"),
    "nav.conflicts": ("冲突处理", "Conflicts"),
    "nav.system": ("系统维护", "System"),
    "nav.backup": ("数据备份/恢复", "Backup and restore"),
    # -- buttons ----------------------------------------------------------------------
    "btn.new": ("新增", "New"),
    "btn.edit": ("修改", "Edit"),
    "btn.save": ("保存", "Save"),
    "btn.close": ("关闭", "Close"),
    "btn.choose_photo": ("选择照片…", "Choose photo..."),
    "btn.search": ("查询", "Search"),
    "btn.check": ("计算机核查", "Computer check"),
    "btn.report": ("在线上报", "Report"),
    "btn.reopen": ("重新申报", "Re-apply"),
    "btn.online_update": ("在线注册/更新", "Register / update online"),
    "btn.receive": ("接收", "Receive"),
    "btn.print": ("打印", "Print"),
    "btn.sample": ("样表打印", "Print sample"),
    "btn.performance": ("工作业绩", "Performance records"),
    "btn.export_excel": ("导出报表", "Export to Excel"),
    "btn.select_all": ("全选", "Select all"),
    "btn.more": ("更多记录", "More rows"),
    "btn.cancel": ("取消", "Cancel"),
    "btn.ok": ("确定", "OK"),
    "btn.choose_file": ("选择数据包", "Choose bundle"),
    "btn.import": ("导入", "Import"),
    "btn.sync": ("同步", "Sync"),
    "btn.keep_local": ("保留当前值", "Keep current value"),
    "btn.take_remote": ("采用落选值", "Take the other value"),
    "btn.set_value": ("手工设定", "Set by hand"),
    "btn.export": ("导出", "Export"),
    "btn.backup": ("备份到文件…", "Back up to a file…"),
    "btn.restore": ("从备份恢复到新目录…", "Restore into a new folder…"),
    "btn.review": ("审核", "Review"),
    "btn.forward": ("上报", "Forward"),
    "btn.refuse": ("删除/退回", "Refuse (return)"),
    "btn.package": ("生成", "Write package"),
    "btn.choose_card": ("选择企业名片", "Choose the enterprise's card"),
    # -- columns and fields ----------------------------------------------------------
    "col.check": ("选择", "Pick"),
    "col.conflict": ("冲突编号", "Conflict"),
    "record.enterprise": ("企业", "Enterprise"),
    "record.person": ("人员", "Person"),
    "record.application": ("申请", "Application"),
    "record.performance": ("工作业绩", "Work record"),
    "record.review": ("审核", "Review"),
    "record.decision": ("审批", "Decision"),
    "record.certificate": ("证书", "Certificate"),
    "record.seal": ("印章", "Seal"),
    "record.conduct": ("行为记录", "Conduct record"),
    "record.leave_province": ("出省记录", "Leaving record"),
    "record.exam_result": ("考试成绩", "Exam result"),
    "record.continuing_education": ("继续教育", "Continuing education"),
    "col.record": ("记录", "Record"),
    "col.field": ("字段", "Field"),
    "col.kept_value": ("当前值（来源）", "Current value (from)"),
    "col.lost_value": ("落选值（来源）", "Other value (from)"),
    "col.conflict_status": ("处理情况", "Resolution"),
    "col.number": ("申请编号", "Number"),
    "col.name": ("姓名", "Name"),
    "col.kind": ("申请类别", "Kind"),
    "col.specialty": ("注册专业", "Specialty"),
    "col.stage": ("状态", "Stage"),
    "col.status": ("人员状态", "Status"),
    "col.round": ("轮次", "Round"),
    "col.enterprise": ("单位名称", "Enterprise"),
    "col.messages": ("信息提示", "Check messages"),
    "col.id_number": ("身份证号", "ID number"),
    "col.gender": ("性别", "Gender"),
    "col.birth_date": ("出生日期", "Birth date"),
    "col.phone": ("电话", "Phone"),
    "col.title": ("职称", "Title"),
    "col.project": ("项目名称", "Project"),
    "col.role": ("担任角色", "Role"),
    "col.start": ("开始日期", "Start"),
    "col.end": ("结束日期", "End"),
    "col.any": ("（全部）", "(any)"),
    "field.person": ("申请人身份证号", "Applicant's ID number"),
    "field.qualification_cert_no": ("资格证书号", "Qualification certificate"),
    "field.qualification_date": ("资格取得日期", "Qualification date"),
    "field.registration_cert_no": ("注册证书号", "Registration certificate"),
    "field.valid_until": ("有效期至", "Valid until"),
    "field.previous_employer": ("原聘用单位", "Previous employer"),
    "field.reason": ("申请原因", "Reason"),
    "field.ce_compulsory_hours": ("继续教育必修学时", "CE compulsory hours"),
    "field.ce_elective_hours": ("继续教育选修学时", "CE elective hours"),
    "field.person_name": ("姓名", "Name"),
    "field.enterprise_name": ("单位名称", "Enterprise name"),
    "field.education": ("学历", "Education"),
    "field.major": ("所学专业", "Major"),
    "field.school": ("毕业院校", "School"),
    "field.graduation_date": ("毕业日期", "Graduation date"),
    "field.email": ("电子邮箱", "E-mail"),
    "field.phone": ("联系电话", "Phone"),
    "field.title": ("职称", "Title"),
    "field.peer": ("发送目标", "Send to"),
    "field.server": ("服务器地址", "Server URL"),
    "field.include_resolved": ("包含已处理", "Include resolved"),
    "field.new_value": ("设定为", "Set to"),
    "field.uscc": ("统一社会信用代码", "USCC"),
    "field.city_code": ("所属地市", "City"),
    "field.org_code": ("组织机构代码", "Organisation code"),
    "field.enterprise_number": ("企业编号", "Enterprise number"),
    "field.address": ("地址", "Address"),
    "field.legal_representative": ("法定代表人", "Legal representative"),
    "field.contact": ("联系人", "Contact"),
    "field.qualification": ("资质", "Qualification"),
    "field.qualification_category": ("资质类别", "Qualification category"),
    "field.qualification_grade": ("资质等级", "Qualification grade"),
    "field.ethnicity": ("民族", "Ethnicity"),
    "field.photo": ("照片（JPEG/PNG 文件）", "Photo (JPEG/PNG file)"),
    "field.qualification_route": ("资格取得方式", "Qualification obtained by"),
    "field.contract_start": ("劳动合同起始日期", "Labour contract from"),
    "field.contract_end": ("劳动合同终止日期", "Labour contract until"),
    "field.previous_seal_no": ("原印章号", "Previous seal number"),
    "field.amend_mode": ("更改或补办", "Amend or reissue"),
    "field.amend_item": ("更改事项", "Item amended"),
    "field.amend_old_value": ("更改前内容", "Old value"),
    "field.amend_new_value": ("更改后内容", "New value"),
    "field.reissue_items": ("补办项目", "Reissue"),
    "field.loss_newspaper": ("遗失声明刊登报纸", "Loss declared in (newspaper)"),
    "field.loss_declared_on": ("遗失声明刊登日期", "Loss declared on"),
    "field.status": ("状态", "Status"),
    "col.reported_on": ("上报日期", "Reported on"),
    "col.city_review": ("市级审核", "City review"),
    "col.province_decision": ("省级审批", "Province decision"),
    "col.certificate": ("证书编号", "Certificate"),
    "col.seal": ("印章编号", "Seal"),
    "choice.approved": ("批准", "Approved"),
    "choice.rejected": ("不批准", "Rejected"),
    "field.result": ("审核结果", "Result"),
    "field.reviewer": ("审查人员", "Reviewer"),
    "field.opinion": ("审查意见", "Opinion"),
    "field.clerk": ("经办人", "Clerk"),
    "field.refuse_reason": ("退回原因", "Reason for refusal"),
    "choice.passed": ("通过", "Passed"),
    "choice.failed": ("不通过", "Failed"),
    "field.scale": ("项目规模", "Scale"),
    "field.description": ("工作内容", "Description"),
    # -- notices ------------------------------------------------------------------------
    "msg.error_title": ("错误", "Error"),
    "msg.info_title": ("提示", "Notice"),
    "msg.none_checked": ("请先在记录前的方框里打“√”", "Tick the rows first"),
    "msg.saved": ("已保存 {what}", "Saved {what}"),
    "msg.check_passed": ("计算机核查通过", "The computer check passed"),
    "msg.check_result": (
        "错误 {errors} 项，警告 {warnings} 项",
        "{errors} errors, {warnings} warnings",
    ),
    "msg.reported": ("已上报 {count} 份申请", "Reported {count} applications"),
    "msg.reported_offline": (
        "已上报 {count} 份申请。未设置同步服务器：请用“在线同步”或“数据包导出”把它们送到地市",
        "Reported {count} applications. No sync server is set: send them to the city with "
        "Online sync or Export a bundle",
    ),
    "msg.no_server": (
        "已保存。未设置同步服务器：请用“在线同步”或“数据包导出”把它送到地市",
        "Saved. No sync server is set: send it to the city with Online sync or Export a bundle",
    ),
    "msg.reopened": (
        "已重新打开 {count} 份申请为新一轮草稿，修改后可再次上报",
        "Opened {count} applications again as drafts of a new round: edit and report again",
    ),
    "msg.received": ("已接收 {count} 份申报", "Received {count} submissions"),
    "msg.reviewed": (
        "已审核 {count} 份申报（{verdict}）",
        "Reviewed {count} submissions ({verdict})",
    ),
    "msg.printed": ("已打印 {count} 份到 {path}", "Printed {count} to {path}"),
    "msg.exported": ("已导出 {count} 行到 {path}", "Exported {count} rows to {path}"),
    "msg.rows": ("已显示 {shown} 条", "{shown} rows shown"),
    "msg.rows_more": ("已显示 {shown} 条，还有更多", "{shown} rows shown, more below"),
    "msg.working": ("正在处理：{what}", "Working: {what}"),
    "msg.cancelled": (
        "已取消：{what}（未写入任何数据）",
        "Cancelled: {what} (nothing was written)",
    ),
    "msg.passphrase": ("节点密钥口令", "Node key passphrase"),
    "msg.pin": ("身份识别锁 PIN", "Identity lock PIN"),
    "msg.whole_record": ("（整条记录）", "(whole record)"),
    "msg.resolved": ("已处理", "resolved"),
    "msg.unresolved": ("未处理", "open"),
    "msg.conflicts_resolved": ("已处理 {count} 条冲突", "Resolved {count} conflicts"),
    "msg.sync_hint": (
        "同步：把本节点的新数据上传到服务器，并取回服务器上给本节点的数据（审核结果、证书等）。"
        "中断或取消不会丢失数据，再次同步即可继续。",
        "Sync uploads this node's new data to the server and fetches what the server holds "
        "for this node (review results, certificates). An interrupted or cancelled sync loses "
        "nothing: sync again to carry on.",
    ),
    "msg.no_peer": (
        "没有可发送的目标节点（请先安装对方证书）",
        "No peer to send to (install its certificate first)",
    ),
    "msg.select_one": ("请选择一条记录", "Select one row"),
    "msg.backup_help": (
        "备份：把本节点的数据库、配置和密钥文件写入一个文件，写完后自动核验；窗口打开时也可以备份。"
        "请每天备份，并把备份文件保存在另一台电脑或U盘上。恢复：把备份恢复到一个新的空目录，"
        "恢复后的节点先与上级节点同步，取回备份之后已发出的数据，然后才能录入。",
        "Backup writes this node's database, configuration and key files into one file and "
        "checks it; it works while the window is open. Back up daily and keep the file on "
        "another PC or stick. Restore puts a backup into a new empty folder; the restored "
        "node first syncs with its office to get back what it sent after the backup.",
    ),
    # -- gui-records --
    "rec.col.employer": ("聘用单位", "Employer"),
    "rec.col.issued_on": ("发证日期", "Issued on"),
    "rec.col.seal_no": ("印章号", "Seal"),
    "rec.col.left_on": ("出省日期", "Left on"),
    "rec.col.destination": ("去向", "Destination"),
    "rec.col.leave_reason": ("原因", "Reason"),
    "rec.col.year": ("年度", "Year"),
    "rec.col.subject": ("科目", "Subject"),
    "rec.col.score": ("成绩", "Score"),
    "rec.col.passed": ("是否合格", "Passed"),
    "rec.col.period": ("学习周期", "Period"),
    "rec.col.compulsory": ("必修学时", "Compulsory hours"),
    "rec.col.elective": ("选修学时", "Elective hours"),
    "rec.col.completed_on": ("完成日期", "Completed on"),
    "rec.col.provider": ("培训机构", "Provider"),
    "rec.col.row": ("行号", "Row"),
    "rec.col.column": ("列", "Column"),
    "rec.col.reason": ("错误原因", "Reason"),
    "rec.filter.uscc": ("单位信用代码", "Enterprise USCC"),
    "rec.open_hint": (
        "双击记录查看该人员的证书印章（含历史）",
        "Double-click a row for the person's certificates and seals, with history",
    ),
    "rec.ce_added": ("已登记继续教育 {id}", "Continuing education filed: {id}"),
    "rec.exam_check": ("检查考试成绩表", "Checking the exam-result sheet"),
    "rec.exam_checked": (
        "{path}：正确 {good} 行，错误 {bad} 行；请选择“全部导入”或“只导入正确行”",
        "{path}: {good} good rows, {bad} bad rows; choose Import all or Import good rows only",
    ),
    "rec.exam_imported": (
        "已导入：新增 {added} 条，更新 {updated} 条，跳过错误行 {skipped} 行",
        "Imported: {added} added, {updated} updated, {skipped} bad rows skipped",
    ),
    "btn.import_all": ("全部导入", "Import all"),
    "btn.correct": ("更正", "Correct"),
    "rec.filed_check": ("检查二级注册人员备案表", "Checking the registered-persons sheet"),
    "rec.filed_imported": (
        "已备案：新增 {added} 人次，更新 {updated} 人次，跳过错误行 {skipped} 行",
        "Filed: {added} added, {updated} updated, {skipped} bad rows skipped",
    ),
    "rec.filed_added": ("已备案 {person} 证书 {number}", "Filed {person}, certificate {number}"),
    "rec.filed_corrected": (
        "已更正 {person} 证书 {number}",
        "Corrected {person}, certificate {number}",
    ),
    "btn.import_good": ("只导入正确行", "Import good rows only"),
    "msg.leave_city": (
        "人员出省由省级记录，地市查询",
        "Leaving the province is recorded by the province; the city queries it",
    ),
    # -- gui-registry -------------------------------------------------------------------
    # 企业信息管理
    "reg.search_enterprise": ("企业名称/统一社会信用代码", "Name / USCC"),
    "reg.uscc_confirmed": (
        "已与营业执照原件核对，统一社会信用代码无误（未通过校验时仍保存）",
        "Compared with the business licence: the USCC is right "
        "(save it although it fails the check)",
    ),
    "reg.enterprise_added": (
        "已新增企业 {name} {uscc}（审批通过，已上报：是）",
        "Added enterprise {name} {uscc} (approved, reported: yes)",
    ),
    "reg.enterprise_approved": ("审批通过", "approved"),
    "reg.enterprise_active": ("有效", "active"),
    "reg.enterprise_edited": ("已修改企业 {uscc}：{name}", "Edited enterprise {uscc}: {name}"),
    # 注销登记
    "reg.search_person": ("姓名/身份证号", "Name / ID number"),
    "col.registrations": ("当前注册", "Current registrations"),
    "btn.cancel_registration": ("注销", "Cancel registration"),
    "reg.confirm_cancel": ("确定注销", "Cancel it"),
    "reg.cancel_question": (
        "确定注销 {name}（{id_number}）的{specialty}注册？当前证书和印章将转为历史。",
        "Cancel the {specialty} registration of {name} ({id_number})? "
        "The current certificate and seal become history.",
    ),
    "reg.cancelled": (
        "已注销 {person} 的{specialty}注册（{count} 项转为历史）",
        "Cancelled the {specialty} registration of {person} ({count} records became history)",
    ),
    # 行为记录
    "col.conduct_kind": ("类别", "Kind"),
    "col.conduct_description": ("内容", "Description"),
    "col.recorded_on": ("日期", "Date"),
    "col.recorded_by": ("记录人", "Recorded by"),
    "choice.good": ("良好行为", "Good conduct"),
    "choice.bad": ("不良行为", "Bad conduct"),
    "reg.good": ("良好", "good"),
    "reg.bad": ("不良", "bad"),
    "reg.conduct_added": ("已记录{kind}行为 {id}", "Recorded {kind} conduct {id}"),
    # 双击记录: a person's record
    "reg.tab_basic": ("基本信息", "Basic information"),
    "reg.tab_certificates": ("证书印章", "Certificates and seals"),
    "reg.tab_conduct": ("良好行为与不良行为", "Conduct"),
    "reg.tab_history": ("历次申报情况", "Applications"),
    "reg.item": ("项目", "Item"),
    "reg.value": ("内容", "Value"),
    "reg.cert_or_seal": ("证书/印章编号", "Certificate / seal"),
    "reg.current": ("当前", "current"),
    "reg.history": ("历史", "history"),
    # -- gui-province --
    "col.city": ("地市", "City"),
    "btn.bundle_import": ("数据包导入", "Import a bundle"),
    "btn.approve": ("批准", "Approve"),
    "btn.reject": ("不批准", "Reject"),
    "btn.issue": ("发证", "Issue"),
    "field.by": ("审批人", "Decided by"),
    "field.province_opinion": ("省级审批意见", "Province's opinion"),
    "msg.decided": (
        "已审批 {count} 份申报（{verdict}）",
        "Decided {count} submissions ({verdict})",
    ),
    "msg.issued": ("已发证 {count} 条", "Issued {count}"),
}


def text(key: str, lang: str = "zh", **params: object) -> str:
    """The label ``key`` in ``lang`` (zh unless ``en``); unknown keys raise ``KeyError``."""
    zh, en = TEXTS[key]
    template = en if lang == "en" else zh
    return template.format(**params) if params else template


from regsync.core.catalogue_operators import TEXTS as _OPERATORS  # noqa: E402

TEXTS.update(_OPERATORS)

from regsync.core.catalogue_setup import TEXTS as _SETUP  # noqa: E402

TEXTS.update(_SETUP)

from regsync.core.catalogue_screens import TEXTS as _SCREENS  # noqa: E402

TEXTS.update(_SCREENS)
