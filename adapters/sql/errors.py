"""Errors of the storage adapters.

StorageError              (the root is regsync.core.errors.StorageError: other layers name it)
├── InvalidDatabaseUrl    the --db URL cannot be parsed or names an unsupported database
├── DatabaseUnreachable   the server did not answer or refused the connection
├── DatabaseMissing       the server answered, but the named database does not exist
├── NotInitialised        the database holds no regsync schema
├── SchemaTooNew          the database was migrated by a newer regsync
├── SchemaOutdated        the database needs `regsync db upgrade`
├── AlreadyInitialised    the database already belongs to a node
└── CopyFailed            a backup copy or a restore of the database did not succeed
"""

from __future__ import annotations

from regsync.core.errors import StorageError

__all__ = [
    "AlreadyInitialised",
    "CopyFailed",
    "DatabaseMissing",
    "DatabaseUnreachable",
    "InvalidDatabaseUrl",
    "NotInitialised",
    "SchemaOutdated",
    "SchemaTooNew",
    "StorageError",
]


class InvalidDatabaseUrl(StorageError):
    zh = "数据库地址 --db “{url}” 无效：{reason}。示例：sqlite:///路径/regsync.db 或 postgresql+psycopg://用户@主机:5432/库名"
    en = "database URL --db '{url}' is invalid: {reason}. Examples: sqlite:///path/regsync.db or postgresql+psycopg://user@host:5432/dbname"


class DatabaseUnreachable(StorageError):
    zh = "无法连接数据库 {url}：{reason}。请确认服务器已启动、地址和端口正确，或用 --db 指定其他数据库"
    en = "cannot connect to database {url}: {reason}. Check that the server is running and the host and port are right, or pass another --db"


class DatabaseMissing(StorageError):
    # The server answered: the address is right, so say so and name the step that is
    # missing (regsync creates the tables, not the database itself).
    zh = "数据库服务器 {server} 可以连接，但其中没有数据库“{database}”。请先创建空数据库（例如以 postgres 用户运行：createdb -h {host} -U {user} {database}），再运行本命令"
    en = "the database server {server} answers, but it has no database '{database}'. Create the empty database first (e.g. as the postgres user: createdb -h {host} -U {user} {database}), then run this command again"


class NotInitialised(StorageError):
    zh = "数据库 {url} 中没有 regsync 数据；请先运行 regsync init"
    en = "database {url} holds no regsync data; run `regsync init` first"


class SchemaTooNew(StorageError):
    zh = "数据库结构版本 {found} 比本程序（{head}）新，可能由更新版本的 regsync 写入；请升级 regsync 后再打开"
    en = "database schema revision {found} is newer than this program's ({head}); it was written by a newer regsync. Upgrade regsync to open it"


class SchemaOutdated(StorageError):
    zh = "数据库结构版本 {found} 较旧（当前 {head}）；请先备份，然后运行：regsync db upgrade"
    en = "database schema revision {found} is older than this program's ({head}); back it up, then run: regsync db upgrade"


class AlreadyInitialised(StorageError):
    zh = "数据库 {url} 已属于节点 {node_id}，不能再次初始化；换一个 --db 或 --home"
    en = "database {url} already belongs to node {node_id} and cannot be initialised again; use another --db or --home"


class CopyFailed(StorageError):
    zh = "数据库{what_zh}失败：{reason}。原数据库未改动；请检查磁盘空间和数据库工具（PostgreSQL 需要 pg_dump / pg_restore）后重试"
    en = "the database {what_en} failed: {reason}. The original database is unchanged; check the disk space and the database tools (PostgreSQL needs pg_dump / pg_restore) and try again"
