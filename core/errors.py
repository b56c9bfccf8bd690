"""Errors of the domain core.

Every error carries its message in Chinese and English, formatted from keyword
parameters, so the CLI and the Tk shell show the same text in the user's language.

    CoreError
    ├── ConfigError            a setting is missing or has the wrong form
    ├── ValidationError        user input breaks a rule (names the field)
    │   ├── InvalidIdNumber
    │   ├── InvalidUscc
    │   ├── UsccNeedsConfirmation
    │   ├── InvalidOrgCode
    │   ├── UnknownCity
    │   ├── MissingField
    │   ├── UnknownField
    │   ├── InvalidValue
    │   ├── InvalidCode        a coded field holds a value not in its list
    │   ├── InvalidPhoto       a 照片 that is not JPEG/PNG or is too large
    │   ├── InvalidPeriod      an end date before its start date
    │   ├── InvalidText        text with a control/bidi character, a missing glyph, too long
    │   └── InvalidDate        a date outside its plausible range (core.text_rules)
    ├── NotFound               a record does not exist
    ├── AlreadyExists          a record with this key already exists
    ├── NotAllowed             this edition/role may not do this
    ├── EnterpriseExists       企业信息管理: the enterprise is there already (fetch it)
    ├── RegisteredElsewhere    企业信息管理: another city licensed this firm (its to register)
    ├── InvalidState           the record's state forbids the action
    │   └── FrozenAfterReport  a reported application is read-only at the firm
    ├── ReportRefused          the computer check finds errors: it cannot be reported
    ├── ReviewRefused          the computer check finds errors: the city cannot pass it
    ├── RegisterConflict       the province's re-check against the register refuses a batch
    ├── SheetUnreadable        an imported file is not a workbook
    ├── SheetColumns           an imported sheet has the wrong header row
    ├── SheetRejected          rows of an imported sheet are wrong: nothing imported
    ├── NothingSelected        a batch command named no records (and not --all)
    ├── NotReported            a 申请表 is printed only after reporting
    ├── RegisteredNameFixed    the enterprise name is the city's to change
    ├── NotEnrolled            an enterprise without its city's certificate cannot report
    ├── ClockWrong             this computer's clock is far from the offices' time: no report
    ├── NotInSummary           a named application cannot be in this 汇总表 (kind, draft)
    ├── NotADraft              only a draft never reported can be deleted (删除)
    ├── StorageError           the database behind the ports cannot serve (kinds: adapters.sql)
    └── OperatorError          operator accounts and login (core.operators)
        ├── InvalidUsername    a user name outside the allowed characters/length
        ├── WeakPassword       a new password too short, too common, or the user name
        ├── PasswordsDiffer    the two entries of a new password differ
        ├── OperatorExists     an account with this user name exists
        ├── UnknownOperator    no account with this user name
        ├── UnknownOperatorRole  a role other than clerk/reviewer/administrator
        ├── LastAdministrator  the last active administrator cannot be disabled/demoted
        ├── AdministratorExists  设置管理员 is for a node without any account
        ├── OperatorForbidden  the logged-in operator's role may not do this
        ├── LoginRefused       wrong user name or password (or a disabled account)
        └── LoginThrottled     too many wrong passwords: says when to try again
"""

from __future__ import annotations

from typing import ClassVar


class CoreError(Exception):
    """Root of the domain errors; subclasses define ``zh`` and ``en`` templates."""

    zh: ClassVar[str] = "{detail}"
    en: ClassVar[str] = "{detail}"

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        template = self.en if lang == "en" else self.zh
        return template.format(**self.params)


class ConfigError(CoreError):
    zh = "配置项 {setting} 无效：应为 {expected}"
    en = "setting {setting} is invalid: expected {expected}"


class ValidationError(CoreError):
    """User input breaks a rule; ``params['field']`` names the field."""

    zh = "{field}：{detail}"
    en = "{field}: {detail}"


class InvalidIdNumber(ValidationError):
    zh = "{field} “{value}” 不是有效的身份证号：{reason_zh}（应为18位，末位为校验码 0-9 或 X）"
    en = "{field} '{value}' is not a valid ID number: {reason_en} (expected 18 characters, the last a check character 0-9 or X)"


class InvalidUscc(ValidationError):
    zh = "{field} “{value}” 不是有效的统一社会信用代码：{reason_zh}"
    en = "{field} '{value}' is not a valid unified social credit code (USCC): {reason_en}"


class UsccNeedsConfirmation(ValidationError):
    zh = "{field} “{value}” 未通过校验（按 GB 32100 应为 {expected}）；部分早期代码不符合校验规则。请与营业执照原件核对，确认无误后加 --uscc-confirmed 重新运行"
    en = "{field} '{value}' fails its check (GB 32100 expects {expected}); some early codes do not conform. Compare it with the business licence and, if it is right, run again with --uscc-confirmed"


class InvalidOrgCode(ValidationError):
    zh = "{field} “{value}” 不是有效的组织机构代码：{reason_zh}"
    en = "{field} '{value}' is not a valid organisation code: {reason_en}"


class UnknownCity(ValidationError):
    zh = "{field} “{value}” 不是山西省的地市代码；可用：{known}"
    en = "{field} '{value}' is not a Shanxi city code; known codes: {known}"


class MissingField(ValidationError):
    zh = "缺少必填项 {field}"
    en = "required field {field} is missing"


class UnknownField(ValidationError):
    zh = "没有名为 {field} 的字段；可用字段：{known}"
    en = "there is no field named {field}; known fields: {known}"


class InvalidValue(ValidationError):
    zh = "{field} 的值 “{value}” 无效：应为 {expected}"
    en = "{field} value '{value}' is invalid: expected {expected}"


class InvalidCode(ValidationError):
    """A coded field (资格取得方式, 资质类别 ...) holds a value not in its list."""

    zh = "{label_zh}（{field}）的值 “{value}” 不在代码表中；可用：{known}"
    en = "{label_en} ({field}) value '{value}' is not in its code list; use one of: {known}"


class InvalidPhoto(ValidationError):
    """A 照片 that is not a JPEG or PNG image, or is too large."""

    zh = "照片（{field}）不能使用：{reason_zh}；请选择不超过 {limit_kb} KB 的 JPEG 或 PNG 证件照"
    en = "the photo ({field}) cannot be used: {reason_en}; choose a JPEG or PNG ID photo of at most {limit_kb} KB"


class InvalidPeriod(ValidationError):
    """A period whose end is before its start (劳动合同起止日期 ...)."""

    zh = "{label_zh}：终止日期 {end} 早于起始日期 {start}；请核对后重新填写"
    en = "{label_en}: the end date {end} is before the start date {start}; check and correct them"


class InvalidText(ValidationError):
    """A typed text the form cannot hold (core.text_rules): names field and character."""

    zh = "{field}：{reason_zh}"
    en = "{field}: {reason_en}"


class InvalidDate(ValidationError):
    """A date outside its plausible range (in the future, a period ending before it starts)."""

    zh = "{field} 的日期 {value} 不合理：{reason_zh}；请核对后重新填写"
    en = "{field} date {value} is implausible: {reason_en}; check and correct it"


class NotFound(CoreError):
    zh = "找不到{what} {key}"
    en = "{what_en} {key} not found"


class AlreadyExists(CoreError):
    zh = "{what} {key} 已存在"
    en = "{what_en} {key} already exists"


class NotAllowed(CoreError):
    zh = "{role} 版不能{action_zh}"
    en = "the {role} edition cannot {action_en}"


class InvalidState(CoreError):
    zh = "申请 {number} 当前状态为 {stage}，不能{action_zh}"
    en = "application {number} is at stage {stage} and cannot {action_en}"


class FrozenAfterReport(InvalidState):
    """The seed's rule: once reported, an application and its 工作业绩 are read-only
    at the firm; corrections go through the city (修改) or a new round (退回 -> 重新申报)."""

    zh = (
        "申请 {number} 已上报（当前状态：{stage_zh}），企业端不能再{action_zh}；"
        "如需更正，请市级在审核前修改（regsync receive correct），"
        "或由市级退回、审核不通过后重新申报（regsync apply reopen）再修改"
    )
    en = (
        "application {number} has been reported (stage {stage}) and the enterprise can no "
        "longer {action_en}; to correct it, ask the city to correct it before review "
        "(`regsync receive correct`), or to refuse or fail it and then re-apply "
        "(`regsync apply reopen`) and edit the new round"
    )


class ReportRefused(CoreError):
    zh = "申请 {number} 未通过计算机核查，不能上报：{detail_zh}"
    en = "application {number} fails the computer check and cannot be reported: {detail_en}"


class NotReported(CoreError):
    zh = "申请 {number} 当前状态为 {stage}，尚未上报，不能打印申请表（条形码须与上报数据一致）；请先上报，或用 regsync print sample 打印样表核对"
    en = "application {number} is at stage {stage} and has not been reported, so its form cannot be printed (the barcode must match the reported data); report it first, or print a proof with `regsync print sample`"


class ReviewRefused(CoreError):
    zh = "申请 {number} 未通过计算机核查，不能审核通过：{detail_zh}；请先修改（regsync receive correct），或审核不通过"
    en = "application {number} fails the computer check and cannot pass review: {detail_en}; correct it first (regsync receive correct) or fail it"


class RegisterConflict(CoreError):
    """The province's re-check before approving or issuing: applications that conflict
    with the register (a second certificate, a stale certificate number...).  The batch
    is refused whole; ``detail_*`` names each application and the rule (its code)."""

    zh = "以下 {count} 项申请与注册库不符，不能{action_zh}，本批未作任何修改：{detail_zh}；{advice_zh}"
    en = "{count} application(s) conflict with the register and cannot {action_en}; nothing in this batch was changed: {detail_en}; {advice_en}"


class SheetColumns(CoreError):
    zh = "{what}的表头不对：应为 {expected}，实际为 {found}；未导入任何数据"
    en = "the header row of the {what_en} sheet is wrong: expected {expected}, found {found}; nothing was imported"


class SheetRejected(CoreError):
    zh = "{what}有 {count} 行错误，未导入任何数据：{detail}；改正后重新导入，或加 --only-good 只导入正确的 {good} 行"
    en = "the {what_en} sheet has {count} bad rows, nothing was imported: {detail}; correct them and import again, or add --only-good to import only the {good} good rows"


class NothingSelected(CoreError):
    zh = "没有选择记录：请给出编号，或用 --all 选择全部"
    en = "no records selected: name them, or use --all to select every one"


class RegisteredElsewhere(CoreError):
    zh = "统一社会信用代码 {uscc} 的登记机关在 {region} 地区，不属于本市（{city}）：该企业应由其所在地市登记，本市登记会被省级拒收，未作任何修改。如企业确已迁入本市，请联系省级核实（系统尚不支持跨地市迁移）"
    en = "the USCC {uscc} was issued in region {region}, not in this city ({city}): that city registers the firm, and the province would refuse this city's registration; nothing was changed. If the firm has moved here, contact the province (moving a firm between cities is not supported yet)"


class EnterpriseExists(CoreError):
    zh = "该企业已存在（{key} {name}），是否获取企业的数据？不再新增；要把服务器上的数据更新下来，请与省级同步（regsync sync 或导入省级数据包）"
    en = "this enterprise exists already ({key} {name}); nothing was added. To fetch its data from the server, sync with the province (regsync sync, or import the province's bundle)"


class SheetUnreadable(CoreError):
    zh = "无法读取 {path}：{reason_zh}"
    en = "cannot read {path}: {reason_en}"


class RegisteredNameFixed(CoreError):
    zh = "企业名称以地市登记为准，企业版不能修改；企业更名请按程序由所在地市初审部门报省级更改，地市更新后用 regsync sync（或导入地市的数据包）刷新企业基本信息"
    en = "the enterprise name is the one registered with the city and cannot be changed here; a renamed firm files its papers with the city, and once the city has updated it, `regsync sync` (or the city's bundle) refreshes it"


class ClockWrong(CoreError):
    zh = "本机时钟有误，不能上报：本机时间 {now}，而本机收到的地市或省级最新数据时间为 {office}（{detail_zh}）。请在电脑的“日期和时间”设置中校正日期和时间后重新上报；如本机日期确实无误，请先与地市同步后再上报"
    en = "this computer's clock is wrong, so nothing can be reported: it reads {now}, while the newest data from the city or province on this node is dated {office} ({detail_en}). Correct the date and time in the computer's settings and report again; if the date really is right, sync with your city first"


class NotEnrolled(CoreError):
    zh = "本企业尚未在地市完成注册（{reason_zh}），不能上报；请先运行 regsync node card 把名片交地市签发证书，再用 regsync node trust 导入省级根证书、地市证书和本企业证书"
    en = "this enterprise is not enrolled with its city yet ({reason_en}), so it cannot report; run `regsync node card`, have the city certify the card, then install the province root, the city's and this enterprise's certificates with `regsync node trust`"


class StorageError(CoreError):
    """Root of the storage errors: the database behind the ports cannot serve the request.

    The kinds (unreachable, not initialised, schema too new...) live with the storage
    adapter (:mod:`regsync.adapters.sql.errors`); the root is here so that the layers
    above, and the other adapters (the HTTP server answers 503), can name the kind
    without importing the storage adapter.
    """


class OperatorError(CoreError):
    """Root of the operator-account and login errors (:mod:`regsync.core.operators`)."""


class InvalidUsername(OperatorError):
    zh = "用户名 “{value}” 无效：应为 2-32 个字母、数字、汉字或 . _ -"
    en = "user name '{value}' is invalid: use 2 to 32 letters, digits, Chinese characters or . _ -"


class WeakPassword(OperatorError):
    zh = "密码太弱，未作修改：{reason_zh}"
    en = "the password is too weak, nothing was changed: {reason_en}"


class PasswordsDiffer(OperatorError):
    zh = "两次输入的密码不一致，未作修改"
    en = "the two entries of the password differ; nothing was changed"


class OperatorExists(OperatorError):
    zh = "操作员 {username} 已存在；修改密码请用 regsync user passwd {username}"
    en = "operator {username} exists already; to change the password use `regsync user passwd {username}`"


class UnknownOperator(OperatorError):
    zh = "没有操作员 {username}；已有：{known}"
    en = "there is no operator {username}; existing: {known}"


class UnknownOperatorRole(OperatorError):
    zh = "操作员角色 “{value}” 无效；可用：clerk（经办人）、reviewer（审核人）、administrator（管理员）"
    en = "operator role '{value}' is invalid; use clerk, reviewer or administrator"


class LastAdministrator(OperatorError):
    zh = "{username} 是本节点最后一个有效的管理员，不能停用或降级；请先添加另一个管理员"
    en = "{username} is the last active administrator of this node and cannot be disabled or demoted; add another administrator first"


class AdministratorExists(OperatorError):
    zh = "本节点已有操作员账号，不能再“设置管理员”；请用管理员账号登录"
    en = "this node has operator accounts already, so no administrator can be set up; log in with an administrator's account"


class OperatorForbidden(OperatorError):
    zh = "操作员 {username}（{role_zh}）无权{action_zh}；请由管理员操作"
    en = "operator {username} ({role_en}) may not {action_en}; ask an administrator"


class LoginRefused(OperatorError):
    zh = "用户名或密码错误（或账号已停用）"
    en = "wrong user name or password (or the account is disabled)"


class LoginThrottled(OperatorError):
    zh = "用户名 {username} 连续输错密码 {count} 次，请于 {retry_at} 后再试{lockout_zh}"
    en = "{count} wrong passwords in a row for {username}: try again after {retry_at}{lockout_en}"


class NotInSummary(CoreError):
    zh = "申请 {number} 不能列入本汇总表：{why_zh}"
    en = "application {number} cannot be in this summary: {why_en}"


class NotADraft(CoreError):
    zh = "申请 {number} 当前状态为 {stage_zh}，不能删除：只有从未上报的草稿可以删除；已上报的申请由市级退回或审核不通过后重新申报"
    en = "application {number} is at stage {stage} and cannot be deleted: only a draft that was never reported can; a reported application goes back through the city (refusal or failed review) and is reported again"
