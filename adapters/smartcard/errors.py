"""Errors of the identity lock (身份识别锁 / 管理锁).

CoreError
└── LockError                  root of the identity-lock errors
    ├── PcscUnavailable        no PC/SC service (pcscd) or no pyscard
    ├── NoReader               no card reader connected
    ├── NoCard                 a reader, but no card in it
    ├── WrongCard              a card that is not a regsync lock
    ├── WrongLock              a regsync lock, but another node's
    ├── WrongPin               the PIN is wrong; tries are left
    ├── PinBlocked             no tries left: the lock refuses to sign for good
    ├── PinRequired            no PIN given and no terminal to ask on
    ├── LockRemoved            the lock was pulled out (or the reader lost it) mid-operation
    ├── LockFailed             the lock answered an unexpected status word
    ├── LockCannotUnseal       a lock whose applet has no DERIVE cannot open sealed bundles
    ├── LockStateExists        ``lock init`` never overwrites a virtual lock
    └── LockStateUnreadable    the virtual lock's state file cannot be read
"""

from __future__ import annotations

from regsync.core.errors import CoreError


class LockError(CoreError):
    """Root of the identity-lock errors."""


class PcscUnavailable(LockError):
    zh = "无法使用读卡器服务（PC/SC）：{reason}。请安装并启动 pcscd（apt-get install pcscd），并安装 regsync[smartcard]"
    en = "the card-reader service (PC/SC) is not available: {reason}. Install and start pcscd (apt-get install pcscd) and install regsync[smartcard]"


class NoReader(LockError):
    zh = "没有找到读卡器；请插好身份识别锁（或读卡器）后重试"
    en = "no card reader found; plug in the identity lock (or its reader) and try again"


class NoCard(LockError):
    zh = "读卡器 {readers} 中没有卡；请插入身份识别锁后重试"
    en = "no card in reader {readers}; insert the identity lock and try again"


class WrongCard(LockError):
    zh = "读卡器 {reader} 中的卡不是 regsync 身份识别锁（状态字 {sw}）；请插入本单位的锁"
    en = "the card in reader {reader} is not a regsync identity lock (status word {sw}); insert your unit's lock"


class WrongLock(LockError):
    zh = "插入的锁（序列号 {serial}，发给 {unit}）不是本节点的锁：锁的公钥指纹 {lock_key}，本节点为 {node_key}；请插入本单位的锁"
    en = "the inserted lock (serial {serial}, issued to {unit}) is not this node's: its key fingerprint is {lock_key}, this node's is {node_key}; insert your unit's lock"


class WrongPin(LockError):
    zh = "身份识别锁 PIN 错误，还可尝试 {tries} 次；次数用完锁将被锁定"
    en = "wrong PIN for the identity lock; {tries} tries left before the lock blocks"


class PinBlocked(LockError):
    zh = "身份识别锁（序列号 {serial}）PIN 错误次数过多，已被锁定，不能再签名；请向发锁单位申请新锁并重新签发证书"
    en = "the identity lock (serial {serial}) is blocked after too many wrong PINs and can no longer sign; ask the issuing office for a new lock and a new certificate"


class PinRequired(LockError):
    zh = "需要身份识别锁 PIN：请设置环境变量 {variable}（或在终端中运行以便输入）"
    en = "the identity lock PIN is needed: set the environment variable {variable} (or run in a terminal to be asked)"


class LockRemoved(LockError):
    zh = "操作过程中身份识别锁被拔出或读卡器断开（{reason}）；未写入任何内容，请插好锁后重试"
    en = "the identity lock was removed or the reader disconnected during the operation ({reason}); nothing was written, insert the lock and try again"


class LockFailed(LockError):
    zh = "身份识别锁执行“{operation}”失败（状态字 {sw}）"
    en = "the identity lock failed to {operation_en} (status word {sw})"


class LockCannotUnseal(LockError):
    zh = "插入的身份识别锁不支持解密，不能打开加密数据包；请换用新版的锁，或让发送方导出不加密（不带 --seal）的数据包"
    en = "the inserted identity lock cannot decrypt, so it cannot open sealed bundles; use a newer lock, or ask the sender to export the bundle without --seal"


class LockStateExists(LockError):
    zh = "虚拟锁状态文件 {path} 已存在，不会覆盖（其中是一把锁的密钥）"
    en = "the virtual lock's state file {path} already exists and is never overwritten (it holds a lock's key)"


class LockStateUnreadable(LockError):
    zh = "无法读取虚拟锁状态文件 {path}：{reason}"
    en = "cannot read the virtual lock's state file {path}: {reason}"
