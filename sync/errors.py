"""Errors of the sync layer.

SyncError
├── ChainError        a changeset does not follow its stream (seq gap or hash mismatch)
└── ForkError         two different changesets claim the same stream and sequence
"""

from __future__ import annotations

from regsync.core.errors import CoreError


class SyncError(CoreError):
    """Root of the sync-layer errors."""


class ChainError(SyncError):
    zh = "数据流 {stream} 不连续：需要第 {expected} 号变更，收到第 {got} 号"
    en = "stream {stream} is broken: expected change {expected}, got {got}"


class ForkError(SyncError):
    zh = "数据流 {stream} 第 {seq} 号出现两个不同的变更（分叉），已拒绝"
    en = "stream {stream} has two different changesets at sequence {seq} (a fork); refused"
