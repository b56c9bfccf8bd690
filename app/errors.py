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
