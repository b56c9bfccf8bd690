"""Messages of the domain core: computer checks, entry rules, field names (issue 18 item 5).

Same form as :data:`regsync.core.catalogue.TEXTS` (key -> (zh, en)), merged into it at
the end of that module.  ``check.<code>`` is the text of the computer-check message with
that code (:class:`regsync.core.checks.messages.CheckMessage`); ``label.<field>`` is how a
message names a record field (:mod:`regsync.core.field_labels`); ``reason.*`` are the
reasons the input errors quote; ``rule.*`` the authority table's rules.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- field names in messages ------------------------------------------------------
    "label.address": ("地址", "address"),
    "label.amend_item": ("更改事项", "item amended"),
    "label.amend_mode": ("更改或补办", "choice of amendment or reissue"),
    "label.amend_new_value": ("更改后内容", "value after the amendment"),
    "label.amend_old_value": ("更改前内容", "value before the amendment"),
    "label.application_number": ("申请编号", "application number"),
    "label.barcode": ("条形码", "barcode"),
    "label.birth_date": ("出生日期", "birth date"),
    "label.ce_compulsory_hours": (
        "继续教育必修学时",
        "compulsory continuing-education hours",
    ),
    "label.ce_elective_hours": ("继续教育选修学时", "elective continuing-education hours"),
    "label.certificate_number": ("注册证书号", "registration certificate number"),
    "label.city_code": ("所属地市", "city"),
    "label.compulsory_hours": ("必修学时", "compulsory hours"),
    "label.contact": ("联系人", "contact person"),
    "label.contract_end": ("劳动合同终止日期", "end of the labour contract"),
    "label.contract_period": (
        "劳动合同起止日期",
        "labour contract (contract_start / contract_end)",
    ),
    "label.contract_start": ("劳动合同起始日期", "start of the labour contract"),
    "label.created_on": ("申请日期", "application date"),
    "label.description": ("工作内容", "description"),
    "label.destination": ("调往省份", "destination"),
    "label.education": ("学历", "education"),
    "label.elective_hours": ("选修学时", "elective hours"),
    "label.email": ("电子邮箱", "e-mail address"),
    "label.employer_uscc": ("聘用单位统一社会信用代码", "employer's USCC"),
    "label.end_date": ("结束日期", "end date"),
    "label.enterprise_name": ("聘用单位名称", "enterprise name"),
    "label.enterprise_number": ("企业编号", "enterprise number"),
    "label.enterprise_uscc": ("统一社会信用代码", "unified social credit code (USCC)"),
    "label.ethnicity": ("民族", "ethnicity"),
    "label.gender": ("性别", "gender"),
    "label.graduation_date": ("毕业日期", "graduation date"),
    "label.id_number": ("身份证号", "ID number"),
    "label.kind": ("申请类别", "application kind"),
    "label.legal_representative": ("法定代表人", "legal representative"),
    "label.loss_declared_on": ("遗失声明刊登日期", "date the loss declaration was printed"),
    "label.loss_newspaper": (
        "遗失声明刊登报纸",
        "newspaper that printed the loss declaration",
    ),
    "label.major": ("所学专业", "major"),
    "label.name": ("名称", "name"),
    "label.number": ("申请编号", "application number"),
    "label.opinion": ("审查意见", "opinion"),
    "label.org_code": ("组织机构代码", "organisation code"),
    "label.performance": ("工作业绩", "performance records"),
    "label.performance_end": ("工作业绩结束日期", "end of the performance record"),
    "label.performance_start": ("工作业绩开始日期", "start of the performance record"),
    "label.period": ("继续教育周期", "period"),
    "label.person_id_number": ("身份证号", "ID number"),
    "label.person_name": ("姓名", "applicant's name"),
    "label.phone": ("联系电话", "phone number"),
    "label.photo": ("照片", "photo"),
    "label.previous_employer": ("原聘用单位", "previous employer"),
    "label.previous_seal_no": ("原印章号", "previous seal number"),
    "label.project_name": ("项目名称", "project name"),
    "label.provider": ("培训机构", "training provider"),
    "label.qualification": ("资质", "qualification"),
    "label.qualification_category": ("资质类别", "qualification category"),
    "label.qualification_cert_no": ("资格证书号", "qualification certificate number"),
    "label.qualification_date": ("资格取得日期", "qualification date"),
    "label.qualification_grade": ("资质等级", "qualification grade"),
    "label.qualification_route": ("资格取得方式", "qualification route"),
    "label.reason": ("申请事由", "reason"),
    "label.registration_cert_no": ("注册证书号", "registration certificate number"),
    "label.registration_status": ("注册状态", "registration status"),
    "label.reissue_items": ("补办项目", "items reissued (certificate, seal or both)"),
    "label.reported_on": ("上报日期", "report date"),
    "label.role": ("担任角色", "role"),
    "label.scale": ("项目规模", "project scale"),
    "label.school": ("毕业院校", "school"),
    "label.seal_number": ("印章编号", "seal number"),
    "label.specialty": ("注册专业", "specialty"),
    "label.start_date": ("开始日期", "start date"),
    "label.subject": ("考试科目", "subject"),
    "label.title": ("职称", "title"),
    "label.uscc": ("统一社会信用代码", "unified social credit code (USCC)"),
    "label.valid_until": ("注册有效期至", "registration expiry date"),
    "label.active": ("是否启用", "active"),
    "label.approved": ("是否批准", "approved"),
    "label.completed_on": ("完成日期", "completion date"),
    "label.current": ("是否现行", "current"),
    "label.decided_by": ("审批人", "decided by"),
    "label.decided_on": ("审批日期", "decision date"),
    "label.good": ("是否良好行为", "good conduct"),
    "label.id": ("记录编号", "record id"),
    "label.issued_on": ("发证日期", "issue date"),
    "label.left_on": ("出省日期", "date of leaving"),
    "label.passed": ("是否通过", "passed"),
    "label.recorded_by": ("记录人", "recorded by"),
    "label.recorded_on": ("记录日期", "record date"),
    "label.reviewed_on": ("审查日期", "review date"),
    "label.reviewer": ("审查人员", "reviewer"),
    "label.round": ("申报轮次", "round"),
    "label.score": ("成绩", "score"),
    "label.stage": ("办理状态", "stage"),
    "label.status": ("状态", "status"),
    "label.username": ("用户名", "user name"),
    "label.year": ("年份", "year"),
    "label.field_unknown": ("该项", "this field"),
    # -- computer checks: the application ---------------------------------------------
    "check.application.kind_unknown": (
        "申请类别“{value}”无效；可选：{known}",
        "application kind '{value}' is unknown; use one of: {known}",
    ),
    "check.application.specialty_unknown": (
        "注册专业“{value}”无效；可选：{known}",
        "specialty '{value}' is unknown; use one of: {known}",
    ),
    "check.application.missing_field": (
        "{kind}申请缺少必填项：{label}；请补填后再上报",
        "a {kind} application needs the {label}; fill it in before reporting",
    ),
    "check.application.person_missing": (
        "找不到身份证号为 {id_number} 的人员（{name}）；请先在企业人员信息中登记该人员",
        "no person with ID number {id_number} ({name}) is on file; enter the person under "
        "enterprise staff first",
    ),
    "check.application.age": (
        "申请人 {name} 出生于 {birth}，至 {today} 已满 {age} 周岁（{limit} 周岁及以上）；"
        "须附医院出具的能坚持正常工作的体检证明",
        "applicant {name} was born on {birth} and is {age} on {today} ({limit} or older); "
        "attach a medical certificate that the applicant is fit to keep working",
    ),
    "check.application.enterprise_missing": (
        "找不到统一社会信用代码为 {uscc} 的企业（{name}）；请先登记企业基本信息",
        "no enterprise with USCC {uscc} ({name}) is on file; enter the enterprise first",
    ),
    "check.application.name_mismatch": (
        "申请中的单位名称“{name}”与企业登记名称“{registered}”不一致，不能上报；"
        "单位已更名的，须先由地市更新企业信息，再办理“更改、补办”",
        "the enterprise name on the application, '{name}', differs from the registered "
        "name '{registered}', so it cannot be reported; a renamed firm must first have the "
        "city update its record, then file an amend/reissue application",
    ),
    "check.application.active_elsewhere": (
        "{name} 在单位 {enterprise}（{uscc}）已有进行中的同专业申请 {number}（{stage}）；"
        "一人只能在一个单位注册，请先撤回或完成该申请",
        "{name} already has application {number} ({stage}) of the same specialty with "
        "{enterprise} ({uscc}); a person may register with one unit only: withdraw or "
        "finish that application first",
    ),
    "check.application.registered_elsewhere": (
        "{name} 现持注册证书 {certificate}，注册在单位 {uscc}（有效期至 {valid_until}）；"
        "一人只能在一个单位注册，更换单位请办理变更注册",
        "{name} holds current certificate {certificate} with enterprise {uscc} (valid "
        "until {valid_until}); a person may register with one unit only: file a change "
        "application to move",
    ),
    "check.application.no_performance": (
        "初始注册须至少填写一条工作业绩；请添加后再上报",
        "an initial registration needs at least one performance record; add one before reporting",
    ),
    "check.application.qualification_ce_required": (
        "资格取得日期 {qualified} 至申请日期 {created} 已超过 {years} 年，须提供继续教育证明："
        "{specialty}要求必修 {need_c} 学时、选修 {need_e} 学时，{since} 以来的记录为必修 "
        "{have_c}、选修 {have_e} 学时；请补录继续教育记录",
        "the application ({created}) is more than {years} years after the qualification "
        "({qualified}), so continuing education must be proven: {need_c} compulsory and "
        "{need_e} elective hours are required ({specialty}), the records since {since} show "
        "{have_c} and "
        "{have_e}; enter the continuing-education records",
    ),
    "check.application.renewal_expired": (
        "注册有效期已于 {expiry} 届满（申请日期 {created}），不能延续注册；请重新申请初始注册",
        "the registration expired on {expiry} (application dated {created}) and cannot be "
        "renewed; apply for an initial registration again",
    ),
    "check.application.renewal_too_late": (
        "延续注册须在注册有效期届满 {days} 日前提出：有效期至 {expiry}，最迟应于 {latest} "
        "申请，本申请日期为 {created}",
        "a renewal must be filed at least {days} days before expiry: the registration is "
        "valid until {expiry}, so the latest date was {latest}, but the application is "
        "dated {created}",
    ),
    "check.application.ce_hours": (
        "继续教育{hours_kind}学时不足：{specialty}每个注册期要求 {need} 学时，{source}为 "
        "{have} 学时；请补足后再申请延续注册",
        "not enough {hours_kind} continuing-education hours: {need} are required per "
        "registration period ({specialty}), {have} are {source}; complete them before renewing",
    ),
    "check.application.change_validity": (
        "变更注册保留原注册有效期：申请填写的有效期至 {stated}，与现注册证书 {certificate} "
        "的有效期至 {valid_until} 不一致；请改为 {valid_until}",
        "a change of employer keeps the original validity: the application says valid "
        "until {stated}, but current certificate {certificate} is valid until "
        "{valid_until}; change it to {valid_until}",
    ),
    "check.application.reported_in_future": (
        "上报日期 {reported} 晚于今天 {today}：上报单位的电脑日期有误；请通知该单位校正电脑的"
        "日期和时间，并核对申请中的其他日期",
        "the report is dated {reported}, after today {today}: the reporting computer's date "
        "is wrong; ask them to correct their computer's date and time, and check the "
        "application's other dates",
    ),
    "check.application.qualification_date_future": (
        "资格取得日期 {day} 晚于今天（{today}）；请核对资格证书后更正",
        "the qualification date {day} is after today ({today}); check the qualification "
        "certificate and correct it",
    ),
    "check.application.performance_period_order": (
        "第 {index} 条工作业绩“{project}”的结束日期 {end} 早于开始日期 {start}；请更正起止时间",
        "performance record {index} '{project}' ends ({end}) before it starts ({start}); "
        "correct its period",
    ),
    "check.application.performance_period_future": (
        "第 {index} 条工作业绩“{project}”的日期 {day} 晚于今天（{today}）；只能填写已完成的业绩",
        "performance record {index} '{project}' has a date ({day}) after today ({today}); "
        "enter only work already done",
    ),
    "check.application.ce_hours_range": (
        "{what} {hours} 不合理：应为 0 至 {most}；请核对后更正",
        "{what} ({hours}) are implausible: expected 0 to {most}; check and correct them",
    ),
    "check.application.text_unprintable": ("{label}：{problem}", "{label}: {problem}"),
    # The pieces the messages above put together.
    "check.piece.compulsory": ("必修", "compulsory"),
    "check.piece.elective": ("选修", "elective"),
    "check.piece.declared": ("申报", "declared"),
    "check.piece.recorded": ("记录合计", "recorded"),
    "check.piece.declared_hours": ("申请填报的{hours_kind}学时", "the declared {hours_kind} hours"),
    "check.piece.record_hours": (
        "继续教育记录（{period}）的{hours_kind}学时",
        "the {hours_kind} hours of the record for {period}",
    ),
    "check.piece.list_separator": ("、", ", "),
    # -- computer checks: 更改、补办 ----------------------------------------------------
    "check.application.amend_reissue_missing": (
        "{choice}须填写{label}；请补填后再上报",
        "{choice} needs the {label}; fill it in before reporting",
    ),
    "check.application.amend_reissue_code": (
        "{label}的值“{value}”无效；可选：{known}",
        "the {label} '{value}' is not in its list; use one of: {known}",
    ),
    "check.application.amend_reissue_foreign": (
        "{choice}不填写{label}；请清空该项，或改选另一种办理方式",
        "{choice} does not use the {label}; clear it, or choose the other way",
    ),
    "check.application.amend_unchanged": (
        "{label}：更改前后内容相同（“{old}”）；请填写更改后的内容",
        "{label}: the value before and after the "
        "amendment is the same ('{old}'); enter the new value",
    ),
    "check.application.amend_new_mismatch": (
        "{label}：{detail}",
        "{label}: {detail}",
    ),
    "check.piece.amend_new_employer": (
        "更改后的单位名称“{new}”与申请中的聘用单位名称“{name}”不一致；须与地市登记的单位名称相同",
        "the new employer name '{new}' differs from the enterprise name on the "
        "application, '{name}'; it must be the name the city registered",
    ),
    "check.piece.amend_new_person": (
        "更改后的姓名“{new}”与申请人姓名“{name}”不一致；请先在企业人员信息中改正姓名",
        "the new name '{new}' differs from the applicant's name '{name}'; correct the "
        "person's name under enterprise staff first",
    ),
    "check.application.id_upgrade_old": (
        "{label}：身份证号升位的原号码“{old}”不是有效的15位身份证号；请填写升位前的15位号码",
        "{label}: the old number of an ID upgrade, "
        "'{old}', is not a valid 15-digit ID number; enter the 15-digit number before the "
        "upgrade",
    ),
    "check.application.id_upgrade_new": (
        "{label}：15位号码 {old} 升位后应为 {upgraded}，申请填写的新号码为“{new}”、"
        "申请人身份证号为 {id_number}；三者须一致",
        "{label}: the 15-digit number {old} upgrades "
        "to {upgraded}, but the new number is '{new}' and the applicant's ID number is "
        "{id_number}; all three must agree",
    ),
    "check.application.loss_declared_late": (
        "{label}：刊登日期 {declared} 晚于申请日期 {created}；须先登报声明遗失，再申请补办",
        "{label}: the loss declaration is "
        "dated {declared}, after the application ({created}); the loss must be declared in "
        "a newspaper before the reissue is applied for",
    ),
    "check.application.amend_reissue_other_kind": (
        "{label}只用于更改、补办申请，本申请不打印也不审核该项；请清空",
        "the {label} belongs to amend/reissue applications only; it is neither "
        "printed nor checked here: clear it",
    ),
    "check.piece.amend": ("更改", "an amendment"),
    "check.piece.reissue": ("补办", "a reissue"),
    # -- computer checks: the register ----------------------------------------------
    "check.register.already_registered": (
        "{name} 已持有有效的{specialty}注册证书 {certificate}（聘用单位 {uscc}，有效期至 "
        "{valid_until}），不能再申请初始注册：到期前请办理延续注册，更换单位请办理变更注册，"
        "证书遗失或信息变化请办理更改、补办",
        "{name} holds current {specialty} registration certificate {certificate} "
        "(employer {uscc}, valid until {valid_until}) and cannot apply for an initial "
        "registration: renew it before it expires, file a change application to move, or "
        "an amend/reissue application for a lost certificate or changed details",
    ),
    "check.register.duplicate_application": (
        "{name} 在本单位已有进行中的同专业申请 {number}（{other_kind}，{stage}），不能同时再办理"
        "{kind}；请等该申请办结，或先撤回该申请",
        "{name} already has active application {number} ({other_kind}, {stage}) of the "
        "same specialty with this enterprise, so another {kind} application cannot run at "
        "the same time; wait until that one is closed, or withdraw it first",
    ),
    "check.register.no_certificate": (
        "本节点注册库中没有 {name} 当前有效的{specialty}注册证书（申请填写 {cited}），{then}；"
        "请核对身份证号和注册专业，未在本系统登记的注册人员须先办理数据备案",
        "the register on this node holds no current {specialty} registration certificate "
        "for {name} (the application cites {cited}) and {then}: check the ID "
        "number and specialty, and have a person registered before this system filed "
        "first",
    ),
    "check.piece.no_certificate_refused": ("不能办理{kind}", "a {kind} application needs one"),
    "check.piece.no_certificate_province": (
        "省级审批时将据注册库核对后方可办理{kind}",
        "the province checks its register before it approves a {kind}",
    ),
    "check.piece.none_cited": ("无", "none"),
    "check.register.certificate_mismatch": (
        "申请填写的注册证书号 {cited} 与注册库中 {name} 当前有效的证书 {certificate} 不一致；"
        "请改为 {certificate}",
        "the application cites registration certificate {cited}, but {name}'s current "
        "certificate on file is {certificate}; change it to {certificate}",
    ),
    "check.register.validity_mismatch": (
        "申请填写的注册有效期至 {stated}，与注册库中证书 {certificate} 的有效期至 "
        "{valid_until} 不一致；请改为 {valid_until}",
        "the application says the registration is valid until {stated}, but certificate "
        "{certificate} on file is valid until {valid_until}; change it to {valid_until}",
    ),
    "check.register.change_same_employer": (
        "{name} 的注册证书 {certificate} 已注册在本单位（{uscc}），变更注册的新聘用单位不能是"
        "现聘用单位；单位名称等信息变化请办理更改、补办",
        "{name}'s certificate {certificate} is already registered with this enterprise "
        "({uscc}): a change of employer needs another employer; for a changed name or "
        "other details file an amend/reissue application",
    ),
    "check.register.ce_above_records": (
        "申报的继续教育{hours_kind}学时 {own} 多于{period}备案记录合计 {have} 学时；"
        "请按备案记录改为不超过 {have} 学时，或先补录继续教育备案",
        "the declared {hours_kind} continuing-education hours ({own}) exceed the filed "
        "records{period}, which total {have}; declare at most {have}, or have the missing "
        "records filed first",
    ),
    "check.piece.since": ("{day} 以来", " since {day}"),
    # -- computer checks: codes -----------------------------------------------------
    "check.uscc.invalid": ("{detail}", "{detail}"),
    "check.org_code.invalid": ("{detail}", "{detail}"),
    "check.id_number.invalid": ("{detail}", "{detail}"),
    "check.uscc.checksum": (
        "{label}“{code}”的校验码应为 {expected}，实为 {found}；部分早期代码不符合校验规则，"
        "需人工确认：请与营业执照原件核对",
        "{label}: the check character of USCC '{code}' should be {expected}, not {found}; "
        "some early codes do not conform, so this needs manual confirmation against the "
        "business licence",
    ),
    "check.uscc.org_code_checksum": (
        "{label}“{code}”第9-17位的组织机构代码“{org_code}”校验码应为 {expected}，实为 "
        "{found}；需人工确认：请与营业执照原件核对",
        "{label}: the organisation code '{org_code}' at positions 9-17 of USCC '{code}' "
        "should end in {expected}, not {found}; this needs manual confirmation against the "
        "business licence",
    ),
    # -- reasons the input errors quote -------------------------------------------------
    "reason.id_number.legacy_digit": (
        "15位旧号码应全部为数字，第 {position} 位是“{char}”",
        "a 15-digit legacy number must be all digits, position {position} is '{char}'",
    ),
    "reason.id_number.length": ("长度为 {length} 位", "it has {length} characters"),
    "reason.id_number.digit": (
        "前17位应为数字，第 {position} 位是“{char}”",
        "the first 17 characters must be digits, position {position} is '{char}'",
    ),
    "reason.id_number.last": (
        "末位应为数字或 X，实为“{char}”",
        "the last character must be a digit or X, not '{char}'",
    ),
    "reason.id_number.birth_invalid": (
        "出生日期 {digits} 不是有效日期",
        "the birth date {digits} is not a real date",
    ),
    "reason.id_number.birth_future": (
        "出生日期 {birth} 晚于今天（{today}）",
        "the birth date {birth} is after today ({today})",
    ),
    "reason.check_char": (
        "校验码应为 {expected}，实为 {found}",
        "the check character should be {expected}, not {found}",
    ),
    "reason.uscc.length": (
        "应为18位，实为 {length} 位",
        "it must have 18 characters, not {length}",
    ),
    "reason.uscc.chars": (
        "含有不允许的字符 {shown}（只用数字和除 I、O、Z、S、V 以外的大写字母）",
        "it contains {shown}, which are not allowed (only digits and capitals other than "
        "I, O, Z, S, V)",
    ),
    "reason.org_code.length": (
        "应为9位（可写作 XXXXXXXX-X），实为 {length} 位",
        "it must have 9 characters (may be written XXXXXXXX-X), not {length}",
    ),
    "reason.org_code.chars": (
        "前8位只能是数字或大写字母，含有 {shown}",
        "the first 8 characters must be digits or capitals; found {shown}",
    ),
    "reason.text.line_break": (
        "不能换行（此项只填一行）；请删除换行",
        "must be one line; remove the line break",
    ),
    "reason.text.control": (
        "含有不可见的控制字符 {named}；请删除后重新输入（可从原文重新键入，勿复制粘贴）",
        "holds the invisible control character {named}; delete it and type the text again "
        "(do not paste it)",
    ),
    "reason.text.glyph": (
        "含有打印字体中没有的字符 {char}（{named}），打印时无法显示；请改用通用字符",
        "holds the character {char} ({named}) that the printing font lacks and the form "
        "could not show; use a common character instead",
    ),
    "reason.text.lines": (
        "有 {lines} 行，超过申请表此栏可容纳的 {limit} 行；请合并成较少的行",
        "has {lines} lines, more than the {limit} the form's box holds; join them",
    ),
    "reason.text.length": (
        "长度 {length} 字超过申请表此栏可容纳的 {limit} 字；请缩写",
        "is {length} characters long, more than the {limit} the form's box holds; shorten it",
    ),
    "reason.hours": (
        "学时 {hours} 不合理：应为 0 至 {most} 的整数",
        "{hours} hours is implausible: expected a whole number from 0 to {most}",
    ),
    "reason.date.after_today": (
        "{label}不能晚于今天（{today}）",
        "the {label} is after today ({today})",
    ),
    "reason.date.too_early": (
        "早于 {earliest}，不合常理",
        "it is before {earliest}, which is implausible",
    ),
    "reason.date.performance_order": (
        "工作业绩结束日期早于开始日期 {start}",
        "the performance record ends before it starts ({start})",
    ),
    "reason.photo.size": (
        "文件大小 {size_kb} KB，超过 {limit_kb} KB 的上限",
        "the file is {size_kb} KB, over the {limit_kb} KB limit",
    ),
    "reason.photo.format": ("文件不是 JPEG 或 PNG 图片", "the file is not a JPEG or PNG image"),
    "reason.number.specialty": (
        "“{text}”的专业代码是 {found}，{specialty}应为 {code}",
        "“{text}” has specialty code {found}; {specialty_en} is {code}",
    ),
    "reason.number.certificate_form": (
        "“{text}”格式不对，应为 晋+专业代码+发证年份+编号，如 {example}",
        "“{text}” is not a certificate number: expected 晋, the specialty code, the year of "
        "issue and a number, e.g. {example}",
    ),
    "reason.number.certificate_year": (
        "“{text}”中的年份 {year} 不在 1990-{this_year} 之间",
        "the year {year} in “{text}” is not between 1990 and {this_year}",
    ),
    "reason.number.seal_form": (
        "“{text}”格式不对，应为 晋+专业代码+编号，如 {example}",
        "“{text}” is not a seal number: expected 晋, the specialty code and a number, "
        "e.g. {example}",
    ),
    "reason.password.short": ("至少 {length} 个字符", "at least {length} characters"),
    "reason.password.long": ("最多 {length} 个字符", "at most {length} characters"),
    "reason.password.spaces": (
        "不能以空格开头或结尾，不能含控制字符",
        "no leading or trailing spaces, no control characters",
    ),
    "reason.password.kinds": (
        "应包含字母、数字、符号中的至少两类",
        "use at least two kinds of character: letters, digits, symbols",
    ),
    "reason.password.username": ("不能包含用户名", "must not contain the user name"),
    "reason.password.common": ("过于常见，容易被猜中", "too common, easily guessed"),
    "expected.date": ("年-月-日格式的日期（如 2024-06-01）", "a date YYYY-MM-DD"),
    "expected.whole_number": ("整数", "a whole number"),
    "expected.yes_no": ("是或否", "yes or no"),
    "expected.assignment": ("“字段=值”的形式", "FIELD=VALUE"),
    "expected.barcode": (
        "申请表条形码下方印的 {length} 位数字（{number_length} 位申请编号、{digest} 位摘要、"
        "1 位校验码）",
        "{length} digits as printed under the barcode of an application form (the "
        "{number_length}-digit application number, a {digest}-digit digest, a check digit)",
    ),
    "expected.barcode_check": (
        "校验位正确的条形码（请重新扫描）",
        "a barcode whose check digit matches (re-scan it)",
    ),
    # -- the authority table's rules (core.authority), quoted in refusals --------------
    "authority.rule.self": ("节点只能描述它自己", "a node describes only itself"),
    "authority.rule.city_records": (
        "这些记录由市级为其人员登记",
        "the city keeps these records for its persons",
    ),
    "authority.rule.enterprise_enterprise": (
        "企业只在初始化时录入本企业信息；此后只能修改地址、联系人等，名称、编号和状态由市级管理",
        "a firm enters its record once; then it keeps only its address and contacts, the city "
        "keeps its name, number and status",
    ),
    "authority.rule.enterprise_city": (
        "市级只登记本市企业；企业迁往其他地市只能由省级办理",
        "a city registers its own firms; only the province moves a firm to another city",
    ),
    "authority.rule.person": (
        "注册状态由省级决定；企业只能为本企业登记人员",
        "the registration status is the province's decision; a firm employs persons only for "
        "itself",
    ),
    "authority.rule.application_personal": (
        "个人版只能填写草稿",
        "an applicant writes only drafts",
    ),
    "authority.rule.application_enterprise": (
        "企业只填写和上报本企业的申请；接收、审核属市级，审批属省级",
        "a firm drafts and reports its own applications; receipt and review are the city's, "
        "decisions the province's",
    ),
    "authority.rule.application_city": (
        "市级接收、审核、更正并上报本市企业的申请",
        "a city receives, reviews, corrects and forwards its own firms' applications",
    ),
    "authority.rule.performance": (
        "工作业绩只属于录入时的申请",
        "a performance record stays with the application it was entered for",
    ),
    "authority.rule.review": ("只有市级审核", "only the city reviews"),
    "authority.rule.conflict": ("各节点都记录冲突", "every node keeps the conflict ledger"),
    "authority.rule.province": ("省级可写入所有记录", "the province may write every record"),
    "authority.rule.frozen": (
        "已上报的申请在企业端只读，更正由市级修改或退回后重新申报",
        "a reported application is read-only at the firm; the city corrects it, or returns it "
        "for a new round",
    ),
    "authority.rule.province_only": (
        "只有省级能写入{kind}记录",
        "only the province writes {kind} records",
    ),
}
