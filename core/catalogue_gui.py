"""Labels and messages of the Tk window (issue 18 item 5, issue 17 item 6): the codes it
shows as words (申请类别, 注册专业, 状态, 注册状态), and the lines and titles it builds
around other labels, in the format of :data:`regsync.core.catalogue.TEXTS`
(key -> (zh, en)); merged into it at the end of ``core/catalogue.py``.

The zh words of the kinds, specialties and stages are the ones the printed forms and
the exported workbooks use (``ApplicationKind.zh`` ...); a test keeps them equal."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # 申请类别 (ApplicationKind)
    "gui.kind.initial": ("初始注册", "initial"),
    "gui.kind.change": ("变更注册", "change"),
    "gui.kind.renewal": ("延续注册", "renewal"),
    "gui.kind.amend_reissue": ("更改、补办", "amendment or reissue"),
    "gui.kind.cancellation": ("资格注销", "cancellation"),
    # 注册专业 (Specialty)
    "gui.specialty.architect": ("二级注册建筑师", "architect"),
    "gui.specialty.structural": ("二级注册结构工程师", "structural"),
    # 状态 of an application (Stage)
    "gui.stage.draft": ("草稿", "draft"),
    "gui.stage.reported": ("已上报", "reported"),
    "gui.stage.received": ("市级已接收", "received"),
    "gui.stage.city_passed": ("市级审核通过", "city passed"),
    "gui.stage.city_failed": ("市级审核不通过", "city failed"),
    "gui.stage.forwarded": ("已报省级", "forwarded"),
    "gui.stage.approved": ("省级批准", "approved"),
    "gui.stage.rejected": ("省级不批准", "rejected"),
    "gui.stage.issued": ("已发证", "issued"),
    # 注册状态 of a registered person on the day of the query
    "gui.registration.active": ("有效", "valid"),
    "gui.registration.stopped": ("停止注册", "stopped"),
    # The coded cells of the record queries (as the exported workbook has them)
    "gui.records.passed": ("合格", "passed"),
    "gui.records.failed": ("不合格", "failed"),
    # Workbook column headers the other labels do not name
    "gui.records.seal_number": ("印章编号", "Seal number"),
    "gui.records.employer_uscc": ("聘用单位统一社会信用代码", "Employer USCC"),
    # How the window joins and wraps other texts
    "gui.join.messages": ("；", "; "),
    "gui.join.list": ("、", ", "),
    "gui.title.count": ("{action}（{count}）", "{action} ({count})"),
    "gui.title.about": ("{action}：{what}", "{action}: {what}"),
    # Lines the window builds (each as the CLI prints it)
    "gui.status.city_review": (
        "{verdict}（{reviewer}）{opinion}",
        "{verdict} ({reviewer}) {opinion}",
    ),
    "gui.check.line": ("{number}：{result}", "{number}: {result}"),
    "gui.province.decided_line": ("{number} {verdict}（{by}）", "{number} {verdict} ({by})"),
    "gui.receive.refused": (
        "已拒绝接收 {number}：{opinion}",
        "Refused to receive {number}: {opinion}",
    ),
    "gui.conflicts.value_by": ("{value}（{writer}）", "{value} ({writer})"),
    "gui.conflicts.resolved_how": ("{resolved}：{resolution}", "{resolved}: {resolution}"),
    # Reasons and expected values put into the core's refusals
    "gui.performance.add": ("添加工作业绩", "add performance records"),
    "gui.photo.unreadable": ("无法读取文件 {path}", "cannot read the file {path}"),
    "gui.value.whole_number": ("整数", "a whole number"),
}
