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
    # -- buttons ----------------------------------------------------------------------
    "btn.new": ("新增", "New"),
    "btn.edit": ("修改", "Edit"),
    "btn.save": ("保存", "Save"),
    "btn.close": ("关闭", "Close"),
    "btn.search": ("查询", "Search"),
    "btn.check": ("计算机核查", "Computer check"),
    "btn.report": ("在线上报", "Report"),
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
    "btn.export": ("导出", "Export"),
    "btn.review": ("审核", "Review"),
    "btn.forward": ("上报", "Forward"),
    "btn.refuse": ("删除/退回", "Refuse (return)"),
    # -- columns and fields ----------------------------------------------------------
    "col.check": ("选择", "Pick"),
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
    "msg.no_peer": (
        "没有可发送的目标节点（请先安装对方证书）",
        "No peer to send to (install its certificate first)",
    ),
    "msg.placeholder": (
        "“{screen}” 模块随{edition}功能一同提供（{issue}），尚未接入本窗口。",
        "The '{screen}' module comes with the {edition} features ({issue}); "
        "it is not wired into this window yet.",
    ),
    "msg.select_one": ("请选择一条记录", "Select one row"),
}


def text(key: str, lang: str = "zh", **params: object) -> str:
    """The label ``key`` in ``lang`` (zh unless ``en``); unknown keys raise ``KeyError``."""
    zh, en = TEXTS[key]
    template = en if lang == "en" else zh
    return template.format(**params) if params else template
