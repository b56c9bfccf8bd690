"""Errors of the passphrase-protected key file.

CoreError
└── KeyFileError                root of the key-file errors
    ├── KeyFileMissing          no key file at the path
    ├── KeyFileExists           a key file is already there (never overwritten)
    ├── KeyFileUnreadable       the file exists but cannot be read (permissions)
    ├── WeakPassphrase          the new passphrase is too short
    ├── WrongPassphrase         the passphrase does not open the key
    ├── CorruptKeyFile          the file is not a readable key file
    ├── UnsupportedKeyFileVersion
    ├── UnprotectedKeyFile      an old unencrypted key file: protect it first
    └── UnsealFailed            a sealed message is not addressed to this key
"""

from __future__ import annotations

from nacl.exceptions import CryptoError

from regsync.core.errors import CoreError


class KeyFileError(CoreError):
    """Root of the key-file errors."""


class KeyFileMissing(KeyFileError):
    zh = "找不到密钥文件 {path}；请确认节点目录正确（--home），或从备份恢复密钥文件"
    en = "key file {path} not found; check the node directory (--home) or restore the key file from a backup"


class KeyFileExists(KeyFileError):
    zh = "密钥文件 {path} 已存在，不会覆盖；如确需新密钥，请先备份并移走旧文件"
    en = "key file {path} already exists and is never overwritten; to make a new key, back up and move the old file first"


class KeyFileUnreadable(KeyFileError):
    zh = "无法读取密钥文件 {path}：{reason}；请检查文件权限（应只有本机运行 regsync 的用户可读）"
    en = "cannot read key file {path}: {reason}; check its permissions (only the user who runs regsync should read it)"


class WeakPassphrase(KeyFileError):
    zh = "口令太短：至少需要 {minimum} 个字符"
    en = "the passphrase is too short: it needs at least {minimum} characters"


class WrongPassphrase(KeyFileError):
    zh = "口令不正确，无法打开密钥文件 {path}。请重新输入；如确认口令无误，则文件可能已损坏，请从备份恢复"
    en = "wrong passphrase for key file {path}. Try again; if you are sure it is right, the file may be damaged: restore it from a backup"


class CorruptKeyFile(KeyFileError):
    zh = "密钥文件 {path} 已损坏或不是 regsync 密钥文件（{reason}）；请从备份恢复"
    en = "key file {path} is damaged or not a regsync key file ({reason}); restore it from a backup"


class UnsupportedKeyFileVersion(KeyFileError):
    zh = "密钥文件 {path} 的版本 {version} 不受支持（本程序支持版本 {supported}）；请升级 regsync"
    en = "key file {path} has version {version}, which this program does not read (it reads version {supported}); upgrade regsync"


class UnprotectedKeyFile(KeyFileError):
    zh = "密钥文件 {path} 是旧版未加密格式；请先为其设置口令（转换为加密密钥文件）后再使用"
    en = "key file {path} is in the old unencrypted format; protect it with a passphrase (convert it to an encrypted key file) before use"


class UnsealFailed(KeyFileError, CryptoError):
    """Also a ``CryptoError``: the bundle reader's ``Unsealer`` contract raises that
    for a key sealed to someone else, so ``signer.unseal`` plugs in unchanged."""

    zh = "无法解开密封的数据：它不是发给本节点的（公钥 {key}），或已损坏"
    en = "cannot open the sealed data: it is not addressed to this node (public key {key}) or it is damaged"
