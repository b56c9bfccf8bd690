"""Errors of the .bpz bundle format.

Every refusal says, in Chinese and English, which file, what is wrong with it and
what to do.  Reading a bundle never raises anything else for a bad file: a damaged,
cut, edited, foreign, oversize or too-new bundle is one of these.

    CoreError
    └── BundleError                 root of the bundle errors
        ├── NotABundle              the file does not start with the .bpz magic
        ├── UnsupportedVersion      a format version this program cannot read
        ├── NewerSchema             written for a database schema this program does not know
        ├── Truncated               the file ends before its declared length (copy cut short)
        ├── Corrupt                 bytes changed: lengths or the payload digest disagree
        │   └── MalformedHeader     the header does not decode or has wrong fields
        ├── BadSignature            the bundle or a stream head signature does not verify
        ├── UntrustedSender         validly signed, but by another key than the expected sender's
        ├── WrongRecipient          addressed (or sealed) to another node
        │   └── SealedToOtherKey    addressed here, sealed to a key this node no longer holds
        ├── TooLarge                over a size cap (file, header, item, item count)
        │   └── DecompressionBomb   the payload expands past its declared size or the cap
        ├── MalformedPayload        the signed payload does not decode as bundle items
        └── UnencodableItem         (writing) an item holds a value the format cannot carry

Parameters common to the reading errors: ``path`` (the file name as given).
"""

from __future__ import annotations

from regsync.core.errors import CoreError


class BundleError(CoreError):
    """Root of the bundle errors; nothing of a refused bundle may be applied."""


class NotABundle(BundleError):
    zh = (
        "{path} 不是 regsync 数据包（.bpz）：文件开头的格式标记不对。请确认选中的是导出的 .bpz 文件"
    )
    en = "{path} is not a regsync bundle (.bpz): the file does not start with the bundle marker. Check that you picked the exported .bpz file"


class UnsupportedVersion(BundleError):
    zh = "{path} 使用数据包格式版本 {version}，本程序只能读取版本 {supported}。请把 regsync 升级到最新版本后再导入"
    en = "{path} uses bundle format version {version}; this program reads version {supported} only. Upgrade regsync to the latest version and import it again"


class NewerSchema(BundleError):
    zh = "{path} 由 regsync {writer} 按数据库结构 {schema} 生成，本程序不认识该结构（已知：{known}）。请先把 regsync 升级到 {writer} 或更高版本，再导入此数据包"
    en = "{path} was written by regsync {writer} for database schema {schema}, which this program does not know (known: {known}). Upgrade regsync to {writer} or later, then import the bundle again"


class Truncated(BundleError):
    zh = "{path} 不完整：至少应有 {expected} 字节，实际只有 {actual} 字节（复制中断或 U 盘被拔出？）。请让发送方重新复制或重新导出"
    en = "{path} is incomplete: it needs at least {expected} bytes but has only {actual} (copy interrupted or USB stick pulled out?). Ask the sender to copy or export it again"


class Corrupt(BundleError):
    zh = "{path} 已损坏或被改动：{detail_zh}。不要导入；请让发送方重新导出并重新复制"
    en = "{path} is damaged or was altered: {detail_en}. Do not import it; ask the sender to export and copy it again"


class MalformedHeader(Corrupt):
    zh = "{path} 的包头无法解析（{detail}）：文件已损坏或被改动。不要导入；请让发送方重新导出"
    en = "{path} has an unreadable header ({detail}): the file is damaged or was altered. Do not import it; ask the sender to export it again"


class BadSignature(BundleError):
    zh = "{path} 的{what_zh}签名验证失败：文件在途中被改动或损坏。不要导入；请让发送方重新导出"
    en = "{path}: the {what_en} signature does not verify, so the file was altered or damaged on the way. Do not import it; ask the sender to export it again"


class UntrustedSender(BundleError):
    zh = "{path} 由密钥 {key} 签名，不是预期发送方 {expected} 的密钥。不要导入；请与发送方核实其节点证书"
    en = "{path} is signed by key {key}, which is not the key of the expected sender {expected}. Do not import it; check the sender's node certificate with them"


class WrongRecipient(BundleError):
    zh = "{path} 是发给节点 {recipient} 的，本节点不能打开或导入。请把它交给 {recipient}，或让发送方为本节点重新导出"
    en = "{path} is addressed to node {recipient}; this node cannot open or import it. Give it to {recipient}, or ask the sender to export a bundle for this node"


class SealedToOtherKey(WrongRecipient):
    zh = "{path} 是发给节点 {recipient} 的，但加密用的不是本节点当前的密钥（多半是本节点更换密钥之前的旧密钥），无法打开。请让发送方导入本节点的新证书（regsync node trust）后重新导出；发送方下一个数据包也会再次带上这些变更"
    en = "{path} is addressed to node {recipient} but sealed to a key this node no longer uses (most likely its key before a key rotation), so it cannot be opened. Ask the sender to install this node's new certificate (regsync node trust) and export again; the sender's next bundle carries these changes again anyway"


class TooLarge(BundleError):
    zh = "{path} 的{what_zh}为 {size} 字节（或项），超过上限 {limit}。不要导入；请让发送方分批导出较小的数据包"
    en = "{path}: the {what_en} is {size} bytes (or items), over the limit of {limit}. Do not import it; ask the sender to export smaller bundles"


class DecompressionBomb(TooLarge):
    zh = "{path} 解压后超过 {limit} 字节（包头声明 {declared} 字节），疑为压缩炸弹，已停止读取。不要导入；请与发送方核实"
    en = "{path} expands past {limit} bytes when decompressed (its header declares {declared}): a decompression bomb or damaged data; reading stopped. Do not import it; check with the sender"


class MalformedPayload(BundleError):
    zh = "{path} 的签名有效，但内容无法解析：{detail}。发送方的软件可能有缺陷；请让发送方升级 regsync 后重新导出"
    en = "{path} is validly signed but its content cannot be read: {detail}. The sender's software may be faulty; ask the sender to upgrade regsync and export again"


class UnencodableItem(BundleError):
    zh = "第 {index} 项无法写入数据包：{detail}（只能写入 None、布尔、整数、浮点数、文本、字节、列表和字典）"
    en = "item {index} cannot be written to a bundle: {detail} (only None, bool, int, float, str, bytes, lists and dicts can)"
