"""The words of the first-run wizard, enrolment in the window, and trusting an
applicant's card from 注册数据接收 (merged into :data:`regsync.core.catalogue.TEXTS`)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # -- the first-run wizard ----------------------------------------------------------
    "setup.title": ("系统初始设置", "First-run set-up"),
    "setup.intro": (
        "本机还没有建立节点。请选择版本，填写单位信息，设置密钥口令，然后点“建立节点”。",
        "This computer has no node yet. Choose the edition, fill in the unit, choose the "
        "key passphrase, then press “Create the node”.",
    ),
    "setup.role": ("版本", "Edition"),
    "setup.name": ("单位名称（个人版填姓名）", "Unit name (personal edition: your name)"),
    "setup.city": ("所在地市代码", "City code"),
    "setup.uscc": ("统一社会信用代码", "Unified social credit code (USCC)"),
    "setup.uscc_confirmed": (
        "校验未通过的代码已与营业执照原件核对无误",
        "the code failing its check matches the business licence",
    ),
    "setup.org_code": ("组织机构代码（可不填）", "Organisation code (optional)"),
    "setup.passphrase": ("密钥口令", "Key passphrase"),
    "setup.passphrase_again": ("再次输入密钥口令", "Key passphrase again"),
    "setup.advanced": ("高级设置", "Advanced settings"),
    "setup.server": ("服务器地址", "Server address"),
    "setup.province": ("省级目录", "Province directory"),
    "setup.fetch": ("自动获取", "Fetch automatically"),
    "setup.create": ("建立节点", "Create the node"),
    "setup.code_ok": ("✓ 正确", "✓ valid"),
    "setup.province_none": ("（不使用）", "(none)"),
    "province.shanxi": ("山西省", "Shanxi"),
    "setup.directory_found": (
        "已读取{source}的省级目录（{nodes} 个管理节点）。省级根证书指纹：{fingerprint}，"
        "请与省级公布的指纹核对。同步服务器：{server}",
        "Read the province directory from {source} ({nodes} offices). Root fingerprint: "
        "{fingerprint}; compare it with the one the province publishes. Sync server: {server}",
    ),
    "setup.no_server": ("（未登记）", "(none listed)"),
    "setup.need_directory": (
        "请先在“高级设置”中选择省级目录或填写服务器地址，再点“自动获取”",
        "Choose a province directory or type the server address under Advanced settings, "
        "then press “Fetch automatically”",
    ),
    "setup.passphrase_short": (
        "密钥口令至少 8 个字符",
        "The key passphrase needs at least 8 characters",
    ),
    "setup.passphrase_differs": (
        "两次输入的密钥口令不一致",
        "The two key passphrases differ",
    ),
    "setup.fix_fields": (
        "请先改正标红的项目",
        "Correct the fields marked in red first",
    ),
    # -- enrolment (登记申请) ---------------------------------------------------------
    "setup.enrol_title": ("向上级管理部门登记", "Enrolment with the office above"),
    "setup.enrol_intro": (
        "节点已建立。请向上级管理部门提交登记申请；管理员签发证书后，点“查询登记状态”即可安装证书。"
        "也可以先进入系统，稍后在“在线注册/更新”中登记，或用数据包交换名片和证书。",
        "The node is created. Send the enrolment request to the office above; once it "
        "issues the certificate, press “Check the status” to install it. You can also open "
        "the window now and enrol later, or exchange the card and certificate on files.",
    ),
    "setup.enrol": ("提交登记申请", "Send the enrolment request"),
    "setup.enrol_status": ("查询登记状态", "Check the status"),
    "setup.enter": ("进入系统", "Open the window"),
    "setup.status_none": ("登记状态：尚未提交", "Enrolment: not requested yet"),
    "setup.status_pending": (
        "登记状态：已提交，等待上级管理部门签发证书",
        "Enrolment: requested, waiting for the office's certificate",
    ),
    "setup.status_certified": (
        "登记状态：已登记（证书已安装）",
        "Enrolment: enrolled (certificate installed)",
    ),
    "setup.no_server_enrol": (
        "本节点没有同步服务器：请在“高级设置”中填写服务器地址，或用数据包交换名片和证书",
        "This node has no sync server: type its address under Advanced settings, or "
        "exchange the card and certificate on files",
    ),
    # -- the enterprise exists already (在线注册/更新) ----------------------------------
    "setup.enterprise_exists": (
        "该企业已存在，是否获取企业的数据？\n是：用服务器上的企业数据替换本机的；否：保留本机的企业数据",
        "This enterprise exists already; fetch its data?\nYes: the server's record replaces "
        "this computer's; No: keep this computer's",
    ),
    "btn.yes": ("是", "Yes"),
    "btn.no": ("否", "No"),
    # -- trusting an applicant's card (注册数据接收) ------------------------------------
    "trust.title": ("信任申请人", "Trust the applicant"),
    "trust.unknown": (
        "数据包来自个人版节点 {sender}，本企业尚未信任该申请人。\n"
        "请打电话或当面与申请人核对其节点密钥指纹（个人版“本节点信息”中显示），一致时点“信任并导入”：",
        "The package comes from personal node {sender}, which this enterprise does not "
        "trust yet.\nCompare the key fingerprint with the applicant (by phone or in "
        "person; the personal edition shows it under its node information) and press "
        "“Trust and import” if it matches:",
    ),
    "trust.and_import": ("信任并导入", "Trust and import"),
}
