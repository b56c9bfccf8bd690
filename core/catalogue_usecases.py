"""Messages of the use cases (core/usecases) and the Excel exports' headers (core/exports).

Issue 18 item 5 / issue 17 item 6.  Same form as :data:`regsync.core.catalogue.TEXTS`
(key -> (zh, en)), merged into it at the end of that module.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # Kinds of record an error names (找不到{what} / {what_en} not found).
    "usecase.record.enterprise": ("企业", "enterprise"),
    "usecase.record.person": ("人员", "person"),
    "usecase.record.application": ("申请", "application"),
    "usecase.record.performance": ("工作业绩", "performance record"),
    "usecase.record.conflict": ("冲突记录", "conflict"),
    "usecase.record.record": ("记录", "record"),
    "usecase.record.barcode_application": ("条形码对应的申请", "application of barcode"),
    # core/usecases/applications.py: actions refused to an edition or a stage.
    "usecase.applications.create": ("新增申请", "create applications"),
    "usecase.applications.edit": ("修改申请", "edit applications"),
    "usecase.applications.edit_data": ("修改申请数据", "edit its data"),
    "usecase.applications.add_performance": ("添加工作业绩", "add performance records"),
    "usecase.applications.personal_cancellation": (
        "填写资格注销申请（由企业版办理）",
        "file a cancellation (the enterprise edition does)",
    ),
    # core/usecases/city.py
    "usecase.city.no_hint": ("无", "none"),
    "usecase.city.list": ("查看申报", "list submissions"),
    "usecase.city.not_own": (
        "由本市（{city}）处理：它属于 {owner}",
        "be handled by this city ({city}): it belongs to {owner}",
    ),
    "usecase.city.correct": ("修改申报数据", "correct submissions"),
    "usecase.city.correct_stage": ("修改（只能在审核前修改）", "be corrected (only before review)"),
    "usecase.city.receive": ("接收申报", "receive submissions"),
    "usecase.city.receive_stage": (
        "接收（只能接收已上报、未接收的申报）",
        "be received (only a reported, not yet received submission can)",
    ),
    "usecase.city.refuse": ("拒绝接收申报", "refuse submissions"),
    "usecase.city.refuse_stage": (
        "拒绝接收（只能拒绝已上报、未接收的申报）",
        "be refused (only a reported, not yet received submission can)",
    ),
    "usecase.city.review": ("审核申报", "review submissions"),
    "usecase.city.review_stage": (
        "审核（只能审核已接收、未审核的申报）",
        "be reviewed (only a received, not yet reviewed submission can)",
    ),
    "usecase.city.forward": ("上报省级", "forward to the province"),
    "usecase.city.forward_stage": (
        "上报省级（只能上报市级审核通过的申报）",
        "be forwarded (only a submission the city passed can)",
    ),
    # core/usecases/conflicts.py
    "usecase.conflicts.again": ("再次处理", "be resolved again"),
    "usecase.conflicts.not_yours": (
        "处理{kind}的{field}冲突（应由市级或省级处理）",
        "settle the conflict on {kind} field {field} (the city or the province settles it)",
    ),
    # core/usecases/documents.py: the record a refusal to print names.
    "usecase.documents.record.application": ("申请", "the application's"),
    "usecase.documents.record.person": ("人员信息", "the person's"),
    "usecase.documents.record.enterprise": ("聘用单位信息", "the enterprise's"),
    "usecase.documents.record.performance": ("工作业绩", "a performance record's"),
    "usecase.documents.record.continuing_education": (
        "继续教育记录",
        "a continuing-education record's",
    ),
    # The 审查结果 cell of the 汇总表 (a Chinese form: only zh is printed).
    "usecase.documents.check_passed": ("通过", "passed"),
    "usecase.documents.check_errors": ("错误 {count} 项", "{count} error(s)"),
    "usecase.documents.check_warnings": ("警告 {count} 项", "{count} warning(s)"),
    "usecase.documents.check_joiner": ("，", ", "),
    # core/usecases/drafts.py, enterprise_info.py, packages.py, performance.py, persons.py
    "usecase.drafts.delete": ("删除申请", "delete applications"),
    "usecase.enterprise_info.show": ("查看企业基本信息", "show enterprise details"),
    "usecase.packages.receive": ("接收个人版数据包", "receive personal packages"),
    "usecase.performance.edit": ("修改工作业绩", "edit performance records"),
    "usecase.performance.remove": ("删除工作业绩", "remove performance records"),
    "usecase.persons.add": ("新增企业人员", "add enterprise persons"),
    "usecase.persons.edit": ("修改企业人员", "edit enterprise persons"),
    # core/usecases/printed.py: a differing 工作业绩 named after a scan.
    "usecase.printed.performance_record": ("工作业绩 {record}", "performance record {record}"),
    # core/exports.py: the sheet titles of the Excel exports ...
    "export.applications.title": ("申报查询", "Applications"),
    "export.certificates.title": ("当前证书印章", "Current certificates and seals"),
    "export.certificate_history.title": ("历史证书印章", "Certificate and seal history"),
    "export.leave_province.title": ("人员出省", "Persons leaving the province"),
    "export.exam_results.title": ("考试成绩", "Exam results"),
    "export.continuing_education.title": ("继续教育", "Continuing education"),
    "export.registered_persons.title": ("注册人员", "Registered persons"),
    "export.filed_registrations.title": ("二级注册人员备案", "Filed registrations"),
    # ... their column headers (the same header in every sheet) ...
    "export.column.application_number": ("申请编号", "Application no."),
    "export.column.birth_date": ("出生日期", "Date of birth"),
    "export.column.certificate_number": ("证书编号", "Certificate no."),
    "export.column.completed_on": ("完成日期", "Completed on"),
    "export.column.compulsory_hours": ("必修学时", "Compulsory hours"),
    "export.column.created_on": ("创建日期", "Created on"),
    "export.column.destination": ("去向", "Destination"),
    "export.column.elective_hours": ("选修学时", "Elective hours"),
    "export.column.employer": ("聘用单位", "Employer"),
    "export.column.employer_uscc": ("聘用单位统一社会信用代码", "Employer's credit code"),
    "export.column.gender": ("性别", "Gender"),
    "export.column.id_number": ("身份证号", "ID number"),
    "export.column.issued_on": ("发证日期", "Issued on"),
    "export.column.kind": ("申请类别", "Application type"),
    "export.column.left_on": ("出省日期", "Left on"),
    "export.column.name": ("姓名", "Name"),
    "export.column.passed": ("是否合格", "Passed"),
    "export.column.period": ("学习周期", "Study period"),
    "export.column.phone": ("联系电话", "Phone"),
    "export.column.provider": ("培训机构", "Training provider"),
    "export.column.qualification_cert_no": ("资格证书号", "Qualification certificate no."),
    "export.column.reason": ("原因", "Reason"),
    "export.column.reported_on": ("上报日期", "Reported on"),
    "export.column.round": ("申报次序", "Round"),
    "export.column.score": ("成绩", "Score"),
    "export.column.seal": ("印章号", "Seal no."),
    "export.column.seal_number": ("印章编号", "Seal number"),
    "export.column.specialty": ("注册专业", "Specialty"),
    "export.column.status": ("状态", "Status"),
    "export.column.subject": ("科目", "Subject"),
    "export.column.title": ("职称", "Professional title"),
    "export.column.uscc": ("统一社会信用代码", "Unified social credit code"),
    "export.column.valid_until": ("有效期至", "Valid until"),
    "export.column.year": ("年度", "Year"),
    # ... and the cell values they write (always zh, like the register's other values).
    "export.value.current": ("当前", "current"),
    "export.value.history": ("历史", "history"),
    "export.value.passed": ("合格", "passed"),
    "export.value.failed": ("不合格", "failed"),
    # core/usecases/register_sheet.py and filings.py: bad rows of an imported sheet.
    "usecase.sheet.row_problem": ("第{row}行 {message}", "row {row}: {message}"),
    "usecase.sheet.row_column_problem": (
        "第{row}行 {column}：{message}",
        "row {row}, {column}: {message}",
    ),
    "usecase.sheet.empty": ("为空", "is empty"),
    "usecase.sheet.not_a_date": (
        "“{text}”不是日期，应写作 2015-03-31 这样的年-月-日",
        "“{text}” is not a date: expected YYYY-MM-DD",
    ),
    "usecase.sheet.same_certificate": (
        "与第{row}行的证书编号相同",
        "the same certificate number as row {row}",
    ),
    "usecase.sheet.same_seal": ("与第{row}行的印章编号相同", "the same seal number as row {row}"),
    "usecase.sheet.same_person": (
        "第{row}行已有此人的{specialty}注册",
        "row {row} already files this person's {specialty} registration",
    ),
    "usecase.sheet.bad_specialty": ("“{value}”应为 {choices}", "“{value}” should be {choices}"),
    "usecase.sheet.after_today": ("{date} 晚于今天", "{date} is after today"),
    "usecase.sheet.not_after_issue": (
        "{end} 不晚于发证日期 {start}",
        "{end} is not after the date of issue {start}",
    ),
    "usecase.filings.sheet": ("考试成绩表", "exam-result"),
    "usecase.filings.import": ("导入考试成绩", "import exam results"),
    "usecase.filings.empty": ("{column}为空", "{column} is empty"),
    "usecase.filings.not_a_number": (
        "{column}“{text}”不是数字",
        "{column} '{text}' is not a number",
    ),
    "usecase.filings.bad_text": ("{column}{reason}", "{column}: {reason}"),
    "usecase.filings.bad_specialty": (
        "{column}“{value}”应为 {choices}",
        "{column} '{value}' should be {choices}",
    ),
    "usecase.filings.bad_passed": (
        "{column}“{value}”应为 合格 或 不合格",
        "{column} '{value}' should be yes or no",
    ),
    "usecase.filings.bad_year": (
        "{column} {year} 不在 1990-{last} 之间",
        "{column} {year} is not within 1990-{last}",
    ),
    # core/usecases/register_filing.py: filing 二级注册人员 against the register on file.
    "usecase.register_filing.file": ("备案二级注册人员", "file registered persons"),
    "usecase.register_filing.correct": ("更正备案的二级注册人员", "correct filed registrations"),
    "usecase.register_filing.sheet": ("二级注册人员备案表", "registered-persons"),
    "usecase.register_filing.filed_certificate": (
        "已备案的{specialty}当前证书",
        "filed current {specialty} certificate",
    ),
    "usecase.register_filing.no_employer": (
        "聘用单位 {uscc} 未在本节点登记，请先由地市登记该企业并同步到省级",
        "the employer {uscc} is not on file here: have its city register it and sync with "
        "the province first",
    ),
    "usecase.register_filing.other_name": (
        "“{name}”与在册人员 {id_number} 的姓名“{on_file}”不一致",
        "“{name}” differs from the name on file for {id_number}, “{on_file}”",
    ),
    "usecase.register_filing.certificate_held": (
        "证书编号 {number} 已属于 {holder} 的{specialty}注册",
        "certificate number {number} belongs to {holder}'s {specialty} registration",
    ),
    "usecase.register_filing.seal_held": (
        "印章编号 {number} 已属于 {holder}",
        "seal number {number} belongs to {holder}",
    ),
    "usecase.register_filing.one_unit": (
        "此人的{specialty}注册在 {uscc}，一人只能在一个单位注册",
        "this person's {specialty} registration is with {uscc}; a person registers with one "
        "unit only",
    ),
    "usecase.register_filing.system_issued": (
        "此人已有系统发放的当前{specialty}证书 {number}，不能再备案",
        "this person holds the system-issued current {specialty} certificate {number}; it "
        "cannot be filed over",
    ),
    "usecase.register_filing.already_filed": (
        "此人已备案{specialty}证书 {number}；如需更正请用 regsync filing register-correct",
        "this person's filed {specialty} certificate is {number}; to change it use regsync "
        "filing register-correct",
    ),
    "usecase.register_filing.nothing_to_correct": ("请给出要更正的项", "name what to correct"),
    # core/usecases/operators.py: what an operator's role may not do, and the lock-out.
    "usecase.operators.enter": ("录入和上报数据", "enter and report data"),
    "usecase.operators.review": ("审核", "review"),
    "usecase.operators.manage": ("管理操作员", "manage operators"),
    "usecase.operators.maintain": ("做系统维护", "maintain the system"),
    "usecase.operators.lockout": (
        "；也可请管理员重设密码",
        "; an administrator can also set a new password",
    ),
    # core/usecases/province.py
    "usecase.province.decide": ("审批申请", "decide applications"),
    "usecase.province.approve_stage": (
        "批准（只能审批已报省级、未审批的申请）",
        "be approved (only a forwarded, undecided application can)",
    ),
    "usecase.province.reject_stage": (
        "不批准（只能审批已报省级、未审批的申请）",
        "be rejected (only a forwarded, undecided application can)",
    ),
    "usecase.province.issue": ("发放证书印章", "issue certificates and seals"),
    "usecase.province.issue_stage": (
        "发证（只能为已批准、未发证的申请发证）",
        "be issued (only an approved application without a certificate can)",
    ),
    "usecase.province.issue_cancellation": (
        "发证（资格注销批准后即已注销，无需发证）",
        "be issued (an approved cancellation has nothing to issue)",
    ),
    # core/usecases/receiving.py, recheck.py
    "usecase.receiving.receive": ("接收申报", "receive applications"),
    "usecase.receiving.not_here": (
        "由本市接收（须为本市已上报的申请）",
        "be received here (it must be reported to this city)",
    ),
    "usecase.recheck.approve": ("批准", "be approved"),
    "usecase.recheck.issue": ("发证", "be issued"),
    "usecase.recheck.approve_advice": (
        "请对这些申请作出不批准决定（regsync decision reject，意见中写明原因），其余申请另行批准",
        "reject these (regsync decision reject, giving the reason in the opinion) and "
        "approve the others on their own",
    ),
    "usecase.recheck.issue_advice": (
        "这些申请不予发证；请核实注册库（regsync certificate show 身份证号），其余申请另行发证",
        "do not issue these; check the register (regsync certificate show ID-NUMBER) and "
        "issue the others on their own",
    ),
    # core/usecases/registry.py
    "usecase.registry.add_enterprise": ("新增企业", "add enterprises"),
    "usecase.registry.edit_enterprise": ("修改企业信息", "edit enterprises"),
    "usecase.registry.other_city": (
        "修改其他地市（{city}）的企业",
        "edit an enterprise of another city ({city})",
    ),
    "usecase.registry.conduct": ("记录良好/不良行为", "record conduct"),
    "usecase.registry.leave": ("记录人员出省", "record leaving the province"),
    "usecase.registry.cancel": ("注销注册", "cancel registrations"),
    "usecase.registry.continuing_education": ("登记继续教育", "file continuing education"),
    "usecase.registry.current_certificate": (
        "当前有效的{specialty}注册证书",
        "current {specialty} certificate",
    ),
    "usecase.registry.certificate": ("{specialty}注册证书", "{specialty} certificate"),
    # core/usecases/reporting.py
    "usecase.reporting.report": ("上报申请", "report"),
    "usecase.reporting.report_stage": (
        "上报（只有草稿可以上报）",
        "be reported (only a draft can)",
    ),
    "usecase.reporting.clock_behind": (
        "本机时间早了 {minutes} 分钟",
        "this computer is {minutes} minutes behind",
    ),
    "usecase.reporting.clock_ahead": (
        "本机时间晚了 {days} 天",
        "this computer is {days} days ahead of it",
    ),
    # core/usecases/resubmission.py, summaries.py
    "usecase.resubmission.reopen": ("重新申报", "re-apply"),
    "usecase.resubmission.reopen_stage": (
        "重新申报（只有被拒绝、审核不通过或不批准的申请可以）",
        "be re-applied (only a refused, failed or rejected one can)",
    ),
    "usecase.summaries.other_kind": (
        "申报类型或申报专业不同",
        "it is of another kind or specialty",
    ),
    "usecase.summaries.not_reported": ("尚未上报", "it has not been reported"),
    "usecase.summaries.period": ("汇总期间", "the period"),
    # core/usecases/setup.py
    "usecase.setup.org_code_differs": (
        "与统一社会信用代码第9-17位 {part} 不一致",
        "it differs from positions 9-17 of the USCC, {part}",
    ),
    # The CLI shows an export's columns through table.<header> (app/cli/render.py): the
    # applications export now heads its round column 申报次序 (docs/glossary.md), not 轮次.
    "table.申报次序": ("申报次序", "Round"),
    "usecase.city.hint_joiner": ("；", "; "),
}
