"""Errors of the application layer.

AppError
├── HomeNotInitialised    no node lives in this home yet
├── HomeAlreadyInitialised a node already lives in this home
├── BadConfig             config.json cannot be read
├── PassphraseRequired    the key passphrase is needed and not given
├── PasswordRequired      `regsync user add|passwd`: no terminal and no --password-env
├── NoTrustRoot           no province root certificate installed yet
├── OutputExists          a file to write exists already
├── InputMissing          a file to read cannot be read
├── PortInUse             `regsync serve` cannot listen on its address
├── RootFingerprintMismatch  `init --server` got another root than the one expected
├── UnknownProvince       `init --province NAME` finds no directory of that name
├── NotEnterpriseCard     a personal package is addressed with an enterprise's card
├── IsAPackage            a personal package given to `bundle import`
├── OutputRequired        regsync report --via bundle without -o
├── OutputUnwritable      the folder of an output file does not exist
├── CannotWrite           writing a file failed (read-only, no permission, I/O error...)
│   └── MediumFull        no space left on the USB stick or disk (ENOSPC, EDQUOT)
├── DatabaseFull          the database's disk is full: the change was not saved
├── DatabaseBusy          another program holds the database locked past the wait
├── DatabaseDamaged       the database file is corrupt, truncated or not a database
├── FingerprintMismatch   `node trust --fingerprint`: the file holds another key
├── TrustNotConfirmed     `node trust`: the clerk did not confirm the fingerprint
├── BackupDamaged         a backup file is not one, or a member's digest differs
├── RestoreNeedsDatabase  a PostgreSQL backup restores into a --db database
├── BadEnvironment        an environment variable regsync reads has a wrong value
├── SecretFileUnsafe      `serve --passphrase-file`: other users may read the file
├── MissingExtra          a command needs an extra that is not installed (regsync[server]...)
├── Interrupted           Ctrl-C: the command stopped, its transaction undone
└── InternalError         a failure no rule names: a message, the traceback in the log
"""

from __future__ import annotations

from regsync.core.errors import CoreError


class AppError(CoreError):
    """Root of the application-layer errors."""


class HomeNotInitialised(AppError):
    zh = (
        "目录 {home} 中还没有节点；请先运行 regsync init（或用 --home / REGSYNC_HOME 指定其他目录）"
    )
    en = "no node in {home} yet; run `regsync init` first (or choose another --home / REGSYNC_HOME)"


class HomeAlreadyInitialised(AppError):
    zh = "目录 {home} 中已有节点 {node_id}；如需新节点，请用 --home 指定其他目录"
    en = "{home} already holds node {node_id}; use another --home for a new node"


class BadConfig(AppError):
    zh = "配置文件 {path} 无法读取：{reason}"
    en = "config file {path} cannot be read: {reason}"


class PassphraseRequired(AppError):
    zh = "需要节点密钥口令（{reason}）：请设置环境变量 {variable}，或用 --passphrase-env 指定变量名，或在终端中运行以输入口令"
    en = "the node key passphrase is needed ({reason}): set the environment variable {variable}, name another one with --passphrase-env, or run in a terminal to type it"


class NoTrustRoot(AppError):
    zh = "本节点还没有省级根证书：请先运行 regsync node trust 省级根证书文件（核对指纹后）"
    en = "this node has no province root certificate yet: run `regsync node trust ROOT-CERTIFICATE-FILE` first (after checking its fingerprint)"


class OutputExists(AppError):
    zh = "文件 {path} 已存在，不会覆盖；请换一个文件名或先移走它"
    en = "{path} already exists and will not be overwritten; choose another name or move it away"


class InputMissing(AppError):
    zh = "无法读取文件 {path}：{reason}"
    en = "cannot read {path}: {reason}"


class NotEnterpriseCard(AppError):
    zh = "{path} 不是企业版节点的名片（是 {what}）；请让聘用单位在企业版运行 regsync node card 写出名片"
    en = "{path} is not an enterprise node's card (it is {what}); ask your employer to write its card with `regsync node card` on the enterprise edition"


class IsAPackage(AppError):
    zh = "{path} 是个人版数据包，不能作为同步数据包导入；请用 regsync receive-package {path} 接收"
    en = "{path} is a personal package, not a sync bundle; receive it with `regsync receive-package {path}`"


class OutputRequired(AppError):
    zh = "{what} 需要 -o 文件名（数据包写到哪里）"
    en = "{what} needs -o FILE (where to write the bundle)"


class OutputUnwritable(AppError):
    zh = "无法写入 {path}：目录 {folder} 不存在；请换一个位置（例如已插好的U盘）"
    en = "cannot write {path}: the folder {folder} does not exist; choose another place (a USB stick that is plugged in, say)"


class PortInUse(AppError):
    zh = "无法在 {host}:{port} 上启动服务：{reason}。请换一个 --port，或先停止占用该端口的程序"
    en = "cannot serve on {host}:{port}: {reason}. Choose another --port or stop the program using it"


class RootFingerprintMismatch(AppError):
    zh = "服务器 {url} 提供的省级根证书指纹为 {found}，与 --root-fingerprint 给出的 {expected} 不符；未写入任何内容。请与省级主管部门核实"
    en = "the province root certificate from {url} has fingerprint {found}, not {expected} as given by --root-fingerprint; nothing was written. Check with the province authority"


class UnknownProvince(AppError):
    zh = "未安装省级目录 {name}（以下位置都没有 {name}.json：{folders}）；请向省级主管部门索取目录文件并用 --province 文件 指定，或用 --server 网址 在线获取"
    en = "no province directory {name} is installed (none of these folders has {name}.json: {folders}); get the directory file from the province and give it with --province FILE, or fetch it with --server URL"


class CannotWrite(AppError):
    """Writing the file ``path`` failed; the reason and the remedy come from the OS error
    (:func:`regsync.app.writing.cannot_write`).  Nothing is left at ``path``."""

    zh = "无法写入 {path}：{reason_zh}；{remedy_zh}"
    en = "cannot write {path}: {reason_en}; {remedy_en}"


class MediumFull(CannotWrite):
    zh = "U盘/磁盘空间不足：无法写入 {path}（{os_error}）；请换一个有空间的位置或清理后重试"
    en = "no space left on the USB stick or disk: cannot write {path} ({os_error}); choose a place with free space, or free some space, and try again"


class DatabaseFull(AppError):
    zh = "节点数据库所在的磁盘空间不足，本次操作未保存（{reason}）；请清理该磁盘（节点目录 {home}，或 --db 指定的数据库）后重试"
    en = "the disk of the node's database is full, so nothing was saved ({reason}); free some space on it (the node home {home}, or the --db database) and try again"


class DatabaseBusy(AppError):
    zh = "节点数据库正被另一个程序占用（例如已打开的 regsync 窗口、服务或备份），等待后仍无法使用，本次操作未保存（{reason}）；请稍后重试，或关闭其他正在使用节点目录 {home} 的 regsync 程序"
    en = "the node's database is locked by another program (an open regsync window, a server or a backup) and stayed locked, so nothing was saved ({reason}); try again shortly, or close the other regsync programs using the node home {home}"


class DatabaseDamaged(AppError):
    zh = "节点数据库已损坏、被截断或不是 regsync 数据库（{reason}），本次操作未执行；请不要继续使用这个文件：用 regsync restore 把最近的备份恢复到新目录（原目录 {home}），或联系维护人员"
    en = "the node's database is damaged, truncated or not a regsync database ({reason}), so nothing was done; stop using this file: restore the latest backup into a new home with `regsync restore` (this home: {home}), or contact support"


class BadEnvironment(AppError):
    zh = "环境变量 {variable} 的值 {value!r} 无效：{expected_zh}；请改正或删除该变量"
    en = "the environment variable {variable} has an invalid value {value!r}: {expected_en}; correct or unset it"


class Interrupted(AppError):
    zh = "已中断（Ctrl-C）：本次操作未完成，未提交的更改已撤销"
    en = "interrupted (Ctrl-C): the command did not finish; uncommitted changes were undone"


class InternalError(AppError):
    zh = "regsync 内部错误（{kind}），本次操作未完成，未提交的更改已撤销。详细信息已写入 {log}；请把该文件发给维护人员"
    en = "regsync internal error ({kind}): the command did not finish and uncommitted changes were undone. The details are in {log}; send that file to support"


class FingerprintMismatch(AppError):
    zh = "{what} 的指纹是 {shown}，与给定的 {expected} 不一致：未安装。请与签发方核实，不要使用来历不明的文件"
    en = "{what} has fingerprint {shown}, not the given {expected}: nothing installed. Check with the issuer; do not use a file of unknown origin"


class TrustNotConfirmed(AppError):
    zh = "未确认指纹，未安装 {what}。核对一致后重新运行，或加 --yes"
    en = "the fingerprint was not confirmed, so {what} was not installed. Run again after checking it, or add --yes"


class BackupDamaged(AppError):
    zh = "{path} 不是完好的 regsync 备份文件（{reason}），未恢复任何内容；请换用另一份备份"
    en = "{path} is not an intact regsync backup ({reason}); nothing was restored. Use another backup"


class RestoreNeedsDatabase(AppError):
    zh = "{path} 是 {backend} 数据库的备份：请先建立一个空数据库，并用 --db 指定（例如 postgresql+psycopg://用户@主机:5432/库名）"
    en = "{path} is a backup of a {backend} database: create an empty database first and name it with --db (e.g. postgresql+psycopg://user@host:5432/dbname)"


class SecretFileUnsafe(AppError):
    zh = "口令文件 {path} 可被其他用户读取（权限 {mode}）：请运行 chmod 600 {path}，让它只属于运行服务的用户"
    en = "the passphrase file {path} is readable by other users (mode {mode}): run `chmod 600 {path}` so that only the service user may read it"


class MissingExtra(AppError):
    """A command needs an optional part (:mod:`regsync.app.extras`) not installed here."""

    zh = "{what} 需要可选组件 regsync[{extra}]，本机未安装（缺少模块 {module}）；请运行：pip install 'regsync[{extra}]'"
    en = "{what} needs the optional part regsync[{extra}], which is not installed here (no module {module}); run: pip install 'regsync[{extra}]'"


class PasswordRequired(AppError):
    zh = "需要操作员 {username} 的密码（{reason_zh}）：请在终端中运行以输入密码，或用 --password-env 指定存放密码的环境变量"
    en = "the password of operator {username} is needed ({reason_en}): run in a terminal to type it, or name the environment variable holding it with --password-env"
