"""Errors of the application layer.

AppError
├── HomeNotInitialised    no node lives in this home yet
├── HomeAlreadyInitialised a node already lives in this home
└── BadConfig             config.json cannot be read
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
