"""Messages the command line prints (``regsync ...`` and ``regsync demo``), in the
format of :data:`regsync.core.catalogue.TEXTS` (key -> (zh, en)); merged into it at the
end of ``core/catalogue.py``.  Keys: ``cli.<topic>.<what>`` and ``demo.<what>``."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # shared words
    "cli.list_sep": ("、", ", "),
    "cli.photo_unreadable": ("（无法识别的照片）", "(unreadable photo)"),
    "cli.none": ("无", "none"),
    "cli.kind.initial": ("初始注册", "initial registration"),
    "cli.kind.change": ("变更注册", "change of employer"),
    "cli.kind.renewal": ("延续注册", "renewal"),
    "cli.kind.amend_reissue": ("更改、补办", "amendment or reissue"),
    "cli.kind.cancellation": ("资格注销", "cancellation"),
    "cli.specialty.architect": ("二级注册建筑师", "architect"),
    "cli.specialty.structural": ("二级注册结构工程师", "structural engineer"),
    "cli.stage.draft": ("草稿", "draft"),
    "cli.stage.reported": ("已上报", "reported"),
    "cli.stage.received": ("市级已接收", "received by the city"),
    "cli.stage.city_passed": ("市级审核通过", "passed by the city"),
    "cli.stage.city_failed": ("市级审核不通过", "failed by the city"),
    "cli.stage.forwarded": ("已报省级", "forwarded to the province"),
    "cli.stage.approved": ("省级批准", "approved by the province"),
    "cli.stage.rejected": ("省级不批准", "rejected by the province"),
    "cli.stage.issued": ("已发证", "certificate issued"),
    "cli.registration.active": ("有效", "valid"),
    "cli.registration.stopped": ("停止注册", "stopped"),
    # registry, query, filing, print summaries
    "cli.query.count": (
        "{title}：{count} 条（导出到 Excel：regsync export {query} -o FILE.xlsx）",
        "{title}: {count} rows (to Excel: regsync export {query} -o FILE.xlsx)",
    ),
    "cli.registry.certificates": ("证书：", "Certificates:"),
    "cli.registry.seals": ("印章：", "Seals:"),
    "cli.registry.certificates_seals": ("证书印章：", "Certificates and seals:"),
    "cli.registry.conduct": ("良好行为与不良行为：", "Good and bad conduct:"),
    "cli.registry.performance": ("工作业绩：", "Work records:"),
    "cli.registry.applications": ("历次申报情况：", "Applications:"),
    "cli.filing.exam_dry_run": (
        "可导入（未写入）：新增 {added} 条，更新 {updated} 条，跳过错误行 {skipped} 行",
        "Could import (nothing written): {added} added, {updated} updated, "
        "{skipped} bad rows skipped",
    ),
    "cli.filing.skipped_row": ("  跳过 {row}", "  skipped {row}"),
    "cli.summaries.written": ("{file}  {title}（{count} 人）", "{file}  {title} ({count} persons)"),
    "cli.summaries.none": ("没有可汇总的申报", "No submissions to summarise"),
    # persons, applications, 工作业绩, check
    "cli.person.added": ("已添加人员 {name} {id_number}", "Added person {name} {id_number}"),
    "cli.person.saved": ("已保存人员 {name} {id_number}", "Saved person {name} {id_number}"),
    "cli.person.photo_expected": ("可读取的 JPEG 或 PNG 文件", "a readable JPEG or PNG file"),
    "cli.apply.deleted": ("已删除草稿 {number}（{name}）", "Deleted the draft {number} ({name})"),
    "cli.apply.reopened": (
        "申请 {number} 已重新打开为第 {round} 轮草稿，修改后可再次上报",
        "Application {number} is open again as the draft of round {round}: edit it and "
        "report it again",
    ),
    "cli.apply.city_level": ("市级", "city"),
    "cli.apply.province_level": ("省级", "province"),
    "cli.apply.opinions": ("审核与审批意见：", "Review and decision opinions:"),
    "cli.perf.added": ("已添加工作业绩 {id}", "Added work record {id}"),
    "cli.perf.saved": ("已保存工作业绩 {id}", "Saved work record {id}"),
    "cli.perf.removed": (
        "已删除工作业绩 {id}（{project}）",
        "Deleted work record {id} ({project})",
    ),
    "cli.check.passed": ("通过", "passed"),
    "cli.check.failed": ("未通过", "failed"),
    # enterprise edition: 企业基本信息, 在线上报, 上报情况查询
    "cli.enterprise.saved": ("已保存企业基本信息", "Saved the enterprise's basic information"),
    "cli.report.no_root": ("尚未导入省级根证书", "the province root certificate is not installed"),
    "cli.report.bad_certificate": ("本企业证书无效：{reason}", "no valid certificate: {reason}"),
    "cli.report.no_certificate": (
        "尚未导入地市签发的本企业证书",
        "the city's certificate is not installed",
    ),
    "cli.report.bundle": (
        "已上报 {count} 份申请：{numbers}；数据包 {file}（只有 {peer} 能打开），请交给接收方。"
        "现在可以打印申请表：regsync print form",
        "Reported {count} applications: {numbers}; bundle {file} (only {peer} can open it): "
        "hand it to the receiver. The application forms can be printed now: regsync print form",
    ),
    "cli.report.online": (
        "已在线上报 {count} 份申请：{numbers}（{url}，{peer}）。"
        "现在可以打印申请表：regsync print form",
        "Reported {count} applications online: {numbers} ({url}, {peer}). "
        "The application forms can be printed now: regsync print form",
    ),
    "cli.status.review": ("{verdict}（{reviewer}）{opinion}", "{verdict} ({reviewer}) {opinion}"),
    # city edition: 申报接收, 申报审核, 申报上报
    "cli.city.total": ("共 {count} 条（{stage}）", "{count} in all ({stage})"),
    "cli.city.show_submissions": ("查看申报", "show submissions"),
    "cli.city.hint": ("信息提示：{hint}", "Notes: {hint}"),
    "cli.city.corrected": ("已修改 {number}", "Corrected {number}"),
    "cli.city.received": ("已接收 {count} 条", "Received {count}"),
    "cli.city.refused": ("已拒绝接收 {number}：{reason}", "Refused {number}: {reason}"),
    "cli.city.review_passed": (
        "{number} 审核通过（审查人员 {reviewer}）",
        "{number} passed (reviewer {reviewer})",
    ),
    "cli.city.review_failed": (
        "{number} 审核不通过（审查人员 {reviewer}）",
        "{number} failed (reviewer {reviewer})",
    ),
    "cli.city.province_certificate": ("省级节点证书", "province certificate"),
    "cli.city.then": ("{first}；{then}", "{first}; {then}"),
    "cli.city.send_later": (
        "随下次与省级同步发送（regsync bundle export --to 省级节点 或 regsync sync）",
        "sent with the next sync with the province (regsync bundle export --to PROVINCE, "
        "or regsync sync)",
    ),
    "cli.city.forwarded": ("已上报省级 {count} 条", "Forwarded {count} to the province"),
    "cli.city.forwarded_bundle": (
        "已上报省级 {count} 条；数据包 {file}（{changesets} 个变更集），请交省级导入",
        "Forwarded {count} to the province; bundle {file} ({changesets} changesets): "
        "hand it to the province to import",
    ),
    # print, export, scan
    "cli.print.form_progress": ("打印申请表", "Printing application forms"),
    "cli.print.sample_progress": ("打印样表", "Printing sample forms"),
    "cli.print.form_done": (
        "已打印 {count} 份申请表到 {file}",
        "printed {count} form(s) to {file}",
    ),
    "cli.print.sample_done": (
        "已打印 {count} 份样表到 {file}",
        "printed {count} sample(s) to {file}",
    ),
    "cli.print.not_printed": ("未打印 {count} 份：", "{count} not printed:"),
    "cli.print.summary_done": (
        "已输出{title}（{count} 人）到 {file}",
        "Wrote {title} ({count} persons) to {file}",
    ),
    "cli.export.done": (
        "已导出{title} {count} 行到 {file}",
        "Exported {title}: {count} rows to {file}",
    ),
    "cli.scan.matches": ("纸质申请表与当前数据一致", "paper matches the current data"),
    "cli.scan.reprint": (
        "需要重新打印：打印后数据已修改，纸质申请表已过期（当前条形码 {barcode}）",
        "reprint needed: the data changed after this form was printed (current barcode {barcode})",
    ),
    "cli.scan.sep": ("；", "; "),
    "cli.scan.changed": ("打印后修改的项目：{fields}", "changed since printing: {fields}"),
    "cli.scan.no_copy": (
        "本节点没有保存该纸质表打印时的内容，无法指出修改了哪些项目；"
        "请用 regsync apply show 与纸质表核对",
        "this node kept no copy of the printed content, so the changed fields cannot be named "
        "here; compare the paper with `regsync apply show`",
    ),
    # sync server, sync, enrolment
    "cli.role.province": ("省级", "province"),
    "cli.role.city": ("地市", "city"),
    "cli.role.enterprise": ("企业", "enterprise"),
    "cli.role.personal": ("个人", "personal"),
    "cli.http.retry": ("{wait} 秒后第 {attempt} 次重试", "retry {attempt} in {wait}s"),
    "cli.http.incomplete_health": ("健康检查应答不完整", "incomplete health answer"),
    "cli.http.certified_for": (
        "其密钥的证书属于 {holder}，不是 {node}",
        "its key is certified for {holder}, not {node}",
    ),
    "cli.http.synced": (
        "已与 {url}（{peer}）同步：上传 {sent} 个变更集（{sent_changes} 条变更），"
        "收到新变更集 {received}（{received_changes} 条变更），重复 {duplicates}，冲突 {conflicts}",
        "Synced with {url} ({peer}): sent {sent} changesets ({sent_changes} changes), "
        "received {received} new changesets ({received_changes} changes), "
        "{duplicates} duplicates, {conflicts} conflicts",
    ),
    "cli.http.serving": (
        "{role}节点 {node} 在 {url} 上提供服务（{workers} 个工作进程）",
        "{role} {node} on {url} ({workers} worker(s))",
    ),
    "cli.http.stopped": ("服务已停止", "server stopped"),
    "cli.http.no_server": ("（未登记）", "(none)"),
    "cli.http.directory_read": (
        "已从 {source} 读取省级目录（{count} 个节点），省级根证书指纹 {fingerprint}，"
        "请与省级公布的指纹核对；同步服务器 {server}",
        "Read the province directory from {source} ({count} nodes); province root fingerprint "
        "{fingerprint}: compare it with the one the province published; sync server {server}",
    ),
    "cli.http.no_root": ("目录中没有省级根证书", "the directory has no root"),
    "cli.http.enrol_sent": (
        "已向 {url} 提交登记申请（指纹 {fingerprint}）；"
        "管理员签发证书后，再运行一次 regsync node enrol 即可安装",
        "Sent the enrolment request to {url} (fingerprint {fingerprint}); once the office "
        "has certified this node, run regsync node enrol again to install the certificate",
    ),
    "cli.http.certificate_installed": (
        "已安装本节点证书 {serial}，证书链有效",
        "Installed this node's certificate {serial}; the chain is valid",
    ),
    "cli.http.request_pending": ("待签发", "pending"),
    "cli.http.request_certified": ("已签发", "certified"),
    # node card, certify, revoke, trust
    "cli.trust.card_written": (
        "已写出节点密钥卡 {file}（指纹 {fingerprint}）",
        "Wrote the node card {file} (fingerprint {fingerprint})",
    ),
    "cli.trust.certified": (
        "已为 {label} 签发节点证书 {serial}，写入 {file}",
        "Certified {label}: certificate {serial} written to {file}",
    ),
    "cli.trust.cutoff": ("{stream} 至第 {seq} 号", "{stream} up to {seq}"),
    "cli.trust.cutoff_sep": ("，", ", "),
    "cli.trust.revoked": (
        "已吊销证书 {serial}（{label}），写入 {file}；吊销前已接收的变更仍然有效：{kept}",
        "Revoked certificate {serial} ({label}), written to {file}; the changes received "
        "before the revocation stay valid: {kept}",
    ),
    "cli.trust.root": ("根证书：{label}（{node}）", "Root certificate: {label} ({node})"),
    "cli.trust.node_certificate": (
        "节点证书：{label}（{node}）",
        "Node certificate: {label} ({node})",
    ),
    "cli.trust.revocation": (
        "证书吊销：序列号 {serial}（{reason}）",
        "Revocation: serial {serial} ({reason})",
    ),
    "cli.trust.handover": ("密钥交接：节点 {node} 的新密钥", "Key handover: the new key of {node}"),
    "cli.trust.personal_card": (
        "个人版节点密钥卡：{label}（{node}）",
        "Personal edition node card: {label} ({node})",
    ),
    "cli.trust.fingerprint": ("指纹：{fingerprint}", "Fingerprint: {fingerprint}"),
    "cli.trust.confirm": (
        "请与签发方核对指纹，一致时输入“是”确认：",
        "Compare the fingerprint with the issuer; type y if it matches: ",
    ),
    "cli.trust.installed": (
        "已安装{what}，指纹 {fingerprint}",
        "Installed {what}, fingerprint {fingerprint}",
    ),
    "cli.trust.installed_chain": (
        "已安装{what}，指纹 {fingerprint}，证书链有效",
        "Installed {what}, fingerprint {fingerprint}; the chain is valid",
    ),
    # 二级注册人员 filing
    "cli.filing.register_dry_run": (
        "可备案（未写入）：新增 {added} 人次，更新 {updated} 人次，跳过错误行 {skipped} 行",
        "Could file (nothing written): {added} added, {updated} updated, "
        "{skipped} bad rows skipped",
    ),
    "cli.filing.registration": (
        "{person} {specialty} 证书 {number}，{issued} 至 {valid_until}，聘用单位 {employer}",
        "{person} {specialty} certificate {number}, {issued} to {valid_until}, employer {employer}",
    ),
    "cli.filing.filed": ("已备案：{registration}", "Filed: {registration}"),
    "cli.filing.corrected": ("已更正：{registration}", "Corrected: {registration}"),
    # bundles
    "cli.bundle.exported": (
        "已导出 {changesets} 个变更集（{changes} 条变更）到 {file}，接收方 {peer}",
        "Exported {changesets} changesets ({changes} changes) to {file}, for {peer}",
    ),
    "cli.bundle.snapshot_exported": (
        "已导出快照（{items} 项）到 {file}，接收方 {peer}",
        "Exported a snapshot ({items} items) to {file}, for {peer}",
    ),
    "cli.bundle.snapshot_imported": (
        "已导入快照：{records} 条记录，{streams} 个数据流；本节点记录重写 {rewritten} 条",
        "Imported the snapshot: {records} records, {streams} streams; "
        "{rewritten} of this node's records rewritten",
    ),
    "cli.bundle.snapshot_verified": (
        "快照校验通过（未写入）：{records} 条记录，{streams} 个数据流；"
        "本节点将重写记录 {rewritten} 条",
        "Snapshot verified (nothing written): {records} records, {streams} streams; "
        "{rewritten} of this node's records would be rewritten",
    ),
    "cli.bundle.imported": (
        "已导入：新变更集 {changesets}（{changes} 条变更），已有（重复）{duplicates}，"
        "冲突 {conflicts}",
        "Imported: {changesets} new changesets ({changes} changes), {duplicates} already "
        "held, {conflicts} conflicts",
    ),
    "cli.bundle.verified": (
        "校验通过（未写入）：新变更集 {changesets}（{changes} 条变更），"
        "已有（重复）{duplicates}，冲突 {conflicts}",
        "Verified (nothing written): {changesets} new changesets ({changes} changes), "
        "{duplicates} already held, {conflicts} conflicts",
    ),
    "cli.bundle.conflict": ("  冲突 {conflict}", "  conflict {conflict}"),
    "cli.bundle.header.bundle": ("数据包", "bundle"),
    "cli.bundle.header.schema": ("格式版本", "schema"),
    "cli.bundle.header.sender": ("发送方", "sender"),
    "cli.bundle.header.recipient": ("接收方", "recipient"),
    "cli.bundle.header.created": ("生成时间", "created"),
    "cli.bundle.header.sealed": ("已加密", "sealed"),
    "cli.bundle.header.changes": ("变更数", "changes"),
    # change log, conflicts, compaction
    "cli.yes": ("是", "yes"),
    "cli.no": ("否", "no"),
    "cli.conflicts.resolved": ("已处理冲突 {id}：{how}", "Resolved conflict {id}: {how}"),
    "cli.compact.dry_run": (
        "可压缩 {dropped} 个变更集，保留 {kept} 个",
        "Could drop {dropped} changesets, keeping {kept}",
    ),
    "cli.compact.done": (
        "已压缩 {dropped} 个变更集，保留 {kept} 个",
        "Dropped {dropped} changesets, kept {kept}",
    ),
    # backup, restore
    "cli.backup.done": (
        "已备份节点 {name}（{node}）到 {file}（{size} 字节，已核验）；"
        "请把备份文件保存在另一台电脑或U盘上",
        "Backed up node {name} ({node}) to {file} ({size} bytes, verified); keep the file "
        "on another computer or a USB stick",
    ),
    "cli.backup.restored": (
        "已把节点 {name}（{node}）于 {taken} 的备份恢复到 {home}。注意：备份之后本节点发出的"
        "变更不在备份中，本节点先要取回它们才能录入或修改：请在线同步（regsync sync），"
        "或导入上级节点用 --resend 导出的数据包",
        "Restored the backup of node {name} ({node}) taken {taken} into {home}. The changes "
        "this node sent after the backup are not in it: before anything can be entered or "
        "changed, the node must get them back: sync online (regsync sync), or import a "
        "bundle its office exported with --resend",
    ),
    # identity lock
    "cli.lock.pin_length": ("应为 {low}-{high} 个字符", "{low} to {high} characters"),
    "cli.lock.no_unit": ("未指定单位", "no unit given"),
    "cli.lock.made": (
        "已制作虚拟锁 {serial}（{unit}），公钥指纹 {fingerprint}，写入 {file}",
        "Made virtual lock {serial} ({unit}), key fingerprint {fingerprint}, written to {file}",
    ),
    "cli.lock.waiting": (
        "等待 vpcd（{host}:{port}，pcscd 在运行吗？）",
        "waiting for vpcd ({host}:{port}; is pcscd running?)",
    ),
    "cli.lock.inserted": ("虚拟锁已插入", "lock inserted"),
    "cli.lock.removed": ("读卡器断开，重新连接", "reader gone, reconnecting"),
    "cli.lock.ejected": ("虚拟锁已拔出", "lock ejected"),
    "cli.lock.stopped": ("虚拟锁已停止", "the virtual lock stopped"),
    "cli.lock.field.reader": ("读卡器", "reader"),
    "cli.lock.field.serial": ("序列号", "serial"),
    "cli.lock.field.unit": ("单位", "unit"),
    "cli.lock.field.public_key": ("公钥", "public key"),
    "cli.lock.field.fingerprint": ("指纹", "fingerprint"),
    "cli.lock.field.tries_left": ("剩余尝试次数", "tries left"),
    "cli.lock.field.tries_max": ("最多尝试次数", "tries at most"),
    "cli.lock.field.blocked": ("已锁定", "blocked"),
    # node, init, database schema
    "cli.node.initialised": (
        "已初始化{role}节点 {node}（{scope}），目录 {home}",
        "Created {role} node {node} ({scope}) in {home}",
    ),
    "cli.node.initialised_lock": (
        "已初始化{role}节点 {node}（{scope}），目录 {home}，密钥在身份识别锁中",
        "Created {role} node {node} ({scope}) in {home}; the key is on the identity lock",
    ),
    "cli.node.field.node_id": ("节点编号", "node id"),
    "cli.node.field.role": ("类型", "role"),
    "cli.node.field.name": ("名称", "name"),
    "cli.node.field.scope": ("范围", "scope"),
    "cli.node.field.city_code": ("地市代码", "city code"),
    "cli.node.field.uscc": ("统一社会信用代码", "USCC"),
    "cli.node.field.public_key": ("公钥", "public key"),
    "cli.node.field.database": ("数据库", "database"),
    "cli.node.field.fingerprint": ("指纹", "fingerprint"),
    "cli.db.status": ("数据库结构版本 {current}（最新 {head}）", "schema {current} (head {head})"),
    "cli.db.upgraded": ("数据库结构版本 {before} -> {after}", "schema {before} -> {after}"),
    # personal packages
    "cli.package.written": (
        "已生成数据包 {file}（{count} 份申请），只有 {enterprise} 的企业版能接收；"
        "请把数据包和注册材料交给企业",
        "Wrote the package {file} ({count} applications); only the enterprise edition of "
        "{enterprise} can take it in: hand the package and the paper documents to the "
        "enterprise",
    ),
    "cli.package.received": (
        "已接收 {file}：{count} 份申请（来自个人版节点 {sender}）",
        "Took in {file}: {count} applications (from the personal edition node {sender})",
    ),
    "cli.package.outcome.new": ("新建草稿", "new draft"),
    "cli.package.outcome.updated": ("已更新", "updated"),
    "cli.package.outcome.unchanged": ("无变化", "unchanged"),
    "cli.package.outcome.kept": ("已上报，未改动", "already reported, left as it was"),
    # province edition
    "cli.province.list": ("查看待审批申请", "list applications to decide"),
    "cli.province.decided": ("{number} {verdict}（{by}）", "{number} {verdict} ({by})"),
    "cli.province.total": ("共 {count} 条", "{count} in all"),
    "cli.directory.written": (
        "已写出省级目录 {file}（{count} 个管理节点），根证书指纹 {fingerprint}：请随安装介质公布",
        "Wrote the province directory {file} ({count} office nodes); root fingerprint "
        "{fingerprint}: publish it with the installation media",
    ),
    "cli.peer_label": ("{name}（{edition}）{node}", "{name} ({edition}) {node}"),
    "cli.rotation.signer.keyfile": ("密钥文件", "key file"),
    "cli.rotation.signer.smartcard": ("身份识别锁", "identity lock"),
    "cli.rotation.done": (
        "已将节点密钥由 {old} 更换为 {new}（{signer}），交接文件 {file}；"
        "请用 regsync node card 写出新的节点密钥卡并申请新的节点证书，并把交接文件带到各单位导入",
        "Replaced the node key {old} by {new} ({signer}); handover file {file}: write the new "
        "node card with regsync node card and ask for a new node certificate, and carry the "
        "handover to every office to import",
    ),
    "cli.users.variable_unset": (
        "环境变量 {variable} 未设置或为空",
        "the environment variable {variable} is not set or empty",
    ),
    "cli.users.no_terminal": ("不在终端中运行", "not run in a terminal"),
    # regsync demo: progress lines and the closing summary
    "demo.none": ("无", "none"),
    "demo.sep": ("，", ", "),
    "demo.enterprises_expected": ("2 或更多", "2 or more"),
    "demo.province_built": ("省级 {name}：{node}", "Province {name}: {node}"),
    "demo.cities_built": (
        "{count} 个地市已由省级签发节点证书：{cities}",
        "{count} cities certified by the province: {cities}",
    ),
    "demo.firm_built": (
        "企业 {n}/{total} 已由所在地市签发节点证书",
        "Enterprise {n}/{total} certified by its city",
    ),
    "demo.firm_reported": (
        "企业 {n}/{total}：录入并上报申请 {count} 份",
        "Enterprise {n}/{total}: entered and reported {count} applications",
    ),
    "demo.applications": (
        "个人版/企业版：{firms} 家企业的申请 {total} 份（其中 {packages} 份来自个人版数据包），"
        "计算机核查通过后上报：太原在线，其余数据包交地市",
        "Personal and enterprise editions: {total} applications of {firms} enterprises "
        "({packages} from personal packages), reported after the computer check: online in "
        "Taiyuan, by bundle to the other cities",
    ),
    "demo.refused": (
        "拒绝接收：{city} 退回 {number}，企业补充业绩后第 2 轮重新上报",
        "Refused: {city} sent {number} back; the enterprise added a work record and "
        "reported it again in round 2",
    ),
    "demo.frozen": (
        "已上报只读：企业修改 {number} 被拒绝（{reason}）",
        "Reported means read-only: the enterprise's edit of {number} was refused ({reason})",
    ),
    "demo.concurrent": (
        "并发修改：企业与 {city} 同时修改企业联系电话 → 冲突台账 {count} 条",
        "Concurrent edit: the enterprise and {city} both changed the phone -> "
        "{count} in the conflict ledger",
    ),
    "demo.conflict_resolved": (
        "管理员处理冲突 {id}：{how}",
        "An administrator resolved conflict {id}: {how}",
    ),
    "demo.check_failure": (
        "计算机核查：{city} 更新企业名称后，{number} 的信息提示：{hint}",
        "Computer check: after {city} recorded the enterprise's new name, {number} notes: {hint}",
    ),
    "demo.city_done": (
        "地市 {city}：接收 {received}，上报省级 {forwarded}",
        "City {city}: received {received}, forwarded {forwarded}",
    ),
    "demo.cities_done": (
        "地市：接收时计算机核查发现错误 {errors} 份；审核通过 {passed}，不通过 {failed}；"
        "上报省级 {forwarded}",
        "Cities: the computer check found errors in {errors} on receipt; {passed} passed, "
        "{failed} failed; {forwarded} forwarded to the province",
    ),
    "demo.province_done": (
        "省级：批准 {approved}，发证 {issued}（证书号如 {example}）；"
        "考试成绩导入 {imported} 条，跳过错误行 {skipped} 行",
        "Province: {approved} approved, {issued} certificates issued (e.g. {example}); "
        "{imported} exam results imported, {skipped} bad rows skipped",
    ),
    "demo.back_city": (
        "回传：地市 {n}/{total} 已收到省级的审批结果",
        "Back: city {n}/{total} has the province's decisions",
    ),
    "demo.back_firm": (
        "回传：企业 {n}/{total} 已收到审批结果",
        "Back: enterprise {n}/{total} has the decisions",
    ),
    "demo.back_done": (
        "回传：审批结果、证书与印章经地市回到企业：{stages}",
        "Back: decisions, certificates and seals reached the enterprises through the "
        "cities: {stages}",
    ),
    "demo.duplicate": (
        "重复注册：再次初始注册 {number} 计算机核查不通过，上报被拒绝（{reason}）",
        "Duplicate registration: a second initial registration {number} fails the computer "
        "check and its report is refused ({reason})",
    ),
    "demo.filed": (
        "数据备案：补录上线前的注册人员 {name}（{certificate}，有效期至 {valid_until}），"
        "今天查询状态：{status}",
        "Filing: {name}, registered before go-live ({certificate}, valid until "
        "{valid_until}), filed; status today: {status}",
    ),
    "demo.not_printed": ("PDF {file} 未打印：{message}", "PDF {file} not printed: {message}"),
    "demo.documents": (
        "文档：写出 {count} 个文件到 {folder}",
        "Documents: {count} files written to {folder}",
    ),
    "demo.servers": (
        "在线同步：太原 {city}，省级 {province}（regsync serve）",
        "Online sync: Taiyuan {city}, province {province} (regsync serve)",
    ),
    "demo.passphrase_given": (
        "节点密钥口令：沿用环境变量 REGSYNC_PASSPHRASE 的值",
        "Node key passphrase: the value of REGSYNC_PASSPHRASE you set",
    ),
    "demo.passphrase": (
        "节点密钥口令：{passphrase}（签名命令和窗口会要求输入）",
        "Node key passphrase: {passphrase} (signing commands and the window ask for it)",
    ),
    "demo.login": (
        "窗口登录：用户名 {username}，密码 {password}（每个节点都有此管理员）",
        "Window log-in: user {username}, password {password} (every node has this administrator)",
    ),
    "demo.finished": ("== 演示完成 ==", "== demo finished =="),
    "demo.offices": (
        "节点：省级 1，地市 {cities}，企业 {firms}（企业经数据包 {bundle} 家，经 HTTP {http} 家）",
        "Nodes: 1 province, {cities} cities, {firms} enterprises ({bundle} by bundle, "
        "{http} over HTTP)",
    ),
    "demo.server": ("  同步服务 {node}：{url}", "  sync server {node}: {url}"),
    "demo.stages_province": (
        "省级各状态申请数：{stages}",
        "Applications by stage at the province: {stages}",
    ),
    "demo.stages_firms": ("企业看到的状态：{stages}", "Stages the enterprises see: {stages}"),
    "demo.packages": (
        "个人版数据包经企业接收后上报：{count} 份",
        "Personal packages taken in and reported by enterprises: {count}",
    ),
    "demo.check_failed": (
        "计算机核查未通过（地市审核不通过）：{number}",
        "Failed the computer check (failed by the city): {number}",
    ),
    "demo.resubmitted": (
        "拒绝接收后第 2 轮重新上报：{number}",
        "Refused, then reported again in round 2: {number}",
    ),
    "demo.conflicts": (
        "冲突：{total} 条，已处理 {resolved} 条（{how}）",
        "Conflicts: {total}, {resolved} resolved ({how})",
    ),
    "demo.files": ("写出的文件（{count}）：", "Files written ({count}):"),
    "demo.note": ("注意：{note}", "Note: {note}"),
    "demo.where": ("去哪里看：", "Where to look:"),
    "demo.example": ("  例：{command}", "  e.g. {command}"),
    "demo.ran": (
        "共运行 {commands} 条命令，用时 {seconds} 秒",
        "Ran {commands} commands in {seconds} s",
    ),
    "cli.desktop.title": (
        "二级注册建筑师、注册结构工程师注册人员管理信息系统",
        "Grade-2 Registered Architects and Structural Engineers Registration",
    ),
    # record fields the catalogue has no field.<name> label for
    "cli.field.birth_date": ("出生日期", "Birth date"),
    "cli.field.created_on": ("创建日期", "Created on"),
    "cli.field.employer_uscc": ("聘用单位统一社会信用代码", "Employer USCC"),
    "cli.field.enterprise_uscc": ("聘用单位统一社会信用代码", "Employer USCC"),
    "cli.field.gender": ("性别", "Gender"),
    "cli.field.id_number": ("身份证号", "ID number"),
    "cli.field.kind": ("申请类别", "Kind"),
    "cli.field.name": ("名称", "Name"),
    "cli.field.number": ("申请编号", "Application number"),
    "cli.field.person_id_number": ("身份证号", "ID number"),
    "cli.field.provenance": ("数据来源", "Provenance"),
    "cli.field.registration_status": ("注册状态", "Registration status"),
    "cli.field.reported_on": ("上报日期", "Reported on"),
    "cli.field.round": ("申报次序", "Round"),
    "cli.field.specialty": ("注册专业", "Specialty"),
    "cli.field.stage": ("状态", "Stage"),
    "cli.directory.field": ("省级目录", "province directory"),
    "cli.directory.root_expected": (
        "含省级根证书的省级目录",
        "a directory with the root certificate",
    ),
    "cli.directory.json_expected": ("省级目录文件（JSON）", "a province directory (JSON)"),
    "cli.http.not_a_file": ("不是文件", "not a file"),
    "demo.editable": ("已上报的申请仍可修改", "a reported application was editable"),
    "demo.accepted_twice": ("第二次初始注册被接受", "a second initial registration was accepted"),
    "demo.did_not_start": ("未能启动", "did not start"),
    "demo.where.province": ("省级", "province"),
    "demo.where.taiyuan": ("太原", "Taiyuan"),
    "demo.where.first_enterprise": ("第一家企业", "first enterprise"),
    "demo.where.first_applicant": ("第一位申请人", "first applicant"),
    "demo.where.usb": ("U盘", "USB stick"),
    "demo.where.documents": ("文档", "documents"),
}
