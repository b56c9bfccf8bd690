"""Labels and messages of the screens of issue 17 items 3-5 (汇总表 batches, draft
删除, 人员出省, 选择发送目标), in the format of :data:`regsync.core.catalogue.TEXTS`
(key -> (zh, en)); merged into it at the end of ``core/catalogue.py``."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "field.date_from": ("起始日期", "From"),
    "field.date_to": ("截止日期", "To"),
    "col.step_date": ("上报日期", "Reported on"),
    "col.passed_on": ("审核通过日期", "Passed on"),
    "msg.summary_listed": (
        "{count} 条可汇总；请在需要汇总的记录前的方框里打“√”，再点“打印”或“导出报表”",
        "{count} rows to summarise: tick the ones to summarise, then Print or Export",
    ),
    "btn.delete": ("删除", "Delete"),
    "msg.confirm_delete": (
        "确定删除草稿 {number}（{name}）吗？删除后不能恢复。",
        "Delete the draft {number} ({name})? This cannot be undone.",
    ),
    "msg.deleted": ("已删除 {number}", "Deleted {number}"),
    "msg.choose_target": ("选择发送目标", "Choose where to send"),
    "field.target": ("发送目标", "Send to"),
    "btn.leave_add": ("登记出省", "Record a leave"),
    "field.leave_person": ("身份证号", "ID number"),
    "field.leave_destination": ("调往省份", "Moving to (province)"),
    "field.leave_date": ("出省日期", "Date of leaving"),
    "field.leave_reason": ("出省原因", "Reason"),
    "msg.leave_recorded": (
        "已登记人员出省 {person}，注册状态：停止注册",
        "Recorded that {person} left the province; registration stopped",
    ),
}
