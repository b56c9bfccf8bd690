"""Errors of the sync layer.

SyncError
├── ChainError            a changeset does not follow its stream (gap or broken link)
├── ForkError             two different changesets claim the same stream and sequence
├── TamperedChangeset     a changeset's content does not match its hash
├── MissingPrerequisites  a changeset builds on changes this node does not have
├── IncompleteRecord      a change creates a record here without its required fields
├── UnvouchedChangeset    a changeset outside its bundle's signed ranges
├── WrongOrigin           a stream head signed by a node that is not the stream's origin
├── Unauthorised          a changeset its origin may not write
├── WriteNotAllowed       a local write this node's role may not make (peers would refuse it)
├── WrongSender           a bundle from another node than the one this sync talks to
├── SessionError          a peer answered out of turn in the sync conversation
├── NeedsSnapshot         a peer lacks changesets this node has compacted away
├── RestoredNotCaughtUp   a node restored from a backup may not write yet
│   ├── RestoredBehind    a peer holds more of the node's own streams than it does
│   └── RestoredNotHeard  nothing heard from a peer since the restore
├── ClockAhead            a changeset dated further ahead of this node's clock than allowed
├── SnapshotRefused       a snapshot this node may not start from
├── NothingToPackage      a personal node has no drafts to put in a package
├── NotAPackage           a bundle given as a personal package is not one
└── UnknownApplicant      a personal package from an applicant whose card is not installed
"""

from __future__ import annotations

from regsync.core.errors import CoreError


class SyncError(CoreError):
    """Root of the sync-layer errors."""


class ChainError(SyncError):
    zh = "数据流 {stream} 不连续：本节点有到第 {have} 号的变更，收到的从第 {got} 号开始；请向发送方索取第 {missing} 号变更后再导入"
    en = "stream {stream} has a gap: this node has changes up to {have}, the bundle starts at {got}; ask the sender for changes {missing}, then import again"


class ForkError(SyncError):
    zh = "数据流 {stream} 第 {seq} 号出现两个不同的变更（分叉）：本节点的哈希 {ours}，收到的 {theirs}。已拒绝，请通知管理员核查该节点"
    en = "stream {stream} has two different changesets at sequence {seq} (a fork): ours {ours}, received {theirs}. Refused; ask an administrator to examine that node"


class TamperedChangeset(SyncError):
    zh = "数据流 {stream} 第 {seq} 号变更的内容与其哈希不符（数据被篡改或损坏），已整体拒绝；请向发送方重新索取"
    en = "changeset {seq} of stream {stream} does not match its hash (tampered or corrupt); refused whole. Ask the sender for it again"


class MissingPrerequisites(SyncError):
    zh = "变更依赖本节点尚未收到的数据：{missing}；请先导入包含这些变更的数据包"
    en = "the changes build on data this node does not have yet: {missing}; import the bundle that carries them first"


class IncompleteRecord(SyncError):
    zh = "数据流 {stream} 第 {seq} 号变更要新建记录 {kind} {key}，但缺少必填字段 {missing}（数据不完整或被篡改），整包拒绝；请通知发送方的管理员核查"
    en = "changeset {seq} of stream {stream} creates record {kind} {key} without its required fields {missing} (incomplete or crafted); bundle refused whole. Ask the sending office's administrator to examine it"


class UnvouchedChangeset(SyncError):
    zh = "数据包中的变更 {stream} 第 {seq} 号不在其签名范围内或与签名的链不符，整包拒绝；请向发送方重新索取"
    en = "changeset {seq} of stream {stream} is not covered by the bundle's signed ranges or breaks their chain; refused whole. Ask the sender for a new bundle"


class WrongOrigin(SyncError):
    zh = "数据流 {stream} 的签名者是 {signer}，但该流属于节点 {origin}；数据包被拒绝"
    en = "stream {stream} is signed by {signer} but belongs to node {origin}; bundle refused"


class Unauthorised(SyncError):
    zh = "节点 {origin} 无权写入这些数据（{reason_zh}），整包拒绝；请通知该节点的管理员，由有权限的机构（市级或省级）办理"
    en = "node {origin} may not write these changes ({reason_en}); bundle refused whole. Tell that node's administrator; the office with the authority (the city or the province) must make this change"


class WriteNotAllowed(SyncError):
    zh = "本节点无权做这项修改（{reason_zh}），未保存；其他节点会拒收这样的数据。请由有权限的机构（市级或省级）办理"
    en = "this node may not make this change ({reason_en}); nothing was saved, since other nodes would refuse it. Ask the office that holds the authority (the city or the province) to do it"


class WrongSender(SyncError):
    zh = "收到的数据包来自节点 {sender}，但本次同步的对方是 {peer}；已拒绝"
    en = "the bundle comes from node {sender}, but this sync is with {peer}; refused"


class SessionError(SyncError):
    zh = "同步对方的应答不合协议：应为 {expected}，收到 {got}；请稍后重试，如反复出现请联系管理员"
    en = "the peer answered out of turn: expected {expected}, got {got}; try again later and tell an administrator if it persists"


class ClockAhead(SyncError):
    zh = "节点 {origin} 的变更（数据流 {stream} 第 {seq} 号）时间为 {at}，比本机时间 {now} 超前 {minutes} 分钟（允许 {bound} 分钟），整包拒绝，本机时钟不变。请该节点核对并校正电脑的日期和时间；如是本机时间有误，请校正本机日期和时间后重新导入。已按超前时间记录的变更不会改变：核实日期后，由管理员用 regsync bundle import 文件 --accept-clock-ahead 导入（本机时钟最多前移 {bound} 分钟）"
    en = "the changes of node {origin} (stream {stream} at {seq}) are dated {at}, {minutes} minutes ahead of this computer's clock {now} (at most {bound} allowed); refused whole, this node's clock is unchanged. That node should check and correct its computer's date and time; if this computer's clock is the wrong one, correct it and import again. Changes already dated ahead stay so: once the dates are checked, an administrator imports them with regsync bundle import FILE --accept-clock-ahead (this clock still moves at most {bound} minutes ahead)"


class NeedsSnapshot(SyncError):
    zh = "节点 {peer} 缺少本节点已压缩掉的变更（{streams}），无法用增量数据包补齐；请为其导出快照：regsync bundle export --to {peer} --snapshot -o 文件"
    en = "node {peer} lacks changes this node has compacted away ({streams}); a changes bundle cannot bring it up to date. Export a snapshot for it: regsync bundle export --to {peer} --snapshot -o FILE"


class SnapshotRefused(SyncError):
    zh = "不能从该快照启动：{reason_zh}"
    en = "cannot start from this snapshot: {reason_en}"


class NotAPackage(SyncError):
    zh = "{path} 不是个人版数据包（类型为 {kind}）；离线数据包请用 regsync bundle import 导入"
    en = "{path} is not a personal package (its kind is {kind}); import sync bundles with `regsync bundle import`"


class UnknownApplicant(SyncError):
    zh = "数据包来自个人版节点 {sender}（公钥指纹 {fingerprint}），本企业尚未登记该申请人；请向申请人索取其节点名片（个人版 regsync node card），核对指纹后用 regsync node trust 名片文件 导入，再接收数据包"
    en = "the package comes from personal node {sender} (key fingerprint {fingerprint}), which this enterprise does not know yet; ask the applicant for the node's card (`regsync node card` on the personal edition), compare the fingerprint, install it with `regsync node trust CARD`, then receive the package again"


class NothingToPackage(SyncError):
    zh = "本节点没有可生成数据包的申请；请先用 regsync apply new 录入申请"
    en = "this node has no application to package; enter one with `regsync apply new` first"


class RestoredNotCaughtUp(SyncError):
    """A node restored from a backup writes only once it holds all it had sent."""


class RestoredBehind(RestoredNotCaughtUp):
    zh = "本节点是从备份（{taken}）恢复的，而节点 {holder} 已持有本节点数据流 {stream} 至第 {theirs} 号（本节点只到第 {mine} 号）：取回这些变更之前不能录入或修改，否则会与已发出的变更冲突。请在线同步（regsync sync），或请 {holder} 导出重发数据包（regsync bundle export --to {node} --resend -o 文件）后导入"
    en = "this node was restored from a backup ({taken}), and node {holder} holds this node's stream {stream} up to {theirs} (this node only up to {mine}): until those changes are back, nothing can be entered or changed here, or it would clash with what was already sent. Sync online (regsync sync), or ask {holder} to export a resend bundle (regsync bundle export --to {node} --resend -o FILE) and import it"


class RestoredNotHeard(RestoredNotCaughtUp):
    zh = "本节点是从备份（{taken}）恢复的，恢复后还没有收到其他节点的数据，无法确认备份之后发出的变更都已取回：在此之前不能录入或修改。请在线同步（regsync sync），或请上级节点导出重发数据包（regsync bundle export --to {node} --resend -o 文件）后导入"
    en = "this node was restored from a backup ({taken}) and has heard from no other node since, so it cannot know that every change sent after the backup is back: until then nothing can be entered or changed here. Sync online (regsync sync), or ask the issuing office to export a resend bundle (regsync bundle export --to {node} --resend -o FILE) and import it"
